import type { Kysely, Selectable } from 'kysely';
import type { Database, RecoveryRunsTable } from '../store/schema.js';
import { nullableNumber } from '../alerting/alerts.js';

/** One run of a recovery action, as the API shows it. */
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
  outcome: string;
  http_status: number | null;
  excerpt: string | null;
  error: string | null;
}

export type NewRecoveryRun = Omit<RecoveryRun, 'id'>;

function toRun(row: Selectable<RecoveryRunsTable>): RecoveryRun {
  return {
    id: Number(row.id),
    integration: row.integration,
    action: row.action,
    alert_id: nullableNumber(row.alert_id),
    trigger: row.trigger as RecoveryRun['trigger'],
    actor: row.actor,
    attempt: Number(row.attempt),
    started_at: Number(row.started_at),
    ms: Number(row.ms),
    outcome: row.outcome,
    http_status: nullableNumber(row.http_status),
    excerpt: row.excerpt,
    error: row.error,
  };
}

/** Records a run; a run tied to an alert also goes on the alert's timeline, in the same transaction. */
export async function recordRun(db: Kysely<Database>, run: NewRecoveryRun, timelineNote: string | null): Promise<RecoveryRun> {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx.insertInto('recovery_runs').values(run).returning('id').executeTakeFirstOrThrow();
    if (run.alert_id !== null && timelineNote !== null) {
      const alert = await tx.selectFrom('alerts').select('state').where('id', '=', run.alert_id).executeTakeFirst();
      if (alert) {
        await tx
          .insertInto('alert_events')
          .values({ alert_id: run.alert_id, ts: run.started_at + run.ms, from_state: alert.state, to_state: alert.state, value: null, note: timelineNote })
          .execute();
      }
    }
    return { ...run, id: Number(inserted.id) };
  });
}

/** Runs of an integration (of one alert, when given), newest first; `before`: older than this run id. */
export async function listRuns(db: Kysely<Database>, filter: { integration: string; alertId?: number; before?: number; limit: number }): Promise<RecoveryRun[]> {
  let query = db.selectFrom('recovery_runs').selectAll().where('integration', '=', filter.integration);
  if (filter.alertId !== undefined) query = query.where('alert_id', '=', filter.alertId);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toRun);
}

/** A run as the health history lists it: what ran and its result, without the answer's excerpt. */
export type RunSummary = Omit<RecoveryRun, 'excerpt' | 'alert_id' | 'integration'>;

/** An integration's runs started in [from, to) (either end open), newest first, at most `limit`. */
export async function runsWithin(db: Kysely<Database>, integration: string, window: { from?: number | undefined; to?: number | undefined }, limit: number): Promise<RunSummary[]> {
  let query = db
    .selectFrom('recovery_runs')
    .select(['id', 'action', 'trigger', 'actor', 'attempt', 'started_at', 'ms', 'outcome', 'http_status', 'error'])
    .where('integration', '=', integration);
  if (window.from !== undefined) query = query.where('started_at', '>=', window.from);
  if (window.to !== undefined) query = query.where('started_at', '<', window.to);
  const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    id: Number(row.id),
    action: row.action,
    trigger: row.trigger as RecoveryRun['trigger'],
    actor: row.actor,
    attempt: Number(row.attempt),
    started_at: Number(row.started_at),
    ms: Number(row.ms),
    outcome: row.outcome,
    http_status: nullableNumber(row.http_status),
    error: row.error,
  }));
}

/** Whether a run acted: an http action that succeeded, or a page (a re-authorization) opened. */
export function acted(outcome: string): boolean {
  return outcome === 'succeeded' || outcome === 'opened';
}

/** "refresh-token (by dana): 200 in 120 ms" — a run in one line, for timelines and notifications. */
export function describeRun(run: Pick<RecoveryRun, 'action' | 'trigger' | 'actor' | 'outcome' | 'http_status' | 'ms' | 'error'>): string {
  const who = run.trigger === 'automatic' ? 'automatically' : `by ${run.actor}`;
  const result =
    run.outcome === 'opened'
      ? 'page opened'
      : run.http_status !== null
        ? `${run.http_status} in ${run.ms} ms${run.outcome === 'succeeded' ? '' : ' (failed)'}`
        : `${run.outcome}: ${run.error ?? 'no answer'}`;
  return `recovery "${run.action}" ${who}: ${result}`;
}
