import type { BurnPair } from '../../budget/burn.js';
import type { Severity } from '../types.js';

export const RULE_KINDS = [
  'error_rate', 'latency', 'rate_limit', 'volume_drop', 'freshness', 'run_failures', 'count_drop', 'gauge',
  'business_exception_rate', 'label_success_rate', 'lead_time', 'burn_rate', 'log_errors',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export type ErrorOutcome = 'server_error' | 'timeout' | 'auth_error' | 'network_error';

/** One alert rule, durations in ms and defaults filled in. */
export interface AlertRule {
  /** Unique id. */
  name: string;
  kind: RuleKind;
  /** A catalogue id, or "*" for every integration. */
  integration: string;
  env?: string;
  site?: string;
  operation?: string;
  direction?: 'inbound' | 'outbound';
  severity: Severity;
  labels: Record<string, string>;
  forMs: number;
  keepFiringForMs: number;
  minVolume: number;
  windowMs: number;
  repeatIntervalMs: number;
  runbook?: string;
  /** error_rate: the outcome class judged. */
  outcome?: ErrorOutcome;
  /** error_rate, rate_limit, business_exception_rate: a share (0.05 = 5 %) above which it breaches; label_success_rate: below which. */
  threshold?: number;
  /**
   * error_rate, rate_limit (share), business_exception_rate in baseline mode: the share must also be
   * above this many times its usual level at this time of day (`threshold` is then a floor).
   */
  usual?: number;
  /** rate_limit: a count of 429s in the window instead of a share. */
  count?: number;
  /** latency, lead_time: the quantile (0.95 = p95) and the duration above which it breaches */
  quantile?: number;
  thresholdMs?: number;
  /** lead_time: only the lead times between these events (by default every pair recorded) */
  startEvent?: string;
  endEvent?: string;
  /** volume_drop */
  baseline?: 'last_week' | 'trailing';
  fraction?: number;
  /** freshness (or volume_drop of events): the event name */
  event?: string;
  /** freshness, run_failures, count_drop: the job */
  job?: string;
  maxAgeMs?: number;
  /** run_failures */
  consecutive?: number;
  /** count_drop: one count name, or every count of the job when absent */
  countName?: string;
  percent?: number;
  runs?: number;
  /** gauge */
  gauge?: string;
  above?: number;
  /**
   * burn_rate: which SLO's budget it judges: `success` (default; a call is bad when its outcome is
   * not ok) or `latency` (bad when slower than `thresholdMs`, default the catalogue's p95 target).
   */
  slo?: 'success' | 'latency';
  /**
   * burn_rate: the share of calls that must be good (success: the catalogue's SLO success rate
   * when absent; latency: 0.95, as a p95 target promises)
   */
  objective?: number;
  /** burn_rate: breaches when any pair burns faster than its factor over both its windows */
  burnPairs?: readonly BurnPair[];
  /** log_errors (docs/logs.md): which lines count ('error': error and fatal; 'warn': warnings too) */
  logLevel?: 'error' | 'warn';
  /** log_errors: a type's rate in the window must pass this many times its baseline rate */
  logJump?: number;
  /** log_errors: and have at least this many lines in the window */
  logMinLines?: number;
  /** log_errors: how long before the window its baseline is measured */
  logBaselineMs?: number;
  /** log_errors: false: a new error type alone does not breach */
  logNewTypes?: boolean;
  /** Where it came from. */
  source: { origin: 'default' } | { origin: 'file'; file: string; line: number };
}

export const RULE_DEFAULTS = {
  severity: 'warning' as Severity,
  forMs: 5 * 60_000,
  keepFiringForMs: 5 * 60_000,
  minVolume: 20,
  windowMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3_600_000,
};
