/**
 * What a recovery action is for: an outcome class of calls (CONTRACT.md) or `dead_letter`
 * (notifications or messages stuck in a dead-letter queue). The console offers an action where
 * its problem is seen; automatic recovery runs it when an alert of that kind fires.
 */
export const RECOVERY_PROBLEMS = ['auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error', 'client_error', 'dead_letter'] as const;
export type RecoveryProblem = (typeof RECOVERY_PROBLEMS)[number];

/** Opt-in automatic runs: attempts per firing, the wait before each retry (doubling), the rest after a run that worked. */
export interface AutomaticRecovery {
  maxAttempts: number;
  backoffMs: number;
  cooldownMs: number;
}

interface ActionBase {
  name: string;
  integration: string;
  title: string;
  /** The problems it fits; empty: offered for any. */
  fixes: RecoveryProblem[];
}

/** A request against the team's own service: refresh a token, restart a sync, replay a queue. */
export interface HttpRecoveryAction extends ActionBase {
  type: 'http';
  method: string;
  /** url, header values and body as written, ${ENV} references unresolved: secrets are read at run time. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** The statuses that count as success (default: any 2xx). */
  expectStatus?: number[];
  automatic?: AutomaticRecovery;
}

/** A page a person opens: a partner's OAuth re-authorization, with the connection in its URL. */
export interface LinkRecoveryAction extends ActionBase {
  type: 'link';
  url: string;
}

export type RecoveryAction = HttpRecoveryAction | LinkRecoveryAction;

/**
 * A team's own message for an error pattern: matched before the shipped ones (messages.ts), on
 * the status, the outcome class and the error text, all that are given.
 */
export interface MessagePattern {
  match?: string;
  status?: number[];
  outcome?: string;
  message: string;
  /** A recovery action of the same integration that fits. */
  action?: string;
  runbook?: string;
}
