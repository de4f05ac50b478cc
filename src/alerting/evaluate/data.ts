import { LogErrorData } from '../../logs/alert-data.js';
import { sql, type Kysely } from 'kysely';
import { OUTCOMES, type Outcome } from '../../common/outcome.js';
import type { Segment } from '../../query/plan.js';
import type { RollupRow } from '../../query/rollups.js';
import { forEachPackedBucket, withSpans, type PackedColumns } from '../../query/packed.js';
import { segmentQuery, type Narrow, type RollupColumn } from '../../query/segment-query.js';
import type { PackedBucket } from '../../rollup/spans.js';
import { MINUTE, floorTo } from '../../rollup/tiers.js';
import type { Database } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';
import { BurnData, type BurnSources } from './burn-data.js';
import { UsualData, type UsualSources } from './usual-data.js';
import { EventData } from './event-data.js';
import { LastWeeksData, matches, type LastWeeksSources } from './last-weeks-data.js';
import { LeadTimeData } from './lead-time-data.js';
import { SketchView } from './sketch-view.js';

/** Minute buckets in every trend (oldest first). */
export const TREND_BUCKETS = 12;
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

const everything: Narrow = (query) => query;

/**
 * The rows of a read made with `withSpans`, a row per bucket: the caller's own rows as they are
 * (bucket as a number), and each bucket of a span as `fromSpan` builds it from the span's row
 * (its dimensions) and the bucket (its time, counts and sketch).
 */
function bucketRows<Row extends { bucket: number } & PackedColumns>(segment: Segment, rows: readonly Row[], fromSpan: (span: Row, bucket: PackedBucket) => Row): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    if (forEachPackedBucket('call_rollups', segment, row, (bucket) => out.push(fromSpan(row, bucket)))) continue;
    row.bucket = Number(row.bucket);
    out.push(row);
  }
  return out;
}

/**
 * Counts of a read made with `withSpans` and grouped by the store per integration, bucket and
 * `dims`: the store's rows as they are, and the spans' buckets (a span is one call series) summed
 * into a row per the same group, so a day of minutes of every series makes no more rows than the
 * store's grouping does.
 */
function groupedCounts(segment: Segment, rows: ReadonlyArray<CountRow & PackedColumns>, dims: readonly string[], measures: ReadonlyArray<Outcome | 'volume'>): CountRow[] {
  const out: CountRow[] = [];
  const fromSpans = new Map<string, CountRow>();
  for (const row of rows) {
    const packed = forEachPackedBucket('call_rollups', segment, row, (bucket) => {
      let key = `${row.integration}\u0000${bucket.bucket}`;
      for (const dim of dims) key += `\u0000${row[dim as keyof CountRow] as string}`;
      let group = fromSpans.get(key);
      if (!group) {
        group = { integration: row.integration, bucket: bucket.bucket } as CountRow;
        for (const dim of dims) (group as Record<string, unknown>)[dim] = row[dim as keyof CountRow];
        for (const measure of measures) group[measure] = 0;
        fromSpans.set(key, group);
        out.push(group);
      }
      for (const measure of measures) group[measure] += bucket[measure];
    });
    if (packed) continue;
    row.bucket = Number(row.bucket);
    out.push(row);
  }
  return out;
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

/** Sub-minute unit of the calls read from raw records to prove how long a ratio has held. */
export const FINE_UNIT_MS = 10_000;

type NewestRow = { integration: string; newest: number; longest: number | null; name?: string | null; env?: string; site?: string | null; operation?: string; direction?: string };

/** How far back the newest record of a silence-watched stream is looked for (older: long silent). */
export const NEWEST_LOOKBACK_MS = 10 * MINUTE;

type FineRow = { integration: string; unit: number; outcome: string | null; calls: number; env?: string; site?: string | null; operation?: string; direction?: string };

/** Calls of one integration × filters in FINE_UNIT_MS units, oldest first. */
export interface FineView {
  start: number;
  unitMs: number;
  volume: Float64Array;
  outcomes: Record<Outcome, Float64Array>;
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
  /** integration → calls per minute (summed over the dimensions rules filter on) for trailing baselines. */
  private baselineRows = new Map<string, CountRow[]>();
  /** The `last_week` baselines' windows of previous weeks. */
  lastWeeks = LastWeeksData.empty();
  /** Events per minute from the event rollups, and the newest of each (freshness). */
  events!: EventData;
  /** Lead times per minute from the lead-time rollups. */
  leadTimes!: LeadTimeData;
  /** Calls per integration over the burn-rate rules' windows (hours to days, from the coarser tiers). */
  burn!: BurnData;
  /** The same hour on previous days, for rules in baseline mode. */
  usual!: UsualData;
  /** Error types of the integrations log_errors rules judge (src/logs/alert-data.ts). */
  logErrors!: LogErrorData;
  /** `${integration}\0${job}` → newest first. */
  readonly runs = new Map<string, { runs: RunRow[]; lastSuccess: number | null }>();
  /** `${integration}\0${gauge}` → newest first. */
  readonly gauges = new Map<string, Array<{ ts: number; value: number }>>();
  /** Integrations whose latest health status is down. */
  readonly down = new Set<string>();
  /** Integrations that sent anything (for rules over "*"). */
  readonly seen = new Set<string>();
  /** Newest record of each stream a silence rule watches (integration → rows with dims and name). */
  private readonly newestRows = new Map<string, NewestRow[]>();
  private fineStart = 0;
  private fineUnits = 0;
  private readonly fineRows = new Map<string, FineRow[]>();
  private readonly fineViews = new Map<string, FineView>();

  private constructor(readonly now: number, minutes: number) {
    this.minutes = minutes;
    this.start = floorTo(now, MINUTE) + MINUTE - minutes * MINUTE;
  }

  static async load(db: Kysely<Database>, now: number, rules: Array<{ rule: AlertRule; integration: string }>, sources: { burn?: BurnSources; usual?: UsualSources; lastWeeks?: LastWeeksSources } = {}): Promise<CycleData> {
    let span = TREND_BUCKETS + 1;
    // Enough minutes for the trend, the longest window, and a streak proving the longest `for`
    // (whose two edge minutes do not count). Burn-rate windows read the coarser tiers instead.
    for (const { rule } of rules) if (rule.kind !== 'burn_rate') span = Math.max(span, Math.ceil(Math.max(rule.windowMs, rule.forMs) / MINUTE) + 2);
    const data = new CycleData(now, Math.min(span, 24 * 60));
    const end = data.start + data.minutes * MINUTE;
    // The minute tier holds every call of its retention (ingest writes it), so no finer rows to add.
    const cycle: Segment = { resolution: MINUTE, from: data.start, to: end };
    const callRules = rules.filter(({ rule }) => ['error_rate', 'latency', 'rate_limit', 'volume_drop'].includes(rule.kind) && !rule.event);
    if (callRules.length > 0) {
      // Counts summed in the database over only the dimensions some rule filters on: a few rows
      // per integration and minute instead of one per series.
      const dims = DIMENSIONS.filter((dim) => callRules.some(({ rule }) => rule[dim] !== undefined));
      const grouped = segmentQuery(db, 'call_rollups', cycle, ['integration', 'volume', ...OUTCOMES, ...dims])
        .select([
          'integration', 'bucket', ...dims,
          sql<number>`sum(volume)`.as('volume'),
          ...OUTCOMES.map((outcome) => sql<number>`sum(${sql.ref(outcome)})`.as(outcome)),
        ])
        .groupBy(['integration', 'bucket', ...dims]);
      const counts = await withSpans(db, 'call_rollups', cycle, everything, grouped, ['integration', 'bucket', ...dims, 'volume', ...OUTCOMES], { sketches: false }).execute();
      for (const row of groupedCounts(cycle, counts as unknown as Array<CountRow & PackedColumns>, dims, ['volume', ...OUTCOMES])) {
        let list = data.countsByIntegration.get(row.integration);
        if (!list) data.countsByIntegration.set(row.integration, (list = []));
        list.push(row);
      }
      // Latency sketches only for the integrations a latency rule judges.
      const latencyOf = new Set(callRules.filter(({ rule }) => rule.kind === 'latency').map(({ integration }) => integration));
      if (latencyOf.size > 0) {
        const ids = [...latencyOf];
        const rows: RollupRow[] = [];
        const columns = ['bucket', 'integration', 'operation', 'direction', 'env', 'site', 'latency_sketch'] as const;
        for (let i = 0; i < ids.length; i += 500) {
          const narrow: Narrow = (query) => query.where('integration', 'in', ids.slice(i, i + 500));
          const sketches = segmentQuery(db, 'call_rollups', cycle, columns.slice(1) as Array<(typeof columns)[number] & RollupColumn<'call_rollups'>>, narrow).select(columns);
          const chunk = await withSpans(db, 'call_rollups', cycle, narrow, sketches, columns, { sketches: true }).execute();
          for (const row of bucketRows(cycle, chunk as unknown as Array<RollupRow & PackedColumns>, (span, bucket) => ({ ...span, bucket: bucket.bucket, latency_sketch: bucket.latency_sketch! }))) rows.push(row);
        }
        for (const row of rows) {
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
      // Per minute, so the baseline can skip the time before a series had data and take a median
      // of windows: from the hour before the longest window up to now.
      const from = end - Math.ceil(maxWindow / MINUTE) * MINUTE - HOUR;
      const dims = DIMENSIONS.filter((dim) => drops.some(({ rule }) => rule[dim] !== undefined));
      const minutes: Segment = { resolution: MINUTE, from, to: end };
      const grouped = segmentQuery(db, 'call_rollups', minutes, ['integration', 'volume', ...dims])
        .select(['integration', 'bucket', ...dims, sql<number>`sum(volume)`.as('volume')])
        .groupBy(['integration', 'bucket', ...dims]);
      const rows = await withSpans(db, 'call_rollups', minutes, everything, grouped, ['integration', 'bucket', ...dims, 'volume'], { sketches: false }).execute();
      for (const row of groupedCounts(minutes, rows as unknown as Array<CountRow & PackedColumns>, dims, ['volume'])) {
        let list = data.baselineRows.get(row.integration);
        if (!list) data.baselineRows.set(row.integration, (list = []));
        list.push(row);
      }
    }
    if (sources.lastWeeks) data.lastWeeks = await LastWeeksData.load(db, end, now, drops, sources.lastWeeks);

    await data.loadNewest(db, allDrops.filter(({ rule }) => rule.fraction === 0));

    data.events = await EventData.load(db, data.start, data.minutes, Math.min(data.start, end - HOUR - Math.ceil(maxWindow / MINUTE) * MINUTE), rules);
    data.leadTimes = await LeadTimeData.load(db, data.start, data.minutes, rules);
    data.burn = await BurnData.load(db, now, rules, sources.burn);
    data.usual = await UsualData.load(db, end, now, rules, sources.usual);
    data.logErrors = await LogErrorData.load(db, now, rules);

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
    const key = scopeKey(integration, filters);
    let view = this.views.get(key);
    if (!view) {
      const counts = (this.countsByIntegration.get(integration) ?? []).filter((row) => matches(row, filters));
      const sketches = (this.sketchesByIntegration.get(integration) ?? []).filter((row) => matches(row, filters));
      view = new SeriesView(this.minutes, counts, sketches, this.start);
      this.views.set(key, view);
    }
    return view;
  }

  /**
   * The sub-minute call counts of the integrations whose ratio rules breach their window, read
   * from the raw records (minute rollups cannot tell a 15-second burst from a sustained minute).
   * Only those, so a quiet cycle reads nothing more.
   */
  async loadFine(db: Kysely<Database>, wanted: Array<{ rule: AlertRule; integration: string }>): Promise<void> {
    const ids = [...new Set(wanted.map((w) => w.integration))].filter((id) => !this.fineRows.has(id));
    if (ids.length === 0) return;
    // Enough for `for`, its two edge slices, and slices a low volume makes longer than a unit.
    const spanMs = Math.min(24 * HOUR, wanted.reduce((longest, w) => Math.max(longest, w.rule.forMs), 0) + 5 * MINUTE);
    const end = floorTo(this.now, FINE_UNIT_MS) + FINE_UNIT_MS;
    this.fineStart = end - Math.ceil(spanMs / FINE_UNIT_MS) * FINE_UNIT_MS;
    this.fineUnits = (end - this.fineStart) / FINE_UNIT_MS;
    const dims = DIMENSIONS.filter((dim) => wanted.some(({ rule }) => rule[dim] !== undefined));
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('records')
        .select(['integration', 'outcome', ...dims, sql<number>`ts - (ts % ${sql.lit(FINE_UNIT_MS)})`.as('unit'), sql<number>`count(*)`.as('calls')])
        .where('kind', '=', 'call')
        .where('integration', 'in', ids.slice(i, i + 500))
        .where('ts', '>=', this.fineStart)
        .where('ts', '<', end)
        .groupBy(['integration', 'outcome', ...dims, sql`ts - (ts % ${sql.lit(FINE_UNIT_MS)})`])
        .execute();
      for (const row of rows as unknown as FineRow[]) {
        let list = this.fineRows.get(row.integration);
        if (!list) this.fineRows.set(row.integration, (list = []));
        list.push(row);
      }
    }
    for (const id of ids) if (!this.fineRows.has(id)) this.fineRows.set(id, []);
  }

  /**
   * The newest record of each stream a silence rule watches, within NEWEST_LOOKBACK_MS: a steady
   * stream's silence is known from its last record, long before a whole window is empty.
   */
  private async loadNewest(db: Kysely<Database>, silences: Array<{ rule: AlertRule; integration: string }>): Promise<void> {
    const from = this.now - NEWEST_LOOKBACK_MS;
    for (const events of [false, true]) {
      const wanted = silences.filter(({ rule }) => Boolean(rule.event) === events);
      if (wanted.length === 0) continue;
      const ids = [...new Set(wanted.map((w) => w.integration))];
      const dims = events ? (['env', 'site'] as const).filter((dim) => wanted.some(({ rule }) => rule[dim] !== undefined)) : DIMENSIONS.filter((dim) => wanted.some(({ rule }) => rule[dim] !== undefined));
      const names = [...new Set(wanted.map(({ rule }) => rule.event).filter((name): name is string => name !== undefined))];
      const keys = ['integration', ...dims, ...(events ? (['name'] as const) : [])] as const;
      for (let i = 0; i < ids.length; i += 500) {
        let gaps = db
          .selectFrom('records')
          .select([...keys, 'ts', sql<number>`ts - lag(ts) over (partition by ${sql.join(keys.map((key) => sql.ref(key)))} order by ts)`.as('gap')])
          .where('kind', '=', events ? 'event' : 'call')
          .where('integration', 'in', ids.slice(i, i + 500))
          .where('ts', '>', from)
          .where('ts', '<=', this.now);
        if (events) gaps = gaps.where('name', 'in', names);
        // The longest gap between two of its records, so a bursty stream's usual pauses are not
        // taken for silence.
        const rows = await db
          .selectFrom(gaps.as('g'))
          .select([...keys.map((key) => `g.${key}` as 'g.integration'), sql<number>`max(g.ts)`.as('newest'), sql<number>`max(g.gap)`.as('longest')])
          .groupBy(keys.map((key) => `g.${key}` as 'g.integration'))
          .execute();
        for (const row of rows as unknown as NewestRow[]) {
          let list = this.newestRows.get(row.integration);
          if (!list) this.newestRows.set(row.integration, (list = []));
          list.push(row);
        }
      }
    }
  }

  /**
   * The newest record of a stream (an event name, or calls) within NEWEST_LOOKBACK_MS, and the
   * longest gap between two of its records there; null: no record.
   */
  newestRecord(integration: string, filters: ScopeFilters, event: string | undefined): { newest: number; longestGapMs: number } | null {
    let newest: number | null = null;
    let longestGapMs = 0;
    for (const row of this.newestRows.get(integration) ?? []) {
      if ((event !== undefined ? row.name !== event : row.name !== undefined) || !matches({ ...row, site: row.site ?? undefined }, filters)) continue;
      newest = Math.max(newest ?? 0, Number(row.newest));
      longestGapMs = Math.max(longestGapMs, Number(row.longest ?? 0));
    }
    return newest === null ? null : { newest, longestGapMs };
  }

  /** The sub-minute calls of a scope; null until loadFine read its integration. */
  fineView(integration: string, filters: ScopeFilters): FineView | null {
    const rows = this.fineRows.get(integration);
    if (!rows) return null;
    const key = scopeKey(integration, filters);
    let view = this.fineViews.get(key);
    if (!view) {
      const volume = new Float64Array(this.fineUnits);
      const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, new Float64Array(this.fineUnits)])) as Record<Outcome, Float64Array>;
      for (const row of rows) {
        if (!matches({ ...row, site: row.site ?? '' }, filters)) continue;
        const i = (Number(row.unit) - this.fineStart) / FINE_UNIT_MS;
        const calls = Number(row.calls);
        volume[i]! += calls;
        if (row.outcome && row.outcome in outcomes) outcomes[row.outcome as Outcome][i]! += calls;
      }
      view = { start: this.fineStart, unitMs: FINE_UNIT_MS, volume, outcomes };
      this.fineViews.set(key, view);
    }
    return view;
  }

  /** Calls of the scope per minute over `minutes` minutes from `from` (trailing baselines). */
  volumeMinutes(integration: string, filters: ScopeFilters, from: number, minutes: number): Float64Array {
    const values = new Float64Array(minutes);
    for (const row of this.baselineRows.get(integration) ?? []) {
      const i = (row.bucket - from) / MINUTE;
      if (i >= 0 && i < minutes && matches(row, filters)) values[i]! += Number(row.volume);
    }
    return values;
  }
}

function scopeKey(integration: string, filters: ScopeFilters): string {
  return `${integration}\u0000${filters.env ?? ''}\u0000${filters.site ?? ''}\u0000${filters.operation ?? ''}\u0000${filters.direction ?? ''}`;
}


