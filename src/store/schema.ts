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
 * Call rollups per integration alone (no operation, direction, env, site or release) of every
 * tier: what overviews read. Same life cycle as call rollups, and at every tier the sum of them.
 */
export interface IntegrationRollupsTable extends OutcomeCounts {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  latency_sketch: Buffer;
  compacted: number;
}

/** Packed spans of the call rollups (src/rollup/spans.ts): a row per call series, tier and settled span. */
export interface CallRollupSpansTable extends SeriesKey {
  id: Generated<number>;
  resolution_ms: number;
  span: number;
  counts: Buffer;
}

/** The latency sketches of a packed span (either table's), apart from its counts (src/rollup/spans.ts). */
export interface RollupSpanSketchesTable {
  span_id: number;
  sketches: Buffer;
}

/** A packed span's buckets' sketches merged into one (rollup/spans.ts, `totals`). */
export interface RollupSpanTotalsTable {
  span_id: number;
  total: Buffer;
}

/** Packed spans of the per-integration rollups: a row per integration, tier and settled span. */
export interface IntegrationRollupSpansTable {
  id: Generated<number>;
  resolution_ms: number;
  span: number;
  integration: string;
  counts: Buffer;
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

/** Runs per integration of every tier (src/rollup/tables.ts, RUN_ROLLUPS). Same life cycle as call rollups. */
export interface RunRollupsTable {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  runs: number;
  success: number;
  failed: number;
  partial: number;
  timed_runs: number;
  duration_ms: number;
  records: number;
  timed_records: number;
  compacted: number;
}

/** Queue gauge samples per integration and name of every tier (GAUGE_ROLLUPS). Same life cycle as call rollups. */
export interface GaugeRollupsTable {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  name: string;
  samples: number;
  value_sum: number;
  value_max: number;
  compacted: number;
}

/**
 * Raw log lines of the integrations (POST /api/v1/logs, OTLP logs; src/logs/): kept for their own
 * retention (SWITCHBOARD_RETENTION_LOGS_DAYS), searched per integration and time.
 */
export interface LogRecordsTable {
  id: Generated<number>;
  received_at: number;
  ts: number;
  integration: string;
  tenant: string | null;
  level: string;
  service: string | null;
  operation: string | null;
  /** What the line says: its message, else metadata.error (redacted). */
  message: string | null;
  /** Error and warning lines: the fingerprint of their normalised message (src/logs/fingerprint.ts). */
  fingerprint: string | null;
  correlation_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  /** The metadata object as JSON, redacted. */
  metadata: string | null;
}

/** Log lines per integration × level × operation of every tier (LOG_ROLLUPS). Same life cycle as call rollups. */
export interface LogRollupsTable {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  level: string;
  operation: string;
  lines: number;
  compacted: number;
}

/** Error and warning lines per integration × fingerprint of every tier (LOG_ERROR_ROLLUPS): the groups' trends. */
export interface LogErrorRollupsTable {
  id: Generated<number>;
  resolution_ms: number;
  bucket: number;
  integration: string;
  fingerprint: string;
  lines: number;
  compacted: number;
}

/** One error type of an integration: its normalised pattern, a recent sample, when it was first and last seen. */
export interface LogErrorGroupsTable {
  integration: string;
  fingerprint: string;
  /** The worst level seen in the group ('error' over 'warn'). */
  level: string;
  pattern: string;
  sample: string;
  sample_ts: number;
  first_seen: number;
  last_seen: number;
  lines: number;
}

/** Every integration id that ever sent a record, so a silent integration still shows. */
export interface IntegrationsSeenTable {
  id: string;
  first_seen: number;
  last_seen: number;
  /** The tenant of the first record that named one (the catalogue's tenant wins over it). */
  tenant: string | null;
}

/** A distinct series value ingest has seen for an integration (cardinality limits, ingest/cardinality.ts). */
export interface IngestSeriesTable {
  integration: string;
  /** operation, event, env, site or release. */
  dimension: string;
  value: string;
  first_seen: number;
  last_seen: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  /** JSON array of tenant names; null: every tenant. */
  tenants: string | null;
  /** scrypt: `scrypt$N$r$p$salt$hash`; null for single-sign-on users. */
  password_hash: string | null;
  must_change_password: number;
  totp_secret: string | null;
  sso_issuer: string | null;
  sso_subject: string | null;
  failed_sign_ins: number;
  locked_until: number | null;
  last_sign_in_at: number | null;
  created_at: number;
  disabled_at: number | null;
}

/** A console session; the cookie holds a random secret whose SHA-256 is token_hash. */
export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  method: string;
  created_at: number;
  authenticated_at: number;
  last_seen_at: number;
  expires_at: number;
  address: string | null;
  sso_id_token: string | null;
}

/** A single-sign-on attempt in flight, keyed by the hash of the browser's cookie secret. */
export interface SignInRequestsTable {
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  step_up_session_id: number | null;
  created_at: number;
}

/** API tokens (service accounts) and ingest keys (tokens with the ingest scope); only hashes stored. */
export interface TokensTable {
  id: Generated<number>;
  name: string;
  token_prefix: string;
  token_hash: string;
  /** JSON array of scopes. */
  scopes: string;
  /** JSON array of tenant names; null: every tenant. */
  tenants: string | null;
  created_by: string | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Append-only; each entry's hash covers its content and the hash of the entry before it. */
export interface AuditLogTable {
  id: Generated<number>;
  ts: number;
  actor: string;
  actor_kind: string;
  address: string | null;
  action: string;
  outcome: string;
  integration: string | null;
  target: string | null;
  before_value: string | null;
  after_value: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  singleton: number;
  last_id: number;
  last_hash: string;
  /** Retention removes the oldest entries; the first kept entry must chain to this hash. */
  pruned_before_id: number;
  pruned_hash: string;
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
  /** Set while on-call has acknowledged the current firing: repeats stop until it resolves. */
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_note: string | null;
  /** The person the alert is assigned to (free text, as on-call names people), until unassigned or resolved. */
  assigned_to: string | null;
  assigned_by: string | null;
  assigned_at: number | null;
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

/** One run of a recovery action; the excerpt and error are scrubbed of secrets before they are stored. */
export interface RecoveryRunsTable {
  id: Generated<number>;
  integration: string;
  action: string;
  alert_id: number | null;
  /** manual or automatic. */
  trigger: string;
  actor: string;
  /** 1 for a manual run; the attempt number of an automatic one. */
  attempt: number;
  started_at: number;
  ms: number;
  /** succeeded, failed, timeout, error (no answer) or opened (a link action). */
  outcome: string;
  http_status: number | null;
  excerpt: string | null;
  error: string | null;
}

/** A customer said an integration was not working: when, and the support ticket. */
export interface CustomerReportsTable {
  id: Generated<number>;
  integration: string;
  reported_at: number;
  ticket: string;
  note: string | null;
  recorded_by: string;
  recorded_at: number;
}

/** Calls committed late, a row per batch and integration (ingest/late-calls.ts). */
export interface LateCallsTable {
  id: Generated<number>;
  integration: string;
  first_ts: number;
  last_ts: number;
  /** When the batch was received, by the committing instance's clock. */
  noted_at: number;
}

export interface Database {
  recovery_runs: RecoveryRunsTable;
  customer_reports: CustomerReportsTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  silences: SilencesTable;
  notifications: NotificationsTable;
  check_results: CheckResultsTable;
  health_changes: HealthChangesTable;
  records: RecordsTable;
  call_rollups: CallRollupsTable;
  integration_rollups: IntegrationRollupsTable;
  call_rollup_spans: CallRollupSpansTable;
  integration_rollup_spans: IntegrationRollupSpansTable;
  call_rollup_span_sketches: RollupSpanSketchesTable;
  integration_rollup_span_sketches: RollupSpanSketchesTable;
  integration_rollup_span_totals: RollupSpanTotalsTable;
  event_rollups: EventRollupsTable;
  lead_time_rollups: LeadTimeRollupsTable;
  run_rollups: RunRollupsTable;
  gauge_rollups: GaugeRollupsTable;
  log_records: LogRecordsTable;
  log_rollups: LogRollupsTable;
  log_error_rollups: LogErrorRollupsTable;
  log_error_groups: LogErrorGroupsTable;
  integrations_seen: IntegrationsSeenTable;
  late_calls: LateCallsTable;
  ingest_series: IngestSeriesTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_requests: SignInRequestsTable;
  tokens: TokensTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
