import { LatencySketch } from '../../rollup/sketch.js';
import { MINUTE } from '../../rollup/tiers.js';

/**
 * A count and a sketch per minute of an evaluation cycle's span (call latencies, lead times),
 * merged on demand; one minute's merge is kept, since trends and streaks ask for each minute again.
 */
export class SketchView {
  readonly volume: Float64Array;
  private readonly sketchesByMinute: Uint8Array[][];
  private readonly merged = new Map<number, LatencySketch>();

  constructor(
    readonly minutes: number,
    readonly start: number,
    counts: Iterable<{ bucket: number; volume: number }>,
    sketches: Iterable<{ bucket: number; sketch: Uint8Array }>,
  ) {
    this.volume = new Float64Array(minutes);
    this.sketchesByMinute = Array.from({ length: minutes }, () => []);
    for (const row of counts) {
      const i = this.indexOf(row.bucket);
      if (i !== undefined) this.volume[i]! += Number(row.volume);
    }
    for (const row of sketches) {
      const i = this.indexOf(row.bucket);
      if (i !== undefined) this.sketchesByMinute[i]!.push(row.sketch);
    }
  }

  /** The minute index of a bucket, or undefined outside the span. */
  protected indexOf(bucket: number): number | undefined {
    const i = (bucket - this.start) / MINUTE;
    return i >= 0 && i < this.minutes ? i : undefined;
  }

  sum(values: Float64Array, from: number, to: number): number {
    let total = 0;
    for (let i = Math.max(0, from); i < Math.min(this.minutes, to); i++) total += values[i]!;
    return total;
  }

  /** The merged sketch of minutes [from, to). */
  sketch(from: number, to: number): LatencySketch {
    if (to - from === 1 && this.merged.has(from)) return this.merged.get(from)!;
    const sketch = new LatencySketch();
    for (let i = Math.max(0, from); i < Math.min(this.minutes, to); i++) {
      if (to - from > 1) {
        sketch.merge(this.sketch(i, i + 1));
        continue;
      }
      for (const encoded of this.sketchesByMinute[i]!) sketch.mergeEncoded(encoded);
    }
    if (to - from === 1) this.merged.set(from, sketch);
    return sketch;
  }
}
