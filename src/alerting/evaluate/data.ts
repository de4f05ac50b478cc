import { sql, type Kysely } from 'kysely';
import { OUTCOMES, type Outcome } from '../../ingest/outcome.js';
import type { Segment } from '../../query/plan.js';
import type { RollupRow } from '../../query/rollups.js';
import { segmentQuery } from '../../query/segment-query.js';
import { MINUTE, floorTo } from '../../rollup/tiers.js';
import type { Database } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';
import { EventData } from './event-data.js';
import { LeadTimeData } from './lead-time-data.js';
import { SketchView } from './sketch-view.js';

/** Minute buckets in every trend (oldest first). */
export const TREND_BUCKETS = 12;
const WEEK = 7 * 24 * 60 * MINUTE;
const HOUR = 60 * MINUTE;

const DIMENSIONS = ['env', 'site', 'operation', 'direction'] as const;

/** Call counts of one integration × minute, summed over the dimensions no rule filters on. */
type CountRow = { integration: string; bucket: number; env?: string; site?: string; operation?: string; direction?: string } & Record<Outcome | 'volume', number>;

export interface ScopeFilters {
  env?: string;
  site?: string;
  operation?: string;
  direction?: string;
}

/** The calls of one integration × filters, minute by minute over the cycle's span. */
export class SeriesView extends SketchView {
  readonly outcomes: Record<Outcome, Float64Array>;

  constructor(minutes: number, counts: CountRow[], sketches: RollupRow[], start: number) {
    super(minutes, start, counts, sketches.map((row) => ({ bucket: row.bucket, sketch: row.latency_sketch })));
    this.outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, new Float64Array(minutes)])) as Record<Outcome, Float64Array>;
    for (const row of counts) {
      const i = this.indexOf(row.bucket);
      if (i === undefined) continue;
      for (const outcome of OUTCOMES) this.outcomes[outcome][i]! += Number(row[outcome]);
    }
  }
}

export interface RunRow {
  ts: number;
  status: string;
  counts: Record<string, number> | null;
}

/**
 * Everything one evaluation cycle reads, loaded once: the minute rollups of the recent span (one
 * read for every integration), baselines, event counts per minute, the recent runs of the jobs
 * and the latest samples of the gauges the rules name. Rules are then judged in memory.
 */
export class CycleData {
  /** Start of the first minute bucket held; the last bucket is the current (partial) minute. */
  readonly start: number;
  readonly minutes: number;
  private readonly countsByIntegration = new Map<string, CountRow[]>();
  private readonly sketchesByIntegration = new Map<string, RollupRow[]>();
  private readonly views = new Map<string, SeriesView>();
  /** integration → series key → calls in the hour before the window (trailing baseline). */
  private baselineRows = new Map<string, RollupRow[]>();
  private lastWeekRows = new Map<string, RollupRow[]>();
  /** Events per minute from the event rollups, and the newest of each (freshness). */
  events!: EventData;
  /** Lead times per minute from the lead-time rollups. */
  leadTimes!: LeadTimeData;
  /** `${integration}\0${job}` → newest first. */
  readonly runs = new Map<string, { runs: RunRow[]; lastSuccess: number | null }>();
  /** `${integration}\0${gauge}` → newest first. */
  readonly gauges = new Map<string, Array<{ ts: number; value: number }>>();
  /** Integrations whose latest health status is down. */
  readonly down = new Set<string>();
  /** Integrations that sent anything (for rules over "*"). */
  readonly seen = new Set<string>();

  private constructor(readonly now: number, minutes: number) {
    this.minutes = minutes;
    this.start = floorTo(now, MINUTE) + MINUTE - minutes * MINUTE;
  }

  static async load(db: Kysely<Database>, now: number, rules: Array<{ rule: AlertRule; integration: string }>): Promise<CycleData> {
    let span = TREND_BUCKETS + 1;
    // Enough minutes for the trend, the longest window, and a streak as long as the longest `for`.
    for (const { rule } of rules) span = Math.max(span, Math.ceil(Math.max(rule.windowMs, rule.forMs) / MINUTE) + 1);
    const data = new CycleData(now, Math.min(span, 24 * 60));
    const end = data.start + data.minutes * MINUTE;
    // The minute tier holds every call of its retention (ingest writes it), so no finer rows to add.
    const cycle: Segment = { resolution: MINUTE, from: data.start, to: end };
    const callRules = rules.filter(({ rule }) => ['error_rate', 'latency', 'rate_limit', 'volume_drop'].includes(rule.kind) && !rule.event);
    if (callRules.length > 0) {
      // Counts summed in the database over only the dimensions some rule filters on: a few rows
      // per integration and minute instead of one per series.
      const dims = DIMENSIONS.filter((dim) => callRules.some(({ rule }) => rule[dim] !== undefined));
      const counts = await segmentQuery(db, 'call_rollups', cycle, ['integration', 'volume', ...OUTCOMES, ...dims])
        .select([
          'integration', 'bucket', ...dims,
          sql<number>`sum(volume)`.as('volume'),
          ...OUTCOMES.map((outcome) => sql<number>`sum(${sql.ref(outcome)})`.as(outcome)),
        ])
        .groupBy(['integration', 'bucket', ...dims])
        .execute();
      for (const row of counts as unknown as CountRow[]) {
        row.bucket = Number(row.bucket);
        let list = data.countsByIntegration.get(row.integration);
        if (!list) data.countsByIntegration.set(row.integration, (list = []));
        list.push(row);
      }
      // Latency sketches only for the integrations a latency rule judges.
      const latencyOf = new Set(callRules.filter(({ rule }) => rule.kind === 'latency').map(({ integration }) => integration));
      if (latencyOf.size > 0) {
        const ids = [...latencyOf];
        const rows: RollupRow[] = [];
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = await segmentQuery(db, 'call_rollups', cycle, ['integration', 'operation', 'direction', 'env', 'site', 'latency_sketch'], (query) =>
            query.where('integration', 'in', ids.slice(i, i + 500)),
          )
            .selectAll()
            .execute();
          for (const row of chunk) rows.push(row as unknown as RollupRow);
        }
        for (const row of rows) {
          row.bucket = Number(row.bucket);
          let list = data.sketchesByIntegration.get(row.integration);
          if (!list) data.sketchesByIntegration.set(row.integration, (list = []));
          list.push(row);
        }
      }
    }
    const allDrops = rules.filter(({ rule }) => rule.kind === 'volume_drop');
    const drops = allDrops.filter(({ rule }) => !rule.event);
    const maxWindow = Math.max(0, ...allDrops.map(({ rule }) => rule.windowMs));
    if (drops.some(({ rule }) => rule.baseline !== 'last_week')) {
      // The hour before the longest window: counts only, summed per series in the database.
      const to = end - Math.ceil(maxWindow / MINUTE) * MINUTE;
      data.baselineRows = await volumeBySeries(db, to - HOUR, to);
    }
    if (drops.some(({ rule }) => rule.baseline === 'last_week')) {
      data.lastWeekRows = await volumeBySeries(db, end - WEEK - Math.ceil(maxWindow / MINUTE) * MINUTE, end - WEEK);
    }

    data.events = await EventData.load(db, data.start, data.minutes, Math.min(data.start, end - HOUR - Math.ceil(maxWindow / MINUTE) * MINUTE), rules);
    data.leadTimes = await LeadTimeData.load(db, data.start, data.minutes, rules);

    // Recent runs of each job a rule names (records_runs index: one seek per job).
    const jobs = new Map<string, number>();
    for (const { rule, integration } of rules) {
      if (!rule.job) continue;
      const want = rule.kind === 'run_failures' ? (rule.consecutive ?? 2) : rule.kind === 'count_drop' ? (rule.runs ?? 5) + 1 : 1;
      const key = `${integration}\u0000${rule.job}`;
      jobs.set(key, Math.max(jobs.get(key) ?? 1, want, 10));
    }
    for (const [key, limit] of jobs) {
      const [integration, job] = key.split('\u0000') as [string, string];
      const rows = await db
        .selectFrom('records')
        .select(['ts', 'run_status', 'counts'])
        .where('kind', '=', 'run')
        .where('integration', '=', integration)
        .where('job', '=', job)
        .where('ts', '<=', now)
        .orderBy('ts', 'desc')
        .limit(limit)
        .execute();
      const runs = rows.map((r) => ({ ts: Number(r.ts), status: r.run_status ?? 'success', counts: r.counts ? (JSON.parse(r.counts) as Record<string, number>) : null }));
      let lastSuccess = runs.find((r) => r.status === 'success')?.ts ?? null;
      if (lastSuccess === null) {
        const row = await db
          .selectFrom('records')
          .select((eb) => eb.fn.max('ts').as('last'))
          .where('kind', '=', 'run')
          .where('integration', '=', integration)
          .where('job', '=', job)
          .where('run_status', '=', 'success')
          .where('ts', '<=', now)
          .executeTakeFirst();
        lastSuccess = row?.last === null || row?.last === undefined ? null : Number(row.last);
      }
      data.runs.set(key, { runs, lastSuccess });
    }

    for (const { rule, integration } of rules) {
      if (rule.kind !== 'gauge' || !rule.gauge) continue;
      const key = `${integration}\u0000${rule.gauge}`;
      if (data.gauges.has(key)) continue;
      const rows = await db
        .selectFrom('records')
        .select(['ts', 'value'])
        .where('integration', '=', integration)
        .where('kind', '=', 'gauge')
        .where('name', '=', rule.gauge)
        .where('ts', '>', now - HOUR)
        .where('ts', '<=', now)
        .orderBy('ts', 'desc')
        .limit(TREND_BUCKETS)
        .execute();
      data.gauges.set(key, rows.map((r) => ({ ts: Number(r.ts), value: Number(r.value) })));
    }

    const health = await db
      .selectFrom('health_changes')
      .select(['integration', 'status'])
      .where('id', 'in', (eb) => eb.selectFrom('health_changes').select((e) => e.fn.max('id').as('id')).groupBy('integration'))
      .execute();
    for (const row of health) if (row.status === 'down') data.down.add(row.integration);
    return data;
  }

  static async loadSeen(db: Kysely<Database>): Promise<string[]> {
    return (await db.selectFrom('integrations_seen').select('id').execute()).map((r) => r.id);
  }

  /** The calls of an integration matching the filters, memoised so rules over one scope share it. */
  view(integration: string, filters: ScopeFilters): SeriesView {
    const key = `${integration}\u0000${filters.env ?? ''}\u0000${filters.site ?? ''}\u0000${filters.operation ?? ''}\u0000${filters.direction ?? ''}`;
    let view = this.views.get(key);
    if (!view) {
      const counts = (this.countsByIntegration.get(integration) ?? []).filter((row) => matches(row, filters));
      const sketches = (this.sketchesByIntegration.get(integration) ?? []).filter((row) => matches(row, filters));
      view = new SeriesView(this.minutes, counts, sketches, this.start);
      this.views.set(key, view);
    }
    return view;
  }

  /** Calls of the scope in the trailing-baseline hour, or the same window a week ago. */
  baselineVolume(integration: string, filters: ScopeFilters, which: 'trailing' | 'last_week'): number {
    let total = 0;
    for (const row of (which === 'trailing' ? this.baselineRows : this.lastWeekRows).get(integration) ?? []) {
      if (matches(row, filters)) total += Number(row.volume);
    }
    return total;
  }
}

function matches(row: { env?: string; site?: string; operation?: string; direction?: string }, filters: ScopeFilters): boolean {
  return (
    (filters.env === undefined || row.env === filters.env) &&
    (filters.site === undefined || row.site === filters.site) &&
    (filters.operation === undefined || row.operation === filters.operation) &&
    (filters.direction === undefined || row.direction === filters.direction)
  );
}

async function volumeBySeries(db: Kysely<Database>, from: number, to: number): Promise<Map<string, RollupRow[]>> {
  const rows = await segmentQuery(db, 'call_rollups', { resolution: MINUTE, from, to }, ['integration', 'operation', 'direction', 'env', 'site', 'volume'])
    .select(['integration', 'operation', 'direction', 'env', 'site', sql<number>`sum(volume)`.as('volume')])
    .groupBy(['integration', 'operation', 'direction', 'env', 'site'])
    .execute();
  const byIntegration = new Map<string, RollupRow[]>();
  for (const row of rows as unknown as RollupRow[]) {
    let list = byIntegration.get(row.integration);
    if (!list) byIntegration.set(row.integration, (list = []));
    list.push(row);
  }
  return byIntegration;
}
