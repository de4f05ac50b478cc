/** The shapes of the read API's answers (see the server's OpenAPI document). */
import type { RecoveryRunSummary } from './recovery';

export const OUTCOMES = ['ok', 'client_error', 'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** An integration's health; 'unknown' means there is no evidence to judge it by. */
export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'unknown';

export type Signals = Record<Outcome, number> & {
  volume: number;
  success_rate: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
};

export interface Tile extends Signals {
  id: string;
  status: HealthStatus;
  status_reason: string;
  /** Every reason behind the status, worst first (absent from an older server). */
  status_reasons?: string[];
  /** On a degraded or down tile: what its worst firing alert means and the next step (absent from an older server). */
  advice?: { message: string; next: string; action: string | null } | null;
  /** From the catalogue record; null when the id is uncatalogued. */
  title?: string | null;
  owner?: string | null;
  uncatalogued?: boolean;
  last_seen: number | null;
  trend: { step_ms: number; start: number; volume: number[]; success_rate: Array<number | null> };
}

export interface BoardAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  from: number;
  to: number;
  integrations: Tile[];
  /** Integrations on every page (after the search), and how many of them are in each status (absent from an older server). */
  total?: number;
  statuses?: Record<HealthStatus, number>;
}

export interface SummaryAnswer extends Signals {
  from: number;
  to: number;
}

export interface TimeSeriesAnswer {
  /** The step asked for, when the window raised it to step_ms. */
  requested_step_ms?: number | null;
  max_points?: number;
  from: number;
  to: number;
  step_ms: number;
  series: Record<Outcome, number[]> & {
    t: number[];
    volume: number[];
    success_rate: Array<number | null>;
    p50_ms: Array<number | null>;
    p95_ms: Array<number | null>;
  };
}

export interface OperationRow extends Signals {
  operation: string;
  direction: 'inbound' | 'outbound';
}

export interface OperationsAnswer {
  from: number;
  to: number;
  operations: OperationRow[];
}

export interface Failure {
  ts: number;
  operation: string;
  direction: 'inbound' | 'outbound';
  status: number | null;
  error: string | null;
  outcome: Outcome;
  latency_ms: number;
  attempt: number;
  correlation_id: string | null;
  order_id: string | null;
  shipment_id: string | null;
  env: string;
  site: string | null;
  release: string | null;
}

export interface FailuresAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  from: number;
  to: number;
  failures: Failure[];
}

export interface DimensionsAnswer {
  from: number;
  to: number;
  envs: string[];
  sites: string[];
  releases: string[];
  operations: string[];
}

/* The catalogue (GET /api/v1/catalogue) */

export interface Contact {
  name?: string;
  email?: string;
  phone?: string;
  url?: string;
  chat?: string;
}

export type IntegrationType = 'shop' | 'marketplace' | 'carrier' | 'saas' | 'feed';

export interface CheckDefinition {
  name: string;
  type: CheckType;
  intervalMs: number;
  timeoutMs: number;
  url?: string;
  method?: string;
  host?: string;
  port?: number;
  recordType?: string;
  periodMs?: number;
  cron?: string;
  graceMs?: number;
  job?: string;
}

export interface CatalogueEntry {
  id: string;
  title: string;
  description?: string;
  tags: string[];
  links: Array<{ url: string; title?: string }>;
  type: IntegrationType;
  partner: string;
  direction: 'inbound' | 'outbound' | 'both';
  criticality: 'high' | 'medium' | 'low';
  criticalFlows: string[];
  auth?: { method: string; rotation?: string; expires?: string };
  apiVersion?: string;
  slo: { successRate?: number; latencyP95Ms?: number; freshness: Array<{ event?: string; job?: string; maxAgeMs: number }> };
  owner: string;
  contacts: { support?: Contact; escalation: Contact[]; partnerTicketing?: Contact };
  knownRisks: string[];
  runbooks: string[];
  lifecycle: { supportedVersions: string[]; deprecation?: string; plannedChanges: string[]; sandbox?: string };
  checks: CheckDefinition[];
  source: { file: string; line: number };
}

export interface CatalogueAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  integrations: CatalogueEntry[];
  uncatalogued: string[];
}

/** GET /api/v1/catalogue/:id: the record, or a marker for an id that sent data without one. */
export type CatalogueRecordAnswer = CatalogueEntry | { id: string; uncatalogued: true };

/* Runbooks */

export interface RunbookSummary {
  name: string;
  title: string;
  summary: string;
}

export interface RunbooksAnswer {
  runbooks: RunbookSummary[];
}

export interface RunbookAnswer {
  name: string;
  title: string;
  integration?: string | null;
  markdown: string;
}

/* Health */

export interface IntegrationHealth {
  id: string;
  status: HealthStatus;
  reasons: string[];
  since: number | null;
  catalogued: boolean;
}

export interface HealthAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  integrations: IntegrationHealth[];
}

export interface HealthChange {
  ts: number;
  status: HealthStatus;
  previous_status: HealthStatus | null;
  reason: string;
}

export interface IntegrationHealthAnswer extends IntegrationHealth {
  history: HealthChange[];
  /** The recovery runs of the span the history covers, newest first (absent from an older server). */
  recovery_runs?: RecoveryRunSummary[];
}

/* Active checks */

export type CheckType = 'http' | 'tls' | 'tcp' | 'dns' | 'heartbeat';
export type CheckStatus = 'up' | 'degraded' | 'down' | 'pending';

export interface CheckResult {
  ts: number;
  status: Exclude<CheckStatus, 'pending'>;
  latency_ms: number | null;
  http_status: number | null;
  error: string | null;
  detail: Record<string, unknown> | null;
}

export interface CheckReport {
  name: string;
  type: CheckType;
  target: string;
  interval_ms: number;
  timeout_ms?: number;
  status: CheckStatus;
  last: CheckResult | null;
  next_run: number | null;
  consecutive_failures: number;
  history: CheckResult[];
  /** Heartbeats only: how pings are expected. */
  heartbeat?: { period_ms: number | null; cron: string | null; grace_ms: number; job: string };
}

/** POST …/checks/:name/run */
export interface CheckRunAnswer {
  integration: string;
  check: string;
  result: CheckResult;
}

export interface ChecksAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  checks: CheckReport[];
}

/* Feeds and jobs */

export type RunStatus = 'success' | 'failed' | 'partial';

export interface JobRun {
  ts: number;
  status: RunStatus;
  counts: Record<string, number> | null;
  duration_ms: number | null;
  error: string | null;
}

export interface CountTrend {
  /** Oldest first. */
  points: Array<{ ts: number; value: number }>;
  last: number | null;
  trailing_average: number | null;
  /** Last vs trailing average: -0.45 is 45 % below. */
  change: number | null;
  /** The server's verdict: the last value fell 30 % or more below its trailing average. */
  drop: boolean;
}

export interface JobReport {
  integration: string;
  job: string;
  last_run: JobRun | null;
  last_success: number | null;
  runs: number;
  failures: number;
  consecutive_failures: number;
  /** How old its last success may get (freshness SLO, else heartbeat period + grace). */
  expected_within_ms: number | null;
  /** The server's verdict: its last success is older than that. */
  late: boolean;
  /** Newest first, at most 50. */
  history: JobRun[];
  counts: Record<string, CountTrend>;
}

export interface JobsAnswer {
  /** The cursor of the page after this one; null (or absent, from an older server) on the last. */
  next?: string | null;
  from: number;
  to: number;
  jobs: JobReport[];
}

/** GET /api/v1/ingest/limits: the cardinality limits, what is used of them, and what they refused. */
export interface IngestLimitsAnswer {
  limits: { integrations: number; operations_per_integration: number; label_values_per_integration: number };
  usage: {
    integrations: number;
    busiest: Array<{ integration: string; operation: number; event: number; env: number; site: number; release: number }>;
  };
  rejections: Array<{
    reason: 'integrations' | 'operation' | 'event' | 'env' | 'site' | 'release';
    integration: string | null;
    rejected: number;
    first_at: number;
    last_at: number;
    example: string;
  }>;
  since: number;
}
