import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listAlerts } from '../src/alerting/alerts.js';
import { compactAll } from '../src/rollup/compact.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * `volume_drop` with `baseline: last_week` (issue 12): the median of the same window in each of
 * the previous four weeks the integration existed in, not one week. Calls through the ingest API
 * on a moved clock, half an hour around the same time of each week; minutes older than their
 * tier's retention read from the ten-minute tier, as a real server's would be.
 */
const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;
/** A Monday, 10:00 UTC. */
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);
const RULE = 'acme:weekly-volume';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-last-week-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const alerting = join(dir, 'alerting.yaml');
writeFileSync(
  alerting,
  `rules:
  - { name: ${RULE}, kind: volume_drop, integration: acme, baseline: last_week, fraction: 0.5, window: 5m, for: 0s, minVolume: 20 }
`,
);

/** `perMinute` calls a minute over the half hour before `until`, at the clock of then. */
async function traffic(server: TestServer, until: number, perMinute: number): Promise<void> {
  const calls = [];
  for (let m = 30; m > 0; m--) {
    for (let i = 0; i < perMinute; i++) {
      calls.push({ kind: 'call', ts: until - m * MINUTE + Math.floor((i * MINUTE) / perMinute), integration: 'acme', direction: 'inbound', operation: 'orders.push', status: 200, latency_ms: 40 });
    }
  }
  server.clock.now = until;
  const answer = await server.ingest(calls);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.accepted, calls.length);
}

async function weeklyAlert(server: TestServer) {
  return (await listAlerts(server.store.db)).find((alert) => alert.rule === RULE);
}

for (const engine of ENGINES) {
  describe(`volume_drop against the same time in previous weeks (${engine.name})`, () => {
    it('takes the median of four weeks, so a quiet holiday last week neither hides a drop nor makes one', async () => {
      const server = await startTestServer(engine, { now: NOW - 4 * WEEK - 40 * MINUTE, alerting });
      try {
        // Weeks 4, 3 and 2 before: 30 calls a minute. Last week was a holiday: 2 a minute.
        for (const [weeksBack, perMinute] of [[4, 30], [3, 30], [2, 30], [1, 2]] as const) await traffic(server, NOW - weeksBack * WEEK + 30 * MINUTE, perMinute);
        await compactAll(server.store.db);

        // Today at 20 a minute: two thirds of the usual 150 per 5 min. Against last week alone
        // (10 per 5 min) the rule would not judge at all; against the median it judges and holds.
        await traffic(server, NOW, 20);
        await server.app.alerting.evaluate();
        const steady = await weeklyAlert(server);
        assert.ok(steady === undefined || steady.state === 'inactive', `no alert at two thirds of the usual: ${steady?.summary}`);

        // Then it drops to 5 a minute, a sixth of the usual.
        await traffic(server, NOW + 30 * MINUTE, 5);
        await server.app.alerting.evaluate();
        const alert = await weeklyAlert(server);
        assert.equal(alert?.state, 'firing', alert?.summary);
        assert.equal(alert.threshold, 75, 'half of the median 150');
        // The window ends with the minute under way, so it holds four whole minutes of today's calls.
        assert.match(alert.summary, /^20 calls in 5 min, 13\.3 % of the usual 150 per 5 min, median of the same time in the previous 4 weeks; below 50 %$/);
      } finally {
        await server.close();
      }
    });

    it('leaves out the weeks before the integration existed', async () => {
      const server = await startTestServer(engine, { now: NOW - 2 * WEEK - 40 * MINUTE, alerting });
      try {
        // Its first calls came two weeks ago: weeks 3 and 4 before are not weeks of no traffic.
        for (const weeksBack of [2, 1]) await traffic(server, NOW - weeksBack * WEEK + 30 * MINUTE, 30);
        await compactAll(server.store.db);
        await traffic(server, NOW + 30 * MINUTE, 5);
        await server.app.alerting.evaluate();
        const alert = await weeklyAlert(server);
        assert.equal(alert?.state, 'firing', alert?.summary);
        const usual = Number(/of the usual (\d+) per 5 min, median of the same time in the previous 2 weeks;/.exec(alert.summary)?.[1]);
        // Last week's window, on the minute tier, ends with the same unfinished minute as today's (4 × 30); the week before, on the ten-minute tier, scaled to 5 min (150).
        assert.ok(usual >= 120 && usual <= 150, alert.summary);
      } finally {
        await server.close();
      }
    });

    it('does not judge without a week of history at this time of the week', async () => {
      const server = await startTestServer(engine, { now: NOW - 40 * MINUTE, alerting });
      try {
        await traffic(server, NOW + 30 * MINUTE, 5);
        await server.app.alerting.evaluate();
        const alert = await weeklyAlert(server);
        assert.ok(alert === undefined || alert.state === 'inactive', alert?.summary);
      } finally {
        await server.close();
      }
    });
  });
}
