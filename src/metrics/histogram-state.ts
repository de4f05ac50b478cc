import { sampleValue } from './text-format.js';

/**
 * The buckets of a histogram, rendered once: each upper bound's `le` label, and how many series
 * one labelled histogram shows (a sample per bucket, `+Inf`, `_sum` and `_count`).
 */
export class Buckets {
  readonly le: readonly string[];
  readonly series: number;

  constructor(readonly bounds: readonly number[]) {
    this.le = [...bounds.map((bound) => `le="${sampleValue(bound)}"`), 'le="+Inf"'];
    this.series = bounds.length + 3;
  }
}

/** One labelled histogram: counts per bucket (not cumulative until rendered), sum and count. */
export class HistogramState {
  private readonly counts: Float64Array;
  private sum = 0;
  private count = 0;

  constructor(private readonly buckets: Buckets) {
    this.counts = new Float64Array(buckets.bounds.length);
  }

  /** A value on a bound falls in that bound's bucket (`le` is "less than or equal"). */
  observe(value: number): void {
    const { bounds } = this.buckets;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    if (i < bounds.length) this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }

  /** Its sample lines, `labels` being the other labels' text (non-empty). */
  render(name: string, labels: string): string {
    let cumulative = 0;
    let text = '';
    const { le } = this.buckets;
    for (let i = 0; i < this.counts.length; i++) {
      cumulative += this.counts[i]!;
      text += `${name}_bucket{${labels},${le[i]}} ${cumulative}\n`;
    }
    return `${text}${name}_bucket{${labels},${le[this.counts.length]}} ${this.count}\n${name}_sum{${labels}} ${sampleValue(this.sum)}\n${name}_count{${labels}} ${this.count}\n`;
  }
}
