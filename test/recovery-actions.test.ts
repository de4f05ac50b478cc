import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { plainTextLines } from '../src/alerting/notify/format.js';
import { ENGINES } from './support/engines.js';
import { tokenWith } from './support/access.js';
import { startTestServer, type TestServer } from './support/server.js';
import { recoveryCatalogue, SECRET, teamService } from './support/recovery.js';
import { eventually } from './support/browser.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-recovery-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const engine of ENGINES) {
  describe(`one-click recovery actions (${engine.name})`, () => {
    let server: TestServer;
    let service: Awaited<ReturnType<typeof teamService>>;
    let responder: string;
    let viewer: string;
    let globexResponder: string;

    before(async () => {
      service = await teamService();
      const catalogueFile = join(dir, `catalogue-${engine.name}.yaml`);
      writeFileSync(catalogueFile, recoveryCatalogue(service.url));
      const alerting = join(dir, `alerting-${engine.name}.yaml`);
      writeFileSync(alerting, 'rules:\n  - { name: crm-auth, kind: error_rate, outcome: auth_error, integration: crm-sync, threshold: 0.2, for: 0s, window: 2m }\n');
      server = await startTestServer(engine, { now: START, catalogue: catalogueFile, alerting });
      responder = await tokenWith(server, 'oncall', ['read', 'respond']);
      viewer = await tokenWith(server, 'viewer', ['read']);
      globexResponder = (await createToken(server.store.db, { name: 'globex oncall', scopes: ['read', 'respond'], tenants: ['globex'] }, server.clock.now)).token;
    });
    after(async () => {
      await server.close();
      service.server.close();
    });

    const post = async (path: string, token: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, text: await response.text() };
    };
    const run = (action: string, token = responder, body?: unknown) => post(`/api/v1/integrations/crm-sync/recovery/${action}/run`, token, body);

    it('runs an action with its secret resolved at run time, and shows the answer scrubbed', async () => {
      const answer = await run('refresh-token');
      assert.equal(answer.status, 201, answer.text);
      const result = JSON.parse(answer.text);
      assert.equal(result.outcome, 'succeeded');
      assert.equal(result.http_status, 200);
      assert.equal(result.trigger, 'manual');
      assert.equal(result.actor, 'token:oncall#' + result.actor.split('#')[1]);
      assert.match(result.excerpt, /"refreshed":true/, 'the service saw the resolved secret');
      assert.match(result.excerpt, /\[REDACTED\]/);
      assert.ok(!answer.text.includes(SECRET), 'the answer never shows the secret');
      assert.ok(service.seen.some((line) => line.endsWith(`Bearer ${SECRET}`)));
    });

    it('records a failure with its status and a scrubbed excerpt', async () => {
      const answer = await run('restart-sync');
      const result = JSON.parse(answer.text);
      assert.deepEqual([result.outcome, result.http_status, result.error], ['failed', 500, 'answered 500']);
      assert.match(result.excerpt, /^sync worker crashed; token \[REDACTED\] rejected$/);
    });

    it('gives up at the timeout, and refuses a second click while the first runs', async () => {
      const first = run('slow');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await run('slow');
      assert.equal(second.status, 409, second.text);
      assert.match(JSON.parse(second.text).error, /running already/);
      const result = JSON.parse((await first).text);
      assert.deepEqual([result.outcome, result.http_status, result.error], ['timeout', null, 'no answer within 300 ms']);
    });

    it('says which variable is missing instead of sending a request without it', async () => {
      const result = JSON.parse((await run('missing-env')).text);
      assert.equal(result.outcome, 'error');
      assert.match(result.error, /environment variable RECOVERY_TEST_UNSET is not set on the server/);
    });

    it('opens a link action and records who did', async () => {
      const result = JSON.parse((await run('reauthorize')).text);
      assert.deepEqual([result.outcome, result.url], ['opened', 'https://login.crm.example/oauth/authorize?connection=crm-eu']);
    });

    it('refuses viewers, other tenants, unknown actions and bad bodies with specific answers', async () => {
      assert.equal((await run('refresh-token', viewer)).status, 403);
      const foreign = await run('refresh-token', globexResponder);
      assert.equal(foreign.status, 404, 'another tenant\'s integration answers as if it did not exist');
      const unknown = await run('reboot-partner');
      assert.equal(unknown.status, 404);
      assert.match(JSON.parse(unknown.text).error, /has no recovery action "reboot-partner"; it has "refresh-token"/);
      assert.equal((await run('refresh-token', responder, { alert_id: 'x' })).status, 400);
      assert.equal((await run('refresh-token', responder, { alert_id: 999_999 })).status, 404);
      const audit = await server.store.db.selectFrom('audit_log').select(['actor', 'outcome', 'integration', 'target']).where('action', '=', 'recovery.run').orderBy('id').execute();
      assert.ok(audit.some((row) => row.actor.startsWith('token:viewer') && row.outcome === 'refused'));
      assert.ok(audit.some((row) => row.actor.startsWith('token:oncall') && row.outcome === 'ok' && row.integration === 'crm-sync' && row.target === 'recovery:crm-sync/refresh-token'));
    });

    it('offers the actions that fit a firing alert, and puts a run on its timeline', async () => {
      const calls = Array.from({ length: 60 }, (_, i) => ({
        kind: 'call', ts: START + MINUTE - 30_000 + i * 400, integration: 'crm-sync', direction: 'outbound', operation: 'contacts.sync', status: i % 2 ? 401 : 200, latency_ms: 90,
      }));
      server.clock.advance(MINUTE);
      assert.equal((await server.ingest(calls)).status, 200);
      await server.app.alerting.evaluate();
      const alert = (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === 'crm-auth');
      assert.equal(alert?.state, 'firing');
      assert.match(alert.context.advice.message, /\(401\)/, 'the notification context says what it means');
      assert.ok(plainTextLines(alert.context, server.clock.now).some((line: string) => /^What it means: The partner refused our credentials \(401\)\..* One click on the alert page: "refresh-token"\.$/.test(line)));
      const offer = (await server.get(`/api/v1/integrations/crm-sync/recovery?alert=${alert.id}`)).body;
      assert.deepEqual(offer.problems, ['auth_error']);
      assert.equal(offer.advice.length, 1);
      assert.match(offer.advice[0].message, /^The partner refused our credentials \(401\)/);
      assert.deepEqual([offer.advice[0].action, offer.advice[0].runbook], ['refresh-token', 'credential-expiry']);
      assert.deepEqual(offer.actions.filter((a: { fits: boolean }) => a.fits).map((a: { name: string }) => a.name), ['refresh-token', 'reauthorize']);
      assert.equal(offer.actions[0].headers.Authorization, 'Bearer ${RECOVERY_TEST_CRM_TOKEN}', 'references are shown, values never');
      assert.equal((await run('refresh-token', responder, { alert_id: alert.id })).status, 201);
      const history = (await server.get(`/api/v1/alerts/${alert.id}`)).body;
      assert.ok(history.events.some((event: { note: string | null }) => /^recovery "refresh-token" by token:oncall#\d+: 200 in \d+ ms$/.test(event.note ?? '')), JSON.stringify(history.events));
      const ofAlert = (await server.get(`/api/v1/integrations/crm-sync/recovery?alert=${alert.id}`)).body;
      assert.deepEqual(ofAlert.runs.map((r: { action: string }) => r.action), ['refresh-token']);
    });

    it('puts the advice of the worst firing alert on the board tile of a troubled integration, and none on a healthy one', async () => {
      const tiles = await eventually('crm-sync degraded on the board', async () => {
        const board = (await server.get('/api/v1/integrations?window=1h')).body;
        return board.integrations.find((tile: { id: string; status: string }) => tile.id === 'crm-sync' && tile.status !== 'unknown' && tile.status !== 'healthy') ? board.integrations : undefined;
      });
      const crm = tiles.find((tile: { id: string }) => tile.id === 'crm-sync');
      assert.deepEqual(crm.advice, {
        message: 'The partner refused our credentials (401).',
        next: 'Refresh the token or re-authorize the connection, and check whether the credential was rotated.',
        action: 'refresh-token',
      });
      const alert = (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === 'crm-auth');
      assert.equal(crm.advice.message, alert.context.advice.message, 'the same words its notification carried');
      const other = tiles.find((tile: { id: string }) => tile.id === 'other-sync');
      assert.equal(other.advice, null);
      const globexView = (await server.get('/api/v1/integrations?window=1h', globexResponder)).body;
      assert.deepEqual(globexView.integrations.map((tile: { id: string }) => tile.id), ['other-sync'], 'another tenant sees neither the tile nor its advice');
    });

    it('shows every run in the integration\'s health history, beside the changes of status, for its tenant only', async () => {
      const all = (await server.store.db.selectFrom('recovery_runs').select(['id', 'action', 'started_at']).where('integration', '=', 'crm-sync').execute())
        .sort((a, b) => Number(b.started_at) - Number(a.started_at) || Number(b.id) - Number(a.id))
        .map((row) => Number(row.id));
      assert.ok(all.length >= 6);
      const health = (await server.get('/api/v1/integrations/crm-sync/health')).body;
      assert.ok(health.history.length >= 1, 'the alert made it degraded or down');
      assert.deepEqual(health.recovery_runs.map((run: { id: number }) => run.id), all, 'one change in all: every run, newest first');
      assert.ok(health.recovery_runs.every((run: object) => !('excerpt' in run)), 'the history says what ran and its result, the answer is on the Recovery panel');
      assert.ok(!JSON.stringify(health).includes(SECRET));

      // Paging one change at a time meets every run exactly once: the calls recover, a later
      // run, and two later changes of status (scripted as the monitor writes them) around it.
      server.clock.advance(MINUTE);
      assert.equal((await server.ingest(Array.from({ length: 60 }, (_, i) => ({ kind: 'call', ts: server.clock.now - 30_000 + i * 400, integration: 'crm-sync', direction: 'outbound', operation: 'contacts.sync', status: 200, latency_ms: 90 })))).status, 200);
      const change = (ts: number, status: string, previous: string) =>
        server.store.db.insertInto('health_changes').values({ integration: 'crm-sync', ts, status, previous_status: previous, reason: 'calls within the SLOs' }).execute();
      await change(server.clock.now, 'healthy', health.status);
      server.clock.advance(1_000);
      const late = JSON.parse((await run('refresh-token')).text).id;
      server.clock.advance(1_000);
      await change(server.clock.now, 'degraded', 'healthy');
      const seen: number[] = [];
      let changes = 0;
      let cursor: string | null = null;
      do {
        const page: any = (await server.get(`/api/v1/integrations/crm-sync/health/history?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
        changes += page.changes.length;
        seen.push(...page.recovery_runs.map((r: { id: number }) => r.id));
        cursor = page.next;
      } while (cursor);
      assert.ok(changes >= 3);
      assert.deepEqual(seen, [late, ...all]);
      assert.equal((await server.get('/api/v1/integrations/crm-sync/health', globexResponder)).status, 404);
      assert.equal((await server.get('/api/v1/integrations/crm-sync/health/history', globexResponder)).status, 404);
    });

    it('lists the integration\'s runs newest first, in pages, and never stores a secret', async () => {
      const first = (await server.get('/api/v1/integrations/crm-sync/recovery?limit=2')).body;
      assert.equal(first.runs.length, 2);
      const second = (await server.get(`/api/v1/integrations/crm-sync/recovery?limit=2&cursor=${first.next}`)).body;
      assert.ok(second.runs[0].id < first.runs[1].id);
      const stored = JSON.stringify([
        await server.store.db.selectFrom('recovery_runs').selectAll().execute(),
        await server.store.db.selectFrom('alert_events').selectAll().execute(),
        await server.store.db.selectFrom('audit_log').selectAll().execute(),
      ]);
      assert.ok(stored.includes('refresh-token'));
      assert.ok(!stored.includes(SECRET), 'no secret reached the store');
    });
  });
}
