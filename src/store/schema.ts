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

/**
 * Event rollups of every tier: how many events of a name a series sent in the bucket, and the
 * newest one's ts (freshness without a raw scan). Same life cycle as call rollups.
 */
export interface EventRollupsTable {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  name: string;
  env: string;
  site: string;
  release: string;
  events: number;
  last_ts: number;
  compacted: number;
}

/**
 * Lead-time rollups of every tier: the lead times (start event → end event of one order) whose end
 * event fell in the bucket, by the end event's series and the start event's integration. The
 * sketch holds seconds.
 */
export interface LeadTimeRollupsTable {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  start_integration: string;
  start_name: string;
  end_name: string;
  env: string;
  site: string;
  release: string;
  lead_times: number;
  lead_time_sketch: Buffer;
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

/** One alert: a rule × integration × labels, deduplicated by fingerprint, with its lifecycle. */
export interface AlertsTable {
  id: Generated<number>;
  fingerprint: string;
  rule_id: string;
  integration: string;
  /** JSON object of label → value (severity, env, team, …). */
  labels: string;
  severity: string;
  /** inactive, pending, firing or resolved. */
  state: string;
  value: number | null;
  threshold: number | null;
  /** What crossed what, in words. */
  summary: string;
  pending_since: number | null;
  fired_at: number | null;
  resolved_at: number | null;
  /** The last evaluation that found the condition true (recovery counts from here). */
  last_breach_at: number | null;
  last_evaluated_at: number;
  last_notified_at: number | null;
  /** JSON: the notification context of the last evaluation (trend, samples, links). */
  context: string | null;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alert_id: number;
  ts: number;
  from_state: string;
  to_state: string;
  value: number | null;
  note: string | null;
}

/** Silences (kind 'silence') and maintenance windows (kind 'maintenance'). */
export interface SilencesTable {
  id: Generated<number>;
  kind: string;
  /** JSON array of { label, value, regex? }: all must match an alert's labels. */
  matchers: string;
  starts_at: number;
  ends_at: number;
  author: string;
  reason: string;
  created_at: number;
  expired_at: number | null;
}

/** The outbox: a notification is stored before it is sent, and retried until delivered or dead. */
export interface NotificationsTable {
  id: Generated<number>;
  alert_id: number;
  channel: string;
  /** firing, repeat or resolved. */
  kind: string;
  /** JSON: the NotificationContext it was made from. */
  payload: string;
  /** pending, delivered or dead. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface Database {
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  silences: SilencesTable;
  notifications: NotificationsTable;
  check_results: CheckResultsTable;
  health_changes: HealthChangesTable;
  records: RecordsTable;
  call_rollups: CallRollupsTable;
  event_rollups: EventRollupsTable;
  lead_time_rollups: LeadTimeRollupsTable;
  integrations_seen: IntegrationsSeenTable;
  ingest_keys: IngestKeysTable;
}
