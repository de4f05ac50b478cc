import { TEN_MINUTES, RESOLUTIONS, floorTo } from '../rollup/tiers.js';
import { plan, type QueryContext } from './context.js';
import type { HealthStatus } from '../health/evaluate.js';
import type { SeriesFilters, Window } from './params.js';
import { readRollups, SignalAccumulator, type GoldenSignals } from './rollups.js';
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

/** Sparklines get about this many points or more. */
const TREND_POINTS = 12;

/**
 * Every integration with its signals over the window and a small trend. Edges are aligned to ten
 * minutes and the trend reads the coarsest tier that still gives it a dozen points, so the board
 * stays cheap however many integrations there are. `only` narrows it to one integration.
 */
export async function board(
  context: QueryContext,
  window: Window,
  filters: SeriesFilters,
  only?: string,
): Promise<{ from: number; to: number; integrations: BoardTile[] }> {
  const span = window.to - window.from;
  const trendResolution = [...RESOLUTIONS].reverse().find((r) => span / r >= TREND_POINTS) ?? RESOLUTIONS[0];
  const { window: used, segments } = plan(context, window, {
    maxResolution: trendResolution,
    minResolution: Math.min(TEN_MINUTES, trendResolution),
  });
  const start = floorTo(used.from, trendResolution);
  const points = Math.max(1, Math.ceil((used.to - start) / trendResolution));

  const perIntegration = new Map<string, { total: SignalAccumulator; trend: OutcomeCounts[] }>();
  const entryFor = (id: string) => {
    let entry = perIntegration.get(id);
    if (!entry) {
      entry = { total: new SignalAccumulator(), trend: Array.from({ length: points }, emptyCounts) };
      perIntegration.set(id, entry);
    }
    return entry;
  };
  for (const row of await readRollups(context.db, segments, { filters, ...(only ? { integration: only } : {}) })) {
    const entry = entryFor(row.integration);
    entry.total.add(row);
    const point = entry.trend[Math.floor((row.bucket - start) / trendResolution)];
    if (point) addCounts(point, row);
  }
  let seenQuery = context.db.selectFrom('integrations_seen').select(['id', 'last_seen']);
  if (only) seenQuery = seenQuery.where('id', '=', only);
  const seen = await seenQuery.execute();
  for (const { id } of seen) entryFor(id);
  for (const { id } of context.catalogue?.all() ?? []) if (!only || id === only) entryFor(id);
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
          step_ms: trendResolution,
          start,
          volume: trend.map((c) => c.volume),
          success_rate: trend.map((c) => (c.volume === 0 ? null : Math.round((c.ok / c.volume) * 10_000) / 10_000)),
        },
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  return { from: used.from, to: used.to, integrations };
}
