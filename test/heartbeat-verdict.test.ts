import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HeartbeatCheck } from '../src/catalogue/types.js';
import { judgeHeartbeat, type HeartbeatWatch } from '../src/checks/heartbeat-verdict.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A nightly job expected every hour, with 5 minutes' grace. */
const check = { type: 'heartbeat', integration: 'erp-sync', name: 'hourly', job: 'erp.sync', intervalMs: HOUR, periodMs: HOUR, graceMs: 5 * MINUTE } as unknown as HeartbeatCheck;

describe('judging a heartbeat', () => {
  it('is on time before its deadline, and next looks at the deadline', () => {
    const watch: HeartbeatWatch = { since: 0, lastPingAt: undefined, reportedFor: undefined, lastStatus: undefined };
    const judgement = judgeHeartbeat(check, watch, { ping: 10 * MINUTE }, 30 * MINUTE);
    assert.equal(judgement.late, undefined);
    assert.equal(watch.lastPingAt, 10 * MINUTE);
    assert.ok(judgement.nextAt > 30 * MINUTE, String(judgement.nextAt));
  });

  it('reports a missed deadline once, then looks again within a minute while late', () => {
    const watch: HeartbeatWatch = { since: 0, lastPingAt: undefined, reportedFor: undefined, lastStatus: 'up' };
    const now = 3 * HOUR;
    const first = judgeHeartbeat(check, watch, { ping: 10 * MINUTE }, now);
    assert.ok(first.late, 'the deadline passed without a ping');
    assert.equal(first.late.lastPing, 10 * MINUTE);
    assert.equal(watch.reportedFor, first.late.expectedAt);
    assert.ok(first.nextAt <= now + MINUTE, `${first.nextAt - now} ms`);
    watch.lastStatus = 'down';
    assert.equal(judgeHeartbeat(check, watch, { ping: 10 * MINUTE }, now + MINUTE).late, undefined, 'reported once, not at every look');
  });

  it('comes back up on a run that arrived through ingest after the late verdict', () => {
    const watch: HeartbeatWatch = { since: 0, lastPingAt: 10 * MINUTE, reportedFor: HOUR + 15 * MINUTE, lastStatus: 'down' };
    const run = 2 * HOUR;
    const judgement = judgeHeartbeat(check, watch, { ping: 10 * MINUTE, run }, run + MINUTE);
    assert.equal(judgement.recoveredByRun, run);
    assert.equal(judgement.late, undefined);
    assert.equal(watch.lastPingAt, run);
  });
});
