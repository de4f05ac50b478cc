/** A plan's segment split in two for reads side by side (query/plan.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { halves } from '../src/query/plan.js';

describe('halves of a plan segment', () => {
  it('splits a segment on its own tier\u2019s buckets, covering it exactly once; a single bucket stays whole', () => {
    const HOUR = 3_600_000;
    const [first, second] = halves({ resolution: HOUR, from: 10 * HOUR, to: 33 * HOUR });
    assert.deepEqual(first, { resolution: HOUR, from: 10 * HOUR, to: 21 * HOUR });
    assert.deepEqual(second, { resolution: HOUR, from: 21 * HOUR, to: 33 * HOUR });
    assert.deepEqual(halves({ resolution: HOUR, from: 10 * HOUR, to: 11 * HOUR }), [{ resolution: HOUR, from: 10 * HOUR, to: 11 * HOUR }]);
  });
});
