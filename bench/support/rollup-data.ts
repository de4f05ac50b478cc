/**
 * A generated store for the query benchmarks: the rollup rows the compactor would leave behind
 * (compacted = 1) for N integrations × M operations over the last 30 days, written straight into
 * `call_rollups` with the product's bulkInsert, in time order, as a live store would have them.
 *
 * Every call is drawn once, in its minute: a volume from the series' daily cycle, an outcome from
 * its error mix, a latency from its lognormal. Each coarser row sums exactly the minutes it
 * covers, and its latency sketch holds exactly those calls' latencies, as compaction leaves them.
 * Minute rows exist only for the last `minuteDays` (the minute tier's retention).
 *
 * Building ~8 M sketches through LatencySketch.add one value at a time would take minutes, so the
 * generator keeps per-series histograms over the sketch's own bucket indexes and writes the
 * sketch's documented encoding directly; `checkSketchEncoding` proves, every run, that the bytes
 * are exactly what LatencySketch.encode() gives for the same values.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { OUTCOMES } from '../../src/ingest/outcome.js';
import { ROLLUP_COLUMNS } from '../../src/rollup/compact.js';
import { LatencySketch, RELATIVE_ACCURACY } from '../../src/rollup/sketch.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES, floorTo } from '../../src/rollup/tiers.js';
import { dayFactor } from '../../src/simulator/daycycle.js';
import { bulkInsert } from '../../src/store/bulk-insert.js';
import type { Database } from '../../src/store/schema.js';
import type { EngineName } from './stores.js';

export interface RollupDataOptions {
  /** The end of the data, minute-aligned: the clock's "now" for the queries. */
  now: number;
  integrations: number;
  operations: number;
  days: number;
  minuteDays: number;
  seed: number;
}

export interface GeneratedData {
  integrationIds: string[];
  now: number;
  /** First bucket of the coarse tiers (a day boundary) and of the minute tier. */
  from: number;
  minuteFrom: number;
  rowsByResolution: Record<number, number>;
  rows: number;
  calls: number;
  drawMs: number;
  insertMs: number;
  finishMs: number;
  totalMs: number;
  sketchBytes: number;
}

const OPERATIONS = [
  'orders.list', 'orders.get', 'order.ack', 'inventory.push', 'price.push',
  'label.create', 'label.void', 'tracking.get', 'webhook.order', 'token.refresh',
  'returns.list', 'catalog.push',
];
const LATENCY_TABLE = 1024;
/** Rows per transaction: commits are rare, memory stays flat. */
const CHUNK = 25_000;
const FORMAT_VERSION = 1;

// The sketch's bucket index of a value, as src/rollup/sketch.ts computes it.
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
const MIN_KEY = Math.ceil(Math.log(1e-3) / LOG_GAMMA);
const MAX_KEY = Math.ceil(Math.log(1e8) / LOG_GAMMA);
function bucketIndex(valueMs: number): number {
  const key = Math.ceil(Math.log(valueMs) / LOG_GAMMA);
  return (key > MAX_KEY ? MAX_KEY : key) - MIN_KEY;
}

/** xorshift32 with a 4-uniform normal approximation: fast enough for ~400 M draws. */
class Fast {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s;
    return (s >>> 0) / 4294967296;
  }
  gauss(): number {
    return (this.next() + this.next() + this.next() + this.next() - 2) * 1.7320508075688772;
  }
}

/** The sketch encoding: version, zero count, then (index delta, count) varints over non-empty buckets. */
class Encoder {
  private bytes = new Uint8Array(1 << 16);
  private at = 0;
  private previous = -1;
  start(): void {
    this.at = 0;
    this.previous = -1;
    this.bytes[this.at++] = FORMAT_VERSION;
    this.varint(0); // latencies here are all ≥ 1 µs: no zero bucket
  }
  bucket(index: number, count: number): void {
    this.varint(index - this.previous);
    this.varint(count);
    this.previous = index;
  }
  finish(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.at));
  }
  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.at++] = v;
  }
}

interface Series {
  integration: string;
  operation: string;
  integrationIndex: number;
  peakPerMinute: number;
  errorRate: number;
  /** Bucket indexes of the series' latency table (a lognormal with a 1 % slow tail), and ×3 in incidents. */
  normal: Int32Array;
  slow: Int32Array;
  /** Histogram offset and width: every index the series can produce. */
  lo: number;
  width: number;
  /** Open buckets of the ten-minute, hour and day tiers: counts, then a histogram of bucket indexes. */
  counts: Float64Array[];
  histograms: Int32Array[];
  incident?: { from: number; to: number };
}

const COLUMN = Object.fromEntries(ROLLUP_COLUMNS.map((column, index) => [column, index])) as Record<(typeof ROLLUP_COLUMNS)[number], number>;

function rowOf(series: Series, resolution: number, bucket: number, counts: Float64Array, sketch: Buffer): unknown[] {
  const row = new Array<unknown>(ROLLUP_COLUMNS.length);
  row[COLUMN.resolution_ms] = resolution;
  row[COLUMN.bucket] = bucket;
  row[COLUMN.integration] = series.integration;
  row[COLUMN.operation] = series.operation;
  row[COLUMN.direction] = 'outbound';
  row[COLUMN.env] = 'production';
  row[COLUMN.site] = '';
  row[COLUMN.release] = '';
  row[COLUMN.volume] = counts[0];
  for (let i = 0; i < OUTCOMES.length; i++) row[COLUMN[OUTCOMES[i]!]] = counts[i + 1];
  row[COLUMN.latency_sketch] = sketch;
  row[COLUMN.compacted] = 1;
  return row;
}

function makeSeries(options: RollupDataOptions, random: Fast): { series: Series[]; tables: Float64Array[] } {
  const series: Series[] = [];
  const tables: Float64Array[] = [];
  const operations = Array.from({ length: options.operations }, (_, i) => OPERATIONS[i % OPERATIONS.length]! + (i >= OPERATIONS.length ? `.${i}` : ''));
  for (let i = 0; i < options.integrations; i++) {
    const integration = `partner-${String(i).padStart(2, '0')}`;
    // A few integrations have had a bad two hours at some point in the month.
    const incidentAt = i % 7 === 3 ? floorTo(options.now - (1 + (i % 5) * 5) * DAY + 9 * HOUR, MINUTE) : undefined;
    for (const operation of operations) {
      const median = 25 * Math.exp(1.1 * random.gauss());
      const sigma = 0.3 + 0.5 * random.next();
      const table = new Float64Array(LATENCY_TABLE);
      for (let k = 0; k < LATENCY_TABLE; k++) table[k] = Math.max(0.01, median * Math.exp(sigma * random.gauss()) * (random.next() < 0.01 ? 6 : 1));
      tables.push(table);
      const normal = Int32Array.from(table, bucketIndex);
      const slow = Int32Array.from(table, (v) => bucketIndex(v * 3));
      let lo = Infinity;
      let hi = -Infinity;
      for (const index of [...normal, ...slow]) {
        lo = Math.min(lo, index);
        hi = Math.max(hi, index);
      }
      const width = hi - lo + 1;
      series.push({
        integration,
        operation,
        integrationIndex: i,
        peakPerMinute: Math.min(400, Math.max(0.5, 20 * Math.exp(0.9 * random.gauss()))),
        errorRate: 0.002 + 0.03 * random.next() ** 2,
        normal,
        slow,
        lo,
        width,
        counts: [0, 1, 2].map(() => new Float64Array(1 + OUTCOMES.length)),
        histograms: [0, 1, 2].map(() => new Int32Array(width)),
        ...(incidentAt === undefined ? {} : { incident: { from: incidentAt, to: incidentAt + 2 * HOUR } }),
      });
    }
  }
  return { series, tables };
}

/**
 * Every run: the generator's bytes for a sample of each series' latencies must equal what
 * LatencySketch gives for the same values, or the stored sketches would not be the product's.
 */
function checkSketchEncoding(series: readonly Series[], tables: readonly Float64Array[], random: Fast): void {
  const encoder = new Encoder();
  for (let si = 0; si < series.length; si++) {
    const s = series[si]!;
    const table = tables[si]!;
    const reference = new LatencySketch();
    const histogram = new Int32Array(s.width);
    for (let k = 0; k < 200; k++) {
      const pick = (random.next() * LATENCY_TABLE) | 0;
      const slow = k % 10 === 0;
      reference.add(slow ? table[pick]! * 3 : table[pick]!);
      histogram[(slow ? s.slow : s.normal)[pick]! - s.lo]! += 1;
    }
    encoder.start();
    for (let i = 0; i < s.width; i++) if (histogram[i]! > 0) encoder.bucket(s.lo + i, histogram[i]!);
    const ours = encoder.finish();
    const theirs = reference.encode();
    if (!ours.equals(theirs)) {
      throw new Error(`the latency sketch format has changed (series ${s.integration}/${s.operation}); update bench/support/rollup-data.ts`);
    }
  }
}

/** Which outcome an error is (index into counts: 1 + OUTCOMES index); mostly 5xx and timeouts. */
const ERROR_MIX: Array<[number, number]> = [
  [0.45, 1 + OUTCOMES.indexOf('server_error')],
  [0.65, 1 + OUTCOMES.indexOf('timeout')],
  [0.8, 1 + OUTCOMES.indexOf('client_error')],
  [0.9, 1 + OUTCOMES.indexOf('rate_limited')],
  [0.96, 1 + OUTCOMES.indexOf('auth_error')],
  [1.01, 1 + OUTCOMES.indexOf('network_error')],
];
function errorOutcome(u: number): number {
  for (const [until, index] of ERROR_MIX) if (u < until) return index;
  return ERROR_MIX[ERROR_MIX.length - 1]![1];
}

export async function generateRollupData(
  db: Kysely<Database>,
  engine: EngineName,
  options: RollupDataOptions,
  progress: (line: string) => void,
  deadline: number,
): Promise<GeneratedData> {
  const started = performance.now();
  const random = new Fast(options.seed);
  const { series, tables } = makeSeries(options, random);
  checkSketchEncoding(series, tables, random);
  const nightFloors = Array.from({ length: options.integrations }, (_, i) => 0.08 + 0.3 * ((i * 0.618) % 1));
  const { now } = options;
  const from = floorTo(now - options.days * DAY, DAY);
  const minuteFrom = now - options.minuteDays * DAY;
  const tiers = [TEN_MINUTES, HOUR, DAY] as const;
  const rowsByResolution: Record<number, number> = { [MINUTE]: 0, [TEN_MINUTES]: 0, [HOUR]: 0, [DAY]: 0 };
  const encoder = new Encoder();
  let calls = 0;
  let sketchBytes = 0;
  let insertMs = 0;
  let buffer: unknown[][] = [];
  /** PostgreSQL: chunks in flight, each in its own transaction on its own connection. */
  const pending: Array<Promise<void>> = [];
  const inFlight = engine === 'postgres' ? 2 : 1;

  const flush = async (force: boolean) => {
    if (!force && buffer.length < CHUNK) {
      // Let the PostgreSQL client send the next statements of the chunks in flight.
      if (pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    const rows = buffer;
    buffer = [];
    const t0 = performance.now();
    while (pending.length >= inFlight) await pending.shift();
    const insert = db.transaction().execute((tx) => bulkInsert(tx, 'call_rollups', ROLLUP_COLUMNS, rows));
    insert.catch(() => undefined); // rethrown where it is awaited
    pending.push(insert);
    if (engine === 'sqlite' || force) while (pending.length > 0) await pending.shift();
    insertMs += performance.now() - t0;
  };
  const emit = (s: Series, resolution: number, bucket: number, counts: Float64Array, sketch: Buffer) => {
    sketchBytes += sketch.length;
    buffer.push(rowOf(s, resolution, bucket, counts, sketch));
    rowsByResolution[resolution]! += 1;
  };

  const factors = new Float64Array(options.integrations);
  const minuteCounts = new Float64Array(1 + OUTCOMES.length);
  const picks = new Int32Array(1 << 16);
  const totalMinutes = (now - from) / MINUTE;
  let reported = 0;
  for (let minute = from; minute < now; minute += MINUTE) {
    for (let i = 0; i < options.integrations; i++) factors[i] = dayFactor(minute + MINUTE / 2, nightFloors[i]!);
    const withMinuteRows = minute >= minuteFrom;
    for (let si = 0; si < series.length; si++) {
      const s = series[si]!;
      const inIncident = s.incident !== undefined && minute >= s.incident.from && minute < s.incident.to;
      const lambda = s.peakPerMinute * factors[s.integrationIndex]!;
      const volume = Math.min(picks.length, Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.gauss())));
      if (volume === 0) continue;
      calls += volume;
      const errorRate = inIncident ? 0.35 : s.errorRate;
      const expected = volume * errorRate;
      const errors = Math.min(volume, Math.floor(expected) + (random.next() < expected % 1 ? 1 : 0));
      minuteCounts.fill(0);
      minuteCounts[0] = volume;
      minuteCounts[1] = volume - errors;
      for (let e = 0; e < errors; e++) minuteCounts[errorOutcome(random.next())]! += 1;
      const ten = s.histograms[0]!;
      const table = inIncident ? s.slow : s.normal;
      for (let k = 0; k < volume; k++) {
        const index = table[(random.next() * LATENCY_TABLE) | 0]!;
        picks[k] = index;
        ten[index - s.lo]! += 1;
      }
      const tenCounts = s.counts[0]!;
      for (let c = 0; c < minuteCounts.length; c++) tenCounts[c]! += minuteCounts[c]!;
      if (withMinuteRows) {
        const sorted = picks.subarray(0, volume).sort();
        encoder.start();
        let run = 1;
        for (let k = 1; k <= volume; k++) {
          if (k < volume && sorted[k] === sorted[k - 1]) run += 1;
          else {
            encoder.bucket(sorted[k - 1]!, run);
            run = 1;
          }
        }
        emit(s, MINUTE, minute, minuteCounts, encoder.finish());
      }
    }
    // Close every bucket that ends with this minute, finest first, carrying it into the next tier.
    const end = minute + MINUTE;
    const last = end >= now;
    for (let t = 0; t < tiers.length; t++) {
      const resolution = tiers[t]!;
      if (end % resolution !== 0 && !last) break;
      const bucket = floorTo(minute, resolution);
      for (const s of series) {
        const counts = s.counts[t]!;
        const histogram = s.histograms[t]!;
        if (counts[0]! > 0) {
          encoder.start();
          for (let i = 0; i < s.width; i++) if (histogram[i]! > 0) encoder.bucket(s.lo + i, histogram[i]!);
          emit(s, resolution, bucket, counts, encoder.finish());
        }
        const upCounts = s.counts[t + 1];
        const upHistogram = s.histograms[t + 1];
        if (upCounts && upHistogram) {
          for (let c = 0; c < counts.length; c++) upCounts[c]! += counts[c]!;
          for (let i = 0; i < s.width; i++) upHistogram[i]! += histogram[i]!;
        }
        counts.fill(0);
        histogram.fill(0);
      }
    }
    await flush(false);
    const done = (minute - from) / MINUTE / totalMinutes;
    if (done >= reported + 0.25) {
      reported = Math.floor(done * 4) / 4;
      progress(`    ${Math.round(reported * 100)} % of the days (${(Object.values(rowsByResolution).reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} M rows, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
      if (Date.now() > deadline) throw new Error('generating the query store took longer than its time limit');
    }
  }
  await flush(true);
  const insertDone = performance.now();

  const ids = [...new Set(series.map((s) => s.integration))];
  await db
    .insertInto('integrations_seen')
    .values(ids.map((id) => ({ id, first_seen: from, last_seen: now - 1 })))
    .execute();
  // A live PostgreSQL store has statistics and a visibility map from autovacuum; without them
  // the first minutes of queries would measure a store no one runs. (SQLite: the product never
  // runs ANALYZE, so neither does the benchmark.)
  if (engine === 'postgres') await sql`vacuum (analyze) call_rollups`.execute(db);
  const totalMs = performance.now() - started;
  const rows = Object.values(rowsByResolution).reduce((a, b) => a + b, 0);
  return {
    integrationIds: ids,
    now,
    from,
    minuteFrom,
    rowsByResolution,
    rows,
    calls,
    drawMs: insertDone - started - insertMs,
    insertMs,
    finishMs: totalMs - (insertDone - started),
    totalMs,
    sketchBytes,
  };
}
