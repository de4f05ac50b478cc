/** The recovery API's answers (docs/recovery.md) by the names the console uses, and their words. */
import type { components } from './api-types';

export type RecoveryRun = components['schemas']['RecoveryRun'];
export type RecoveryOffer = components['schemas']['RecoveryOffer'];
export type RecoveryActionView = RecoveryOffer['actions'][number];
export type Advice = RecoveryOffer['advice'][number];
/** A run as the health history lists it (no answer excerpt). */
export type RecoveryRunSummary = components['schemas']['RecoveryRunSummary'];

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
