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
 * For a year of history (the board benchmark) the generator follows each tier's retention: before
 * `tenMinuteDays` it draws an hour at a time (only hour and day rows exist there), before
 * `minuteDays` ten minutes at a time, and a minute at a time after. Draws of many calls at once
 * scale the series' latency distribution (stochastic rounding per sketch bucket) instead of
 * drawing each call, so a step costs the sketch's width, not its volume. `tables` says which
 * rollups to write: the per-operation call rollups, the per-integration ones (the sum of an
 * integration's operations, bucket by bucket, as the compactor keeps them), or both.
 *
 * Building ~8 M sketches through LatencySketch.add one value at a time would take minutes, so the
 * generator keeps per-series histograms over the sketch's own bucket indexes and writes the
 * sketch's sparse encoding directly; `checkSketchEncoding` proves, every run, that the bytes hold
 * exactly what LatencySketch gives for the same values. (The product writes the dense form where
 * it is smaller: the query figures read sketches a little larger than a live store's.)
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { OUTCOMES } from '../../src/common/outcome.js';
import { ROLLUP_COLUMNS } from '../../src/rollup/compact.js';
import { PACKED_TABLES, mergedSketch, packSpan, packedBefore, packs, spanLength, spanStart, totalsTable, type PackedRollups, type PackedTable } from '../../src/rollup/spans.js';
import { INTEGRATION_ROLLUPS, columnsOf, type RollupEntry } from '../../src/rollup/tables.js';
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
  /** Ten-minute rows exist for the last this many days (default: every day); older hours are drawn whole. */
  tenMinuteDays?: number;
  /** Which rollups to write (default: the per-operation ones only). */
  tables?: { operations: boolean; integrations: boolean };
  /**
   * Write the buckets of spans settled by `now` packed, as the product's packer leaves them
   * (src/rollup/pack.ts: a row per series and span), and only the newer ones as rows. Off: every
   * bucket a row, as a store before migration 020 had them.
   */
  packSettled?: boolean;
}

export interface GeneratedData {
  integrationIds: string[];
  now: number;
  /** First bucket of the coarse tiers (a day boundary) and of the minute tier. */
  from: number;
  minuteFrom: number;
  rowsByResolution: Record<number, number>;
  /** Of which per-integration rows, by tier. */
  integrationRowsByResolution: Record<number, number>;
  rows: number;
  /** Of the rows' buckets, how many were written inside span rows instead (`packSettled`), and in how many spans. */
  packedBuckets?: number;
  spanRows?: number;
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
export function bucketIndex(valueMs: number): number {
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
export class Encoder {
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
  /** The same as shares of each histogram slot, for draws of many calls at once. */
  normalShare: Float64Array;
  slowShare: Float64Array;
  /** The calls of the minute being drawn, as a histogram. */
  minute: Int32Array;
  /** Histogram offset and width: every index the series can produce. */
  lo: number;
  width: number;
  /** Open buckets of the ten-minute, hour and day tiers: counts, then a histogram of bucket indexes. */
  counts: Float64Array[];
  histograms: Int32Array[];
  incident?: { from: number; to: number };
}

const COLUMN = Object.fromEntries(ROLLUP_COLUMNS.map((column, index) => [column, index])) as Record<(typeof ROLLUP_COLUMNS)[number], number>;
const INTEGRATION_COLUMNS = columnsOf(INTEGRATION_ROLLUPS);
const INTEGRATION_COLUMN = Object.fromEntries(INTEGRATION_COLUMNS.map((column, index) => [column, index])) as Record<(typeof INTEGRATION_COLUMNS)[number], number>;

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

function integrationRowOf(integration: string, resolution: number, bucket: number, counts: Float64Array, sketch: Buffer): unknown[] {
  const row = new Array<unknown>(INTEGRATION_COLUMNS.length);
  row[INTEGRATION_COLUMN.resolution_ms] = resolution;
  row[INTEGRATION_COLUMN.bucket] = bucket;
  row[INTEGRATION_COLUMN.integration] = integration;
  row[INTEGRATION_COLUMN.volume] = counts[0];
  for (let i = 0; i < OUTCOMES.length; i++) row[INTEGRATION_COLUMN[OUTCOMES[i]!]] = counts[i + 1];
  row[INTEGRATION_COLUMN.latency_sketch] = sketch;
  row[INTEGRATION_COLUMN.compacted] = 1;
  return row;
}

/** Shares of each histogram slot among the table's entries. */
function sharesOf(indexes: Int32Array, lo: number, width: number): Float64Array {
  const shares = new Float64Array(width);
  for (const index of indexes) shares[index - lo]! += 1 / indexes.length;
  return shares;
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
        normalShare: sharesOf(normal, lo, width),
        slowShare: sharesOf(slow, lo, width),
        minute: new Int32Array(width),
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
    // The product writes the denser of two forms; the generator the sparse one, which it reads as well.
    const ours = LatencySketch.decode(encoder.finish()).encode();
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

/**
 * One series per integration standing for all its operations: calls at the sum of their rates,
 * latencies drawn from their mixture (weighted by rate), errors at their rate-weighted mean. For
 * stores that keep only the per-integration rows: a tenth of the draws.
 */
function integrationSeries(series: readonly Series[], tables: readonly Float64Array[], random: Fast): Series[] {
  const merged: Series[] = [];
  for (let start = 0; start < series.length; ) {
    let end = start;
    while (end < series.length && series[end]!.integration === series[start]!.integration) end += 1;
    const members = series.slice(start, end);
    const peak = members.reduce((total, s) => total + s.peakPerMinute, 0);
    const table = new Float64Array(LATENCY_TABLE);
    for (let k = 0; k < LATENCY_TABLE; k++) {
      let pick = random.next() * peak;
      let m = 0;
      while (m < members.length - 1 && pick >= members[m]!.peakPerMinute) pick -= members[m++]!.peakPerMinute;
      table[k] = tables[start + m]![(random.next() * LATENCY_TABLE) | 0]!;
    }
    const normal = Int32Array.from(table, bucketIndex);
    const slow = Int32Array.from(table, (v) => bucketIndex(v * 3));
    let lo = Infinity;
    let hi = -Infinity;
    for (const index of normal) [lo, hi] = [Math.min(lo, index), Math.max(hi, index)];
    for (const index of slow) [lo, hi] = [Math.min(lo, index), Math.max(hi, index)];
    const width = hi - lo + 1;
    const first = members[0]!;
    merged.push({
      ...first,
      operation: '',
      peakPerMinute: peak,
      errorRate: members.reduce((total, s) => total + s.errorRate * s.peakPerMinute, 0) / peak,
      normal,
      slow,
      normalShare: sharesOf(normal, lo, width),
      slowShare: sharesOf(slow, lo, width),
      minute: new Int32Array(width),
      lo,
      width,
      counts: [0, 1, 2].map(() => new Float64Array(1 + OUTCOMES.length)),
      histograms: [0, 1, 2].map(() => new Int32Array(width)),
    });
    start = end;
  }
  return merged;
}

/**
 * `volume` calls into a histogram of the series' slots: one draw each when few, else each slot's
 * share of them with stochastic rounding. Returns how many went in (the rounding moves it a little).
 */
function drawLatencies(s: Series, volume: number, slow: boolean, into: Int32Array, random: Fast): number {
  if (volume <= s.width) {
    const table = slow ? s.slow : s.normal;
    for (let k = 0; k < volume; k++) into[table[(random.next() * LATENCY_TABLE) | 0]! - s.lo]! += 1;
    return volume;
  }
  const shares = slow ? s.slowShare : s.normalShare;
  let drawn = 0;
  for (let i = 0; i < s.width; i++) {
    const expected = shares[i]! * volume;
    if (expected === 0) continue;
    const n = Math.floor(expected) + (random.next() < expected % 1 ? 1 : 0);
    into[i]! += n;
    drawn += n;
  }
  return drawn;
}

type SpanBuffers = Record<PackedTable['table'] | PackedTable['sketchTable'] | 'integration_rollup_span_totals', unknown[][]>;

/**
 * The packer's work done at generation: rows of buckets settled by `now` are taken into their
 * series' span (time order: a span is complete once the generator's time passes its end) and
 * come out as span rows, packed by the product's own codec.
 */
class SettledSpans {
  private readonly open = new Map<string, { packed: PackedTable; resolution: number; span: number; dimensions: unknown[]; entries: RollupEntry[] }>();
  /** The keys of the open spans by the time they end. */
  private readonly ending = new Map<number, string[]>();
  /** The last span id given in each span table. */
  readonly ids: Record<PackedTable['table'], number> = { call_rollup_spans: 0, integration_rollup_spans: 0 };
  buckets = 0;
  spans = 0;

  constructor(private readonly now: number) {}

  /** Takes a compacted row (`columnsOf` order) of a settled bucket into its span: true; a bucket to stay a row: false. */
  take(table: PackedRollups, row: unknown[]): boolean {
    const packed = PACKED_TABLES[table];
    const columns = table === 'call_rollups' ? COLUMN : INTEGRATION_COLUMN;
    const resolution = row[columns.resolution_ms] as number;
    const bucket = row[columns.bucket] as number;
    if (!packs(packed, resolution) || bucket >= packedBefore(packed, this.now, resolution)) return false;
    const span = spanStart(packed, bucket, resolution);
    const dimensions = packed.rollups.dimensions.map((dimension) => row[(columns as Record<string, number>)[dimension]!]);
    const key = `${table}\u0000${resolution}\u0000${span}\u0000${dimensions.join('\u0000')}`;
    let open = this.open.get(key);
    if (!open) {
      this.open.set(key, (open = { packed, resolution, span, dimensions, entries: [] }));
      const end = span + spanLength(packed, resolution);
      const keys = this.ending.get(end);
      if (keys) keys.push(key);
      else this.ending.set(end, [key]);
    }
    const entry: Record<string, unknown> = { resolution_ms: resolution, bucket, volume: row[columns.volume], latency_sketch: row[columns.latency_sketch] };
    for (const outcome of OUTCOMES) entry[outcome] = row[columns[outcome]];
    open.entries.push(entry as RollupEntry);
    this.buckets += 1;
    return true;
  }

  /** Packs the spans that end at `end` (the generator's time, once every bucket before it is drawn) into `into`. */
  close(end: number, into: SpanBuffers): void {
    for (const key of this.ending.get(end) ?? []) {
      const open = this.open.get(key)!;
      const { counts, sketches } = packSpan(open.packed, open.resolution, open.span, open.entries);
      // The only writer while it generates: ids given here (PostgreSQL's sequences are moved past them at the end).
      const id = (this.ids[open.packed.table] += 1);
      into[open.packed.table].push([id, open.resolution, open.span, ...open.dimensions, counts]);
      into[open.packed.sketchTable].push([id, sketches]);
      // The totals the product's packer writes with each span of a tier that keeps them.
      const totals = totalsTable(open.packed, open.resolution);
      if (totals !== undefined) into[totals].push([id, mergedSketch(open.entries.map((entry) => entry.latency_sketch as unknown as Uint8Array))]);
      this.open.delete(key);
      this.spans += 1;
    }
    this.ending.delete(end);
  }
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
  const tablesWritten = options.tables ?? { operations: true, integrations: false };
  const made = makeSeries(options, random);
  checkSketchEncoding(made.series, made.tables, random);
  // Without per-operation rows, one series per integration does: the same sums at a tenth of the draws.
  const series = tablesWritten.operations ? made.series : integrationSeries(made.series, made.tables, random);
  const nightFloors = Array.from({ length: options.integrations }, (_, i) => 0.08 + 0.3 * ((i * 0.618) % 1));
  const { now } = options;
  const from = floorTo(now - options.days * DAY, DAY);
  const minuteFrom = Math.max(from, floorTo(now - options.minuteDays * DAY, TEN_MINUTES));
  const tenMinuteFrom = Math.max(from, floorTo(now - (options.tenMinuteDays ?? options.days) * DAY, HOUR));
  const tiers = [TEN_MINUTES, HOUR, DAY] as const;
  const rowsByResolution: Record<number, number> = { [MINUTE]: 0, [TEN_MINUTES]: 0, [HOUR]: 0, [DAY]: 0 };
  const integrationRowsByResolution: Record<number, number> = { [MINUTE]: 0, [TEN_MINUTES]: 0, [HOUR]: 0, [DAY]: 0 };
  const encoder = new Encoder();
  let calls = 0;
  let sketchBytes = 0;
  let insertMs = 0;
  const emptyBuffers = () => ({
    call_rollups: [] as unknown[][],
    integration_rollups: [] as unknown[][],
    call_rollup_spans: [] as unknown[][],
    integration_rollup_spans: [] as unknown[][],
    call_rollup_span_sketches: [] as unknown[][],
    integration_rollup_span_sketches: [] as unknown[][],
    integration_rollup_span_totals: [] as unknown[][],
  });
  let buffers = emptyBuffers();
  const settled = options.packSettled ? new SettledSpans(options.now) : undefined;
  /** A compacted row into its table's buffer, or into its span when that has settled. */
  const write = (table: PackedRollups, row: unknown[]) => {
    if (!settled?.take(table, row)) buffers[table].push(row);
  };
  /** PostgreSQL: chunks in flight, each in its own transaction on its own connection. */
  const pending: Array<Promise<void>> = [];
  const inFlight = engine === 'postgres' ? 2 : 1;

  const flush = async (force: boolean) => {
    if (!force && buffers.call_rollups.length + buffers.integration_rollups.length + 50 * (buffers.call_rollup_spans.length + buffers.integration_rollup_spans.length) < CHUNK) {
      // Let the PostgreSQL client send the next statements of the chunks in flight.
      if (pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    const rows = buffers;
    buffers = emptyBuffers();
    const t0 = performance.now();
    while (pending.length >= inFlight) await pending.shift();
    const insert = db.transaction().execute(async (tx) => {
      if (rows.call_rollups.length > 0) await bulkInsert(tx, 'call_rollups', ROLLUP_COLUMNS, rows.call_rollups);
      if (rows.integration_rollups.length > 0) await bulkInsert(tx, 'integration_rollups', INTEGRATION_COLUMNS, rows.integration_rollups);
      for (const { rollups, table, sketchTable } of Object.values(PACKED_TABLES)) {
        if (rows[table].length > 0) await bulkInsert(tx, table, ['id', 'resolution_ms', 'span', ...rollups.dimensions, 'counts'], rows[table]);
        if (rows[sketchTable].length > 0) await bulkInsert(tx, sketchTable, ['span_id', 'sketches'], rows[sketchTable]);
      }
      if (rows.integration_rollup_span_totals.length > 0) await bulkInsert(tx, 'integration_rollup_span_totals', ['span_id', 'total'], rows.integration_rollup_span_totals);
    });
    insert.catch(() => undefined); // rethrown where it is awaited
    pending.push(insert);
    if (engine === 'sqlite' || force) while (pending.length > 0) await pending.shift();
    insertMs += performance.now() - t0;
  };
  const encode = (lo: number, width: number, histogram: Int32Array): Buffer => {
    encoder.start();
    for (let i = 0; i < width; i++) if (histogram[i]! > 0) encoder.bucket(lo + i, histogram[i]!);
    return encoder.finish();
  };

  // Per-integration rows when the series are operations: their sums, over slots spanning every series.
  const sumIntegrations = tablesWritten.integrations && tablesWritten.operations;
  let globalLo = Infinity;
  let globalHi = -Infinity;
  for (const s of series) [globalLo, globalHi] = [Math.min(globalLo, s.lo), Math.max(globalHi, s.lo + s.width - 1)];
  const globalWidth = globalHi - globalLo + 1;
  const sumCounts = new Float64Array(1 + OUTCOMES.length);
  const sumHistogram = new Int32Array(sumIntegrations ? globalWidth : 0);
  let sumOf = -1;
  // The integration's own id: `sumOf` indexes integrations, not `series` (a series per operation).
  let sumName = '';
  const closeSum = (resolution: number, bucket: number) => {
    if (sumOf >= 0 && sumCounts[0]! > 0) {
      const sketch = encode(globalLo, globalWidth, sumHistogram);
      sketchBytes += sketch.length;
      write('integration_rollups', integrationRowOf(sumName, resolution, bucket, sumCounts, sketch));
      integrationRowsByResolution[resolution]! += 1;
      rowsByResolution[resolution]! += 1;
    }
    sumCounts.fill(0);
    sumHistogram.fill(0);
    sumOf = -1;
  };
  /** One row of a series: its own table's, and its part of its integration's sum. */
  const emit = (s: Series, resolution: number, bucket: number, counts: Float64Array, histogram: Int32Array) => {
    const sketch = encode(s.lo, s.width, histogram);
    sketchBytes += sketch.length;
    rowsByResolution[resolution]! += 1;
    if (!tablesWritten.operations) {
      write('integration_rollups', integrationRowOf(s.integration, resolution, bucket, counts, sketch));
      integrationRowsByResolution[resolution]! += 1;
      return;
    }
    write('call_rollups', rowOf(s, resolution, bucket, counts, sketch));
    if (!sumIntegrations) return;
    if (sumOf !== s.integrationIndex) closeSum(resolution, bucket);
    sumOf = s.integrationIndex;
    sumName = s.integration;
    for (let c = 0; c < counts.length; c++) sumCounts[c]! += counts[c]!;
    for (let i = 0; i < s.width; i++) sumHistogram[s.lo - globalLo + i]! += histogram[i]!;
  };

  const factors = new Float64Array(options.integrations);
  const stepCounts = new Float64Array(1 + OUTCOMES.length);
  const totalSpan = now - from;
  let reported = 0;
  for (let at = from; at < now; ) {
    // Each stretch at the finest tier its retention keeps: hours, then ten minutes, then minutes.
    const step = at < tenMinuteFrom ? HOUR : at < minuteFrom ? TEN_MINUTES : MINUTE;
    const minutes = step / MINUTE;
    for (let i = 0; i < options.integrations; i++) factors[i] = dayFactor(at + step / 2, nightFloors[i]!);
    const into = step === HOUR ? 1 : 0;
    for (const s of series) {
      const inIncident = s.incident !== undefined && at < s.incident.to && at + step > s.incident.from;
      const lambda = s.peakPerMinute * factors[s.integrationIndex]! * minutes;
      const wanted = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.gauss()));
      if (wanted === 0) continue;
      const histogram = step === MINUTE ? s.minute : s.histograms[into]!;
      const volume = drawLatencies(s, wanted, inIncident, histogram, random);
      if (volume === 0) continue;
      calls += volume;
      const expected = volume * (inIncident ? 0.35 : s.errorRate);
      const errors = Math.min(volume, Math.floor(expected) + (random.next() < expected % 1 ? 1 : 0));
      stepCounts.fill(0);
      stepCounts[0] = volume;
      stepCounts[1] = volume - errors;
      for (let e = 0; e < errors; e++) stepCounts[errorOutcome(random.next())]! += 1;
      const counts = s.counts[into]!;
      for (let c = 0; c < stepCounts.length; c++) counts[c]! += stepCounts[c]!;
      if (step === MINUTE) {
        emit(s, MINUTE, at, stepCounts, s.minute);
        const ten = s.histograms[0]!;
        for (let i = 0; i < s.width; i++) ten[i]! += s.minute[i]!;
        s.minute.fill(0);
      }
    }
    if (step === MINUTE) closeSum(MINUTE, at);
    // Close every bucket that ends with this step, finest first, carrying it into the next tier.
    const end = at + step;
    const last = end >= now;
    for (let t = 0; t < tiers.length; t++) {
      const resolution = tiers[t]!;
      if (end % resolution !== 0 && !last) break;
      const bucket = floorTo(at, resolution);
      for (const s of series) {
        const counts = s.counts[t]!;
        if (counts[0]! === 0) continue;
        const histogram = s.histograms[t]!;
        emit(s, resolution, bucket, counts, histogram);
        const upCounts = s.counts[t + 1];
        const upHistogram = s.histograms[t + 1];
        if (upCounts && upHistogram) {
          for (let c = 0; c < counts.length; c++) upCounts[c]! += counts[c]!;
          for (let i = 0; i < s.width; i++) upHistogram[i]! += histogram[i]!;
        }
        counts.fill(0);
        histogram.fill(0);
      }
      closeSum(resolution, bucket);
    }
    settled?.close(end, buffers);
    at = end;
    await flush(false);
    const done = (at - from) / totalSpan;
    if (done >= reported + 0.1) {
      reported = Math.floor(done * 10) / 10;
      progress(`    ${Math.round(reported * 100)} % of the days (${(Object.values(rowsByResolution).reduce((a, b) => a + b, 0) / 1e6).toFixed(2)} M rows, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
      if (Date.now() > deadline) throw new Error('generating the query store took longer than its time limit');
    }
  }
  await flush(true);
  const insertDone = performance.now();

  const ids = [...new Set(series.map((s) => s.integration))];
  for (let start = 0; start < ids.length; start += 500) {
    await db
      .insertInto('integrations_seen')
      .values(ids.slice(start, start + 500).map((id) => ({ id, first_seen: from, last_seen: now - 1 })))
      .execute();
  }
  // A live PostgreSQL store has statistics and a visibility map from autovacuum; without them
  // the first minutes of queries would measure a store no one runs. (SQLite: the product never
  // runs ANALYZE, so neither does the benchmark.)
  if (engine === 'postgres') {
    await sql`vacuum (analyze) call_rollups`.execute(db);
    await sql`vacuum (analyze) integration_rollups`.execute(db);
    if (settled) {
      for (const { table, sketchTable } of Object.values(PACKED_TABLES)) {
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${settled.ids[table] + 1}, false)`.execute(db);
        await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
        await sql`vacuum (analyze) ${sql.table(sketchTable)}`.execute(db);
      }
      await sql`vacuum (analyze) integration_rollup_span_totals`.execute(db);
    }
  }
  const totalMs = performance.now() - started;
  const rows = Object.values(rowsByResolution).reduce((a, b) => a + b, 0);
  return {
    integrationIds: ids,
    now,
    from,
    minuteFrom,
    rowsByResolution,
    integrationRowsByResolution,
    rows,
    ...(settled ? { packedBuckets: settled.buckets, spanRows: settled.spans } : {}),
    calls,
    drawMs: insertDone - started - insertMs,
    insertMs,
    finishMs: totalMs - (insertDone - started),
    totalMs,
    sketchBytes,
  };
}
