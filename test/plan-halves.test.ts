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

  it('cuts on a multiple of the alignment asked for (a packed tier\u2019s span), or not at all when none is inside', () => {
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    assert.deepEqual(halves({ resolution: HOUR, from: 13 * HOUR, to: 36 * HOUR }, DAY), [
      { resolution: HOUR, from: 13 * HOUR, to: DAY },
      { resolution: HOUR, from: DAY, to: 36 * HOUR },
    ]);
    assert.deepEqual(halves({ resolution: HOUR, from: 25 * HOUR, to: 70 * HOUR }, DAY), [
      { resolution: HOUR, from: 25 * HOUR, to: 2 * DAY },
      { resolution: HOUR, from: 2 * DAY, to: 70 * HOUR },
    ]);
    assert.deepEqual(halves({ resolution: HOUR, from: 25 * HOUR, to: 47 * HOUR }, DAY), [{ resolution: HOUR, from: 25 * HOUR, to: 47 * HOUR }]);
  });
});
