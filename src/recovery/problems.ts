import type { AlertRule } from '../alerting/rules/types.js';
import type { RecoveryAction, RecoveryProblem } from './types.js';

/**
 * The problem an alert is about, in the terms recovery actions are declared for: an error-rate
 * alert by the outcome class it judges, a rate-limit alert as rate_limited, a latency alert as
 * timeouts in the making, a gauge of a dead-letter queue as dead letters. Null: no class fits.
 */
export function problemOfAlert(kind: string, rule: Pick<AlertRule, 'outcome' | 'gauge' | 'name'> | undefined): RecoveryProblem | null {
  switch (kind) {
    case 'error_rate':
      return rule?.outcome ?? 'server_error';
    case 'rate_limit':
      return 'rate_limited';
    case 'latency':
      return 'timeout';
    case 'gauge':
      return /dead|dlq/i.test(`${rule?.gauge ?? ''} ${rule?.name ?? ''}`) ? 'dead_letter' : null;
    default:
      return null;
  }
}

/** Whether an action is declared for one of these problems. */
export function fitsAny(action: RecoveryAction, problems: ReadonlySet<RecoveryProblem>): boolean {
  return action.fixes.some((problem) => problems.has(problem));
}
