/**
 * Bounds on every value of a record (docs/api.md, "Rejections"). A record past one is rejected
 * with the field and the bound named; the rest of its batch is kept.
 */
export const RECORD_LIMITS = {
  /** env, site, release, tenant, operation, job, name. */
  shortText: 200,
  /** correlation_id, order_id, shipment_id (CONTRACT.md). */
  idText: 128,
  /** A call's or run's error. */
  errorText: 1_000,
  /** Keys of attrs and counts (CONTRACT.md: at most 32 of each). */
  attrs: 32,
  counts: 32,
  attrKey: 128,
  /** A string value of attrs. */
  attrText: 1_000,
  /** 24 hours: longer is no latency but a lost clock (the latency sketch ends at 27 h). */
  latencyMs: 86_400_000,
  /** 7 days for one run of a job. */
  durationMs: 7 * 86_400_000,
  /** Retries of one call; the column is a 32-bit integer. */
  attempt: 1_000,
  /** A gauge's value, either sign: sums of many stay finite and exact enough. */
  gaugeValue: 1e15,
} as const;
