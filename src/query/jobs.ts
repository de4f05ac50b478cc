import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Window } from './params.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { CatalogueEntry, HeartbeatCheck } from '../catalogue/types.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { Engine } from '../store/engine.js';
import { byteOrder, compareText } from '../store/order.js';
import { pageOf } from './cursor.js';

/** Runs a count is judged against: the trailing average of this many successful runs. */
export const TRAILING_RUNS = 10;
/** A count this far below its trailing average is a drop (−0.3: 30 % below). */
export const COUNT_DROP = -0.3;
/** Below this trailing average a change is noise: 1 item instead of 2 is no drop. */
const MIN_AVERAGE_FOR_DROP = 20;
/** Counts where fewer is better: a fall is good news, never a drop. */
const FEWER_IS_BETTER = /error|fail|reject|invalid|dead|skip|retr/i;
const HISTORY = 50;

export interface RunSummary {
  ts: number;
  status: string;
  counts: Record<string, number> | null;
  duration_ms: number | null;
  error: string | null;
}

export interface CountTrend {
  points: Array<{ ts: number; value: number }>;
  last: number | null;
  trailing_average: number | null;
  /** last vs trailing average: -0.45 is 45 % below. */
  change: number | null;
  /** The last value fell COUNT_DROP or more below its trailing average. */
  drop: boolean;
}

export interface JobReport {
  integration: string;
  job: string;
  last_run: RunSummary | null;
  last_success: number | null;
  runs: number;
  failures: number;
  consecutive_failures: number;
  /** How old its last success may get (its freshness SLO, else its heartbeat's period + grace). */
  expected_within_ms: number | null;
  /** Its last success is older than that (or it never succeeded). */
  late: boolean;
  history: RunSummary[];
  counts: Record<string, CountTrend>;
}

function countTrends(newestFirst: RunSummary[]): Record<string, CountTrend> {
  const successful = newestFirst.filter((run) => run.status !== 'failed' && run.counts).reverse();
  const names = new Set(successful.flatMap((run) => Object.keys(run.counts!)));
  const trends: Record<string, CountTrend> = {};
  for (const name of [...names].sort()) {
    const points = successful.filter((run) => run.counts![name] !== undefined).map((run) => ({ ts: run.ts, value: run.counts![name]! }));
    const last = points.at(-1)?.value ?? null;
    const before = points.slice(-TRAILING_RUNS - 1, -1).map((p) => p.value);
    const trailing = before.length ? before.reduce((a, b) => a + b, 0) / before.length : null;
    const change = trailing && last !== null ? Math.round((last / trailing - 1) * 10_000) / 10_000 : null;
    trends[name] = {
      points,
      last,
      trailing_average: trailing === null ? null : Math.round(trailing * 100) / 100,
      change,
      drop: change !== null && change <= COUNT_DROP && (trailing ?? 0) >= MIN_AVERAGE_FOR_DROP && !FEWER_IS_BETTER.test(name),
    };
  }
  return trends;
}

/** How old a job's last success may get: its freshness SLO, else its heartbeat's period plus grace. */
export function expectedWithin(entry: CatalogueEntry | undefined, job: string): number | null {
  const freshness = entry?.slo.freshness.find((target) => target.job === job);
  if (freshness) return freshness.maxAgeMs;
  const heartbeat = entry?.checks.find((check): check is HeartbeatCheck => check.type === 'heartbeat' && check.job === job);
  return heartbeat?.periodMs !== undefined ? heartbeat.periodMs + heartbeat.graceMs : null;
}

/** Runs read per job: its history, count trends and consecutive failures come from its newest runs. */
export const RUNS_READ = 200;
/** Jobs per answer when no limit is asked for, and the most a limit may ask for. */
export const JOBS_LIMIT = 100;
export const JOBS_MAX_LIMIT = 500;

export interface JobPage {
  limit?: number;
  /** The integration and job of the last job of the page before. */
  after?: readonly [string, string];
}

interface JobKey {
  integration: string;
  job: string;
  runs: number;
  failures: number;
}

/** The jobs with runs in the window, in (integration, job) order after `after`, with their run and failure counts. */
async function jobKeys(db: Kysely<Database>, engine: Engine, window: Window, integrations: IntegrationFilter, limit: number, after?: readonly [string, string]): Promise<JobKey[]> {
  const integration = byteOrder(engine, 'integration');
  const job = byteOrder(engine, 'job');
  const rows = await readConfined(integrations, (chunk) => {
    let query = whereIn(
      db
        .selectFrom('records')
        .select((eb) => [
          'integration',
          'job',
          eb.fn.countAll<number>().as('runs'),
          eb.fn.sum<number>(eb.case().when('run_status', '=', 'failed').then(1).else(0).end()).as('failures'),
        ])
        .where('kind', '=', 'run')
        .where('ts', '>=', window.from)
        .where('ts', '<', window.to),
      'integration',
      chunk,
    );
    if (after) query = query.where((eb) => eb.or([eb(integration, '>', after[0]), eb.and([eb(integration, '=', after[0]), eb(job, '>', after[1])])]));
    return query.groupBy(['integration', 'job']).orderBy(integration).orderBy(job).limit(limit).execute();
  });
  return rows
    .map((row) => ({ integration: row.integration, job: row.job ?? '', runs: Number(row.runs), failures: Number(row.failures ?? 0) }))
    .sort((a, b) => compareText(a.integration, b.integration) || compareText(a.job, b.job))
    .slice(0, limit);
}

/**
 * The jobs with runs in the window (of the `integrations` given, or of all), a page at a time in
 * (integration, job) order, each page with the jobs in trouble first: last run and success,
 * failure history and count trends (from the newest RUNS_READ runs of each).
 */
export async function jobReports(
  db: Kysely<Database>,
  window: Window,
  options: { integrations?: IntegrationFilter; catalogue?: Catalogue; now: number; engine?: Engine; page?: JobPage },
): Promise<{ jobs: JobReport[]; next: string | null }> {
  const limit = Math.min(options.page?.limit ?? JOBS_LIMIT, JOBS_MAX_LIMIT);
  const keys = await jobKeys(db, options.engine ?? 'sqlite', window, options.integrations, limit + 1, options.page?.after);
  const { items, next } = pageOf(keys, limit, (key) => [key.integration, key.job]);

  const reports: JobReport[] = [];
  for (const { integration: id, job, runs: total, failures } of items) {
    const rows = await db
      .selectFrom('records')
      .select(['ts', 'run_status', 'counts', 'duration_ms', 'error'])
      .where('kind', '=', 'run')
      .where('integration', '=', id)
      .where('job', '=', job)
      .where('ts', '>=', window.from)
      .where('ts', '<', window.to)
      .orderBy('ts', 'desc')
      .limit(RUNS_READ)
      .execute();
    const runs: RunSummary[] = rows.map((row) => ({
      ts: Number(row.ts),
      status: row.run_status!,
      counts: row.counts ? (JSON.parse(row.counts) as Record<string, number>) : null,
      duration_ms: row.duration_ms,
      error: row.error,
    }));
    const success = await db
      .selectFrom('records')
      .select((eb) => eb.fn.max('ts').as('ts'))
      .where('kind', '=', 'run')
      .where('integration', '=', id)
      .where('job', '=', job)
      .where('run_status', '=', 'success')
      .where('ts', '<', window.to)
      .executeTakeFirst();
    let consecutive = runs.findIndex((run) => run.status !== 'failed');
    if (consecutive === -1) consecutive = runs.length < total ? await consecutiveFailures(db, id, job, window) : runs.length;
    const lastSuccess = success?.ts === null || success?.ts === undefined ? null : Number(success.ts);
    const within = expectedWithin(options.catalogue?.get(id), job);
    reports.push({
      integration: id,
      job,
      last_run: runs[0] ?? null,
      last_success: lastSuccess,
      runs: total,
      failures,
      consecutive_failures: consecutive,
      expected_within_ms: within,
      late: within !== null && (lastSuccess === null || options.now - lastSuccess > within),
      history: runs.slice(0, HISTORY),
      counts: countTrends(runs),
    });
  }
  // Jobs in trouble first, then by name.
  reports.sort((a, b) => b.consecutive_failures - a.consecutive_failures || compareText(a.integration, b.integration) || compareText(a.job, b.job));
  return { jobs: reports, next };
}

/** Failed runs since the last run that did not fail, in the window (all of them when none did). */
async function consecutiveFailures(db: Kysely<Database>, integration: string, job: string, window: Window): Promise<number> {
  const base = db
    .selectFrom('records')
    .where('kind', '=', 'run')
    .where('integration', '=', integration)
    .where('job', '=', job)
    .where('ts', '>=', window.from)
    .where('ts', '<', window.to);
  const good = await base.select((eb) => eb.fn.max('ts').as('ts')).where('run_status', '<>', 'failed').executeTakeFirst();
  const since = good?.ts === null || good?.ts === undefined ? window.from - 1 : Number(good.ts);
  const row = await base.select((eb) => eb.fn.countAll<number>().as('n')).where('ts', '>', since).executeTakeFirst();
  return Number(row?.n ?? 0);
}
