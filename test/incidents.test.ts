import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { ENGINES } from './support/engines.js';
import { tokenWith } from './support/access.js';
import { startTestServer, type TestServer } from './support/server.js';
import { recoveryCatalogue } from './support/recovery.js';
import { scriptIncidents } from './support/incidents.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-incidents-'));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const engine of ENGINES) {
  describe(`incidents, MTTD, MTTR and detected-before-reported (${engine.name})`, () => {
    let server: TestServer;
    let responder: string;
    let viewer: string;
    let globex: string;

    before(async () => {
      const file = join(dir, `catalogue-${engine.name}.yaml`);
      writeFileSync(file, recoveryCatalogue('http://127.0.0.1:9'));
      server = await startTestServer(engine, { now: T0 + 3 * 60 * MINUTE, catalogue: file });
      responder = await tokenWith(server, 'support', ['read', 'respond']);
      viewer = await tokenWith(server, 'viewer', ['read']);
      globex = (await createToken(server.store.db, { name: 'globex', scopes: ['read', 'respond'], tenants: ['globex'] }, server.clock.now)).token;
      await scriptIncidents(server, T0);
    });
    after(() => server.close());

    const report = async (token: string, body: unknown) => {
      const response = await fetch(`${server.url}/api/v1/integrations/crm-sync/reports`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as any };
    };

    it('records customer reports for responders only, audited, with specific errors', async () => {
      for (const [minutes, ticket] of [[10, 'ZD-1'], [65, 'ZD-2'], [120, 'ZD-3']] as const) {
        const answer = await report(responder, { ticket, reported_at: new Date(T0 + minutes * MINUTE).toISOString() });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        assert.equal(answer.body.recorded_by.startsWith('token:support'), true);
      }
      assert.equal((await report(viewer, { ticket: 'ZD-9' })).status, 403);
      assert.equal((await report(globex, { ticket: 'ZD-9' })).status, 404);
      assert.equal((await report(responder, {})).status, 400);
      const future = await report(responder, { ticket: 'ZD-9', reported_at: T0 + 10 * 60 * MINUTE });
      assert.deepEqual([future.status, future.body.code], [400, 'report_in_future']);
      const audit = await server.store.db.selectFrom('audit_log').select(['outcome']).where('action', '=', 'customer_report.create').execute();
      assert.deepEqual(audit.map((row) => row.outcome).filter((o) => o === 'ok').length, 3);
      assert.ok(audit.some((row) => row.outcome === 'refused'));
    });

    it('computes each incident and the figures exactly from the script', async () => {
      const answer = await server.get(`/api/v1/integrations/crm-sync/incidents?from=${T0 - 60 * MINUTE}&to=${T0 + 3 * 60 * MINUTE}`, viewer);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const [a, b] = answer.body.incidents;
      assert.deepEqual(
        [a.status, a.started_at, a.detected_at, a.acknowledged_at, a.recovered_at, a.ttd_ms, a.ttr_ms],
        ['down', T0, T0 + 2 * MINUTE, T0 + 6 * MINUTE, T0 + 20 * MINUTE, 2 * MINUTE, 20 * MINUTE],
      );
      assert.deepEqual(a.reports.map((r: any) => [r.ticket, r.detected_before, r.lead_ms]), [['ZD-1', true, 8 * MINUTE]]);
      assert.deepEqual(
        [b.status, b.started_at, b.detected_at, b.recovered_at, b.ttd_ms, b.ttr_ms],
        ['degraded', T0 + 60 * MINUTE, null, T0 + 70 * MINUTE, null, 10 * MINUTE],
      );
      assert.deepEqual(b.reports.map((r: any) => [r.ticket, r.detected_before]), [['ZD-2', false]]);
      assert.deepEqual(answer.body.figures, {
        incidents: 2,
        mttd_ms: 2 * MINUTE,
        mttr_ms: (20 * MINUTE + 10 * MINUTE) / 2,
        reports: 3,
        detected_before_reported: 1,
        detected_before_reported_share: 1 / 3,
      });
    });

    it('keeps other tenants out and refuses a window too long', async () => {
      assert.equal((await server.get('/api/v1/integrations/crm-sync/incidents', globex)).status, 404);
      const long = await server.get(`/api/v1/integrations/crm-sync/incidents?from=${T0 - 500 * 86_400_000}&to=${T0}`);
      assert.deepEqual([long.status, long.body.code], [400, 'window_too_long']);
    });
  });
}
