import type { HealthStatus } from './types';

/** The admin overview's answers (GET /api/v1/admin/integrations/…, docs/api.md). */

export interface TrendFrame {
  from: number;
  to: number;
  step_ms: number;
  t: number[];
}

export type ErrorTrend = TrendFrame & { volume: number[]; errors: number[]; error_rate: Array<number | null>; runs: number[]; failed_runs: number[] };
export type RunTrend = TrendFrame & { runs: number[]; failed: number[]; records: number[]; avg_duration_ms: Array<number | null>; records_per_second: Array<number | null> };
export type QueueTrend = TrendFrame & Record<'queue_depth_max' | 'queue_depth_mean' | 'dlq_depth_max' | 'dlq_depth_mean', Array<number | null>>;

export type ErrorType = 'client_error' | 'auth_error' | 'rate_limited' | 'server_error' | 'timeout' | 'network_error';
export const ERROR_TYPE_LABELS: Record<ErrorType | 'failed_runs', string> = {
  server_error: 'Server errors (5xx)',
  timeout: 'Timeouts',
  network_error: 'Network errors',
  rate_limited: 'Rate limited (429)',
  auth_error: 'Auth errors (401/403)',
  client_error: 'Other client errors (4xx)',
  failed_runs: 'Failed runs',
};

export interface StatsAnswer {
  from: number;
  to: number;
  integrations: { total: number; by_status: Record<HealthStatus, number> };
  jobs: { runs: number; success: number; failed: number; partial: number };
  top_integrations: Array<{ integration: string; calls: number; errors: number; error_rate: number | null; runs: number; failed_runs: number; records: number }>;
  error_trend: ErrorTrend;
}

export interface AdminHealth {
  id: string;
  status: HealthStatus;
  reasons: string[];
  since: number | null;
  adapter: string | null;
  last_success: number | null;
  runs: number;
  failed_runs: number;
  calls: number;
  errors: number;
}

export interface AdminHealthAnswer {
  counts: Record<HealthStatus, number>;
  integrations: AdminHealth[];
  next: string | null;
}

export interface OverviewRun {
  id: number;
  ts: number;
  integration: string;
  job: string;
  status: 'success' | 'failed' | 'partial';
  duration_ms: number | null;
  records: number;
  error: string | null;
}

export interface ActivityAnswer {
  totals: { runs: number; failed: number; records: number };
  runs: OverviewRun[];
  trend: RunTrend;
}

export interface ErrorsAnswer {
  by_integration: Array<{ integration: string; calls: number; errors: number; error_rate: number | null; by_type: Record<ErrorType, number>; runs: number; failed_runs: number }>;
  by_type: Record<ErrorType | 'failed_runs', number>;
  trend: ErrorTrend;
  failed_runs: OverviewRun[];
}

export interface PerformanceAnswer {
  run_duration: Array<{ integration: string; timed_runs: number; avg_duration_ms: number | null; records_per_second: number | null }>;
  records: number;
  records_per_second: number | null;
  throughput: RunTrend;
  queue_depth: QueueTrend;
  latency_by_adapter: Array<{ adapter: string | null; integrations: number; calls: number; p50_ms: number | null; p95_ms: number | null; p99_ms: number | null }>;
}

/** Runs listed in the sync activity table: enough to see what just happened, not the whole page. */
export const ACTIVITY_ROWS = 25;
/** Rows of the health table before the rest is a page away. */
export const HEALTH_ROWS = 100;
