import type { Kysely } from 'kysely';
import type { CatalogueEntry } from '../catalogue/types.js';
import { segmentQuery } from '../query/segment-query.js';
import { LatencySketch } from '../rollup/sketch.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import { readConfined, whereIn } from '../store/in-list.js';
import type { Database } from '../store/schema.js';
import type { FreshnessState, MinuteSignals, RecentSignals } from './evaluate.js';

/** The window rates are judged over, and how far back "for N min" looks. */
export const JUDGED_WINDOW_MS = 15 * MINUTE;
const HISTORY_MINUTES = 60;

const FAILURE_CLASSES = ['server_error', 'timeout', 'network_error', 'rate_limited', 'auth_error'] as const;
const COUNTED = ['volume', 'ok', ...FAILURE_CLASSES] as const;

type CountRow = Record<(typeof COUNTED)[number], unknown> & { integration: string; bucket: unknown };

/**
 * Recent golden signals of every integration from the minute tier: the judged window as a whole,
 * and the last hour minute by minute (to say how long a condition has held).
 *
 * A refresh runs every 15 s for every integration, so it reads counts alone, summed per
 * integration and minute by the store. Latency costs a sketch per row, so it is read only where
 * it is judged: the window's p95 of the integrations `latencyTargets` names, and the hour's p95
 * minute by minute of those whose window is over their target (to say for how long). Every other
 * p95 is null. At 1,000 integrations this cut a refresh's allocations from about 80 MB to a tenth.
 */
export async function recentSignals(db: Kysely<Database>, now: number, latencyTargets: ReadonlyMap<string, number> = new Map()): Promise<Map<string, RecentSignals>> {
  const end = floorTo(now, MINUTE) + MINUTE;
  const start = end - HISTORY_MINUTES * MINUTE;
  const judgedFrom = end - JUDGED_WINDOW_MS;
  const rows = (await segmentQuery(db, 'integration_rollups', { resolution: MINUTE, from: start, to: end }, ['integration', ...COUNTED])
    .select(['integration', 'bucket'])
    .select((eb) => COUNTED.map((column) => eb.fn.sum(column).as(column)))
    .groupBy(['integration', 'bucket'])
    .execute()) as CountRow[];

  const minutesOf = new Map<string, MinuteSignals[]>();
  const failuresOf = new Map<string, Record<string, number>>();
  for (const row of rows) {
    let minutes = minutesOf.get(row.integration);
    if (!minutes) {
      minutes = Array.from({ length: HISTORY_MINUTES }, (_, i) => ({ t: start + i * MINUTE, volume: 0, ok: 0, failed: 0, p95: null }));
      minutesOf.set(row.integration, minutes);
      failuresOf.set(row.integration, {});
    }
    const bucket = Number(row.bucket);
    const minute = minutes[Math.floor((bucket - start) / MINUTE)];
    if (!minute) continue;
    minute.volume += Number(row.volume);
    minute.ok += Number(row.ok);
    minute.failed += FAILURE_CLASSES.reduce((sum, outcome) => sum + Number(row[outcome]), 0);
    if (bucket >= judgedFrom) {
      const failures = failuresOf.get(row.integration)!;
      for (const outcome of FAILURE_CLASSES) failures[outcome] = (failures[outcome] ?? 0) + Number(row[outcome]);
    }
  }

  const watched = [...latencyTargets.keys()].filter((id) => minutesOf.has(id));
  const windowP95 = new Map<string, number | null>();
  for (const [id, perMinute] of await minuteSketches(db, { from: judgedFrom, to: end }, watched)) {
    const merged = new LatencySketch();
    for (const sketch of perMinute.values()) merged.merge(sketch);
    windowP95.set(id, merged.quantile(0.95));
  }
  const over = watched.filter((id) => (windowP95.get(id) ?? 0) > latencyTargets.get(id)!);
  for (const [id, perMinute] of await minuteSketches(db, { from: start, to: end }, over)) {
    for (const minute of minutesOf.get(id)!) minute.p95 = perMinute.get(minute.t)?.quantile(0.95) ?? null;
  }

  const signals = new Map<string, RecentSignals>();
  for (const [id, minutes] of minutesOf) {
    const judged = minutes.filter((m) => m.t >= judgedFrom);
    const worst = Object.entries(failuresOf.get(id)!).sort((a, b) => b[1] - a[1])[0];
    signals.set(id, {
      windowMs: JUDGED_WINDOW_MS,
      volume: judged.reduce((sum, m) => sum + m.volume, 0),
      ok: judged.reduce((sum, m) => sum + m.ok, 0),
      failed: judged.reduce((sum, m) => sum + m.failed, 0),
      worstOutcome: worst && worst[1] > 0 ? worst[0] : null,
      p95: windowP95.get(id) ?? null,
      minutes,
    });
  }
  return signals;
}

/** The latency sketch of each minute of a span, per integration asked for (none asked: no read). */
async function minuteSketches(db: Kysely<Database>, span: { from: number; to: number }, integrations: readonly string[]): Promise<Map<string, Map<number, LatencySketch>>> {
  const sketches = new Map<string, Map<number, LatencySketch>>();
  if (integrations.length === 0) return sketches;
  const rows = await readConfined(integrations, (chunk) =>
    segmentQuery(db, 'integration_rollups', { resolution: MINUTE, ...span }, ['integration', 'latency_sketch'], (query) => whereIn(query, 'integration', chunk))
      .selectAll()
      .execute() as Promise<Array<{ integration: string; bucket: unknown; latency_sketch: Uint8Array }>>,
  );
  for (const row of rows) {
    let perMinute = sketches.get(row.integration);
    if (!perMinute) sketches.set(row.integration, (perMinute = new Map()));
    const bucket = Number(row.bucket);
    let sketch = perMinute.get(bucket);
    if (!sketch) perMinute.set(bucket, (sketch = new LatencySketch()));
    sketch.mergeEncoded(row.latency_sketch);
  }
  return sketches;
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
