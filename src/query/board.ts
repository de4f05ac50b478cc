import { TEN_MINUTES, RESOLUTIONS, floorTo } from '../rollup/tiers.js';
import { plan, type QueryContext } from './context.js';
import type { HealthStatus } from '../health/evaluate.js';
import type { SeriesFilters, Window } from './params.js';
import { readRollups, SignalAccumulator, type GoldenSignals, type RollupRow } from './rollups.js';
import { encodeCursor } from './cursor.js';
import { readConfined, whereIn } from '../store/in-list.js';
import { engineOf } from '../store/engine.js';
import { byteOrder, compareText } from '../store/order.js';
import { addCounts, emptyCounts, type OutcomeCounts } from '../rollup/series.js';

export type BoardTile = {
  id: string;
  /** Current health (not the window's): what on-call needs to know now. */
  status: HealthStatus;
  status_reason: string;
  title: string | null;
  owner: string | null;
  uncatalogued: boolean;
  last_seen: number | null;
  trend: { step_ms: number; start: number; volume: number[]; success_rate: Array<number | null> };
} & GoldenSignals;

/** Sparklines get about this many points or more, */
const TREND_POINTS = 12;
/** and never more than this (a step of several tier rows over a long window). */
export const MAX_TREND_POINTS = 200;
/** Tiles per answer when no limit is asked for, and the most a limit may ask for. */
export const BOARD_LIMIT = 1_000;
/** Buckets × integrations up to which the board reads every row in one go (a day of a thousand integrations). */
const WHOLE_READ_BUCKETS = 100_000;

export interface BoardPage {
  /** Tiles per answer (default and maximum BOARD_LIMIT). */
  limit?: number;
  /** The id of the last tile of the page before (the answer's `next`). */
  after?: string;
  /** Only these integrations (a caller bound to tenants); undefined: every one. */
  visible?: readonly string[];
}

/**
 * The ids of one page of the board, in id order: every integration that sent records or is in the
 * catalogue (of `visible` only, when given), after `after`; `more` when the list goes on.
 */
async function pageIds(context: QueryContext, page: BoardPage, limit: number): Promise<{ ids: string[]; more: boolean }> {
  const after = page.after ?? '';
  const ids = new Set<string>();
  if (page.visible) {
    for (const id of page.visible) if (id > after) ids.add(id);
  } else {
    const id = byteOrder(engineOf(context.config.database), 'id');
    let seen = context.db.selectFrom('integrations_seen').select('id').orderBy(id).limit(limit + 1);
    if (page.after !== undefined) seen = seen.where(id, '>', page.after);
    for (const row of await seen.execute()) ids.add(row.id);
    for (const { id } of context.catalogue?.all() ?? []) if (id > after) ids.add(id);
  }
  const sorted = [...ids].sort(compareText);
  return { ids: sorted.slice(0, limit), more: sorted.length > limit };
}

/**
 * Every integration with its signals over the window and a small trend, a page at a time (by id).
 * Edges are aligned to ten minutes and the trend reads the coarsest tier that still gives it a
 * dozen points, in steps of several rows when the window is long, so the board stays cheap. `only`
 * narrows it to one integration. When the whole list fits one page and the window is short its
 * rollups are read at once; past that, integration by integration, so a page costs the same
 * however many there are and however long the window.
 */
export async function board(
  context: QueryContext,
  window: Window,
  filters: SeriesFilters,
  only?: string,
  page: BoardPage = {},
): Promise<{ from: number; to: number; integrations: BoardTile[]; next: string | null }> {
  const span = window.to - window.from;
  const trendResolution = [...RESOLUTIONS].reverse().find((r) => span / r >= TREND_POINTS) ?? RESOLUTIONS[0];
  const { window: used, segments } = plan(context, window, {
    maxResolution: trendResolution,
    minResolution: Math.min(TEN_MINUTES, trendResolution),
  });
  const trendStep = trendResolution * Math.max(1, Math.ceil((used.to - used.from) / trendResolution / (MAX_TREND_POINTS - 1)));
  const start = floorTo(used.from, trendStep);
  const points = Math.max(1, Math.ceil((used.to - start) / trendStep));

  const limit = Math.min(page.limit ?? BOARD_LIMIT, BOARD_LIMIT);
  const { ids, more } = only ? { ids: [only], more: false } : await pageIds(context, page, limit);
  const onPage = new Set(ids);
  const perIntegration = new Map<string, { total: SignalAccumulator; trend: OutcomeCounts[] }>();
  const entryFor = (id: string) => {
    let entry = perIntegration.get(id);
    if (!entry) {
      entry = { total: new SignalAccumulator(), trend: Array.from({ length: points }, emptyCounts) };
      perIntegration.set(id, entry);
    }
    return entry;
  };
  const add = (row: RollupRow) => {
    if (!onPage.has(row.integration)) return;
    const entry = entryFor(row.integration);
    entry.total.add(row);
    const point = entry.trend[Math.floor((row.bucket - start) / trendStep)];
    if (point) addCounts(point, row);
  };
  // One read of every row when that is few rows; else one integration at a time, so a long window
  // over many integrations never holds all their rows at once.
  const buckets = segments.reduce((n, segment) => n + (segment.to - segment.from) / segment.resolution, 0);
  const wholeList = only === undefined && page.after === undefined && !more && !page.visible && buckets * ids.length <= WHOLE_READ_BUCKETS;
  if (wholeList) {
    for (const row of await readRollups(context.db, segments, { filters })) add(row);
  } else {
    for (const id of ids) for (const row of await readRollups(context.db, segments, { filters, integration: id })) add(row);
  }
  const seen = ids.length === 0 ? [] : await readConfined(ids, (chunk) => whereIn(context.db.selectFrom('integrations_seen').select(['id', 'last_seen']), 'id', chunk!).execute());
  const catalogued = new Set((context.catalogue?.all() ?? []).map((entry) => entry.id));
  for (const { id } of seen) entryFor(id);
  for (const id of ids) if (catalogued.has(id)) entryFor(id);
  const lastSeen = new Map(seen.map((row) => [row.id, row.last_seen]));
  const health = (await context.health?.current()) ?? new Map();

  const integrations = [...perIntegration.entries()]
    .map(([id, entry]): BoardTile => {
      const signals = entry.total.signals();
      const current = health.get(id);
      const record = context.catalogue?.get(id);
      const trend = entry.trend;
      return {
        id,
        status: current?.status ?? 'unknown',
        status_reason: current?.reasons[0] ?? 'not judged yet',
        title: record?.title ?? null,
        owner: record?.owner ?? null,
        uncatalogued: record === undefined,
        last_seen: lastSeen.get(id) ?? null,
        ...signals,
        trend: {
          step_ms: trendStep,
          start,
          volume: trend.map((c) => c.volume),
          success_rate: trend.map((c) => (c.volume === 0 ? null : Math.round((c.ok / c.volume) * 10_000) / 10_000)),
        },
      };
    })
    .sort((a, b) => compareText(a.id, b.id));
  return { from: used.from, to: used.to, integrations, next: more ? encodeCursor([ids[ids.length - 1]!]) : null };
}
