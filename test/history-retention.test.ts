/**
 * The history of alerts and health has a retention of its own (SWITCHBOARD_RETENTION_HISTORY_DAYS):
 * every firing, repeat and status change adds rows however few integrations there are, so without it
 * the store grows for ever. What is still in use stays whatever its age: alert rows, notifications
 * not yet delivered, each integration's newest health change, a silence still running.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { DAY } from '../src/rollup/tiers.js';
import { enforceRetention } from '../src/store/retention.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const OLD = NOW - 500 * DAY;
const RECENT = NOW - 10 * DAY;

for (const engine of ENGINES) {
  describe(`alert and health history retention (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
    });
    after(async () => store?.dispose());

    it('deletes history past the retention and keeps what is still in use', async () => {
      const { db } = store;
      const alert = await db
        .insertInto('alerts')
        .values({
          fingerprint: 'f1', rule_id: 'carrier:error_rate', integration: 'dhl-carrier', labels: '{}', severity: 'page', state: 'firing', value: 0.3, threshold: 0.05,
          summary: 'error rate 30 %', pending_since: OLD, fired_at: OLD, resolved_at: null, last_breach_at: NOW, last_evaluated_at: NOW, last_notified_at: NOW, context: null,
          acknowledged_at: null, acknowledged_by: null, ack_note: null, assigned_to: null, assigned_by: null, assigned_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const alertId = Number(alert.id);
      const event = (ts: number, note: string) => ({ alert_id: alertId, ts, from_state: 'pending', to_state: 'firing', value: 0.3, note });
      await db.insertInto('alert_events').values([event(OLD, 'old'), event(RECENT, 'recent')]).execute();
      const notification = (status: string, at: number, channel: string) => ({
        alert_id: alertId, channel, kind: 'firing', payload: '{}', status, attempts: 1, next_attempt_at: at, last_error: null, created_at: at, delivered_at: status === 'delivered' ? at : null,
      });
      await db
        .insertInto('notifications')
        .values([notification('delivered', OLD, 'old-delivered'), notification('dead', OLD, 'old-dead'), notification('pending', OLD, 'old-pending'), notification('delivered', RECENT, 'recent-delivered')])
        .execute();
      const run = (started_at: number, action: string) => ({ integration: 'dhl-carrier', action, alert_id: alertId, trigger: 'manual', actor: 'ana', attempt: 1, started_at, ms: 40, outcome: 'succeeded', http_status: 200, excerpt: null, error: null });
      await db.insertInto('recovery_runs').values([run(OLD, 'old-run'), run(RECENT, 'recent-run')]).execute();
      const report = (reported_at: number, ticket: string) => ({ integration: 'dhl-carrier', reported_at, ticket, note: null, recorded_by: 'ana', recorded_at: reported_at });
      await db.insertInto('customer_reports').values([report(OLD, 'OLD-1'), report(RECENT, 'NEW-1')]).execute();
      const change = (integration: string, ts: number, status: string) => ({ integration, ts, status, previous_status: null, reason: status });
      // dhl-carrier changed recently; quiet-feed's newest change is old and says the state it is in.
      await db
        .insertInto('health_changes')
        .values([change('dhl-carrier', OLD, 'degraded'), change('dhl-carrier', RECENT, 'healthy'), change('quiet-feed', OLD - DAY, 'down'), change('quiet-feed', OLD, 'healthy')])
        .execute();
      const silence = (reason: string, starts_at: number, ends_at: number, expired_at: number | null) => ({ kind: 'silence', matchers: '[]', starts_at, ends_at, author: 'ana', reason, created_at: starts_at, expired_at });
      await db
        .insertInto('silences')
        .values([silence('ended-long-ago', OLD, OLD + DAY, null), silence('expired-long-ago', OLD, NOW + DAY, OLD), silence('still-running', OLD, NOW + DAY, null), silence('ended-lately', RECENT, RECENT + DAY, null)])
        .execute();

      const retention = loadConfig({}, {}).retention;
      assert.equal(retention.historyMs, 400 * DAY, 'the default keeps a year and a bit, as the hour rollups');
      const result = await enforceRetention(db, retention, NOW);
      assert.equal(result.history, 1 + 2 + 1 + 1 + 2 + 2);

      assert.deepEqual((await db.selectFrom('alerts').select('id').execute()).map((row) => Number(row.id)), [alertId], 'the alert row stays');
      assert.deepEqual((await db.selectFrom('alert_events').select('note').execute()).map((row) => row.note), ['recent']);
      assert.deepEqual((await db.selectFrom('notifications').select('channel').orderBy('channel').execute()).map((row) => row.channel), ['old-pending', 'recent-delivered']);
      assert.deepEqual((await db.selectFrom('recovery_runs').select('action').execute()).map((row) => row.action), ['recent-run']);
      assert.deepEqual((await db.selectFrom('customer_reports').select('ticket').execute()).map((row) => row.ticket), ['NEW-1']);
      assert.deepEqual(
        (await db.selectFrom('health_changes').select(['integration', 'status']).orderBy('integration').execute()).map((row) => `${row.integration} ${row.status}`),
        ['dhl-carrier healthy', 'quiet-feed healthy'],
      );
      assert.deepEqual((await db.selectFrom('silences').select('reason').orderBy('reason').execute()).map((row) => row.reason), ['ended-lately', 'still-running']);

      // A second pass finds nothing more to delete.
      assert.equal((await enforceRetention(db, retention, NOW)).history, 0);
    });

    it('deletes a backlog larger than one chunk', async () => {
      const { db } = store;
      const rows = Array.from({ length: 12_000 }, (_, i) => ({ integration: `feed-${i % 3}`, ts: OLD + i, status: i % 2 ? 'healthy' : 'degraded', previous_status: null, reason: 'x' }));
      for (let i = 0; i < rows.length; i += 1_000) await db.insertInto('health_changes').values(rows.slice(i, i + 1_000)).execute();
      const result = await enforceRetention(db, loadConfig({}, {}).retention, NOW);
      assert.equal(result.history, 12_000 - 3, 'all but the newest change of each of the three feeds');
      const kept = await db.selectFrom('health_changes').select(['integration', 'ts']).where('integration', 'like', 'feed-%').orderBy('integration').execute();
      assert.deepEqual(kept.map((row) => `${row.integration} ${Number(row.ts) - OLD}`), ['feed-0 11997', 'feed-1 11998', 'feed-2 11999']);
    });
  });
}
