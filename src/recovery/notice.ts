import type { Kysely } from 'kysely';
import { ruleFilters, sampleOutcomes } from '../alerting/context.js';
import type { AlertRule } from '../alerting/rules/types.js';
import type { RecoveryNotice } from '../alerting/types.js';
import { recentFailures } from '../query/failures.js';
import type { Database } from '../store/schema.js';
import { acted } from './runs.js';

/** A notification names the latest runs only: the rest are on the alert's timeline. */
const SHOWN_RUNS = 5;
/** Failures count as stopped once none of the alert's classes came for this long after a run. */
export const QUIET_AFTER_RUN_MS = 60_000;

/**
 * What recovery did for an alert, for its notifications: the integration's runs since the alert
 * fired (manual ones from any page as well as automatic ones, since any of them may be what fixed
 * it), and when the failures the rule judges stopped after the last run that acted: at once on
 * resolution, else once a minute has passed without one.
 */
export async function recoveryNotice(
  db: Kysely<Database>,
  request: { integration: string; rule: AlertRule; firedAt: number; now: number; /** The alert resolved now: its own judgement says the failures are over. */ resolved: boolean },
): Promise<RecoveryNotice> {
  const { integration, firedAt, now } = request;
  const since = db.selectFrom('recovery_runs').where('integration', '=', integration).where('started_at', '>=', firedAt).where('started_at', '<=', now);
  const [rows, counted] = await Promise.all([
    since.select(['action', 'trigger', 'actor', 'attempt', 'started_at', 'ms', 'outcome', 'http_status', 'error']).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(SHOWN_RUNS).execute(),
    since.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const runs = rows.reverse().map((row) => ({
    action: row.action,
    trigger: row.trigger as 'manual' | 'automatic',
    actor: row.actor,
    attempt: Number(row.attempt),
    at: Number(row.started_at),
    ms: Number(row.ms),
    outcome: row.outcome,
    status: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
  }));
  const lastActed = runs.findLast((run) => acted(run.outcome));
  let failuresStoppedAt: number | null = null;
  if (lastActed) {
    const [lastFailure] = await recentFailures(db, integration, { from: lastActed.at, to: now + 1 }, ruleFilters(request.rule), 1, sampleOutcomes(request.rule));
    const stopped = Math.max(lastActed.at + lastActed.ms, lastFailure ? Number(lastFailure.ts) : 0);
    if (request.resolved || now - stopped >= QUIET_AFTER_RUN_MS) failuresStoppedAt = stopped;
  }
  return { runs, total: Number(counted.n), failuresStoppedAt };
}
