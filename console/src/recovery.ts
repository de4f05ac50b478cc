/** The recovery API's answers (docs/recovery.md). */
export interface RecoveryRun {
  id: number;
  integration: string;
  action: string;
  alert_id: number | null;
  trigger: 'manual' | 'automatic';
  actor: string;
  attempt: number;
  started_at: number;
  ms: number;
  outcome: 'succeeded' | 'failed' | 'timeout' | 'error' | 'opened';
  http_status: number | null;
  excerpt: string | null;
  error: string | null;
  url?: string;
}

/** A run as the health history lists it (no answer excerpt). */
export type RecoveryRunSummary = Omit<RecoveryRun, 'excerpt' | 'alert_id' | 'integration' | 'url'>;

export interface RecoveryActionView {
  name: string;
  title: string;
  type: 'http' | 'link';
  fixes: string[];
  fits: boolean;
  url: string;
  method?: string;
  automatic?: { maxAttempts: number; backoffMs: number; cooldownMs: number };
}

export interface Advice {
  message: string;
  next: string;
  action: string | null;
  runbook: string | null;
  source: 'catalogue' | 'shipped';
}

export interface RecoveryOffer {
  integration: string;
  problems: string[];
  advice: Advice[];
  actions: RecoveryActionView[];
  runs: RecoveryRun[];
  next: string | null;
}

const PROBLEM_WORDS: Record<string, string> = {
  auth_error: 'authentication errors',
  rate_limited: 'rate limiting',
  server_error: 'server errors',
  timeout: 'timeouts',
  network_error: 'network errors',
  client_error: 'rejected requests',
  dead_letter: 'dead letters',
};

export function problemWords(problem: string): string {
  return PROBLEM_WORDS[problem] ?? problem.replace(/_/g, ' ');
}

/** "200 in 120 ms", "timed out", "page opened" — a run's result in a few words. */
export function runResult(run: RecoveryRunSummary): string {
  if (run.outcome === 'opened') return 'page opened';
  if (run.outcome === 'timeout') return run.error ?? 'timed out';
  if (run.http_status !== null) return `${run.http_status} in ${run.ms} ms`;
  return run.error ?? run.outcome;
}
