/**
 * A generated store for the flow benchmark: the event and lead-time rollup rows the compactor
 * would leave behind (compacted = 1) for C carriers and O order channels, each in 2 envs × 2 sites,
 * over the last `days` days, written with the product's bulkInsert in time order.
 *
 * Every minute of every series is drawn once (a Poisson count around the series' mean, shaped by
 * the simulator's daily cycle; lead times lognormal around 50 min, in seconds as the product keeps
 * them); each coarser row holds exactly the minutes it covers. Like a store at default retention,
 * the ten-minute tier holds the last 35 days and the hour and day tiers everything; minute rows
 * are written for the last 25 hours only, since no measured window reads older ones (the planner
 * reads the minute tier at a window's edges, and the 24-hour baseline from it).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { CARRIER_CONFIRMED, EXCEPTION_RAISED, LABEL_CREATED, LABEL_FAILED, ORDER_RECEIVED, SHIPMENT_CREATED, TRACKING_UPDATED } from '../../src/flow/events.js';
import { LatencySketch } from '../../src/rollup/sketch.js';
import { EVENT_ROLLUPS, LEAD_TIME_ROLLUPS, columnsOf, type RollupTable } from '../../src/rollup/tables.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES, floorTo } from '../../src/rollup/tiers.js';
import { dayFactor } from '../../src/simulator/daycycle.js';
import { Random } from '../../src/simulator/random.js';
import { bulkInsert } from '../../src/store/bulk-insert.js';
import type { Database } from '../../src/store/schema.js';
import type { EngineName } from './stores.js';

export interface FlowDataOptions {
  /** The end of the data, minute-aligned: the clock's "now" for the queries. */
  now: number;
  carriers: number;
  origins: number;
  days: number;
  seed: number;
}

export interface FlowData {
  rowsByTable: Record<string, Record<number, number>>;
  rows: number;
  events: number;
  leadTimes: number;
  totalMs: number;
  insertMs: number;
}

const COMBOS = [
  { env: 'production', site: 'ams-1' },
  { env: 'production', site: 'fra-2' },
  { env: 'staging', site: 'ams-1' },
  { env: 'staging', site: 'fra-2' },
];
/** Mean events per minute of one series at the daily peak. */
const CARRIER_EVENTS: Array<[string, number]> = [
  [SHIPMENT_CREATED, 1.5], [LABEL_CREATED, 1.5], [LABEL_FAILED, 0.05], [CARRIER_CONFIRMED, 1.4], [TRACKING_UPDATED, 4], [EXCEPTION_RAISED, 0.05],
];
const ORIGIN_EVENTS: Array<[string, number]> = [[ORDER_RECEIVED, 1.5], ['webhook.received', 1.5], [EXCEPTION_RAISED, 0.02]];
const LEAD_TIMES_PER_MINUTE = 0.3;
const MINUTE_TIER_MS = 25 * HOUR;
const TEN_MINUTE_TIER_MS = 35 * DAY;
const CHUNK = 20_000;

interface Series {
  spec: RollupTable;
  key: Record<string, string>;
  mean: number;
  /** Open rows of the ten-minute, hour and day tiers. */
  open: Map<number, Open>;
}

interface Open {
  bucket: number;
  count: number;
  last: number;
  sketch: LatencySketch | null;
}

function makeSeries(options: FlowDataOptions): Series[] {
  const series: Series[] = [];
  const carriers = Array.from({ length: options.carriers }, (_, i) => `carrier-${i + 1}`);
  const origins = Array.from({ length: options.origins }, (_, i) => `shop-${i + 1}`);
  for (const combo of COMBOS) {
    for (const integration of carriers) {
      for (const [name, mean] of CARRIER_EVENTS) series.push({ spec: EVENT_ROLLUPS, key: { integration, name, ...combo, release: '' }, mean, open: new Map() });
      for (const origin of origins) {
        series.push({
          spec: LEAD_TIME_ROLLUPS,
          key: { integration, start_integration: origin, start_name: ORDER_RECEIVED, end_name: CARRIER_CONFIRMED, ...combo, release: '' },
          mean: LEAD_TIMES_PER_MINUTE,
          open: new Map(),
        });
      }
    }
    for (const integration of origins) {
      for (const [name, mean] of ORIGIN_EVENTS) series.push({ spec: EVENT_ROLLUPS, key: { integration, name, ...combo, release: '' }, mean, open: new Map() });
    }
  }
  return series;
}

function rowOf(series: Series, resolution: number, row: Open): unknown[] {
  const dimensions = series.spec.dimensions.map((dimension) => series.key[dimension]);
  const measures = series.spec === EVENT_ROLLUPS ? [row.count, row.last] : [row.count, row.sketch!.encode()];
  return [resolution, row.bucket, ...dimensions, ...measures, 1];
}

export async function generateFlowData(db: Kysely<Database>, engine: EngineName, options: FlowDataOptions, log: (line: string) => void): Promise<FlowData> {
  const started = performance.now();
  const random = new Random(options.seed);
  const series = makeSeries(options);
  const pending = new Map<RollupTable, unknown[][]>([[EVENT_ROLLUPS, []], [LEAD_TIME_ROLLUPS, []]]);
  const rowsByTable: FlowData['rowsByTable'] = { [EVENT_ROLLUPS.table]: {}, [LEAD_TIME_ROLLUPS.table]: {} };
  let insertMs = 0;
  let events = 0;
  let leadTimes = 0;
  const flush = async (force: boolean) => {
    for (const [spec, rows] of pending) {
      if (rows.length === 0 || (!force && rows.length < CHUNK)) continue;
      const t0 = performance.now();
      await db.transaction().execute((tx) => bulkInsert(tx, spec.table, columnsOf(spec), rows));
      insertMs += performance.now() - t0;
      rows.length = 0;
    }
  };
  const emit = (s: Series, resolution: number, row: Open) => {
    pending.get(s.spec)!.push(rowOf(s, resolution, row));
    const counts = rowsByTable[s.spec.table]!;
    counts[resolution] = (counts[resolution] ?? 0) + 1;
  };
  const coarse = (minute: number) => [
    ...(options.now - minute <= TEN_MINUTE_TIER_MS ? [TEN_MINUTES] : []),
    HOUR,
    DAY,
  ];

  const first = floorTo(options.now - options.days * DAY, DAY);
  for (let minute = first; minute < options.now; minute += MINUTE) {
    const factor = dayFactor(minute + MINUTE / 2, 0.15);
    for (const s of series) {
      const count = random.poisson(s.mean * factor);
      for (const resolution of coarse(minute)) {
        const bucket = floorTo(minute, resolution);
        const open = s.open.get(resolution);
        if (open && open.bucket !== bucket) {
          emit(s, resolution, open);
          s.open.delete(resolution);
        }
      }
      if (count === 0) continue;
      const last = minute + Math.floor(random.next() * MINUTE);
      const values: number[] = [];
      if (s.spec === LEAD_TIME_ROLLUPS) {
        for (let i = 0; i < count; i++) values.push(random.lognormal(50 * 60, 0.5));
        leadTimes += count;
      } else events += count;
      const add = (resolution: number, bucket: number) => {
        let open = s.open.get(resolution);
        if (!open) s.open.set(resolution, (open = { bucket, count: 0, last: 0, sketch: s.spec === LEAD_TIME_ROLLUPS ? new LatencySketch() : null }));
        open.count += count;
        open.last = Math.max(open.last, last);
        for (const value of values) open.sketch?.add(value);
      };
      if (options.now - minute <= MINUTE_TIER_MS) {
        const row: Open = { bucket: minute, count, last, sketch: s.spec === LEAD_TIME_ROLLUPS ? new LatencySketch() : null };
        for (const value of values) row.sketch?.add(value);
        emit(s, MINUTE, row);
      }
      for (const resolution of coarse(minute)) add(resolution, floorTo(minute, resolution));
    }
    await flush(false);
    if ((minute - first) % (7 * DAY) === 0 && minute > first) log(`    ${Math.round((minute - first) / DAY)} of ${options.days} days generated`);
  }
  for (const s of series) for (const [resolution, open] of s.open) emit(s, resolution, open);
  await flush(true);
  // As a live PostgreSQL store would have from autovacuum (SQLite: the product never runs ANALYZE).
  if (engine === 'postgres') {
    await sql`vacuum (analyze) event_rollups`.execute(db);
    await sql`vacuum (analyze) lead_time_rollups`.execute(db);
  }
  const rows = Object.values(rowsByTable).reduce((total, byTier) => total + Object.values(byTier).reduce((a, b) => a + b, 0), 0);
  return { rowsByTable, rows, events, leadTimes, totalMs: performance.now() - started, insertMs };
}
