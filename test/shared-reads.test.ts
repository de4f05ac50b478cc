/**
 * Concurrent requests asking the same read share it (query/shared-reads.ts), but only a read that
 * started after the request arrived: what was acknowledged before a request arrived is always in
 * its answer.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { SharedReads } from '../src/query/shared-reads.js';

/** A read that answers when told to, counting how often it was started. */
function controlledRead<T>() {
  let started = 0;
  const pending: Array<(value: T) => void> = [];
  return {
    get started() {
      return started;
    },
    read: () => {
      started += 1;
      return new Promise<T>((resolve) => pending.push(resolve));
    },
    answer: (value: T) => {
      for (const resolve of pending.splice(0)) resolve(value);
    },
  };
}

describe('shared reads', () => {
  it('a request that arrived before a read started joins it: one read, one answer for both', async () => {
    const shared = new SharedReads();
    const read = controlledRead<{ calls: number }>();
    const firstArrived = performance.now();
    const secondArrived = performance.now();
    const first = shared.read('totals', firstArrived, read.read);
    const second = shared.read('totals', secondArrived, read.read);
    read.answer({ calls: 7 });
    assert.equal(read.started, 1);
    assert.equal(await first, await second);
    assert.deepEqual(await second, { calls: 7 });
  });

  it('a request that arrived after a read started does not join it: it reads again', async () => {
    const shared = new SharedReads();
    const read = controlledRead<number>();
    const early = shared.read('totals', performance.now(), read.read);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const late = shared.read('totals', performance.now(), read.read);
    assert.equal(read.started, 2, 'the later request started a read of its own');
    read.answer(1);
    assert.equal(await early, 1);
    assert.equal(await late, 1);
  });

  it('reads of different keys are not shared', async () => {
    const shared = new SharedReads();
    const read = controlledRead<string>();
    const arrived = performance.now();
    const day = shared.read('totals|day|*', arrived, read.read);
    const tenant = shared.read('totals|day|acme', arrived, read.read);
    assert.equal(read.started, 2);
    read.answer('x');
    await Promise.all([day, tenant]);
  });

  it('holds no read once it has ended, answered or failed', async () => {
    const shared = new SharedReads();
    const answered = shared.read('a', performance.now(), async () => 1);
    const failed = shared.read('b', performance.now(), async () => {
      throw new Error('the read ran past its time');
    });
    assert.equal(shared.size, 2);
    assert.equal(await answered, 1);
    await assert.rejects(failed, /ran past its time/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(shared.size, 0);
    // A request after a failure reads again rather than being handed the old failure.
    assert.equal(await shared.read('b', performance.now(), async () => 2), 2);
  });
});
