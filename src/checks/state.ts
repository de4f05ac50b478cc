import type { Kysely } from 'kysely';
import type { CheckDefinition } from '../catalogue/types.js';
import type { Database } from '../store/schema.js';
import { describeTarget } from './describe.js';
import { consecutiveFailures, recentResults } from './store.js';
import type { CatalogueSource, StoredCheckResult } from './types.js';

export interface CheckState {
  integration: string;
  name: string;
  type: CheckDefinition['type'];
  /** URL (with `${NAME}` references unresolved) or host:port; never a secret. */
  target: string;
  interval_ms: number;
  timeout_ms: number;
  /** Of the newest result; 'pending' before the first. */
  status: StoredCheckResult['status'] | 'pending';
  last: StoredCheckResult | null;
  consecutive_failures: number;
  /** Heartbeats only: how they are expected. */
  heartbeat?: { period_ms: number | null; cron: string | null; grace_ms: number; job: string };
}

/** Queries at once per request: enough to overlap PostgreSQL round trips, not to flood the pool. */
const PARALLEL = 8;

async function inBatches<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) for (const result of await Promise.all(items.slice(i, i + PARALLEL).map(work))) results.push(result);
  return results;
}

export function describeCheck(check: CheckDefinition): Omit<CheckState, 'status' | 'last' | 'consecutive_failures'> {
  return {
    integration: check.integration,
    name: check.name,
    type: check.type,
    target: describeTarget(check),
    interval_ms: check.intervalMs,
    timeout_ms: check.timeoutMs,
    ...(check.type === 'heartbeat'
      ? { heartbeat: { period_ms: check.periodMs ?? null, cron: check.cron ?? null, grace_ms: check.graceMs, job: check.job } }
      : {}),
  };
}

/** The state of one check from the store: its newest result, failure streak and (optionally) history. */
export async function checkState(db: Kysely<Database>, check: CheckDefinition, historySize = 1): Promise<CheckState & { history: StoredCheckResult[] }> {
  const history = await recentResults(db, check.integration, check.name, Math.max(1, historySize));
  const last = history[0] ?? null;
  let failures = 0;
  if (last?.status === 'down') {
    const streak = history.findIndex((result) => result.status !== 'down');
    failures = streak >= 0 ? streak : await consecutiveFailures(db, check.integration, check.name);
  }
  return { ...describeCheck(check), status: last?.status ?? 'pending', last, consecutive_failures: failures, history };
}

/**
 * The newest result and failure streak of every check in the catalogue (or of one integration),
 * as the health evaluator and the API read them. Served from the store, so any instance answers.
 */
export async function latestCheckStates(db: Kysely<Database>, catalogue: CatalogueSource, integration?: string): Promise<CheckState[]> {
  const checks = catalogue
    .all()
    .filter((entry) => integration === undefined || entry.id === integration)
    .flatMap((entry) => entry.checks);
  return checkStates(db, checks);
}

/** The newest result and failure streak of each of these checks. */
export async function checkStates(db: Kysely<Database>, checks: CheckDefinition[]): Promise<CheckState[]> {
  return inBatches(checks, async (check) => {
    const { history: _history, ...state } = await checkState(db, check, 1);
    return state;
  });
}
