import type { Kysely } from 'kysely';
import type { CatalogueEntry } from '../catalogue/types.js';
import { forEachPackedBucket, withSpans, type PackedColumns } from '../query/packed.js';
import type { Segment } from '../query/plan.js';
import { segmentQuery, type Narrow } from '../query/segment-query.js';
import { LatencySketch } from '../rollup/sketch.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { Database } from '../store/schema.js';
import { overLatencyTarget, reportsDuration, type FreshnessState, type RecentSignals } from './evaluate.js';

/** The window rates are judged over, and how far back "for N min" looks. */
export const JUDGED_WINDOW_MS = 15 * MINUTE;
const HISTORY_MINUTES = 60;

const FAILURE_CLASSES = ['server_error', 'timeout', 'network_error', 'rate_limited', 'auth_error'] as const;
const COUNTED = ['volume', 'ok', ...FAILURE_CLASSES] as const;

type CountRow = Record<(typeof COUNTED)[number], unknown> & { integration: string; bucket?: unknown };

/**
 * The calls' counts of a span at the minute tier, summed by the store per integration (and per
 * minute, `byMinute`): a row per group. Minutes the packer has packed (older than an hour: never
 * in a refresh of this server's own clock, but an instance's clock may lag the packer's) are
 * added in here.
 */
async function readCounts(db: Kysely<Database>, span: { from: number; to: number }, byMinute: boolean, integrations: IntegrationFilter): Promise<CountRow[]> {
  const by = byMinute ? ['integration', 'bucket'] : ['integration'];
  const segment: Segment = { resolution: MINUTE, ...span };
  const rows = await readConfined(integrations, (chunk) => {
    const narrow: Narrow = (query) => whereIn(query, 'integration', chunk);
    const grouped = segmentQuery(db, 'integration_rollups', segment, ['integration', ...COUNTED], narrow)
      .select(by)
      .select((eb) => COUNTED.map((column) => eb.fn.sum(column).as(column)))
      .groupBy(by);
    return withSpans(db, 'integration_rollups', segment, narrow, grouped, [...by, ...COUNTED], { sketches: false }).execute() as Promise<Array<CountRow & PackedColumns>>;
  });
  const groups = new Map<string, CountRow>();
  const add = (integration: string, bucket: unknown, counts: Record<string, unknown>) => {
    const key = byMinute ? `${integration}\u0000${Number(bucket)}` : integration;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { integration, ...(byMinute ? { bucket: Number(bucket) } : {}), ...Object.fromEntries(COUNTED.map((column) => [column, 0])) } as CountRow));
    for (const column of COUNTED) group[column] = Number(group[column]) + Number(counts[column]);
  };
  for (const row of rows) {
    if (!forEachPackedBucket('integration_rollups', segment, row, (bucket) => add(row.integration, bucket.bucket, bucket))) add(row.integration, row.bucket, row as unknown as Record<string, unknown>);
  }
  return [...groups.values()];
}

const failedOf = (row: CountRow) => FAILURE_CLASSES.reduce((sum, outcome) => sum + Number(row[outcome]), 0);

/**
 * Recent golden signals of every integration with calls in the judged window, from the minute
 * tier: the window as a whole and, where a finding will say for how long it has held, the last
 * hour minute by minute.
 *
 * A refresh runs every 15 s for every integration, so it reads what judging needs and no more:
 * the window's counts per integration (one row each, summed by the store); latency sketches only
 * where a catalogue p95 target judges them; the hour's minutes only of integrations with a finding
 * whose duration is reported (`reportsDuration`: down, below the success target, over the latency
 * target), and their minutes' sketches only when latency is that finding. Every other p95 is
 * null, every other `minutes` empty. At 1,000 integrations a refresh went from 60,000 rows with
 * a sketch each to about 1,000 rows.
 */
export async function recentSignals(db: Kysely<Database>, now: number, entryOf: (id: string) => CatalogueEntry | undefined = () => undefined): Promise<Map<string, RecentSignals>> {
  const end = floorTo(now, MINUTE) + MINUTE;
  const hour = { from: end - HISTORY_MINUTES * MINUTE, to: end };
  const judged = { from: end - JUDGED_WINDOW_MS, to: end };

  const signals = new Map<string, RecentSignals>();
  for (const row of await readCounts(db, judged, false, undefined)) {
    const worst = FAILURE_CLASSES.map((outcome) => [outcome, Number(row[outcome])] as const).sort((a, b) => b[1] - a[1])[0]!;
    signals.set(row.integration, {
      windowMs: JUDGED_WINDOW_MS,
      volume: Number(row.volume),
      ok: Number(row.ok),
      failed: failedOf(row),
      worstOutcome: worst[1] > 0 ? worst[0] : null,
      p95: null,
      minutes: [],
    });
  }

  const latencyTarget = (id: string) => entryOf(id)?.slo.latencyP95Ms;
  const watched = [...signals.keys()].filter((id) => latencyTarget(id) !== undefined);
  for (const [id, perMinute] of await minuteSketches(db, judged, watched)) {
    const merged = new LatencySketch();
    for (const sketch of perMinute.values()) merged.merge(sketch);
    signals.get(id)!.p95 = merged.quantile(0.95);
  }

  const held = [...signals].filter(([id, window]) => reportsDuration(window, entryOf(id))).map(([id]) => id);
  if (held.length === 0) return signals;
  for (const id of held) {
    signals.get(id)!.minutes = Array.from({ length: HISTORY_MINUTES }, (_, i) => ({ t: hour.from + i * MINUTE, volume: 0, ok: 0, failed: 0, p95: null }));
  }
  for (const row of await readCounts(db, hour, true, held)) {
    const minute = signals.get(row.integration)?.minutes[Math.floor((Number(row.bucket) - hour.from) / MINUTE)];
    if (!minute) continue;
    minute.volume += Number(row.volume);
    minute.ok += Number(row.ok);
    minute.failed += failedOf(row);
  }
  const slow = held.filter((id) => {
    const target = latencyTarget(id);
    return target !== undefined && overLatencyTarget(target)(signals.get(id)!);
  });
  for (const [id, perMinute] of await minuteSketches(db, hour, slow)) {
    for (const minute of signals.get(id)!.minutes) minute.p95 = perMinute.get(minute.t)?.quantile(0.95) ?? null;
  }
  return signals;
}

/** The latency sketch of each minute of a span, per integration asked for (none asked: no read). */
async function minuteSketches(db: Kysely<Database>, span: { from: number; to: number }, integrations: readonly string[]): Promise<Map<string, Map<number, LatencySketch>>> {
  const sketches = new Map<string, Map<number, LatencySketch>>();
  if (integrations.length === 0) return sketches;
  const segment: Segment = { resolution: MINUTE, ...span };
  const columns = ['bucket', 'integration', 'latency_sketch'] as const;
  const rows = await readConfined(integrations, (chunk) => {
    const narrow: Narrow = (query) => whereIn(query, 'integration', chunk);
    const minutes = segmentQuery(db, 'integration_rollups', segment, ['integration', 'latency_sketch'], narrow).select(columns);
    return withSpans(db, 'integration_rollups', segment, narrow, minutes, columns, { sketches: true }).execute() as Promise<
      Array<PackedColumns & { integration: string; bucket: unknown; latency_sketch: Uint8Array }>
    >;
  });
  const add = (integration: string, bucket: number, encoded: Uint8Array) => {
    let perMinute = sketches.get(integration);
    if (!perMinute) sketches.set(integration, (perMinute = new Map()));
    let sketch = perMinute.get(bucket);
    if (!sketch) perMinute.set(bucket, (sketch = new LatencySketch()));
    sketch.mergeEncoded(encoded);
  };
  for (const row of rows) {
    if (!forEachPackedBucket('integration_rollups', segment, row, (bucket) => add(row.integration, bucket.bucket, bucket.latency_sketch!))) {
      add(row.integration, Number(row.bucket), row.latency_sketch);
    }
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
