import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { NotificationContext } from '../src/alerting/types.js';
import { ENGINES } from './support/engines.js';
import { tokenWith } from './support/access.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const RULE = 'dhl-carrier:error_rate';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-ack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function calls(ts: number, failedEvery: number | null) {
  return Array.from({ length: 120 }, (_, i) => ({
    kind: 'call',
    ts: ts - 30_000 + i * 250,
    integration: 'dhl-carrier',
    direction: 'outbound',
    operation: 'label.create',
    status: failedEvery !== null && i % failedEvery === 0 ? 503 : 201,
    latency_ms: 120,
  }));
}

for (const engine of ENGINES) {
  describe(`acknowledging an alert (${engine.name})`, () => {
    let server: TestServer;
    let oncall: string;
    let viewer: string;

    before(async () => {
      const file = join(dir, `alerting-${engine.name}.yaml`);
      writeFileSync(
        file,
        [
          'rules:',
          `  - { name: "${RULE}", kind: error_rate, integration: dhl-carrier, threshold: 0.05, for: 0s, keepFiringFor: 2m, window: 2m, repeatInterval: 2m }`,
          'channels:',
          '  - { name: ops, type: webhook, url: "http://127.0.0.1:9/hook", secret: "${OPS_SECRET}" }',
          'routes:',
          '  - channels: [ops]',
        ].join('\n'),
      );
      server = await startTestServer(engine, { now: START, catalogue: 'examples/catalogue', alerting: file, env: { OPS_SECRET: 'x'.repeat(32), SWITCHBOARD_PUBLIC_URL: 'https://switchboard.example' } });
      oncall = await tokenWith(server, 'oncall', ['read', 'respond']);
      viewer = await tokenWith(server, 'viewer', ['read']);
    });
    after(() => server.close());

    async function minutes(n: number, failedEvery: number | null) {
      for (let i = 0; i < n; i++) {
        server.clock.advance(MINUTE);
        assert.equal((await server.ingest(calls(server.clock.now, failedEvery))).status, 200);
        await server.app.alerting.evaluate();
      }
    }
    const sent = async (kind: string) =>
      (await server.store.db.selectFrom('notifications').select(['kind', 'payload']).where('kind', '=', kind).execute()).map((row) => JSON.parse(row.payload) as NotificationContext);
    const alertNow = async () => (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === RULE);
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as any };
    };

    it('stops repeats while acknowledged, audited; unacknowledging brings them back; resolving clears it', async () => {
      await minutes(1, 5);
      const alert = await alertNow();
      assert.equal(alert.state, 'firing');
      assert.equal(alert.acknowledgement, null);
      const [firing] = await sent('firing');
      assert.match(firing!.links.acknowledge ?? '', new RegExp(`/alerts/${alert.id}\\?acknowledge=1$`));

      const pending = await call('POST', `/api/v1/alerts/${alert.id}/ack`, viewer, {});
      assert.equal(pending.status, 403, 'acknowledging needs the respond permission');

      const acked = await call('POST', `/api/v1/alerts/${alert.id}/ack`, oncall, { note: 'on it, DHL ticket 4711' });
      assert.equal(acked.status, 200, JSON.stringify(acked.body));
      assert.match(acked.body.acknowledgement.by, /^token:oncall#\d+$/);
      assert.equal(acked.body.acknowledgement.note, 'on it, DHL ticket 4711');
      assert.equal(acked.body.acknowledgement.at, server.clock.now);
      const audit = await server.store.db.selectFrom('audit_log').select(['action', 'outcome', 'target', 'integration']).where('action', '=', 'alert.acknowledge').execute();
      assert.deepEqual(audit.map((row) => row.outcome), ['refused', 'ok'], 'the viewer\'s attempt and the acknowledgement');
      assert.deepEqual([audit[1]!.target, audit[1]!.integration], [`alerts:${alert.id}`, 'dhl-carrier']);

      // Six more minutes of failures, three times the repeat interval: no repeat while acknowledged.
      await minutes(6, 5);
      assert.equal((await alertNow()).state, 'firing');
      assert.equal((await sent('repeat')).length, 0);
      const history = (await server.get(`/api/v1/alerts/${alert.id}`)).body.events as Array<{ note: string | null }>;
      assert.ok(history.some((event) => /acknowledged by token:oncall#\d+: on it, DHL ticket 4711/.test(event.note ?? '')), JSON.stringify(history));

      const unacked = await call('DELETE', `/api/v1/alerts/${alert.id}/ack`, oncall);
      assert.equal(unacked.status, 200, JSON.stringify(unacked.body));
      assert.equal(unacked.body.acknowledgement, null);
      await minutes(1, 5);
      assert.equal((await sent('repeat')).length, 1, 'the repeat comes back once unacknowledged');
      const again = await call('DELETE', `/api/v1/alerts/${alert.id}/ack`, oncall);
      assert.equal(again.status, 409);
      assert.match(JSON.stringify(again.body), /not acknowledged/);

      // Acknowledged again, then it recovers: the resolution still goes out and ends the acknowledgement.
      assert.equal((await call('POST', `/api/v1/alerts/${alert.id}/ack`, oncall, {})).status, 200);
      await minutes(5, null);
      const resolved = await alertNow();
      assert.equal(resolved.state, 'resolved');
      assert.equal(resolved.acknowledgement, null);
      assert.equal((await sent('resolved')).length, 1);
      const refused = await call('POST', `/api/v1/alerts/${alert.id}/ack`, oncall, {});
      assert.equal(refused.status, 409);
      assert.match(JSON.stringify(refused.body), /resolved, not firing/);

      // The next firing pages again.
      await minutes(1, 5);
      assert.equal((await sent('firing')).length, 2);
    });

    it('answers 404 for an alert that does not exist', async () => {
      assert.equal((await call('POST', '/api/v1/alerts/999999/ack', oncall, {})).status, 404);
    });
  });
}
