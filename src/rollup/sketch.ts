/**
 * A mergeable latency sketch after DDSketch (Masson, Rim, Lee, VLDB 2019): values fall into
 * logarithmic buckets whose width keeps every quantile within RELATIVE_ACCURACY of the true value.
 *
 * We keep our own small implementation rather than @datadog/sketches-js because rollup queries
 * decode and merge thousands of stored sketches per request: its protobuf form costs ~37 µs to
 * decode and ~2 KB per sketch, ours ~1 µs and a few dozen bytes, which is what keeps a 30-day
 * dashboard query inside its budget.
 */
import { readVarint, varintLength, writeVarintAt } from '../common/varint.js';

export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Latencies below this (ms) count as zero: sub-microsecond differences do not matter here. */
const MIN_VALUE = 1e-3;
/** Bucket keys cover MIN_VALUE .. ~1e8 ms (27 hours); longer values land in the last bucket. */
const MIN_KEY = Math.ceil(Math.log(MIN_VALUE) / LOG_GAMMA);
const MAX_KEY = Math.ceil(Math.log(1e8) / LOG_GAMMA);
/** The highest bucket index a sketch holds (its bins count from MIN_KEY). */
const MAX_INDEX = MAX_KEY - MIN_KEY;
/** (bucket delta, count) varint pairs: small for a few calls spread thin (a minute). */
const SPARSE = 1;
/**
 * Every bucket from the first to the last non-empty one, a 4-bit count each (15: the count is 15
 * plus a varint after the nibbles): half or less for hundreds of calls (an hour), whose buckets
 * are mostly all taken with small counts. The hour tier holds most rollup rows of a year.
 */
const DENSE = 2;
/** A nibble's largest count; the value itself says "more, in the escape list". */
const NIBBLE_ESCAPE = 15;
/** What a varint cut short was part of, for its error. */
const SKETCH = 'latency sketch';

function keyOf(value: number): number {
  const key = Math.ceil(Math.log(value) / LOG_GAMMA);
  return key > MAX_KEY ? MAX_KEY : key;
}

/** The representative value of a bucket: equidistant (relatively) from both edges. */
function valueOf(key: number): number {
  return (2 * Math.pow(GAMMA, key)) / (GAMMA + 1);
}

/** How a sketch is encoded: its form (SPARSE or DENSE), its length, its first and last non-empty bins. */
interface Layout {
  form: number;
  length: number;
  first: number;
  last: number;
}

export class LatencySketch {
  /** bins[i] counts the values of bucket index (offset + i); grown on demand, dense in between. */
  private bins: number[] = [];
  private offset = 0;
  zeroCount = 0;
  count = 0;

  add(valueMs: number, times = 1): void {
    this.count += times;
    if (!(valueMs >= MIN_VALUE)) {
      this.zeroCount += times;
      return;
    }
    this.addToBucket(keyOf(valueMs) - MIN_KEY, times);
  }

  private addToBucket(index: number, times: number): void {
    this.cover(index, index);
    this.bins[index - this.offset]! += times;
  }

  /**
   * Makes the bins reach from bucket index `low` to `high`, in one allocation at most: a board
   * makes a sketch per integration and segment and merges hundreds of buckets into each, and
   * grown a bucket at a time (push, or a copy per bucket below) its bins were reallocated over and
   * over, a third of everything a past window's board allocated. An empty sketch takes the range
   * as it is; a sketch that grows takes half its width again on the side it grows, so adding
   * values one by one (the ingest) does not copy its bins each time.
   */
  private cover(low: number, high: number): void {
    const bins = this.bins;
    if (bins.length === 0) {
      this.offset = low;
      this.bins = new Array<number>(high - low + 1).fill(0);
      return;
    }
    const end = this.offset + bins.length - 1;
    if (low >= this.offset && high <= end) return;
    const slack = bins.length >> 1;
    const start = low < this.offset ? Math.min(low, Math.max(0, this.offset - slack)) : this.offset;
    const last = high > end ? Math.max(high, end + slack) : end;
    const grown = new Array<number>(last - start + 1).fill(0);
    const shift = this.offset - start;
    for (let i = 0; i < bins.length; i++) grown[shift + i] = bins[i]!;
    this.bins = grown;
    this.offset = start;
  }

  merge(other: LatencySketch): void {
    this.count += other.count;
    this.zeroCount += other.zeroCount;
    const from = other.bins;
    // Only the other's buckets that hold values: a sketch used over and over (clear) keeps the
    // widest range it has held, and this one need not grow to it.
    let first = 0;
    while (first < from.length && from[first] === 0) first++;
    let last = from.length - 1;
    while (last > first && from[last] === 0) last--;
    if (first >= from.length) return;
    // Grown once to cover the other's bins, then added in place (a board merges a sketch per integration and segment).
    this.cover(other.offset + first, other.offset + last);
    const bins = this.bins;
    const shift = other.offset - this.offset;
    for (let i = first; i <= last; i++) bins[shift + i]! += from[i]!;
  }

  /** Empties the sketch, keeping its bins' room for the next values (a board's sketch of each integration in turn). */
  clear(): this {
    this.bins.fill(0);
    this.count = 0;
    this.zeroCount = 0;
    return this;
  }

  /**
   * Takes `part`'s values out of this sketch, which holds them and more (a day's sketch less some
   * of its hours): buckets are plain counts, so the difference is exactly the sketch of the rest.
   * A bucket the part holds more of than this one (the two read at slightly different moments)
   * stays at zero rather than going negative.
   */
  subtract(part: LatencySketch): void {
    this.zeroCount = Math.max(0, this.zeroCount - part.zeroCount);
    let count = this.zeroCount;
    const bins = this.bins;
    for (let i = 0; i < part.bins.length; i++) {
      const at = part.offset + i - this.offset;
      if (at >= 0 && at < bins.length) bins[at] = Math.max(0, bins[at]! - part.bins[i]!);
    }
    for (const c of bins) count += c;
    this.count = count;
  }

  /**
   * The nearest-rank quantile (the value of rank ceil(q·n)), within RELATIVE_ACCURACY of the exact
   * one; null for an empty sketch.
   */
  quantile(q: number): number | null {
    return this.quantiles([q])[0]!;
  }

  /** quantile() of each of `qs`, in one pass over the buckets (a board asks three of each of 1,000 tiles). */
  quantiles(qs: readonly number[]): Array<number | null> {
    if (this.count === 0) return qs.map(() => null);
    const order = qs.map((q, at) => ({ rank: Math.max(1, Math.ceil(q * this.count)), at })).sort((a, b) => a.rank - b.rank);
    const answers = new Array<number | null>(qs.length);
    const bins = this.bins;
    let seen = this.zeroCount;
    let next = 0;
    while (next < order.length && seen >= order[next]!.rank) answers[order[next++]!.at] = 0;
    for (let i = 0; i < bins.length && next < order.length; i++) {
      seen += bins[i]!;
      while (next < order.length && seen >= order[next]!.rank) answers[order[next++]!.at] = valueOf(this.offset + i + MIN_KEY);
    }
    // Unreached while the count is the sum of the buckets; if not, the last bucket holding values (not the room past it).
    let last = bins.length - 1;
    while (last > 0 && bins[last] === 0) last--;
    while (next < order.length) answers[order[next++]!.at] = valueOf(this.offset + last + MIN_KEY);
    return answers;
  }

  /**
   * How many values are slower than `thresholdMs` (a latency objective's bad calls): those in
   * buckets above the threshold's own, so a value within RELATIVE_ACCURACY of it counts as within.
   */
  countAbove(thresholdMs: number): number {
    if (!(thresholdMs >= MIN_VALUE)) return this.count - this.zeroCount;
    const first = keyOf(thresholdMs) - MIN_KEY + 1 - this.offset;
    let above = 0;
    for (let i = Math.max(0, first); i < this.bins.length; i++) above += this.bins[i]!;
    return above;
  }

  /**
   * Compact binary form, whichever of the two is smaller for this sketch: a format byte, the zero
   * count, then SPARSE: (key delta, count) unsigned varints over the non-empty buckets in key
   * order; or DENSE: the first non-empty bucket's index, the number of buckets to the last one,
   * their counts as nibbles (low one first), then a varint (count − 15) for each nibble of 15.
   */
  encode(): Buffer {
    const layout = this.layout();
    const bytes = Buffer.allocUnsafe(layout.length);
    // Unfilled, the rest would be whatever the pool held before: never stored, whatever the cause.
    const end = this.write(bytes, 0, layout);
    if (end !== layout.length) throw new Error(`a latency sketch wrote ${end} bytes of the ${layout.length} it planned`);
    return bytes;
  }

  /** The most `encode()`'s answer can take (a varint of up to 8 bytes per bucket index and count), so that many sketches can be written into one buffer (`encodeInto`). */
  maxEncodedLength(): number {
    return 9 + this.bins.length * 16;
  }

  /** Writes `encode()`'s bytes into `target` at `at`; where they end. */
  encodeInto(target: Uint8Array, at: number): number {
    const layout = this.layout();
    if (at + layout.length > target.length) throw new RangeError(`a latency sketch of ${layout.length} bytes does not fit at ${at} of ${target.length}`);
    return this.write(target, at, layout);
  }

  /** Which form is smaller, and the encoded length in that form. */
  private layout(): Layout {
    const bins = this.bins;
    let first = -1;
    let last = -1;
    let sparse = 0;
    let escapes = 0;
    let previous = -1;
    for (let i = 0; i < bins.length; i++) {
      const c = bins[i]!;
      if (c === 0) continue;
      if (first < 0) first = i;
      last = i;
      sparse += varintLength(this.offset + i - previous) + varintLength(c);
      if (c >= NIBBLE_ESCAPE) escapes += varintLength(c - NIBBLE_ESCAPE);
      previous = this.offset + i;
    }
    const span = last - first + 1;
    const dense = first < 0 ? Infinity : varintLength(this.offset + first) + varintLength(span) + Math.ceil(span / 2) + escapes;
    const head = 1 + varintLength(this.zeroCount);
    return dense < sparse ? { form: DENSE, length: head + dense, first, last } : { form: SPARSE, length: head + sparse, first, last };
  }

  private write(bytes: Uint8Array, start: number, { form, first, last }: Layout): number {
    const bins = this.bins;
    bytes[start] = form;
    let at = writeVarintAt(bytes, start + 1, this.zeroCount);
    if (form === DENSE) {
      at = writeVarintAt(bytes, at, this.offset + first);
      at = writeVarintAt(bytes, at, last - first + 1);
      for (let i = first; i <= last; i += 2) {
        const low = Math.min(bins[i]!, NIBBLE_ESCAPE);
        const high = i + 1 <= last ? Math.min(bins[i + 1]!, NIBBLE_ESCAPE) : 0;
        bytes[at++] = low | (high << 4);
      }
      for (let i = first; i <= last; i++) if (bins[i]! >= NIBBLE_ESCAPE) at = writeVarintAt(bytes, at, bins[i]! - NIBBLE_ESCAPE);
      return at;
    }
    let previous = -1;
    for (let i = 0; i < bins.length; i++) {
      const c = bins[i]!;
      if (c === 0) continue;
      at = writeVarintAt(bytes, at, this.offset + i - previous);
      at = writeVarintAt(bytes, at, c);
      previous = this.offset + i;
    }
    return at;
  }

  /** Adds an encoded sketch (either form) into this one without materialising it. */
  mergeEncoded(encoded: Uint8Array): void {
    const format = encoded[0];
    if (format !== SPARSE && format !== DENSE) throw new Error(`unknown latency sketch format ${format}`);
    const cursor = { at: 1 };
    const zeros = readVarint(encoded, cursor, SKETCH);
    this.zeroCount += zeros;
    this.count += zeros;
    if (format === DENSE) {
      const first = readVarint(encoded, cursor, SKETCH);
      const span = readVarint(encoded, cursor, SKETCH);
      const nibbles = cursor.at;
      cursor.at += Math.ceil(span / 2);
      if (cursor.at > encoded.length) throw new Error(`truncated ${SKETCH}`);
      if (span === 0) return;
      if (first + span - 1 > MAX_INDEX) throw outOfRange(first + span - 1);
      // Grow once to cover the span, then add in place: this runs for every row a read merges.
      this.cover(first, first + span - 1);
      // A byte (two buckets) a turn, the total kept aside: a day's row has hundreds of buckets. A
      // sketch cut short in its escapes throws midway; the count still matches the buckets added.
      const bins = this.bins;
      let bin = first - this.offset;
      let added = 0;
      const whole = nibbles + (span >> 1);
      try {
        for (let at = nibbles; at < whole; at++) {
          const byte = encoded[at]!;
          let low = byte & 0x0f;
          if (low === NIBBLE_ESCAPE) low += shortVarint(encoded, cursor);
          bins[bin++]! += low;
          added += low;
          let high = byte >> 4;
          if (high === NIBBLE_ESCAPE) high += shortVarint(encoded, cursor);
          bins[bin++]! += high;
          added += high;
        }
        if (span & 1) {
          let low = encoded[whole]! & 0x0f;
          if (low === NIBBLE_ESCAPE) low += shortVarint(encoded, cursor);
          bins[bin]! += low;
          added += low;
        }
      } finally {
        this.count += added;
      }
      return;
    }
    // Read twice: for the buckets' range first, so the bins grow once (a minute's sparse sketch
    // spans hundreds of buckets, and a board merges thousands), then for their counts.
    const pairs = cursor.at;
    let index = -1;
    let low = -1;
    while (cursor.at < encoded.length) {
      index += shortVarint(encoded, cursor);
      if (low < 0) low = index;
      shortVarint(encoded, cursor);
    }
    if (low < 0) return;
    // Bins are allocated to the range: a damaged sketch must not ask for millions of them.
    if (index > MAX_INDEX) throw outOfRange(index);
    this.cover(low, index);
    const bins = this.bins;
    const offset = this.offset;
    cursor.at = pairs;
    index = -1;
    while (cursor.at < encoded.length) {
      index += shortVarint(encoded, cursor);
      const c = shortVarint(encoded, cursor);
      bins[index - offset]! += c;
      this.count += c;
    }
  }

  static decode(encoded: Uint8Array): LatencySketch {
    const sketch = new LatencySketch();
    sketch.mergeEncoded(encoded);
    return sketch;
  }
}

function outOfRange(index: number): Error {
  return new Error(`latency sketch bucket ${index} is past the last one (${MAX_INDEX})`);
}

/**
 * readVarint with its one- and two-byte forms inline: an escaped count (a day's bucket holds up to
 * a few thousand), a sparse sketch's bucket deltas and counts (a board reads millions of them).
 */
function shortVarint(bytes: Uint8Array, cursor: { at: number }): number {
  const at = cursor.at;
  const first = bytes[at];
  if (first !== undefined && first < 0x80) {
    cursor.at = at + 1;
    return first;
  }
  const second = bytes[at + 1];
  if (first !== undefined && second !== undefined && second < 0x80) {
    cursor.at = at + 2;
    return (first & 0x7f) + second * 0x80;
  }
  return readVarint(bytes, cursor, SKETCH);
}
