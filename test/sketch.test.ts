import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LatencySketch, RELATIVE_ACCURACY } from '../src/rollup/sketch.js';

/** A seeded generator so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nearestRank(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

function skewedLatencies(seed: number, n: number): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const u = next();
    // Mostly a lognormal body around 80 ms, with a Pareto tail of slow calls up to minutes.
    if (u < 0.93) {
      const normal = Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
      return Math.exp(Math.log(80) + 0.6 * normal);
    }
    return 500 / Math.pow(next() || 1e-12, 1 / 1.2);
  });
}

describe('latency sketch', () => {
  it('keeps p50, p95, p99 and p99.9 within 1 % of the exact nearest-rank values on skewed data', () => {
    for (const seed of [1, 2, 3]) {
      const values = skewedLatencies(seed, 50_000);
      const sketch = new LatencySketch();
      values.forEach((v) => sketch.add(v));
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.5, 0.95, 0.99, 0.999]) {
        const exact = nearestRank(sorted, q);
        const estimate = sketch.quantile(q)!;
        const error = Math.abs(estimate - exact) / exact;
        assert.ok(error <= RELATIVE_ACCURACY + 1e-9, `seed ${seed} q ${q}: ${estimate} vs ${exact} (${(error * 100).toFixed(3)} %)`);
      }
    }
  });

  it('merges to the same answers as one sketch over all values, also through its encoding', () => {
    const values = skewedLatencies(7, 20_000);
    const whole = new LatencySketch();
    values.forEach((v) => whole.add(v));
    const merged = new LatencySketch();
    const viaBytes = new LatencySketch();
    for (let part = 0; part < 10; part++) {
      const piece = new LatencySketch();
      values.slice(part * 2000, (part + 1) * 2000).forEach((v) => piece.add(v));
      merged.merge(piece);
      viaBytes.mergeEncoded(piece.encode());
    }
    for (const q of [0.01, 0.5, 0.9, 0.95, 0.99]) {
      assert.equal(merged.quantile(q), whole.quantile(q));
      assert.equal(viaBytes.quantile(q), whole.quantile(q));
    }
    assert.equal(viaBytes.count, 20_000);
    assert.ok(whole.encode().length < 1_000, `encoded size ${whole.encode().length} bytes`);
  });

  it('counts zero latencies and clamps absurdly long ones instead of failing', () => {
    const sketch = new LatencySketch();
    sketch.add(0, 3);
    sketch.add(1e12);
    assert.equal(sketch.count, 4);
    assert.equal(sketch.quantile(0.5), 0);
    assert.ok(sketch.quantile(1)! > 9e7);
    assert.equal(new LatencySketch().quantile(0.5), null);
    assert.throws(() => LatencySketch.decode(Buffer.from([9, 0])), /unknown latency sketch format/);
    assert.throws(() => LatencySketch.decode(Buffer.from([1, 0x80])), /truncated/);
  });
});
