import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Window } from './params.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { CatalogueEntry, HeartbeatCheck } from '../catalogue/types.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';

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

/**
 * Every job with runs in the window (of the `integrations` given, or of all): last run and
 * success, failure history and count trends.
 */
export async function jobReports(
  db: Kysely<Database>,
  window: Window,
  options: { integrations?: IntegrationFilter; catalogue?: Catalogue; now: number },
): Promise<JobReport[]> {
  const rows = await readConfined(options.integrations, (chunk) =>
    whereIn(
      db
        .selectFrom('records')
        .select(['integration', 'job', 'ts', 'run_status', 'counts', 'duration_ms', 'error'])
        .where('kind', '=', 'run')
        .where('ts', '>=', window.from)
        .where('ts', '<', window.to),
      'integration',
      chunk,
    )
      .orderBy('ts', 'desc')
      .execute(),
  );

  const byJob = new Map<string, { integration: string; job: string; runs: RunSummary[] }>();
  for (const row of rows) {
    const key = `${row.integration}\u0000${row.job}`;
    let entry = byJob.get(key);
    if (!entry) {
      entry = { integration: row.integration, job: row.job!, runs: [] };
      byJob.set(key, entry);
    }
    entry.runs.push({
      ts: row.ts,
      status: row.run_status!,
      counts: row.counts ? (JSON.parse(row.counts) as Record<string, number>) : null,
      duration_ms: row.duration_ms,
      error: row.error,
    });
  }

  const reports: JobReport[] = [];
  for (const { integration: id, job, runs } of byJob.values()) {
    const success = await db
      .selectFrom('records')
      .select((eb) => eb.fn.max('ts').as('ts'))
      .where('kind', '=', 'run')
      .where('integration', '=', id)
      .where('job', '=', job)
      .where('run_status', '=', 'success')
      .where('ts', '<', window.to)
      .executeTakeFirst();
    const firstGood = runs.findIndex((run) => run.status !== 'failed');
    const lastSuccess = success?.ts === null || success?.ts === undefined ? null : Number(success.ts);
    const within = expectedWithin(options.catalogue?.get(id), job);
    reports.push({
      integration: id,
      job,
      last_run: runs[0] ?? null,
      last_success: lastSuccess,
      runs: runs.length,
      failures: runs.filter((run) => run.status === 'failed').length,
      consecutive_failures: firstGood === -1 ? runs.length : firstGood,
      expected_within_ms: within,
      late: within !== null && (lastSuccess === null || options.now - lastSuccess > within),
      history: runs.slice(0, HISTORY),
      counts: countTrends(runs),
    });
  }
  // Jobs in trouble first, then by name.
  return reports.sort(
    (a, b) => b.consecutive_failures - a.consecutive_failures || a.integration.localeCompare(b.integration) || a.job.localeCompare(b.job),
  );
}
