import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AlertRules } from '../src/alerting/rules/rules.js';
import type { NotificationContext } from '../src/alerting/types.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { AutomaticRecovery } from '../src/recovery/automatic.js';
import { RecoveryService } from '../src/recovery/service.js';
import { ENGINES } from './support/engines.js';
import { crmSyncRecord, teamService } from './support/recovery.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const PD_ROUTING_KEY = 'R0UT1NGKEYFORTHEPAGERDUTYTEST000';
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-recovery-notify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Received {
  path: string;
  event: string | undefined;
  body: any;
}

/** The on-call side: a webhook receiver and a Slack stand-in on one loopback port. */
async function receiver(): Promise<{ url: string; server: Server; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ path: request.url ?? '', event: request.headers['x-switchboard-event'] as string | undefined, body: JSON.parse(body) });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, received };
}

/** Everything a Slack message says, as one text. */
function slackText(message: any): string {
  return [message.text, ...message.blocks.map((block: any) => [block.text?.text, ...(block.fields ?? []).map((field: any) => field.text)].join('\n'))].join('\n');
}

function calls(integration: string, ts: number, status: number) {
  return Array.from({ length: 60 }, (_, i) => ({ kind: 'call', ts: ts - 30_000 + i * 400, integration, direction: 'outbound', operation: 'contacts.sync', status, latency_ms: 80 }));
}

for (const engine of ENGINES) {
  describe(`notifications tell what recovery did (${engine.name})`, () => {
    let server: TestServer;
    let team: Awaited<ReturnType<typeof teamService>>;
    let oncall: Awaited<ReturnType<typeof receiver>>;
    let automatic: AutomaticRecovery;

    before(async () => {
      team = await teamService();
      oncall = await receiver();
      const catalogueFile = join(dir, `catalogue-${engine.name}.yaml`);
      writeFileSync(
        catalogueFile,
        `${crmSyncRecord([`{ name: refresh-token, type: http, url: "${team.url}/refresh-flaky", fixes: [auth_error], automatic: { maxAttempts: 3, backoff: 1m, cooldown: 30m } }`])}---
apiVersion: switchboard/v1
kind: Integration
metadata: { name: erp-sync }
spec:
  type: saas
  partner: ERP
  owner: team-erp
  recovery:
    - { name: restart-sync, type: http, url: "${team.url}/restart", fixes: [server_error] }
`,
      );
      const alerting = join(dir, `alerting-${engine.name}.yaml`);
      writeFileSync(
        alerting,
        [
          'rules:',
          '  - { name: crm-auth, kind: error_rate, outcome: auth_error, integration: crm-sync, threshold: 0.2, for: 0s, window: 2m, keepFiringFor: 2m, repeatInterval: 4h }',
          '  - { name: erp-5xx, kind: error_rate, integration: erp-sync, threshold: 0.2, for: 0s, window: 2m, keepFiringFor: 2m, repeatInterval: 4h }',
          'channels:',
          `  - { name: hook, type: webhook, url: "${oncall.url}/hook", secret: "\${HOOK_SECRET}" }`,
          `  - { name: chat, type: slack, url: "${oncall.url}/slack" }`,
          `  - { name: pager, type: pagerduty, routingKey: "\${PD_ROUTING_KEY}", url: "${oncall.url}/v2/enqueue" }`,
        ].join('\n'),
      );
      server = await startTestServer(engine, { now: START, catalogue: catalogueFile, alerting, env: { HOOK_SECRET: 's'.repeat(32), PD_ROUTING_KEY: PD_ROUTING_KEY } });
      const catalogue = new Catalogue(catalogueFile);
      catalogue.load();
      const rules = new AlertRules(alerting, catalogue);
      rules.load();
      const recovery = new RecoveryService({ db: server.store.db, catalogue, rules, clock: server.clock.read, env: process.env });
      automatic = new AutomaticRecovery({ db: server.store.db, catalogue, rules, recovery, clock: server.clock.read });
    });
    after(async () => {
      await server.close();
      team.server.close();
      oncall.server.close();
    });

    /** What arrived since the last look: the webhook's contexts and the Slack texts, in order. */
    async function delivered(): Promise<{ hooks: Array<NotificationContext & { title: string }>; events: string[]; slack: string[]; pager: any[] }> {
      await server.app.alerting.dispatch();
      const batch = oncall.received.splice(0);
      return {
        hooks: batch.filter((entry) => entry.path === '/hook').map((entry) => entry.body),
        events: batch.filter((entry) => entry.path === '/hook').map((entry) => entry.event ?? ''),
        slack: batch.filter((entry) => entry.path === '/slack').map((entry) => slackText(entry.body)),
        pager: batch.filter((entry) => entry.path === '/v2/enqueue').map((entry) => entry.body),
      };
    }
    async function minute(integration: string, status: number): Promise<void> {
      server.clock.advance(MINUTE);
      assert.equal((await server.ingest(calls(integration, server.clock.now, status))).status, 200);
      await server.app.alerting.evaluate();
    }

    it('each automatic attempt sends an update with its result and the next attempt; the resolution says recovery followed the action', async () => {
      await minute('crm-sync', 401);
      const firing = await delivered();
      assert.deepEqual(firing.events, ['firing']);
      assert.deepEqual(firing.hooks[0]!.recovery, { runs: [], total: 0, failuresStoppedAt: null }, 'nothing tried yet');
      assert.doesNotMatch(firing.slack[0]!, /Recovery/);

      assert.equal(await automatic.runDue(), 1);
      const first = await delivered();
      assert.deepEqual(first.events, ['repeat'], 'an update goes out at once, as a repeat every channel knows');
      assert.match(first.hooks[0]!.title, /^\[FIRING warning\] .*— recovery refresh-token: 500 \(failed\)$/);
      assert.equal(first.hooks[0]!.recovery?.update, true);
      assert.equal(first.hooks[0]!.recovery?.nextAttemptAt, START + 2 * MINUTE);
      assert.match(first.slack[0]!, /Recovery\*\nrefresh-token at 12:01 UTC: 500 \(failed\) \(automatic, attempt 1\); next automatic attempt at 12:02 UTC\./);
      // PagerDuty (Events API v2): the update is a trigger with the firing's dedup_key, which PagerDuty
      // appends to the open incident's alert log instead of opening (and paging for) a new one.
      const { alerts } = (await server.get('/api/v1/alerts?state=firing')).body;
      const fingerprint = alerts.find((alert: { integration: string }) => alert.integration === 'crm-sync').fingerprint;
      assert.deepEqual(
        [...firing.pager, ...first.pager].map((event) => [event.routing_key, event.event_action, event.dedup_key]),
        [
          [PD_ROUTING_KEY, 'trigger', fingerprint],
          [PD_ROUTING_KEY, 'trigger', fingerprint],
        ],
      );
      assert.match(first.pager[0].payload.custom_details.recovery, /refresh-token at 12:01 UTC: 500 \(failed\)/);

      server.clock.advance(MINUTE);
      assert.equal(await automatic.runDue(), 1);
      const second = await delivered();
      assert.match(second.hooks[0]!.title, /— recovery refresh-token: 200$/);
      assert.match(second.slack[0]!, /refresh-token at 12:01 UTC: 500 \(failed\) \(automatic, attempt 1\); refresh-token at 12:02 UTC: 200 \(automatic, attempt 2\)\./);
      assert.doesNotMatch(second.slack[0]!, /failures stopped|next automatic/, 'too early to say the failures stopped, and nothing more will run');

      // The token works again: calls succeed until the alert lets go.
      let resolution: Awaited<ReturnType<typeof delivered>> | undefined;
      for (let i = 0; i < 5 && !resolution?.hooks.length; i++) {
        await minute('crm-sync', 200);
        resolution = await delivered();
      }
      assert.deepEqual(resolution?.events, ['resolved']);
      const resolved = resolution!.hooks[0]!;
      assert.deepEqual(resolution!.pager.map((event) => [event.event_action, event.dedup_key]), [['resolve', fingerprint]], 'the resolve closes the same PagerDuty alert');
      const stoppedAt = resolved.recovery!.failuresStoppedAt!;
      assert.ok(stoppedAt >= START + 2 * MINUTE && stoppedAt < START + 2 * MINUTE + 30_000, 'no auth error after the refresh: they stopped when it ended');
      const after = Math.round((resolved.alert.resolvedAt! - stoppedAt) / MINUTE);
      assert.match(resolution!.slack[0]!, new RegExp(`failures stopped at 12:02 UTC\\. Resolved ${after} min after refresh-token \\(200\\)\\.`));
    });

    it('a resolution with no run says so; a manual run shows in the next notification', async () => {
      await minute('erp-sync', 503);
      assert.match((await delivered()).hooks[0]!.title, /^\[FIRING warning\] ERP|erp-sync/);
      let resolution: Awaited<ReturnType<typeof delivered>> | undefined;
      for (let i = 0; i < 5 && !resolution?.hooks.length; i++) {
        await minute('erp-sync', 200);
        resolution = await delivered();
      }
      assert.deepEqual(resolution?.events, ['resolved']);
      assert.match(resolution!.slack[0]!, /Recovery\*\nResolved with no recovery action run\./);

      // Fires again; a responder restarts the sync by hand (it fails), and the resolution tells.
      await minute('erp-sync', 503);
      await delivered();
      const click = await fetch(`${server.url}/api/v1/integrations/erp-sync/recovery/restart-sync/run`, { method: 'POST', headers: { ...server.auth, 'content-type': 'application/json' }, body: '{}' });
      assert.equal(click.status, 201);
      assert.deepEqual((await delivered()).hooks, [], 'a run by hand sends no update: the person who ran it saw the result');
      resolution = undefined;
      for (let i = 0; i < 5 && !resolution?.hooks.length; i++) {
        await minute('erp-sync', 200);
        resolution = await delivered();
      }
      const text = resolution!.slack[0]!;
      assert.match(text, /restart-sync at 12:\d\d UTC: 500 \(failed\) \(by SWITCHBOARD_ADMIN_TOKEN\)\. Resolved with no recovery action that worked/);
      assert.doesNotMatch(text, /crm-sync-secret|connection-secret/);
    });
  });
}
