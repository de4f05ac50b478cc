/**
 * Seeded randomness for the simulator.
 *
 * Every slice of simulated traffic (one operation in one minute, one order flow step, one job run)
 * draws from its own generator seeded by hashing (simulator seed, what, when). That is what makes the
 * output independent of how the caller chops time into windows, and lets an incident change the
 * minutes it covers without reshuffling every minute after it.
 */

/** Mixes 32 bits (the murmur3 finaliser): small input changes flip about half the output bits. */
function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit seed from any list of integers (each may be as large as a safe integer, e.g. a minute index). */
export function hashSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    h = mix32((h ^ lo) + 0x632be5ab);
    h = mix32((h ^ hi) + 0x2545f491);
  }
  return h;
}

/** A weighted choice compiled once, so a pick is a short scan instead of rebuilding the weights. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  /** Running totals normalised to end at 1. */
  readonly cumulative: readonly number[];
}

export function weightedTable<T extends string>(weights: Readonly<Record<T, number>>): WeightedTable<T> {
  const entries = Object.entries(weights) as Array<[T, number]>;
  return weightedTableOf(entries);
}

export function weightedTableOf<T>(entries: ReadonlyArray<readonly [T, number]>): WeightedTable<T> {
  const positive = entries.filter(([, w]) => w > 0);
  if (positive.length === 0) throw new Error('weighted table needs at least one positive weight');
  const total = positive.reduce((sum, [, w]) => sum + w, 0);
  let running = 0;
  const cumulative = positive.map(([, w]) => (running += w / total));
  cumulative[cumulative.length - 1] = 1; // guard against rounding leaving the last bucket unreachable
  return { values: positive.map(([v]) => v), cumulative };
}

const HEX = '0123456789abcdef';

/** mulberry32: tiny, fast and good enough for synthetic traffic (not for anything secret). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uint32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Box–Muller; one value per call keeps the number of draws per call fixed and easy to reason about. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1], so log never sees 0
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal described the way latencies are talked about: its median and the sigma of its log. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  pickWeighted<T>(table: WeightedTable<T>): T {
    const u = this.next();
    const { values, cumulative } = table;
    for (let i = 0; i < cumulative.length; i++) {
      if (u < (cumulative[i] as number)) return values[i] as T;
    }
    return values[values.length - 1] as T;
  }

  /**
   * A Poisson-distributed count: exact (Knuth) for small means, a rounded normal for large ones, where
   * the exact method would need thousands of draws and the difference does not matter for traffic.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 40) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Lowercase hex string of the given length, for ids. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      let word = this.uint32();
      for (let i = 0; i < 8 && out.length < length; i++) {
        out += HEX[word & 15];
        word >>>= 4;
      }
    }
    return out;
  }
}
