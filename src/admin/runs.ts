import type { Kysely } from 'kysely';
import type { Window } from '../query/params.js';
import { recordsOf } from '../rollup/aggregate.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { Database } from '../store/schema.js';

export interface RecentRun {
  id: number;
  ts: number;
  integration: string;
  job: string;
  status: string;
  duration_ms: number | null;
  /** The sum of its counts. */
  records: number;
  counts: Record<string, number> | null;
  error: string | null;
}

export interface RunsAsked {
  integrations: IntegrationFilter;
  /** Only runs of this status. */
  status?: string;
  limit: number;
  /** The `ts` and `id` of the last run of the page before. */
  before?: readonly [number, number];
}

/**
 * The newest runs of the window, newest first, from the raw records (the index of runs by time,
 * migration 014): `limit` of them, however many integrations. A tenant's list is read a chunk at a
 * time, `limit` from each, then cut again.
 */
export async function recentRuns(db: Kysely<Database>, window: Window, asked: RunsAsked): Promise<RecentRun[]> {
  const rows = await readConfined(asked.integrations, (chunk) => {
    let query = whereIn(
      db
        .selectFrom('records')
        .select(['id', 'ts', 'integration', 'job', 'run_status', 'duration_ms', 'counts', 'error'])
        .where('kind', '=', 'run')
        .where('ts', '>=', window.from)
        .where('ts', '<', window.to),
      'integration',
      chunk,
    );
    if (asked.status !== undefined) query = query.where('run_status', '=', asked.status);
    if (asked.before) {
      const [ts, id] = asked.before;
      query = query.where((eb) => eb.or([eb('ts', '<', ts), eb.and([eb('ts', '=', ts), eb('id', '<', id)])]));
    }
    return query.orderBy('ts', 'desc').orderBy('id', 'desc').limit(asked.limit).execute();
  });
  return rows
    .map((row) => ({
      id: Number(row.id),
      ts: Number(row.ts),
      integration: row.integration,
      job: row.job ?? '',
      status: row.run_status ?? '',
      duration_ms: row.duration_ms,
      records: recordsOf(row.counts),
      counts: row.counts ? (JSON.parse(row.counts) as Record<string, number>) : null,
      error: row.error,
    }))
    .sort((a, b) => b.ts - a.ts || b.id - a.id)
    .slice(0, asked.limit);
}

/** The newest successful run of each integration named (before `to`, within the raw retention), by integration. */
export async function lastSuccesses(db: Kysely<Database>, integrations: readonly string[], to: number): Promise<Map<string, number>> {
  const rows = await readConfined(integrations, (chunk) =>
    whereIn(
      db
        .selectFrom('records')
        .select((eb) => ['integration', eb.fn.max('ts').as('ts')])
        .where('kind', '=', 'run')
        .where('run_status', '=', 'success')
        .where('ts', '<', to),
      'integration',
      chunk,
    )
      .groupBy('integration')
      .execute(),
  );
  return new Map(rows.map((row) => [row.integration, Number(row.ts)]));
}
