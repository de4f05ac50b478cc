/**
 * The store figures of /metrics (alerts, notifications, outbox, compactor backlog) are read by
 * the metrics.store job, not by the scrape (src/metrics/store-figures.ts): exact values on both
 * engines, a scrape that shows the last reading without reading, the next cycle bringing a change,
 * and a reading older than a cycle and a second read again by the scrape itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { commitRecords } from '../src/ingest/commit.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { Exposition, Metrics } from '../src/metrics/index.js';
import type { Database } from '../src/store/schema.js';
import { ENGINES, type TestStore } from './support/engines.js';
import { parseExposition, sampleValue, type Sample } from './support/exposition.js';
import { startTestServer, type TestServer } from './support/server.js';

const T = Date.UTC(2026, 10, 20, 12, 0, 0);
const MINUTE = 60_000;
const CYCLE_MS = 5_000;

async function addAlert(db: Kysely<Database>, state: string, n: number): Promise<number> {
  const row = await db
    .insertInto('alerts')
    .values({
      fingerprint: `fp-${state}-${n}`, rule_id: `crm-sync:rule-${n}`, integration: 'crm-sync', labels: '{}', severity: 'critical', state,
      value: null, threshold: null, summary: 'seeded', pending_since: T, fired_at: null, resolved_at: null, last_breach_at: null,
      last_evaluated_at: T, last_notified_at: null, context: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function addNotification(db: Kysely<Database>, alert: number, status: string, createdAt: number, lastError: string | null = null): Promise<void> {
  await db
    .insertInto('notifications')
    .values({ alert_id: alert, channel: 'ops', kind: 'firing', payload: '{}', status, attempts: 1, next_attempt_at: createdAt, last_error: lastError, created_at: createdAt, delivered_at: null })
    .execute();
}

function call(ts: number, operation: string): NormalizedRecord {
  return {
    kind: 'call', ts, integration: 'crm-sync', env: 'production', site: null, release: null, tenant: null, correlation_id: null, order_id: null, shipment_id: null, attrs: null,
    direction: 'outbound', operation, http_status: 200, outcome: 'ok', error: null, latency_ms: 40, attempt: 1, job: null, run_status: null, duration_ms: null, counts: null, name: null, value: null,
  };
}

/** What the store gauges show, by name and label value. */
function storeGauges(samples: readonly Sample[]) {
  const of = (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels);
  return {
    alerts: Object.fromEntries(['pending', 'firing', 'resolved', 'inactive'].map((state) => [state, of('switchboard_alerts', { state })])),
    notifications: Object.fromEntries(['pending', 'sending', 'delivered', 'dead'].map((status) => [status, of('switchboard_notifications', { status })])),
    failedAttempts: of('switchboard_notifications_failed_attempts'),
    oldestSeconds: of('switchboard_outbox_oldest_seconds'),
    backlog: of('switchboard_compactor_backlog_rows'),
  };
}

for (const engine of ENGINES) {
  describe(`the store figures of /metrics (${engine.name})`, () => {
    let store: TestStore;
    let now = T;
    let metrics: Metrics;
    let exposition: Exposition;
    const scrape = async () => storeGauges(parseExposition((await exposition.render(false)).body.toString()));
    before(async () => {
      store = await engine.open();
      metrics = new Metrics({
        db: store.db,
        storeEveryMs: CYCLE_MS,
        labelsOf: () => ({ tenant_id: '', adapter_type: '' }),
        entitiesPerIntegration: 10,
        maxSeries: 1_000,
        isLeader: () => false,
        clock: () => now,
      });
      exposition = new Exposition(metrics);
    });
    after(async () => store?.dispose());

    it('shows alerts, notifications, the outbox and the compactor backlog exactly', async () => {
      const { db } = store;
      const alerts: number[] = [];
      for (const [state, n] of [['pending', 2], ['firing', 1], ['resolved', 3]] as const) for (let i = 0; i < n; i++) alerts.push(await addAlert(db, state, alerts.length));
      await addNotification(db, alerts[0]!, 'pending', T - 90_000, 'receiver answered 503');
      await addNotification(db, alerts[1]!, 'sending', T - 30_000);
      await addNotification(db, alerts[2]!, 'delivered', T - 10 * MINUTE);
      await addNotification(db, alerts[2]!, 'delivered', T - 9 * MINUTE, 'timeout, then delivered on the retry');
      await addNotification(db, alerts[3]!, 'dead', T - 20 * MINUTE, 'receiver gone');
      // Two minutes of one series: two partial call rollup rows for the compactor.
      await commitRecords(db, [call(T - 2 * MINUTE, 'contacts.upsert'), call(T - 2 * MINUTE + 5_000, 'contacts.upsert'), call(T - MINUTE, 'contacts.upsert')], T);
      const shown = await scrape();
      assert.deepEqual(shown, {
        alerts: { pending: 2, firing: 1, resolved: 3, inactive: 0 },
        notifications: { pending: 1, sending: 1, delivered: 2, dead: 1 },
        failedAttempts: 3,
        oldestSeconds: 90,
        backlog: 2,
      });
    });

    it('shows the last reading until the next cycle reads the store again, or reads itself once the reading is over a cycle old', async () => {
      const { db } = store;
      const before = await scrape();
      await addAlert(db, 'firing', 100);
      now += 2_000;
      const cached = await scrape();
      assert.equal(cached.alerts.firing, before.alerts.firing, 'the scrape did not read the store');
      assert.equal(cached.oldestSeconds, before.oldestSeconds! + 2, 'the outbox age is aged at the scrape');
      await metrics.storeJob().run();
      assert.equal((await scrape()).alerts.firing, before.alerts.firing! + 1, 'the job\'s next cycle brought the new alert');
      await addAlert(db, 'firing', 101);
      now += CYCLE_MS;
      assert.equal((await scrape()).alerts.firing, before.alerts.firing! + 1, 'a reading one cycle old is still shown');
      now += 1_001;
      assert.equal((await scrape()).alerts.firing, before.alerts.firing! + 2, 'a reading over a cycle and a second old is read again');
      assert.equal(metrics.storeJob().name, 'metrics.store');
      assert.equal(metrics.storeJob().everyMs, CYCLE_MS);
    });
  });

  describe(`the metrics.store job in a running server (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { runJobs: true, env: { SWITCHBOARD_METRICS_STORE_EVERY_MS: '200' } });
    });
    after(async () => server?.close());

    it('brings a change of the store to the scrape, with the server clock standing still so that only the job reads', async () => {
      const gauges = async () => storeGauges(parseExposition(await (await fetch(`${server.url}/metrics`, { headers: server.auth })).text()));
      assert.equal((await gauges()).notifications.delivered, 0);
      const alert = await addAlert(server.store.db, 'resolved', 1);
      await addNotification(server.store.db, alert, 'delivered', server.clock.now - MINUTE);
      // The clock stands still, so the scrape never finds its reading old: only the job reads.
      const deadline = Date.now() + 10_000;
      let delivered = 0;
      while (delivered !== 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        delivered = (await gauges()).notifications.delivered ?? 0;
      }
      assert.equal(delivered, 1);
    });
  });
}
