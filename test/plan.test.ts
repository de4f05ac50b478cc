/** How a plan covers a window (query/plan.ts): read through the present, and a segment split in two for reads side by side. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { halves, planWindow, presentApart } from '../src/query/plan.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES } from '../src/rollup/tiers.js';

describe('a window read through the present', () => {
  const now = Date.UTC(2026, 11, 6, 19, 7, 30);
  const retentionMs = { [MINUTE]: 8 * DAY, [TEN_MINUTES]: 35 * DAY, [HOUR]: 400 * DAY, [DAY]: 400 * DAY };
  const today = Date.UTC(2026, 11, 6);

  it('ends on the coarsest usable tier\u2019s bucket that holds now, whole, and answers the window asked for', () => {
    const { window, segments } = planWindow({ from: now - DAY, to: now }, { now, retentionMs, startResolution: TEN_MINUTES, throughNow: true });
    assert.deepEqual(window, { from: Date.UTC(2026, 11, 5, 19, 0), to: now });
    assert.deepEqual(segments, [
      { resolution: HOUR, from: Date.UTC(2026, 11, 5, 19, 0), to: today },
      { resolution: DAY, from: today, to: today + DAY },
    ]);
    // A chart's steps of ten minutes: the newest hour as ten-minute buckets, the present one whole.
    const chart = planWindow({ from: now - DAY, to: now }, { now, retentionMs, maxResolution: TEN_MINUTES, throughNow: true }).segments;
    assert.deepEqual(chart.at(-1), { resolution: TEN_MINUTES, from: Date.UTC(2026, 11, 5, 19, 10), to: Date.UTC(2026, 11, 6, 19, 10) });
  });

  it('covers every instant from the start to the end once, for windows short and long', () => {
    for (const span of [5 * MINUTE, HOUR, 3 * HOUR, DAY, 7 * DAY, 30 * DAY]) {
      const { window, segments } = planWindow({ from: now - span, to: now }, { now, retentionMs, throughNow: true });
      let at = window.from;
      for (const segment of segments) {
        assert.equal(segment.from, at, `the ${span / MINUTE}-minute window has no gap or overlap`);
        assert.equal(segment.from % segment.resolution, 0);
        at = segment.to;
      }
      assert.ok(at > now, `the ${span / MINUTE}-minute window reads past now`);
    }
  });

  it('is not taken by a window that ended before the present minute', () => {
    const { window, segments } = planWindow({ from: now - DAY, to: now - MINUTE }, { now, retentionMs, throughNow: true });
    assert.equal(window.to, Date.UTC(2026, 11, 6, 19, 6));
    assert.equal(segments.at(-1)!.to, Date.UTC(2026, 11, 6, 19, 6));
  });
});

describe('halves of a plan segment', () => {
  it('splits a segment on its own tier\u2019s buckets, covering it exactly once; a single bucket stays whole', () => {
    const [first, second] = halves({ resolution: HOUR, from: 10 * HOUR, to: 33 * HOUR });
    assert.deepEqual(first, { resolution: HOUR, from: 10 * HOUR, to: 21 * HOUR });
    assert.deepEqual(second, { resolution: HOUR, from: 21 * HOUR, to: 33 * HOUR });
    assert.deepEqual(halves({ resolution: HOUR, from: 10 * HOUR, to: 11 * HOUR }), [{ resolution: HOUR, from: 10 * HOUR, to: 11 * HOUR }]);
  });

  it('cuts on a multiple of the alignment asked for (a packed tier\u2019s span), or not at all when none is inside', () => {
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

describe('a segment through the present, for keeping', () => {
  const now = Date.UTC(2026, 11, 6, 19, 7, 30);
  const today = Date.UTC(2026, 11, 6);

  it('is cut at the start of its tier\u2019s bucket that holds now: the settled days apart from today', () => {
    const month = planWindow({ from: now - 30 * DAY, to: now }, { now, retentionMs: {}, startResolution: TEN_MINUTES, throughNow: true }).segments.at(-1)!;
    assert.deepEqual(month, { resolution: DAY, from: today - 29 * DAY, to: today + DAY }, 'one segment of days through today');
    assert.deepEqual(presentApart(month, now), [
      { resolution: DAY, from: today - 29 * DAY, to: today },
      { resolution: DAY, from: today, to: today + DAY },
    ]);
    assert.deepEqual(presentApart({ resolution: HOUR, from: today - DAY, to: today + 20 * HOUR }, now), [
      { resolution: HOUR, from: today - DAY, to: today + 19 * HOUR },
      { resolution: HOUR, from: today + 19 * HOUR, to: today + 20 * HOUR },
    ]);
  });

  it('stays whole when it ended before the present bucket, or starts with it', () => {
    const past = { resolution: DAY, from: today - 7 * DAY, to: today };
    assert.deepEqual(presentApart(past, now), [past]);
    const present = { resolution: DAY, from: today, to: today + DAY };
    assert.deepEqual(presentApart(present, now), [present]);
  });
});
