/** The admin overview's answers (GET /api/v1/admin/integrations/…, docs/api.md) by the names the console uses. */
import type { Answer, Outcome } from './types';

export type ErrorType = Exclude<Outcome, 'ok'>;
export const ERROR_TYPE_LABELS: Record<ErrorType | 'failed_runs', string> = {
  server_error: 'Server errors (5xx)',
  timeout: 'Timeouts',
  network_error: 'Network errors',
  rate_limited: 'Rate limited (429)',
  auth_error: 'Auth errors (401/403)',
  client_error: 'Other client errors (4xx)',
  failed_runs: 'Failed runs',
};

export type StatsAnswer = Answer<'/api/v1/admin/integrations/stats'>;
export type AdminHealthAnswer = Answer<'/api/v1/admin/integrations/health'>;
export type AdminHealth = AdminHealthAnswer['integrations'][number];
export type ActivityAnswer = Answer<'/api/v1/admin/integrations/sync-activity'>;
export type OverviewRun = ActivityAnswer['runs'][number];
export type ErrorsAnswer = Answer<'/api/v1/admin/integrations/errors'>;
export type PerformanceAnswer = Answer<'/api/v1/admin/integrations/performance'>;
export type ErrorTrend = StatsAnswer['error_trend'];
export type RunTrend = ActivityAnswer['trend'];
export type QueueTrend = PerformanceAnswer['queue_depth'];

/** Runs listed in the sync activity table: enough to see what just happened, not the whole page. */
export const ACTIVITY_ROWS = 25;
/** Rows of the health table before the rest is a page away. */
export const HEALTH_ROWS = 100;
