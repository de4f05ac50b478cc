import assert from 'node:assert/strict';
import { normalizeRecord } from '../../src/ingest/normalize.js';
import { LatencySketch } from '../../src/rollup/sketch.js';
import { HOUR } from '../../src/rollup/tiers.js';
import type { Random } from '../../src/simulator/random.js';
import type { NormalizedRecord } from '../../src/store/record.js';

/** `count` calls stamped in the `spreadMs` before `end`, taking `integrations` in turn, two operations, one in ten failing. */
export function boardCalls(random: Random, integrations: readonly string[], count: number, end: number, spreadMs: number): NormalizedRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const raw = {
      kind: 'call',
      ts: end - 1 - Math.floor(random.next() * spreadMs),
      integration: integrations[i % integrations.length]!,
      direction: 'outbound',
      operation: i % 3 === 0 ? 'label' : 'sync',
      latency_ms: Math.round(5 + 2_000 * random.next() ** 3),
      status: random.next() < 0.1 ? 503 : 200,
    };
    const checked = normalizeRecord(raw, { notBefore: 0, notAfter: end + HOUR });
    assert.ok(checked.ok, JSON.stringify(raw));
    return checked.record;
  });
}

/** What `run` returns, and how many encoded sketches it merged (or decoded to merge) meanwhile. */
export async function mergesDuring<T>(run: () => Promise<T>): Promise<{ result: T; merges: number }> {
  const original = LatencySketch.prototype.mergeEncoded;
  let merges = 0;
  LatencySketch.prototype.mergeEncoded = function (this: LatencySketch, encoded: Uint8Array) {
    merges += 1;
    original.call(this, encoded);
  };
  try {
    return { result: await run(), merges };
  } finally {
    LatencySketch.prototype.mergeEncoded = original;
  }
}
