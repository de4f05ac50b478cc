import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AlertRules } from '../src/alerting/rules/rules.js';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { AutomaticRecovery } from '../src/recovery/automatic.js';
import { RecoveryService } from '../src/recovery/service.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';
import { crmSyncRecord, teamService } from './support/recovery.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-automatic-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const engine of ENGINES) {
  describe(`automatic recovery (${engine.name})`, () => {
    let server: TestServer;
    let service: Awaited<ReturnType<typeof teamService>>;
    let automatic: AutomaticRecovery;

    before(async () => {
      service = await teamService();
      const catalogueFile = join(dir, `catalogue-${engine.name}.yaml`);
      writeFileSync(
        catalogueFile,
        crmSyncRecord([
          `{ name: refresh-token, type: http, url: "${service.url}/refresh-flaky", fixes: [auth_error], automatic: { maxAttempts: 3, backoff: 1m, cooldown: 30m } }`,
          `{ name: restart-sync, type: http, url: "${service.url}/restart", fixes: [server_error], automatic: { maxAttempts: 2 } }`,
        ]),
      );
      const alerting = join(dir, `alerting-${engine.name}.yaml`);
      writeFileSync(alerting, 'rules:\n  - { name: crm-auth, kind: error_rate, outcome: auth_error, integration: crm-sync, threshold: 0.2, for: 0s, window: 2m, keepFiringFor: 30m }\n');
      server = await startTestServer(engine, { now: START, catalogue: catalogueFile, alerting });
      const catalogue = new Catalogue(catalogueFile);
      catalogue.load();
      const rules = new AlertRules(alerting, catalogue);
      rules.load();
      const recovery = new RecoveryService({ db: server.store.db, catalogue, rules, clock: server.clock.read, env: process.env });
      automatic = new AutomaticRecovery({ db: server.store.db, catalogue, rules, recovery, clock: server.clock.read });
    });
    after(async () => {
      await server.close();
      service.server.close();
    });

    const runs = () => server.store.db.selectFrom('recovery_runs').select(['action', 'attempt', 'outcome', 'trigger', 'actor']).orderBy('id').execute();
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...server.auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as any;
    };

    it('an auth-error incident runs the refresh: none while silenced, backoff after a failure, stops once it worked', async () => {
      server.clock.advance(MINUTE);
      const calls = Array.from({ length: 60 }, (_, i) => ({ kind: 'call', ts: server.clock.now - 30_000 + i * 400, integration: 'crm-sync', direction: 'outbound', operation: 'contacts.sync', status: 401, latency_ms: 80 }));
      assert.equal((await server.ingest(calls)).status, 200);
      await server.app.alerting.evaluate();
      assert.equal((await server.get('/api/v1/alerts')).body.alerts[0]?.state, 'firing');

      const silence = await post('/api/v1/silences', { integration: 'crm-sync', duration: '1h', author: 'dana', reason: 'partner maintenance' });
      assert.equal(await automatic.runDue(), 0, 'nothing runs while silenced');
      await fetch(`${server.url}/api/v1/silences/${silence.id}`, { method: 'DELETE', headers: server.auth });

      assert.equal(await automatic.runDue(), 1);
      assert.deepEqual(await runs(), [{ action: 'refresh-token', attempt: 1, outcome: 'failed', trigger: 'automatic', actor: 'switchboard' }], 'only the action for auth errors');
      server.clock.advance(30_000);
      assert.equal(await automatic.runDue(), 0, 'backing off for a minute after the failure');
      server.clock.advance(31_000);
      assert.equal(await automatic.runDue(), 1);
      assert.deepEqual((await runs()).map((run) => [run.attempt, run.outcome]), [[1, 'failed'], [2, 'succeeded']]);
      server.clock.advance(5 * MINUTE);
      assert.equal(await automatic.runDue(), 0, 'it worked: no more attempts');
      const alert = (await server.get('/api/v1/alerts')).body.alerts[0];
      const history = (await server.get(`/api/v1/alerts/${alert.id}`)).body;
      const notes = history.events.map((event: { note: string | null }) => event.note).filter((note: string | null) => note?.startsWith('recovery'));
      assert.deepEqual(notes.map((note: string) => note.replace(/\d+ ms/, 'N ms')), ['recovery "refresh-token" automatically: 500 in N ms (failed)', 'recovery "refresh-token" automatically: 200 in N ms']);
    });
  });
}
