import type { Kysely } from 'kysely';
import type { CatalogueEntry } from '../catalogue/types.js';
import { readRollups } from '../query/rollups.js';
import { LatencySketch } from '../rollup/sketch.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import type { FreshnessState, MinuteSignals, RecentSignals } from './evaluate.js';

/** The window rates are judged over, and how far back "for N min" looks. */
export const JUDGED_WINDOW_MS = 15 * MINUTE;
const HISTORY_MINUTES = 60;

const FAILURE_CLASSES = ['server_error', 'timeout', 'network_error', 'rate_limited', 'auth_error'] as const;

/**
 * Recent golden signals of every integration from the minute tier: the judged window as a whole,
 * and the last hour minute by minute (to say how long a condition has held).
 */
export async function recentSignals(db: Kysely<Database>, now: number): Promise<Map<string, RecentSignals>> {
  const end = floorTo(now, MINUTE) + MINUTE;
  const start = end - HISTORY_MINUTES * MINUTE;
  const judgedFrom = end - JUDGED_WINDOW_MS;
  const rows = await readRollups(db, [{ resolution: MINUTE, from: start, to: end }], { filters: {} });

  const perIntegration = new Map<string, { minutes: Array<MinuteSignals & { sketch: LatencySketch }>; judged: LatencySketch; failures: Record<string, number> }>();
  for (const row of rows) {
    let entry = perIntegration.get(row.integration);
    if (!entry) {
      entry = {
        minutes: Array.from({ length: HISTORY_MINUTES }, (_, i) => ({ t: start + i * MINUTE, volume: 0, ok: 0, failed: 0, p95: null, sketch: new LatencySketch() })),
        judged: new LatencySketch(),
        failures: {},
      };
      perIntegration.set(row.integration, entry);
    }
    const minute = entry.minutes[Math.floor((row.bucket - start) / MINUTE)];
    if (!minute) continue;
    const failed = FAILURE_CLASSES.reduce((sum, outcome) => sum + row[outcome], 0);
    minute.volume += row.volume;
    minute.ok += row.ok;
    minute.failed += failed;
    minute.sketch.mergeEncoded(row.latency_sketch);
    if (row.bucket >= judgedFrom) {
      entry.judged.mergeEncoded(row.latency_sketch);
      for (const outcome of FAILURE_CLASSES) entry.failures[outcome] = (entry.failures[outcome] ?? 0) + row[outcome];
    }
  }

  const signals = new Map<string, RecentSignals>();
  for (const [id, entry] of perIntegration) {
    const minutes = entry.minutes.map(({ sketch, ...minute }) => ({ ...minute, p95: sketch.quantile(0.95) }));
    const judged = minutes.filter((m) => m.t >= judgedFrom);
    const worst = Object.entries(entry.failures).sort((a, b) => b[1] - a[1])[0];
    signals.set(id, {
      windowMs: JUDGED_WINDOW_MS,
      volume: judged.reduce((sum, m) => sum + m.volume, 0),
      ok: judged.reduce((sum, m) => sum + m.ok, 0),
      failed: judged.reduce((sum, m) => sum + m.failed, 0),
      worstOutcome: worst && worst[1] > 0 ? worst[0] : null,
      p95: entry.judged.quantile(0.95),
      minutes,
    });
  }
  return signals;
}

export function noSignals(): RecentSignals {
  return { windowMs: JUDGED_WINDOW_MS, volume: 0, ok: 0, failed: 0, worstOutcome: null, p95: null, minutes: [] };
}

/** The newest record each freshness target of an integration watches. */
export async function freshnessStates(db: Kysely<Database>, entry: CatalogueEntry, now: number): Promise<FreshnessState[]> {
  const states: FreshnessState[] = [];
  for (const target of entry.slo.freshness) {
    let query = db
      .selectFrom('records')
      .select((eb) => eb.fn.max('ts').as('last'))
      .where('integration', '=', entry.id)
      .where('ts', '<=', now);
    query = target.event
      ? query.where('kind', '=', 'event').where('name', '=', target.event)
      : query.where('kind', '=', 'run').where('job', '=', target.job!).where('run_status', '=', 'success');
    const row = await query.executeTakeFirst();
    states.push({ target, lastTs: row?.last === null || row?.last === undefined ? null : Number(row.last) });
  }
  return states;
}
