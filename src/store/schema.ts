import type { Generated } from 'kysely';
import type { OutcomeCounts, SeriesKey } from '../rollup/series.js';

/** Raw records: every accepted record, kept for traces, error samples and rebuilds. */
export interface RecordsTable {
  id: Generated<number>;
  received_at: number;
  kind: string;
  ts: number;
  integration: string;
  env: string;
  site: string | null;
  release: string | null;
  tenant: string | null;
  correlation_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  direction: string | null;
  operation: string | null;
  http_status: number | null;
  outcome: string | null;
  error: string | null;
  latency_ms: number | null;
  attempt: number | null;
  job: string | null;
  run_status: string | null;
  duration_ms: number | null;
  counts: string | null;
  name: string | null;
  value: number | null;
  attrs: string | null;
}

/**
 * Call rollups of every tier. Ingest appends partial rows (compacted = 0); the compactor merges
 * the rows of one bucket × series into a single compacted row. Readers merge whatever they find,
 * so a read is exact whether or not compaction has caught up. Site and release are '' when the
 * records carried none, so series compare with plain equality.
 */
export interface CallRollupsTable extends SeriesKey, OutcomeCounts {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  latency_sketch: Buffer;
  compacted: number;
}

/** Every integration id that ever sent a record, so a silent integration still shows. */
export interface IntegrationsSeenTable {
  id: string;
  first_seen: number;
  last_seen: number;
}

export interface IngestKeysTable {
  id: Generated<number>;
  name: string;
  key_prefix: string;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

/** One result of an active check or heartbeat. */
export interface CheckResultsTable {
  id: Generated<number>;
  integration: string;
  check_name: string;
  check_type: string;
  ts: number;
  /** up, degraded (e.g. a certificate expiring soon, a slow answer) or down. */
  status: string;
  latency_ms: number | null;
  http_status: number | null;
  error: string | null;
  /** JSON: what the probe saw (certificate expiry, addresses resolved, …). */
  detail: string | null;
}

/** Each change of an integration's health status, with the reason in words. */
export interface HealthChangesTable {
  id: Generated<number>;
  integration: string;
  ts: number;
  status: string;
  previous_status: string | null;
  reason: string;
}

export interface Database {
  check_results: CheckResultsTable;
  health_changes: HealthChangesTable;
  records: RecordsTable;
  call_rollups: CallRollupsTable;
  integrations_seen: IntegrationsSeenTable;
  ingest_keys: IngestKeysTable;
}
