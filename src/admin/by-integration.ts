import type { Catalogue } from '../catalogue/catalogue.js';
import { OUTCOMES, type Outcome } from '../common/outcome.js';
import { plan, type QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';
import { forEachPackedBucket, withSpans, type PackedColumns } from '../query/packed.js';
import { dayLessTheRest, halves, presentApart, type PlanOptions, type Segment } from '../query/plan.js';
import type { Kept } from '../query/segment-cache.js';
import { segmentQuery, type Narrow } from '../query/segment-query.js';
import { LatencySketch } from '../rollup/sketch.js';
import { PACKED_TABLES, packedBefore, packs, spanLength } from '../rollup/spans.js';
import { MINUTE, TEN_MINUTES } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import { compareText } from '../store/order.js';
import { readGrouped, scopeKey, type GroupedCache } from './grouped.js';
import { ratio, recordsPerSecond, roundOrNull } from './trends.js';

/**
 * How the overview's totals and latency cover a window: from a ten-minute boundary (query/plan.ts,
 * `startResolution`), through the present when the window ends now (`throughNow`: today's calls
 * as each integration's day row); or to a ten-minute boundary when the window ended where the
 * minutes are packed already (a window of yesterday: its last minutes would read, for every
 * integration, a span of ten minute sketches to use a few of them).
 */
export function overviewPlan(context: QueryContext, window: Window): Pick<PlanOptions, 'startResolution' | 'minResolution' | 'throughNow'> {
  return window.to <= packedBefore(PACKED_TABLES.integration_rollups, context.clock(), MINUTE) ? { minResolution: TEN_MINUTES } : { startResolution: TEN_MINUTES, throughNow: true };
}

/** Each integration's calls by outcome class and its runs by status over a window. */
export interface IntegrationTotals {
  integration: string;
  calls: number;
  errors: number;
  error_rate: number | null;
  by_type: Record<Exclude<Outcome, 'ok'>, number>;
  runs: number;
  success_runs: number;
  failed_runs: number;
  partial_runs: number;
  records: number;
  timed_runs: number;
  /** Total duration of the timed runs, and the records they processed. */
  run_ms: number;
  timed_records: number;
  avg_duration_ms: number | null;
  records_per_second: number | null;
}

export const ERROR_TYPES = OUTCOMES.filter((outcome): outcome is Exclude<Outcome, 'ok'> => outcome !== 'ok');

/**
 * Totals of every integration asked for with calls or runs in the window, from the integration and
 * run rollups (one grouped row per integration and tier segment): sized by the integrations, not by
 * the records or the window.
 */
export async function integrationTotals(context: QueryContext, window: Window, integrations: IntegrationFilter, cached?: GroupedCache): Promise<{ window: Window; totals: IntegrationTotals[] }> {
  const { window: used, segments } = plan(context, window, overviewPlan(context, window));
  const callMeasures = Object.fromEntries(['volume', ...OUTCOMES].map((column) => [column, 'sum' as const]));
  const calls = await readGrouped(context.db, segments, { table: 'integration_rollups', by: ['integration'], measures: callMeasures, integrations }, cached);
  const runs = await readGrouped(
    context.db,
    segments,
    {
      table: 'run_rollups',
      by: ['integration'],
      measures: { runs: 'sum', success: 'sum', failed: 'sum', partial: 'sum', records: 'sum', timed_runs: 'sum', duration_ms: 'sum', timed_records: 'sum' },
      integrations,
    },
    cached,
  );
  const byId = new Map<string, IntegrationTotals>();
  const totalsOf = (integration: string) => {
    let totals = byId.get(integration);
    if (!totals) {
      totals = {
        integration,
        calls: 0,
        errors: 0,
        error_rate: null,
        by_type: Object.fromEntries(ERROR_TYPES.map((type) => [type, 0])) as IntegrationTotals['by_type'],
        runs: 0,
        success_runs: 0,
        failed_runs: 0,
        partial_runs: 0,
        records: 0,
        timed_runs: 0,
        run_ms: 0,
        timed_records: 0,
        avg_duration_ms: null,
        records_per_second: null,
      };
      byId.set(integration, totals);
    }
    return totals;
  };
  for (const row of calls) {
    const totals = totalsOf(row.integration as string);
    totals.calls = row.volume as number;
    totals.errors = totals.calls - (row.ok as number);
    totals.error_rate = ratio(totals.errors, totals.calls);
    for (const type of ERROR_TYPES) totals.by_type[type] = row[type] as number;
  }
  for (const row of runs) {
    const totals = totalsOf(row.integration as string);
    totals.runs = row.runs as number;
    totals.success_runs = row.success as number;
    totals.failed_runs = row.failed as number;
    totals.partial_runs = row.partial as number;
    totals.records = row.records as number;
    totals.timed_runs = row.timed_runs as number;
    totals.run_ms = row.duration_ms as number;
    totals.timed_records = row.timed_records as number;
    totals.avg_duration_ms = roundOrNull(ratio(row.duration_ms as number, totals.timed_runs), 1);
    totals.records_per_second = recordsPerSecond(row.timed_records as number, row.duration_ms as number);
  }
  return { window: used, totals: [...byId.values()].sort((a, b) => compareText(a.integration, b.integration)) };
}

export interface AdapterLatency {
  /** The catalogue's partner of the integrations (null: integrations not in the catalogue). */
  adapter: string | null;
  integrations: number;
  calls: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
}

/** Each adapter's merged latency, calls and integrations over a stretch of the window. */
export type AdapterGroups = Map<string, { sketch: LatencySketch; calls: number; integrations: Set<string> }>;

/** Where the settled stretches' latency by adapter is kept (the overview's own, emptied when the catalogue changes: OverviewReads), and the time of the read. */
export type AdapterCache = Kept<AdapterGroups>;

/**
 * Call latency per adapter (the catalogue's partner): every integration's latency sketches over
 * the window merged by partner. One sketch per integration and tier bucket is merged (2 to 5 µs
 * each), so a day's window of 1,000 integrations would merge up to 30,000; most of yesterday's
 * hours are read as yesterday less its other hours (dayLessTheRest), so it merges a few thousand
 * just after midnight and some 15,000 around midday. The plan's stretches are read in two lanes
 * side by side (the hour tier's cut in two at a span's end, so no span is read twice). The window
 * starts on ten minutes (overviewPlan): not a span of ten minute sketches an integration read for the
 * window's oldest minute or two. With `cached`, a settled stretch's merged sketches are kept: the
 * hour tier's stretches of a day's window move once an hour, so the overview's next requests
 * merge the last hour's sketches and a few kept ones.
 */
export async function latencyByAdapter(
  context: QueryContext,
  window: Window,
  integrations: IntegrationFilter,
  catalogue: Catalogue | undefined,
  cached?: AdapterCache,
): Promise<AdapterLatency[]> {
  const { segments } = plan(context, window, overviewPlan(context, window));
  const key = scopeKey(integrations);
  const byAdapter: AdapterGroups = new Map();
  const groupOf = (into: AdapterGroups, adapter: string) => {
    let group = into.get(adapter);
    if (!group) into.set(adapter, (group = { sketch: new LatencySketch(), calls: 0, integrations: new Set() }));
    return group;
  };
  /** Each bucket's integration, calls and encoded sketch of a segment, as the store answers. */
  const eachSketch = (segment: Segment, visit: (integration: string, volume: number, sketch: Uint8Array) => void) =>
    readConfined(integrations, async (chunk) => {
      const narrow: Narrow = (query) => whereIn(query, 'integration', chunk);
      const columns = ['integration', 'volume', 'latency_sketch'] as const;
      const rows = segmentQuery(context.db, 'integration_rollups', segment, columns, narrow).select(columns);
      const answer = (await withSpans(context.db, 'integration_rollups', segment, narrow, rows, columns, { sketches: 'merged' }).execute()) as Array<
        PackedColumns & { integration: string; volume: number; latency_sketch: Uint8Array }
      >;
      for (const row of answer) {
        if (!forEachPackedBucket('integration_rollups', segment, row, (bucket) => visit(row.integration, bucket.volume, bucket.latency_sketch!))) visit(row.integration, Number(row.volume), row.latency_sketch);
      }
      return [];
    });
  /** The sketches of `segments` merged by adapter, and each integration's calls. */
  const mergedByAdapter = async (segments: readonly Segment[]) => {
    const merged = new Map<string, LatencySketch>();
    const calls = new Map<string, number>();
    // A row is one integration's (a span of its buckets, or one bucket): the buckets visited one
    // after the other share its adapter's sketch, and their calls are added up before the map's.
    let current = '';
    let into: LatencySketch | undefined;
    let volumes = 0;
    const flush = () => {
      if (into) calls.set(current, (calls.get(current) ?? 0) + volumes);
    };
    const visit = (integration: string, volume: number, sketch: Uint8Array) => {
      if (integration !== current || !into) {
        flush();
        current = integration;
        volumes = 0;
        const adapter = catalogue?.get(integration)?.partner ?? '';
        into = merged.get(adapter);
        if (!into) merged.set(adapter, (into = new LatencySketch()));
      }
      into.mergeEncoded(sketch);
      volumes += volume;
    };
    for (const segment of segments) await eachSketch(segment, visit);
    flush();
    return { merged, calls };
  };
  const readStretch = async (segment: Segment): Promise<AdapterGroups> => {
    const { plus, minus } = dayLessTheRest(segment, context.clock(), context.config.retention.rollupMs);
    const [read, less] = await Promise.all([mergedByAdapter(plus), mergedByAdapter(minus)]);
    for (const [adapter, sketch] of less.merged) read.merged.get(adapter)?.subtract(sketch);
    for (const [integration, volume] of less.calls) read.calls.set(integration, (read.calls.get(integration) ?? 0) - volume);
    const stretch: AdapterGroups = new Map();
    for (const [adapter, sketch] of read.merged) stretch.set(adapter, { sketch, calls: 0, integrations: new Set() });
    for (const [integration, volume] of read.calls) {
      if (volume <= 0) continue;
      const group = stretch.get(catalogue?.get(integration)?.partner ?? '')!;
      group.calls += volume;
      group.integrations.add(integration);
    }
    return stretch;
  };
  // Two lanes: on SQLite the two read workers; on PostgreSQL two of the pool's connections.
  const packed = PACKED_TABLES.integration_rollups;
  const stretches = segments
    .flatMap((segment) => presentApart(segment, context.clock()))
    .flatMap((segment) => halves(segment, packs(packed, segment.resolution) ? spanLength(packed, segment.resolution) : segment.resolution));
  const lane = async (first: number) => {
    for (let i = first; i < stretches.length; i += 2) {
      const segment = stretches[i]!;
      const stretch = cached ? await cached.cache.get(key, segment, cached.now, () => readStretch(segment), cached.renewBefore) : await readStretch(segment);
      // Merged into groups of this read's own: a kept stretch's sketches are never changed.
      for (const [adapter, group] of stretch) {
        const into = groupOf(byAdapter, adapter);
        into.sketch.merge(group.sketch);
        into.calls += group.calls;
        for (const integration of group.integrations) into.integrations.add(integration);
      }
    }
  };
  await Promise.all([lane(0), lane(1)]);
  return [...byAdapter]
    .filter(([, group]) => group.calls > 0)
    .map(([adapter, group]) => ({
      adapter: adapter === '' ? null : adapter,
      integrations: group.integrations.size,
      calls: group.calls,
      p50_ms: roundOrNull(group.sketch.quantile(0.5), 3),
      p95_ms: roundOrNull(group.sketch.quantile(0.95), 3),
      p99_ms: roundOrNull(group.sketch.quantile(0.99), 3),
    }))
    .sort((a, b) => b.calls - a.calls || compareText(a.adapter ?? '', b.adapter ?? ''));
}
