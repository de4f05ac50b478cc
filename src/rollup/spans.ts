/**
 * Packed spans: the settled buckets of one call series (or one integration) and one tier as a
 * single row, where the rollup tables keep a row per series × bucket. The dimension strings, the
 * row header and the index entries are paid once a span instead of once a bucket: a year of one
 * integration's rollups shrinks from 59 MiB (SQLite) and 76 MiB (PostgreSQL) to about 16 on both
 * (docs/benchmarks.md, Storage). The compactor's packer (rollup/pack.ts) writes them once a span
 * has settled; every reader of the two tables folds them in beside the rows (query/packed.ts).
 *
 * A span row holds, per bucket present and in bucket order, in `counts`: the buckets since the
 * previous one, the volume, a byte flagging the outcome classes that are not zero and those
 * counts, all unsigned varints; and in `sketches`, a row of its own table keyed by the span's id:
 * each bucket's latency sketch as the rollups encode it, after its length. Apart, because most
 * reads want counts only (trends, totals, health): their span rows are then a couple of hundred
 * bytes, twenty to a SQLite page, where a row with its kilobytes of sketches had a page to itself
 * and a day of every integration's ten-minute counts read 23,000 pages. The call tables'
 * sketches are deflated a span at a time: one series' sketches of neighbouring buckets share most
 * of their buckets, which rows of their own cannot exploit (a third off again). The
 * per-integration ones are left as they are: the overviews merge a thousand integrations'
 * sketches, and inflating them would double that work.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { OUTCOMES, type Outcome } from '../common/outcome.js';
import { readVarint, writeVarint } from '../common/varint.js';
import { CALL_ROLLUPS, INTEGRATION_ROLLUPS, type RollupEntry } from './tables.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES } from './tiers.js';
import { LatencySketch } from './sketch.js';

/**
 * A span is packed once it ended this long ago. Ingest, the health list and the alert rules read
 * the last minutes and hours, which stay rows; a call later than this still counts (it lands in a
 * row of its own beside the span, which the packer folds in on its next round).
 */
export const SETTLE_MS = HOUR;

/**
 * The two rollup tables kept packed once settled, with the table of their spans and how many
 * buckets of each tier a span holds (a tier not listed would stay rows). A reader takes whole
 * spans from the store, so a span longer than what a read keeps of it costs bytes for nothing.
 * The per-integration spans, which the overviews read for every integration at once, are short:
 * ten minutes of minutes, an hour of ten minutes, six hours of hours, a week of days, so a
 * window's edges read little more than they keep. With a week of hours and 30 days of days a span,
 * the whole board of 1,000 integrations over 30 days read twice the sketch bytes it used, and the
 * server's memory after 20 of them went from 388 to 612 MiB; with an hour of minutes and a day of
 * hours (until migration 024), a past hour's board read 36 MB of minute sketches to use a sixth of
 * them, and a past day's 25 MB of hour sketches (a span of 17 or 12 KB spills over several SQLite
 * pages, each read for every integration). A minute edge is now one span of 3 KB: the ten-minute
 * tier holds whole ten minutes. The call series' spans are longer, since their
 * sketches deflate better together and they are read for one integration's pages: an hour of
 * minutes, a day of ten minutes, a week of hours (a day of them, 2.6 KB, went one to a 4 KB
 * SQLite page and left a third of each page empty), 30 days of days.
 *
 * The per-integration spans of hours and of days also keep their span's sketch merged, in a table
 * of its own (`totals`): a window of weeks (the board, the overview's latency and the budgets over
 * 30 days) then reads and merges one sketch per integration and whole week instead of seven, where
 * a cold 30-day board of 1,000 integrations spent two thirds of its time reading and merging some
 * 58 sketches a tile; and a day's edge of hours is a total or three and one span of hours, not
 * the day's 24 sketches. Not the finer tiers: a plan covers whole hours from the hour tier and
 * whole ten minutes from the ten-minute tier, so no segment of minutes or ten minutes ever holds
 * a whole span of them.
 */
export const PACKED_TABLES = {
  call_rollups: {
    rollups: CALL_ROLLUPS,
    table: 'call_rollup_spans',
    sketchTable: 'call_rollup_span_sketches',
    deflated: true,
    totals: undefined,
    spans: new Map([
      [MINUTE, HOUR],
      [TEN_MINUTES, DAY],
      [HOUR, 7 * DAY],
      [DAY, 30 * DAY],
    ]) as ReadonlyMap<number, number>,
  },
  integration_rollups: {
    rollups: INTEGRATION_ROLLUPS,
    table: 'integration_rollup_spans',
    sketchTable: 'integration_rollup_span_sketches',
    deflated: false,
    totals: { table: 'integration_rollup_span_totals', tiers: new Set([HOUR, DAY]) as ReadonlySet<number> },
    spans: new Map([
      [MINUTE, TEN_MINUTES],
      [TEN_MINUTES, HOUR],
      [HOUR, 6 * HOUR],
      [DAY, 7 * DAY],
    ]) as ReadonlyMap<number, number>,
  },
} as const;

export type PackedRollups = keyof typeof PACKED_TABLES;
export type PackedTable = (typeof PACKED_TABLES)[PackedRollups];
export type SpanTableName = PackedTable['table'];

export function isPacked(table: string): table is PackedRollups {
  return table === 'call_rollups' || table === 'integration_rollups';
}

/** The table of the tier's merged span sketches, where its spans keep one (`totals`). */
export function totalsTable(packed: PackedTable, resolution: number): 'integration_rollup_span_totals' | undefined {
  return packed.totals?.tiers.has(resolution) ? packed.totals.table : undefined;
}

/** Sketches, decoded or encoded, merged into one and encoded: a span's total. */
export function mergedSketch(sketches: Iterable<LatencySketch | Uint8Array>): Buffer {
  const total = new LatencySketch();
  for (const sketch of sketches) {
    if (sketch instanceof Uint8Array) total.mergeEncoded(sketch);
    else total.merge(sketch);
  }
  return total.encode();
}

/** Whether a tier of the table is packed (others stay rows). */
export function packs(packed: PackedTable, resolution: number): boolean {
  return packed.spans.has(resolution);
}

export function spanLength(packed: PackedTable, resolution: number): number {
  const length = packed.spans.get(resolution);
  if (length === undefined) throw new Error(`no packed rollup tier of ${resolution} ms in ${packed.table}`);
  return length;
}

export function spanStart(packed: PackedTable, bucket: number, resolution: number): number {
  const length = spanLength(packed, resolution);
  return Math.floor(bucket / length) * length;
}

/** The buckets of a tier that are settled at `now`: those before the returned time may be packed. */
export function packedBefore(packed: PackedTable, now: number, resolution: number): number {
  return spanStart(packed, now - SETTLE_MS, resolution);
}

/** One bucket of a span as a reader sees it: a reused object, valid until the next bucket. */
export interface PackedBucket extends Record<Outcome, number> {
  /** Named like the rollup tables' columns, so code that reads a row reads a bucket the same way. */
  [column: string]: unknown;
  bucket: number;
  volume: number;
  /** The bucket's sketch (a view into the span's bytes), when the reader asked for sketches. */
  latency_sketch: Uint8Array | undefined;
}

/** A span's buckets, encoded; `entries` are one series' buckets of one tier and span, any order (sketches as LatencySketch, or encoded). */
export function packSpan(packed: PackedTable, resolution: number, span: number, entries: ReadonlyArray<Pick<RollupEntry, 'bucket'> & Record<string, unknown>>): { counts: Buffer; sketches: Buffer } {
  const counts: number[] = [];
  // Each sketch after its length, as views joined once: a span of a day of hours is some 12 KB.
  const sketches: Uint8Array[] = [];
  let previous = -1;
  for (const entry of [...entries].sort((a, b) => a.bucket - b.bucket)) {
    const index = (entry.bucket - span) / resolution;
    if (!Number.isInteger(index) || index <= previous || entry.bucket >= span + spanLength(packed, resolution)) {
      throw new Error(`bucket ${entry.bucket} is not a bucket of the ${resolution} ms span at ${span}, or not a new one`);
    }
    writeVarint(counts, index - previous);
    previous = index;
    writeVarint(counts, entry.volume as number);
    let mask = 0;
    OUTCOMES.forEach((outcome, i) => {
      if ((entry[outcome] as number) > 0) mask |= 1 << i;
    });
    counts.push(mask);
    for (const outcome of OUTCOMES) if ((entry[outcome] as number) > 0) writeVarint(counts, entry[outcome] as number);
    const value = entry.latency_sketch as LatencySketch | Uint8Array;
    const sketch = value instanceof Uint8Array ? value : value.encode();
    const length: number[] = [];
    writeVarint(length, sketch.length);
    sketches.push(Uint8Array.from(length), sketch);
  }
  const raw = Buffer.concat(sketches);
  return { counts: Buffer.from(counts), sketches: packed.deflated ? deflateRawSync(raw) : raw };
}

/**
 * Calls `visit` with each bucket of a span in [from, to), in bucket order. `sketches` null: the
 * reader wants counts only (the span's sketches are then not even read from the store).
 */
export function forEachBucket(
  packed: PackedTable,
  resolution: number,
  span: number,
  counts: Uint8Array,
  sketches: Uint8Array | null,
  from: number,
  to: number,
  visit: (bucket: PackedBucket) => void,
): void {
  const plain = sketches === null ? null : packed.deflated ? inflateRawSync(sketches) : sketches;
  const c = { at: 0 };
  const s = { at: 0 };
  const current = { bucket: 0, volume: 0, latency_sketch: undefined } as PackedBucket;
  let index = -1;
  while (c.at < counts.length) {
    index += readVarint(counts, c, 'packed span counts');
    current.bucket = span + index * resolution;
    current.volume = readVarint(counts, c, 'packed span counts');
    const mask = counts[c.at++];
    if (mask === undefined) throw new Error('truncated packed span counts');
    for (let i = 0; i < OUTCOMES.length; i++) current[OUTCOMES[i]!] = mask & (1 << i) ? readVarint(counts, c, 'packed span counts') : 0;
    if (current.bucket >= to) return;
    const inside = current.bucket >= from;
    if (plain !== null) {
      const length = readVarint(plain, s, 'packed span sketches');
      if (s.at + length > plain.length) throw new Error('truncated packed span sketches');
      // A view only of the buckets visited: a span read for a few of its buckets makes no garbage for the rest.
      if (inside) current.latency_sketch = plain.subarray(s.at, s.at + length);
      s.at += length;
    }
    if (inside) visit(current);
  }
}

/** A bucket's counts as `addSpanCounts` lays them out: the volume, then the outcome classes in `OUTCOMES` order. */
export const COUNTS_WIDTH = 1 + OUTCOMES.length;

/**
 * Adds the counts of a span's buckets in [from, to) into `into`, `COUNTS_WIDTH` numbers a bucket
 * (`part`: where the span's counts are in `counts`, which may hold several spans end to end):
 * each bucket at its index in the span (`perBucket`), its presence marked in `present`; or all of
 * them added at index 0. Typed arrays and no visit per bucket: the overview's trends add up a day
 * of ten-minute buckets of 1,000 integrations (144,000) this way, where a visit per bucket cost
 * some 200 ms of the main thread's time.
 */
export function addSpanCounts(
  resolution: number,
  span: number,
  counts: Uint8Array,
  part: { start: number; end: number },
  window: { from: number; to: number },
  into: Float64Array,
  perBucket: boolean,
  present?: Uint8Array,
): void {
  const { from, to } = window;
  const c = { at: part.start };
  let index = -1;
  while (c.at < part.end) {
    index += readVarint(counts, c, 'packed span counts');
    const bucket = span + index * resolution;
    if (bucket >= to) return;
    const inside = bucket >= from;
    const at = perBucket ? index * COUNTS_WIDTH : 0;
    const volume = readVarint(counts, c, 'packed span counts');
    if (inside) {
      into[at]! += volume;
      if (present) present[index] = 1;
    }
    const mask = counts[c.at++];
    if (mask === undefined) throw new Error('truncated packed span counts');
    for (let i = 0; i < OUTCOMES.length; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const count = readVarint(counts, c, 'packed span counts');
      if (inside) into[at + 1 + i]! += count;
    }
  }
  // A part cut short reads into the next one's bytes.
  if (c.at > part.end) throw new Error('truncated packed span counts');
}

/** Where a count is in `addSpanCounts`'s layout of a bucket: the volume first, then the outcome classes; -1: not a count. */
export function countOffset(column: string): number {
  if (column === 'volume') return 0;
  const outcome = OUTCOMES.indexOf(column as Outcome);
  return outcome === -1 ? -1 : 1 + outcome;
}

/** The counts `addSpanCounts` laid out at `at`, by name. */
export function namedCounts(counts: Float64Array, at: number): Record<Outcome | 'volume', number> {
  const named = { volume: counts[at]! } as Record<Outcome | 'volume', number>;
  OUTCOMES.forEach((outcome, i) => (named[outcome] = counts[at + 1 + i]!));
  return named;
}
