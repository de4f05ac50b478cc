import { sql } from 'kysely';
import { DAY, HOUR, MINUTE, TEN_MINUTES, RESOLUTIONS, floorTo } from '../rollup/tiers.js';
import { plan, type QueryContext } from './context.js';
import type { HealthStatus } from '../health/evaluate.js';
import type { SeriesFilters, Window } from './params.js';
import { signalsOf, whereFilters, type GoldenSignals } from './rollups.js';
import { encodeCursor } from './cursor.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import { compareText } from '../store/order.js';
import { OUTCOMES } from '../common/outcome.js';
import { LatencySketch } from '../rollup/sketch.js';
import { COUNTS_WIDTH, countOffset } from '../rollup/spans.js';
import { emptyCounts, type OutcomeCounts } from '../rollup/series.js';
import type { BoardParts } from './board-parts.js';
import { hasSettled } from './segment-cache.js';
import { cutEvery, dayLessTheRest, joinNeighbours, type Segment } from './plan.js';
import { segmentQuery, type Narrow } from './segment-query.js';
import { readingAhead, type ReadStep } from './read-ahead.js';
import { forEachPackedBucket, packedCounts, packedTotals, withSpans, type PackedColumns } from './packed.js';
import { tileAdvice, type TileAdvice } from '../recovery/board-advice.js';

export type BoardTile = {
  id: string;
  /** Current health (not the window's): what on-call needs to know now. */
  status: HealthStatus;
  /** The first of `status_reasons`: the one a compact view shows in full. */
  status_reason: string;
  /** Every reason behind the status, worst first (SLO breaches first among equals). */
  status_reasons: string[];
  /**
   * On a degraded or down tile: what its worst firing alert means and the next step, as its
   * notification said (docs/recovery.md); null otherwise or when no alert carries advice.
   */
  advice: TileAdvice | null;
  title: string | null;
  owner: string | null;
  uncatalogued: boolean;
  last_seen: number | null;
  trend: { step_ms: number; start: number; volume: number[]; success_rate: Array<number | null> };
} & GoldenSignals;

/** Sparklines get about this many points or more, */
const TREND_POINTS = 12;
/**
 * and never more than this (a step of several tier rows over a long window): a bar per point across
 * a tile some 290 px wide, so more would be bars under 4 px that show nothing new; and the 7-day
 * board's hour tier (168 points) made its trends three times the rows of its counts and sketches.
 */
export const MAX_TREND_POINTS = 72;
/** Tiles per answer when no limit is asked for, and the most a limit may ask for. */
export const BOARD_LIMIT = 1_000;
/** A search (`q`) is at most this long. */
export const MAX_QUERY_CHARS = 100;

/** Worst first: what needs attention leads the board. */
const SEVERITY: Record<HealthStatus, number> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };

/** Where a tile stands in the board's order, and the `next` of a page that ends with it. */
export type BoardKey = readonly [severity: number, errorsPerBillion: number, id: string];

export interface BoardPage {
  /** Tiles per answer (default and maximum BOARD_LIMIT). */
  limit?: number;
  /** The key of the last tile of the page before (the answer's `next`). */
  after?: BoardKey;
  /** Only these integrations (a caller bound to tenants); undefined: every one. */
  visible?: readonly string[];
  /** Only integrations whose id, title, owner, partner or tenant contains this (any case). */
  q?: string;
}

export interface BoardAnswer {
  from: number;
  to: number;
  integrations: BoardTile[];
  next: string | null;
  /** Integrations on every page of this board (after `q` and visibility), by current status. */
  total: number;
  statuses: Record<HealthStatus, number>;
}

interface Candidate {
  id: string;
  lastSeen: number | null;
  counts: OutcomeCounts;
  key: BoardKey;
}

/**
 * The table a board reads and how it narrows it. Without a filter, the per-integration rollups:
 * one row per integration × bucket, whatever the integration's operations and environments. A
 * filter names a dimension only the call rollups keep, so then those, narrowed to it.
 */
function sourceOf(
  filters: SeriesFilters,
  kept: PartsReading | undefined,
): { table: 'integration_rollups' | 'call_rollups'; narrow: (query: Parameters<Narrow>[0], chunk: readonly string[] | undefined) => Parameters<Narrow>[0]; kept: PartsReading | undefined } {
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return {
    table: filtered ? 'call_rollups' : 'integration_rollups',
    narrow: (query, chunk) => whereIn(filtered ? whereFilters(query, filters) : query, 'integration', chunk),
    // What is kept is each integration's whole: a filtered board reads its own.
    kept: filtered ? undefined : kept,
  };
}

/** The board's kept parts as a read uses them: the keeper's read renews those kept from a read before `renewBefore`. */
interface PartsReading {
  parts: BoardParts;
  renewBefore: number | undefined;
}

/** Integer per-billion, so the key fits a cursor (integers only) and sorts the same in and out of one. */
function errorsPerBillion(counts: OutcomeCounts): number {
  return counts.volume === 0 ? 0 : Math.round(((counts.volume - counts.ok) / counts.volume) * 1e9);
}

function compareKeys(a: BoardKey, b: BoardKey): number {
  return a[0] - b[0] || b[1] - a[1] || compareText(a[2], b[2]);
}

function matches(q: string, values: ReadonlyArray<string | null | undefined>): boolean {
  return values.some((value) => value !== null && value !== undefined && value.toLowerCase().includes(q));
}

/** The integrations of a page of tiles; `everyOne`: the page is the whole of an unconfined board. */
interface PageOfTiles {
  ids: readonly string[];
  everyOne: boolean;
}

/**
 * What a read of the page's `ids` asks the store for. A page that is the whole of an unconfined
 * board (a script's, the keeper's) with all of it still to read is read unconfined, as the counts
 * are: one statement a segment scanning the tier instead of one per 500 ids listed, which took
 * a quarter of a past window's whole board. What is kept is still looked up by the page's list.
 */
function askedOf(page: PageOfTiles, ids: IntegrationFilter): IntegrationFilter {
  return page.everyOne && ids !== undefined && ids.length === page.ids.length ? undefined : ids;
}

/** Where a bucket's ok calls are among its counts (`packedCounts`). */
const OK = countOffset('ok');

const sum = (column: string) => sql<number>`sum(${sql.ref(column)})`.as(column);

/** Outcome counts per integration over the segments: summed by the store, a row per integration and segment. */
async function countsOf(context: QueryContext, segments: readonly Segment[], filters: SeriesFilters, integrations: IntegrationFilter, parts: PartsReading | undefined): Promise<Map<string, OutcomeCounts>> {
  const { table, narrow, kept } = sourceOf(filters, parts);
  const totals = new Map<string, OutcomeCounts>();
  const output = ['integration', 'volume', ...OUTCOMES];
  await readingAhead(segments.map((segment) => async (ahead) => {
    const read = async (ids: IntegrationFilter) => {
      const rows = await readConfined(ids, (chunk) => {
        const narrowed: Narrow = (query) => narrow(query, chunk);
        const rows = segmentQuery(context.db, table, segment, ['integration', 'volume', ...OUTCOMES], narrowed)
          .select(['integration', sum('volume'), ...OUTCOMES.map(sum)])
          .groupBy('integration');
        return withSpans(context.db, table, segment, narrowed, rows, output, { sketches: false }).execute();
      });
      ahead();
      const bySegment = new Map<string, OutcomeCounts>();
      for (const row of rows as Array<Record<string, unknown> & PackedColumns & { integration: string }>) {
        let counts = bySegment.get(row.integration);
        if (!counts) bySegment.set(row.integration, (counts = emptyCounts()));
        addCounts(counts, packedTotals(table, segment, row) ?? row);
      }
      return bySegment;
    };
    const bySegment = kept ? await kept.parts.counts.read('counts', segment, context.clock(), integrations, read, (counts) => counts, kept.renewBefore) : await read(integrations);
    for (const [integration, counts] of bySegment) {
      let into = totals.get(integration);
      if (!into) totals.set(integration, (into = emptyCounts()));
      addCounts(into, counts);
    }
  }));
  return totals;
}

function addCounts(into: OutcomeCounts, from: Record<string, unknown> | OutcomeCounts): void {
  const values = from as Record<string, unknown>;
  into.volume += Number(values['volume']);
  for (const outcome of OUTCOMES) into[outcome] += Number(values[outcome]);
}

/**
 * The reads of the merged latency sketch of each integration given over the segments, and the
 * sketches once they have run; most of an ended day's hours as its day less the other hours
 * (dayLessTheRest): the 24-hour board opened after midnight merges two sketches of yesterday per
 * integration, not 23.
 */
function sketchReads(context: QueryContext, segments: readonly Segment[], filters: SeriesFilters, page: PageOfTiles, parts: PartsReading | undefined): { steps: ReadStep[]; sketches: () => Map<string, LatencySketch> } {
  const { table, narrow, kept } = sourceOf(filters, parts);
  const integrations = page.ids;
  const sketches = new Map<string, LatencySketch>();
  const lessened = new Map<string, LatencySketch>();
  const rowsOf = (segment: Segment, ids: IntegrationFilter) =>
    readConfined(askedOf(page, ids), (chunk) => {
      const narrowed: Narrow = (query) => narrow(query, chunk);
      const rows = segmentQuery(context.db, table, segment, ['integration', 'latency_sketch'], narrowed).select(['integration', 'latency_sketch']);
      return withSpans(context.db, table, segment, narrowed, rows, ['integration', 'latency_sketch'], { sketches: 'merged' }).execute();
    }) as Promise<SketchRow[]>;
  const readInto = async (merged: Map<string, LatencySketch>, segment: Segment, ahead: () => void) => {
    const now = context.clock();
    if (!kept || !hasSettled(segment, now)) {
      const rows = await rowsOf(segment, integrations);
      ahead();
      for (const row of rows) mergeRow(table, segment, row, sketchOf(merged, row.integration));
      return;
    }
    // What is read now is merged as each integration's sketch is made, not decoded again from what is kept.
    const readNow = new Set<string>();
    const read = async (ids: IntegrationFilter) => {
      const rows = await rowsOf(segment, ids);
      ahead();
      return encodedByIntegration(table, segment, rows, merged, readNow);
    };
    for (const [integration, encoded] of await kept.parts.sketches.read('sketches', segment, now, integrations, read, (sketch) => sketch, kept.renewBefore)) {
      if (!readNow.has(integration)) sketchOf(merged, integration).mergeEncoded(encoded);
    }
  };
  const covers = segments.map((segment) => dayLessTheRest(segment, context.clock(), context.config.retention.rollupMs));
  // The ended days at a window's edges (a day less its other hours) read with the days between:
  // the week holding each is then read once, and as its total if the window holds all of it.
  const steps: ReadStep[] = [
    ...joinNeighbours(covers.flatMap(({ plus }) => plus)).map((segment) => (ahead: () => void) => readInto(sketches, segment, ahead)),
    ...covers.flatMap(({ minus }) => minus).map((segment) => (ahead: () => void) => readInto(lessened, segment, ahead)),
  ];
  return {
    steps,
    sketches: () => {
      for (const [integration, rest] of lessened) sketches.get(integration)?.subtract(rest);
      return sketches;
    },
  };
}

type SketchRow = PackedColumns & { integration: string; latency_sketch: Uint8Array };

function sketchOf(merged: Map<string, LatencySketch>, integration: string): LatencySketch {
  let sketch = merged.get(integration);
  if (!sketch) merged.set(integration, (sketch = new LatencySketch()));
  return sketch;
}

function mergeRow(table: 'integration_rollups' | 'call_rollups', segment: Segment, row: SketchRow, into: LatencySketch): void {
  if (!forEachPackedBucket(table, segment, row, (bucket) => into.mergeEncoded(bucket.latency_sketch!))) into.mergeEncoded(row.latency_sketch);
}

/**
 * Each integration's sketch over the segment, merged and encoded one integration at a time, each
 * merged into its tile's sketch in `into` once encoded (and noted in `readNow`): a decoded sketch
 * of each of 1,000 integrations per segment, alive until the read ends, is some 4 MB a segment
 * that outlives the young generation (the served board's RSS grew by 35 MiB). A tile's first
 * segment makes the tile's sketch; a later one is made in one sketch cleared for each integration,
 * whose bins keep their room, where a sketch made anew for each integration and segment grew its
 * bins from nothing each time. The encodings go into one buffer of the segment's: small Buffers
 * share Node's 8 KiB pool blocks, and a kept one would hold a whole block that the others left.
 */
function encodedByIntegration(
  table: 'integration_rollups' | 'call_rollups',
  segment: Segment,
  rows: readonly SketchRow[],
  into: Map<string, LatencySketch>,
  readNow: Set<string>,
): Map<string, Uint8Array> {
  const byIntegration = new Map<string, SketchRow[]>();
  for (const row of rows) {
    const own = byIntegration.get(row.integration);
    if (own) own.push(row);
    else byIntegration.set(row.integration, [row]);
  }
  let written = new Uint8Array(Math.max(1024, byIntegration.size * 256));
  const ends: number[] = [];
  let at = 0;
  let scratch: LatencySketch | undefined;
  for (const [integration, own] of byIntegration) {
    const tile = into.get(integration);
    const sketch = tile === undefined ? new LatencySketch() : (scratch ??= new LatencySketch()).clear();
    for (const row of own) mergeRow(table, segment, row, sketch);
    const most = sketch.maxEncodedLength();
    if (at + most > written.length) {
      const grown = new Uint8Array(Math.max(written.length * 2, at + most));
      grown.set(written.subarray(0, at));
      written = grown;
    }
    at = sketch.encodeInto(written, at);
    ends.push(at);
    readNow.add(integration);
    if (tile === undefined) into.set(integration, sketch);
    else tile.merge(sketch);
  }
  const slab = written.slice(0, at);
  const kept = new Map<string, Uint8Array>();
  let start = 0;
  let index = 0;
  for (const integration of byIntegration.keys()) {
    const end = ends[index++]!;
    kept.set(integration, slab.subarray(start, end));
    start = end;
  }
  return kept;
}

/**
 * Where a trend's segment is cut into parts kept apart: ten minutes of minutes, hours of ten
 * minutes, days of hours. A step's buckets on both sides of a cut add up in the same point.
 */
const TREND_PART: ReadonlyMap<number, number> = new Map([
  [MINUTE, TEN_MINUTES],
  [TEN_MINUTES, HOUR],
  [HOUR, DAY],
]);

/** The reads of volume and ok per integration and trend step (summed by the store, `points` rows per integration at most), and what they fill. */
function trendReads(
  context: QueryContext,
  segments: readonly Segment[],
  filters: SeriesFilters,
  page: PageOfTiles,
  trend: { start: number; step: number; points: number },
  parts: PartsReading | undefined,
): { steps: ReadStep[]; trends: Map<string, { volume: number[]; ok: number[] }> } {
  const { table, narrow, kept } = sourceOf(filters, parts);
  const integrations = page.ids;
  const step = sql.lit(trend.step);
  const trends = new Map<string, { volume: number[]; ok: number[] }>();
  // Kept, a segment is read in parts: the part that holds now is the only one read each time.
  const reads = kept ? segments.flatMap((whole) => cutEvery(whole, TREND_PART.get(whole.resolution))) : segments;
  const steps = reads.map((segment): ReadStep => async (ahead) => {
    /** Each integration's `[t, volume, ok, …]` over the segment. */
    const read = async (ids: IntegrationFilter) => {
      const rows = await readConfined(askedOf(page, ids), (chunk) => {
        const narrowed: Narrow = (query) => narrow(query, chunk);
        const rows = segmentQuery(context.db, table, segment, ['integration', 'volume', 'ok'], narrowed)
          .select(['integration', sql<number>`(bucket / ${step}) * ${step}`.as('t'), sum('volume'), sum('ok')])
          .groupBy(['integration', 't']);
        return withSpans(context.db, table, segment, narrowed, rows, ['integration', 't', 'volume', 'ok'], { sketches: false }).execute();
      });
      ahead();
      const bySegment = new Map<string, number[]>();
      for (const row of rows as unknown as Array<PackedColumns & { integration: string; t: unknown; volume: unknown; ok: unknown }>) {
        let points = bySegment.get(row.integration);
        if (!points) bySegment.set(row.integration, (points = []));
        const span = packedCounts(table, segment, row, true);
        if (!span) points.push(Number(row.t), Number(row.volume), Number(row.ok));
        else {
          for (let index = 0; index < span.present.length; index++) {
            if (!span.present[index]) continue;
            const at = index * COUNTS_WIDTH;
            points.push(floorTo(span.span + index * segment.resolution, trend.step), span.counts[at]!, span.counts[at + OK]!);
          }
        }
      }
      return bySegment;
    };
    const bySegment = kept ? await kept.parts.trends.read(`trend|${trend.step}`, segment, context.clock(), integrations, read, (points) => Float64Array.from(points), kept.renewBefore) : await read(integrations);
    for (const [integration, points] of bySegment) {
      let series = trends.get(integration);
      for (let i = 0; i < points.length; i += 3) {
        const point = Math.floor((points[i]! - trend.start) / trend.step);
        if (point < 0 || point >= trend.points) continue;
        if (!series) trends.set(integration, (series = { volume: new Array<number>(trend.points).fill(0), ok: new Array<number>(trend.points).fill(0) }));
        series.volume[point]! += points[i + 1]!;
        series.ok[point]! += points[i + 2]!;
      }
    }
  });
  return { steps, trends };
}

/**
 * The board: every integration (that sent records or is in the catalogue; of `visible` only, when
 * given; matching `q`, when given) with its signals over the window and a small trend, worst first
 * (current status, then the window's error rate), a page at a time.
 *
 * Its cost does not grow with history or with operations per integration. Without a filter it
 * reads the per-integration rollups; the order needs only counts, which the store sums per
 * integration over the coarsest cover of the window (whole days from the day tier, hours and ten
 * minutes at the edges); only the page's tiles then read their sketches (the same cover) and their
 * trend (the coarsest tier that still gives a dozen points, summed per step by the store). `only`
 * narrows it to one integration. With `parts`, each integration's counts, sketch and trend over
 * the settled segments are kept and shared by the next reads (board-parts.ts): a refresh, another
 * page or a tenant's board then reads the newest minutes and the integrations not kept yet.
 */
export async function board(context: QueryContext, window: Window, filters: SeriesFilters, only?: string, page: BoardPage = {}, parts?: BoardParts, renewBefore?: number): Promise<BoardAnswer> {
  const kept = parts && { parts, renewBefore };
  const span = window.to - window.from;
  const trendResolution = [...RESOLUTIONS].reverse().find((r) => span / r >= TREND_POINTS) ?? RESOLUTIONS[0];
  const minResolution = Math.min(TEN_MINUTES, trendResolution);
  // Both plans align the window's edges the same way (that depends on minResolution alone).
  const cover = plan(context, window, { minResolution });
  const trendPlan = plan(context, window, { maxResolution: trendResolution, minResolution });
  const used = cover.window;
  const trendStep = trendResolution * Math.max(1, Math.ceil((used.to - used.from) / trendResolution / (MAX_TREND_POINTS - 1)));
  const start = floorTo(used.from, trendStep);
  const points = Math.max(1, Math.ceil((used.to - start) / trendStep));

  // Late calls committed since the last board, by any instance: what may hold them is read again.
  await parts?.catchUp(context.db, context.clock());
  const catalogue = context.catalogue;
  const seen = new Map<string, { last_seen: number; tenant: string | null }>();
  let seenQuery = context.db.selectFrom('integrations_seen').select(['id', 'last_seen', 'tenant']);
  if (only !== undefined) seenQuery = seenQuery.where('id', '=', only);
  for (const row of await seenQuery.execute()) seen.set(row.id, { last_seen: Number(row.last_seen), tenant: row.tenant });
  const ids = new Set(seen.keys());
  for (const entry of catalogue?.all() ?? []) if (only === undefined || entry.id === only) ids.add(entry.id);
  const visible = page.visible ? new Set(page.visible) : undefined;
  const q = page.q?.trim().toLowerCase();
  const chosen: string[] = [];
  for (const id of ids) {
    if (visible && !visible.has(id)) continue;
    const record = catalogue?.get(id);
    if (q && !matches(q, [id, record?.title, record?.owner, record?.partner, record?.tenant ?? seen.get(id)?.tenant])) continue;
    chosen.push(id);
  }
  // Unconfined when the board is everything: one scan of the tier instead of thousands of lookups.
  // One integration's tile is never everything, though it is all of its own board.
  const confined: IntegrationFilter = only === undefined && chosen.length === ids.size && !visible ? undefined : chosen;
  const counts = chosen.length === 0 ? new Map<string, OutcomeCounts>() : await countsOf(context, cover.segments, filters, confined, kept);
  const health = (await context.health?.current()) ?? new Map();

  const statuses: Record<HealthStatus, number> = { down: 0, degraded: 0, unknown: 0, healthy: 0 };
  const candidates: Candidate[] = chosen.map((id) => {
    const status: HealthStatus = health.get(id)?.status ?? 'unknown';
    statuses[status] += 1;
    const windowCounts = counts.get(id) ?? emptyCounts();
    return { id, lastSeen: seen.get(id)?.last_seen ?? null, counts: windowCounts, key: [SEVERITY[status], errorsPerBillion(windowCounts), id] as const };
  });
  candidates.sort((a, b) => compareKeys(a.key, b.key));
  const after = page.after;
  const rest = after ? candidates.filter((candidate) => compareKeys(candidate.key, after) > 0) : candidates;
  const limit = Math.min(page.limit ?? BOARD_LIMIT, BOARD_LIMIT);
  const shown = rest.slice(0, limit);
  const pageIds = shown.map((candidate) => candidate.id);
  const tiles: PageOfTiles = { ids: pageIds, everyOne: confined === undefined && shown.length === candidates.length };
  // One statement at a time, each starting as the one before has its rows (read-ahead.ts), the
  // trends' first while the last sketches are merged. Side by side, the sketches and the trends took
  // the whole board's 7 and 30 days from 560 and 510 ms to 400, but both SQLite read workers then
  // grew to hold a whole board's rows (RSS 320 → 350–415 MiB); the sketches' segments in two lanes
  // did the same (RSS after 20 boards 348 → 423 MiB, 2026-12-06). A whole board's tiles read beside
  // its counts (its page is known before they order it) cost the same: 60 MiB more on SQLite (RSS
  // after 112 past boards 338–363 → 409–421 MiB) for a tenth off their medians, and on PostgreSQL
  // no gain beyond the runs' spread (2026-12-08).
  const sketchesRead = sketchReads(context, pageIds.length === 0 ? [] : cover.segments, filters, tiles, kept);
  const trendsRead = trendReads(context, pageIds.length === 0 ? [] : trendPlan.segments, filters, tiles, { start, step: trendStep, points }, kept);
  await readingAhead([...sketchesRead.steps, ...trendsRead.steps]);
  const sketches = sketchesRead.sketches();
  const trends = trendsRead.trends;

  const troubled = pageIds.filter((id) => health.get(id)?.status === 'down' || health.get(id)?.status === 'degraded');
  const advice = troubled.length === 0 ? new Map<string, TileAdvice>() : await tileAdvice(context.db, troubled);

  const integrations = shown.map(({ id, lastSeen, counts: c }): BoardTile => {
    const current = health.get(id);
    const record = catalogue?.get(id);
    const trend = trends.get(id) ?? { volume: new Array<number>(points).fill(0), ok: new Array<number>(points).fill(0) };
    return {
      id,
      status: current?.status ?? 'unknown',
      status_reason: current?.reasons[0] ?? 'not judged yet',
      status_reasons: current && current.reasons.length > 0 ? current.reasons : ['not judged yet'],
      advice: advice.get(id) ?? null,
      title: record?.title ?? null,
      owner: record?.owner ?? null,
      uncatalogued: record === undefined,
      last_seen: lastSeen,
      ...signalsOf(c, sketches.get(id)),
      trend: {
        step_ms: trendStep,
        start,
        volume: trend.volume,
        success_rate: trend.volume.map((volume, i) => (volume === 0 ? null : Math.round((trend.ok[i]! / volume) * 10_000) / 10_000)),
      },
    };
  });
  const last = shown[shown.length - 1];
  return {
    from: used.from,
    to: used.to,
    integrations,
    next: last && rest.length > limit ? encodeCursor(last.key) : null,
    total: candidates.length,
    statuses,
  };
}
