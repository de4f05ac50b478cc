import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { readingAhead, type ReadStep } from '../src/query/read-ahead.js';

/** A step that "reads" for `readMs`, then calls ahead, then "works" for `workMs`; the log says when each happened. */
function step(log: string[], name: string, readMs: number, workMs: number, callsAhead = true): ReadStep {
  return async (ahead) => {
    log.push(`${name} reads`);
    await sleep(readMs);
    log.push(`${name} has its rows`);
    if (callsAhead) ahead();
    await sleep(workMs);
    log.push(`${name} done`);
  };
}

describe('reading ahead', () => {
  it('starts each step as the one before has its rows, so a read runs while the last rows are worked through', async () => {
    const log: string[] = [];
    await readingAhead([step(log, 'a', 5, 40), step(log, 'b', 5, 40), step(log, 'c', 5, 5)]);
    // b's read begins right after a has its rows, before a is done; c's only after b has its rows.
    assert.ok(log.indexOf('b reads') === log.indexOf('a has its rows') + 1, log.join(', '));
    assert.ok(log.indexOf('b reads') < log.indexOf('a done'), log.join(', '));
    assert.ok(log.indexOf('c reads') > log.indexOf('b has its rows'), log.join(', '));
    assert.deepEqual(log.filter((line) => line.endsWith('done')).sort(), ['a done', 'b done', 'c done']);
  });

  it('never has two reads under way at once, however slow the reads and quick the work', async () => {
    let reading = 0;
    let most = 0;
    const steps: ReadStep[] = Array.from({ length: 6 }, () => async (ahead) => {
      reading += 1;
      most = Math.max(most, reading);
      await sleep(10);
      reading -= 1;
      ahead();
    });
    await readingAhead(steps);
    assert.equal(most, 1);
  });

  it('starts the next step when one ends without reading (all it needed was kept)', async () => {
    const log: string[] = [];
    await readingAhead([step(log, 'kept', 1, 1, false), step(log, 'b', 1, 1)]);
    assert.ok(log.indexOf('b reads') > log.indexOf('kept done'), log.join(', '));
    assert.ok(log.includes('b done'));
  });

  it('fails with the first failing step, and a later step failing meanwhile is not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const steps: ReadStep[] = [
        async (ahead) => {
          ahead();
          await sleep(30);
          throw new Error('the first step failed');
        },
        async () => {
          throw new Error('the second step failed while the first was still working');
        },
      ];
      await assert.rejects(readingAhead(steps), /the first step failed/);
      await sleep(20);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
