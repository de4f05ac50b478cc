/**
 * The background job runner: a job runs on its interval, and an interval longer than a timer can
 * hold (a retention pass every 30 days) is waited out instead of running back to back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { JobRunner } from '../src/common/jobs.js';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('job runner', () => {
  it('runs a job on its interval, never two runs at once', async () => {
    const runner = new JobRunner(pino({ level: 'silent' }));
    let runs = 0;
    let inFlight = 0;
    let most = 0;
    runner.start([
      {
        name: 'often',
        everyMs: 5,
        run: async () => {
          runs++;
          most = Math.max(most, ++inFlight);
          await sleep(15);
          inFlight--;
        },
      },
    ]);
    await sleep(150);
    await runner.stop();
    assert.ok(runs >= 3, `ran ${runs} times in 150 ms at a 5 ms interval with 15 ms runs`);
    assert.equal(most, 1);
  });

  it('does not run a job whose interval is longer than a timer holds', async () => {
    const runner = new JobRunner(pino({ level: 'silent' }));
    let runs = 0;
    runner.start([{ name: 'monthly', everyMs: 30 * DAY, run: async () => void runs++ }]);
    await sleep(100);
    await runner.stop();
    assert.equal(runs, 0, 'a 30-day job ran within 100 ms');
  });

  it('runs a job first after its own first wait, then on its interval', async () => {
    const runner = new JobRunner(pino({ level: 'silent' }));
    const started = Date.now();
    const runs: number[] = [];
    runner.start([{ name: 'soon', everyMs: 10 * DAY, firstAfterMs: 20, run: async () => void runs.push(Date.now() - started) }]);
    await sleep(150);
    await runner.stop();
    assert.equal(runs.length, 1, `ran ${runs.length} times in 150 ms: once after 20 ms, then not for 10 days`);
    assert.ok(runs[0]! >= 19, `the first run came after ${runs[0]} ms`);
  });
});
