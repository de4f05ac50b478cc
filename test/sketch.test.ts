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

  it('answers several quantiles in one pass, in any order, each within 1 % of the exact one; zeros first', () => {
    const values = [...skewedLatencies(9, 20_000), ...new Array<number>(500).fill(0)];
    const sketch = new LatencySketch();
    values.forEach((v) => sketch.add(v));
    const sorted = [...values].sort((a, b) => a - b);
    const qs = [0.99, 0.5, 0, 1, 0.5, 0.01, 0.95];
    const answers = sketch.quantiles(qs);
    assert.equal(answers.length, qs.length);
    qs.forEach((q, i) => {
      const exact = nearestRank(sorted, q);
      const estimate = answers[i]!;
      if (exact === 0) assert.equal(estimate, 0, `q ${q}: a zero latency`);
      else assert.ok(Math.abs(estimate - exact) / exact <= RELATIVE_ACCURACY + 1e-9, `q ${q}: ${estimate} vs ${exact}`);
    });
    assert.ok(answers[2] === 0 && answers[5] === 0 && answers[1]! > 0, 'q 0 and 0.01 are zero latencies, the median is not');
    assert.deepEqual(new LatencySketch().quantiles([0.5, 0.99]), [null, null]);
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

  it('less a part of its values, is the sketch of the rest, byte for byte; a part it does not hold takes buckets to zero, no lower', () => {
    const values = skewedLatencies(9, 12_000).map((v, i) => (i % 50 === 0 ? 0 : v));
    const sketchOf = (list: number[]) => {
      const sketch = new LatencySketch();
      list.forEach((v) => sketch.add(v));
      return sketch;
    };
    // A day less its first hours: the part's buckets reach below and above the rest's.
    const part = values.slice(0, 3_000).concat([1e-4, 0.002, 5e7]);
    const rest = values.slice(3_000);
    const day = sketchOf(part.concat(rest));
    day.subtract(sketchOf(part));
    assert.equal(day.count, rest.length);
    assert.deepEqual(day.encode(), sketchOf(rest).encode());
    for (const q of [0.01, 0.5, 0.95, 0.99]) assert.equal(day.quantile(q), sketchOf(rest).quantile(q));

    const small = sketchOf([10, 10, 20]);
    small.subtract(sketchOf([10, 10, 10, 20, 20, 30, 0]));
    assert.equal(small.count, 0);
    assert.equal(small.quantile(0.5), null);
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

describe('latency sketch encoding', () => {
  /** Every bucket's count, as the sketch answers for each rank: equal when the contents are. */
  function ranks(sketch: LatencySketch): Array<number | null> {
    return Array.from({ length: sketch.count }, (_, i) => sketch.quantile((i + 1) / sketch.count));
  }

  it('writes a few calls spread thin in the sparse form and hundreds in the dense one, each round-tripping exactly', () => {
    const minute = new LatencySketch();
    skewedLatencies(3, 6).forEach((v) => minute.add(v));
    const hour = new LatencySketch();
    skewedLatencies(4, 360).forEach((v) => hour.add(v));
    hour.add(0, 2);
    assert.equal(minute.encode()[0], 1, 'sparse');
    assert.equal(hour.encode()[0], 2, 'dense');
    for (const sketch of [minute, hour]) {
      const back = LatencySketch.decode(sketch.encode());
      assert.equal(back.count, sketch.count);
      assert.equal(back.zeroCount, sketch.zeroCount);
      assert.deepEqual(ranks(back), ranks(sketch));
      assert.deepEqual(back.encode(), sketch.encode());
    }
  });

  it('keeps counts of 15 and more (the nibble escape), up to large ones, exactly', () => {
    const sketch = new LatencySketch();
    // Adjacent buckets, so the dense form is chosen, with counts around and far past the escape.
    for (const [i, times] of [14, 15, 16, 0, 1, 300, 70_000, 2].entries()) if (times > 0) sketch.add(100 * 1.0202 ** i, times);
    const encoded = sketch.encode();
    assert.equal(encoded[0], 2);
    const back = LatencySketch.decode(encoded);
    assert.equal(back.count, sketch.count);
    assert.deepEqual(back.encode(), encoded);
    for (const q of [0.0001, 0.01, 0.2, 0.5, 0.99, 1]) assert.equal(back.quantile(q), sketch.quantile(q));
  });

  it('merges dense forms of odd and even spans, escapes of one to three bytes, into a sketch with buckets of its own', () => {
    const counts = [14, 15, 16, 0, 1, 300, 70_000, 2, 142, 143];
    for (const span of [counts.length, counts.length - 1]) {
      const dense = new LatencySketch();
      for (const [i, times] of counts.slice(0, span).entries()) if (times > 0) dense.add(100 * 1.0202 ** i, times);
      const encoded = dense.encode();
      assert.equal(encoded[0], 2);
      // Buckets below, inside and above the dense span, so the merge grows the bins both ways.
      const viaEncoding = new LatencySketch();
      const viaSketch = new LatencySketch();
      for (const value of [40, 101, 105, 900]) {
        viaEncoding.add(value, 3);
        viaSketch.add(value, 3);
      }
      viaEncoding.mergeEncoded(encoded);
      viaSketch.merge(dense);
      assert.equal(viaEncoding.count, viaSketch.count, `span ${span}`);
      assert.deepEqual(viaEncoding.encode(), viaSketch.encode(), `span ${span}`);
    }
  });

  it('writes many sketches end to end into one buffer exactly as each encodes alone, within its stated bound', () => {
    const empty = new LatencySketch();
    const zeros = new LatencySketch();
    zeros.add(0, 300);
    const sparse = new LatencySketch();
    for (const value of [3, 4_000, 90_000]) sparse.add(value);
    const dense = new LatencySketch();
    skewedLatencies(11, 5_000).forEach((value, i) => dense.add(value, 1 + (i % 40)));
    const huge = new LatencySketch();
    huge.add(250, 2 ** 40);
    const sketches = [empty, zeros, sparse, dense, huge, dense];
    const bound = sketches.reduce((sum, sketch) => sum + sketch.maxEncodedLength(), 0);
    const target = new Uint8Array(bound + 5);
    let at = 5;
    for (const sketch of sketches) {
      const alone = sketch.encode();
      assert.ok(alone.length <= sketch.maxEncodedLength(), `${alone.length} > ${sketch.maxEncodedLength()}`);
      const end = sketch.encodeInto(target, at);
      assert.equal(end - at, alone.length);
      assert.deepEqual(Buffer.from(target.subarray(at, end)), alone);
      at = end;
    }
    assert.deepEqual([...target.subarray(0, 5)], [0, 0, 0, 0, 0], 'nothing written before `at`');
    assert.equal(dense.encode()[0], 2, 'the dense form among them');
    assert.equal(sparse.encode()[0], 1, 'the sparse form among them');
    assert.throws(() => dense.encodeInto(new Uint8Array(dense.encode().length - 1), 0), RangeError);
  });

  it('refuses a sketch cut short, in either form, rather than reading past its end', () => {
    const sparse = new LatencySketch();
    [5, 50, 500].forEach((v) => sparse.add(v, 300));
    const dense = new LatencySketch();
    for (let i = 0; i < 8; i++) dense.add(100 * 1.0202 ** i, 200);
    for (const sketch of [sparse, dense]) {
      const encoded = sketch.encode();
      assert.throws(() => LatencySketch.decode(encoded.subarray(0, encoded.length - 1)), /truncated latency sketch/);
    }
    assert.deepEqual([sparse.encode()[0], dense.encode()[0]], [1, 2], 'one of each form');
    // Cut inside the nibbles, and inside a three-byte escape: refused, and a sketch it was merged
    // into still counts exactly what its buckets hold.
    const escapes = new LatencySketch();
    for (const [i, times] of [20, 70_000, 3, 40].entries()) escapes.add(100 * 1.0202 ** i, times);
    const encoded = escapes.encode();
    assert.equal(encoded[0], 2);
    for (const cut of [5, encoded.length - 3]) {
      const into = new LatencySketch();
      into.add(50, 7);
      assert.throws(() => into.mergeEncoded(encoded.subarray(0, cut)), /truncated latency sketch/, `cut at ${cut}`);
      assert.equal(LatencySketch.decode(into.encode()).count, into.count, `cut at ${cut}: count and buckets agree`);
    }
  });

  it('adds nothing of a sparse sketch cut short: its buckets are all read before any is added', () => {
    const sparse = new LatencySketch();
    [5, 50, 500, 5_000].forEach((v, i) => sparse.add(v, 3 + i));
    const encoded = sparse.encode();
    assert.equal(encoded[0], 1);
    const into = new LatencySketch();
    into.add(80, 2);
    const before = into.encode();
    assert.throws(() => into.mergeEncoded(encoded.subarray(0, encoded.length - 1)), /truncated latency sketch/);
    assert.deepEqual(into.encode(), before);
    assert.equal(into.count, 2);
  });

  it('refuses a damaged sketch whose buckets lie past the last one, in either form, adding nothing and allocating nothing for it', () => {
    const into = new LatencySketch();
    into.add(80, 2);
    const before = into.encode();
    // Sparse: format, zero count 0, then a delta of 2^35 and a count of 1.
    const sparse = Uint8Array.from([1, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1]);
    // Dense: format, zero count 0, first bucket 2^28, a span of 2 buckets, one nibble byte.
    const dense = Uint8Array.from([2, 0, 0x80, 0x80, 0x80, 0x80, 0x01, 2, 0x11]);
    for (const encoded of [sparse, dense]) assert.throws(() => into.mergeEncoded(encoded), /past the last one/);
    assert.deepEqual(into.encode(), before);
    assert.equal(into.count, 2);
  });

  it('cleared and filled again, encodes as a new sketch of the same values; merged, it widens no other sketch', () => {
    const next = random(17);
    const reused = new LatencySketch();
    // Wide first (a second to minutes), then narrow: cleared, it keeps the room but not the values.
    for (let i = 0; i < 500; i++) reused.add(1_000 + next() * 300_000);
    for (let round = 0; round < 3; round++) {
      const values = Array.from({ length: 40 + round * 200 }, () => 50 + next() * 100);
      const fresh = new LatencySketch();
      reused.clear();
      for (const value of values) {
        fresh.add(value);
        reused.add(value);
      }
      assert.deepEqual(reused.encode(), fresh.encode(), `round ${round}`);
      assert.equal(reused.count, values.length);
      const intoFresh = new LatencySketch();
      const intoReused = new LatencySketch();
      intoFresh.add(120, 5);
      intoReused.add(120, 5);
      intoFresh.merge(fresh);
      intoReused.merge(reused);
      assert.deepEqual(intoReused.encode(), intoFresh.encode());
      // Its bound follows its own buckets, not the reused sketch's room.
      assert.equal(intoReused.maxEncodedLength(), intoFresh.maxEncodedLength());
    }
    assert.ok(reused.maxEncodedLength() > new LatencySketch().maxEncodedLength() + 1_000, 'the reused sketch kept its room');
  });

  it('is at most as long as the sparse form, and reads sketches stored in it before the dense form existed', () => {
    // A sketch of 200 calls written by the sparse encoder of the previous release, byte for byte.
    const values = skewedLatencies(5, 200);
    const sketch = new LatencySketch();
    values.forEach((v) => sketch.add(v));
    const sparse: number[] = [1, 0];
    const keys = new Map<number, number>();
    const gamma = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    const minKey = Math.ceil(Math.log(1e-3) / Math.log(gamma));
    for (const v of values) {
      const key = Math.ceil(Math.log(v) / Math.log(gamma)) - minKey;
      keys.set(key, (keys.get(key) ?? 0) + 1);
    }
    let previous = -1;
    const varint = (value: number) => {
      let v = value;
      while (v >= 0x80) {
        sparse.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
      }
      sparse.push(v);
    };
    for (const key of [...keys.keys()].sort((a, b) => a - b)) {
      varint(key - previous);
      varint(keys.get(key)!);
      previous = key;
    }
    const old = LatencySketch.decode(Buffer.from(sparse));
    assert.deepEqual(ranks(old), ranks(sketch));
    assert.ok(sketch.encode().length <= sparse.length, `${sketch.encode().length} > ${sparse.length}`);
    assert.throws(() => LatencySketch.decode(Buffer.from([2, 0, 10, 40, 0x11])), /truncated/);
  });
});
