import type { Severity } from '../types.js';

export const RULE_KINDS = [
  'error_rate', 'latency', 'rate_limit', 'volume_drop', 'freshness', 'run_failures', 'count_drop', 'gauge',
  'business_exception_rate', 'label_success_rate', 'lead_time',
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
