import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emailMessage, slackMessage } from '../src/alerting/notify/index.js';
import type { NotificationContext } from '../src/alerting/types.js';
import { ENGINES } from './support/engines.js';
import { tokenWith } from './support/access.js';
import { startTestServer, type TestServer } from './support/server.js';

/** Assigning an alert to a person (issue 12): API, role checks, audit, history, and the notifications that follow. */
const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const RULE = 'dhl-carrier:error_rate';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-assign-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function calls(ts: number, failedEvery: number | null) {
  return Array.from({ length: 120 }, (_, i) => ({
    kind: 'call', ts: ts - 30_000 + i * 250, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create',
    status: failedEvery !== null && i % failedEvery === 0 ? 503 : 201, latency_ms: 120,
  }));
}

for (const engine of ENGINES) {
  describe(`assigning an alert (${engine.name})`, () => {
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
      (await server.store.db.selectFrom('notifications').select(['payload']).where('kind', '=', kind).orderBy('id').execute()).map((row) => JSON.parse(row.payload) as NotificationContext);
    const alertNow = async () => (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === RULE);
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as any };
    };

    it('assigns with the respond permission, audited and in the history; repeats and the resolution say who has it; resolving ends it', async () => {
      await minutes(1, 5);
      const alert = await alertNow();
      assert.equal(alert.state, 'firing');
      assert.equal(alert.assignment, null);
      const path = `/api/v1/alerts/${alert.id}/assignee`;

      assert.equal((await call('PUT', path, viewer, { assignee: 'Dana Okafor' })).status, 403, 'assigning needs the respond permission');
      for (const bad of [{}, { assignee: '' }, { assignee: '   ' }, { assignee: 'x'.repeat(101) }, { assignee: 'Dana\nOkafor' }]) {
        const refused = await call('PUT', path, oncall, bad);
        assert.equal(refused.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(refused.body)}`);
      }
      const assigned = await call('PUT', path, oncall, { assignee: '  Dana Okafor ' });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.assignment.to, 'Dana Okafor');
      assert.match(assigned.body.assignment.by, /^token:oncall#\d+$/);
      assert.equal(assigned.body.assignment.at, server.clock.now);
      assert.equal((await alertNow()).assignment.to, 'Dana Okafor', 'the alerts list shows it');
      const audit = await server.store.db.selectFrom('audit_log').select(['outcome', 'target', 'integration']).where('action', '=', 'alert.assign').orderBy('id').execute();
      assert.deepEqual(audit.map((row) => row.outcome), ['refused', 'failed', 'failed', 'failed', 'failed', 'failed', 'ok'], 'the viewer refused, five bad bodies failed, then the assignment');
      assert.deepEqual([audit.at(-1)!.target, audit.at(-1)!.integration], [`alerts:${alert.id}`, 'dhl-carrier']);

      await minutes(2, 5);
      const [repeat] = await sent('repeat');
      assert.equal(repeat?.alert.assignee, 'Dana Okafor', 'the repeat says who has it');
      assert.ok(emailMessage(repeat!, server.clock.now).text.includes('Assigned to: Dana Okafor'));
      assert.ok(JSON.stringify(slackMessage(repeat!, server.clock.now)).includes('*Assigned to*\\nDana Okafor'));
      const history = (await server.get(`/api/v1/alerts/${alert.id}`)).body.events as Array<{ note: string | null }>;
      assert.ok(history.some((event) => /^assigned to Dana Okafor by token:oncall#\d+$/.test(event.note ?? '')), JSON.stringify(history));

      // Reassigned, then taken away, then given again.
      assert.equal((await call('PUT', path, oncall, { assignee: 'Sam Lee' })).body.assignment.to, 'Sam Lee');
      const unassigned = await call('DELETE', path, oncall);
      assert.equal(unassigned.status, 200);
      assert.equal(unassigned.body.assignment, null);
      assert.equal((await call('DELETE', path, oncall)).status, 409, 'nothing to take back');
      assert.equal((await call('PUT', path, oncall, { assignee: 'Sam Lee' })).status, 200);

      await minutes(5, null);
      const resolved = await alertNow();
      assert.equal(resolved.state, 'resolved');
      assert.equal(resolved.assignment, null, 'resolving ends the assignment');
      const [resolution] = await sent('resolved');
      assert.equal(resolution?.alert.assignee, 'Sam Lee', 'the resolution says who had it');
      const late = await call('PUT', path, oncall, { assignee: 'Dana Okafor' });
      assert.equal(late.status, 409);
      assert.match(JSON.stringify(late.body), /resolved: only a firing or pending alert can be assigned/);
      assert.equal((await call('PUT', '/api/v1/alerts/999999/assignee', oncall, { assignee: 'Dana' })).status, 404);
    });
  });
}
