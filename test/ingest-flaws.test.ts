/**
 * The ingest-side flaws of issue 10 ("Why"), each as it was found: one test per flaw, on both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Catalogue } from '../src/catalogue/catalogue.js';
import { HealthMonitor } from '../src/health/monitor.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;

function call(server: TestServer, overrides: Record<string, unknown> = {}) {
  return {
    kind: 'call',
    ts: server.clock.now - 5 * MINUTE,
    integration: 'flaw-carrier',
    direction: 'outbound',
    operation: 'label.create',
    status: 201,
    latency_ms: 120,
    ...overrides,
  };
}

async function count(server: TestServer, integration: string): Promise<number> {
  const row = await server.store.db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('integration', '=', integration)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const engine of ENGINES) {
  describe(`issue 10 ingest flaws (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      // The integration limit is raised here: these tests are about statements, not limits.
      server = await startTestServer(engine, { env: { SWITCHBOARD_LIMIT_INTEGRATIONS: '50000' }, catalogue: 'examples/catalogue' });
    });
    after(async () => server.close());

    it('an out-of-range timestamp rejects only its own record, never the batch with a 500', async () => {
      const s = server;
      const cases: Array<[unknown, RegExp]> = [
        [call(s, { ts: 1e20 }), /^ts 100000000000000000000 is in the future beyond the allowed clock skew/],
        [call(s, { ts: -1e20 }), /^ts -100000000000000000000 is older than the raw retention allows/],
        [call(s, { ts: 8.64e15 + 1 }), /^ts .* is in the future/],
        [call(s, { ts: 9_223_372_036_854_775_807 }), /^ts .* is in the future/],
        [call(s, { ts: '9999-12-31T23:59:59Z' }), /^ts 9999-12-31T23:59:59.000Z is in the future/],
        [call(s, { ts: '0000-01-01T00:00:00Z' }), /^ts 0000-01-01T00:00:00.000Z is older than the raw retention/],
        [call(s, { ts: '2026-02-31T00:00:00Z' }), /^ts "2026-02-31T00:00:00Z" is not a valid date/],
      ];
      const before = await count(s, 'flaw-carrier');
      const response = await s.ingest([call(s), ...cases.map(([record]) => record), call(s)]);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.accepted, 2);
      assert.deepEqual(
        response.body.rejected.map((r: { index: number }) => r.index),
        cases.map((_, i) => i + 1),
      );
      cases.forEach(([, reason], i) => assert.match(response.body.rejected[i].error, reason));
      assert.equal((await count(s, 'flaw-carrier')) - before, 2);
    });

    it('a number that parses to Infinity (1e309) or is absurd rejects its record and does not poison quantiles', async () => {
      const s = server;
      const good = JSON.stringify(call(s, { integration: 'flaw-latency', latency_ms: 100 }));
      const body = `[${good},
        {"kind":"call","ts":${s.clock.now - 5 * MINUTE},"integration":"flaw-latency","direction":"outbound","operation":"label.create","status":200,"latency_ms":1e309},
        {"kind":"call","ts":${s.clock.now - 5 * MINUTE},"integration":"flaw-latency","direction":"outbound","operation":"label.create","status":200,"latency_ms":1e15},
        {"kind":"gauge","ts":${s.clock.now - 5 * MINUTE},"integration":"flaw-latency","name":"queue.depth","value":-1e309},
        {"kind":"run","ts":${s.clock.now - 5 * MINUTE},"integration":"flaw-latency","job":"sync","status":"success","duration_ms":1e309},
        {"kind":"call","ts":${s.clock.now - 5 * MINUTE},"integration":"flaw-latency","direction":"outbound","operation":"label.create","status":200,"latency_ms":5,"attrs":{"n":1e309}},
        ${good}]`;
      const response = await s.ingest(body);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.accepted, 2, JSON.stringify(response.body));
      const errors = response.body.rejected.map((r: { index: number; error: string }) => `${r.index}: ${r.error}`);
      assert.match(errors[0], /^1: latency_ms must be a finite number/);
      assert.match(errors[1], /^2: latency_ms must be <= 86400000/);
      assert.match(errors[2], /^3: value must be a finite number/);
      assert.match(errors[3], /^4: duration_ms must be a finite number/);
      assert.match(errors[4], /^5: attrs\.n must be a finite number/);
      const summary = await s.get(`/api/v1/integrations/flaw-latency/summary?from=${s.clock.now - 60 * MINUTE}&to=${s.clock.now}`);
      assert.equal(summary.status, 200);
      assert.equal(summary.body.volume, 2);
      assert.ok(summary.body.p99_ms < 110, `p99 ${summary.body.p99_ms}`);
    });

    it('10,000 new integration ids in one batch: the batch commits and the health job still records every change', async () => {
      const s = server;
      const ids = (n: number, from: number) => Array.from({ length: n }, (_, i) => `flaw-many-${String(from + i).padStart(5, '0')}`);
      const first = await s.ingest(ids(10_000, 0).map((integration) => call(s, { integration })));
      assert.equal(first.status, 200, JSON.stringify(first.body).slice(0, 300));
      assert.equal(first.body.accepted, 10_000);
      // PostgreSQL's limit is 65,535 parameters: 15,000 changes of 5 columns pass it too.
      const second = await s.ingest(ids(5_000, 10_000).map((integration) => call(s, { integration })));
      assert.equal(second.status, 200);
      const monitor = new HealthMonitor({ db: s.store.db, catalogue: Catalogue.empty(), clock: s.clock.read });
      const health = await monitor.refresh();
      assert.ok(health.size >= 15_000, `${health.size} integrations judged`);
      const changes = await s.store.db
        .selectFrom('health_changes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('integration', 'like', 'flaw-many-%')
        .executeTakeFirstOrThrow();
      assert.equal(Number(changes.n), 15_000);
      const healthz = await fetch(`${s.url}/healthz`);
      assert.equal(healthz.status, 200);
    });

    it('a secret in an operation\'s query string never becomes a rollup series', async () => {
      const s = server;
      const response = await s.ingest([
        call(s, { integration: 'flaw-query', operation: 'GET /labels?api_key=QSECRET-7f3a9c1e&format=pdf' }),
        call(s, { integration: 'flaw-query', operation: 'GET /labels?token=QSECRET-8d2b' }),
        call(s, { integration: 'flaw-query', operation: 'GET /labels' }),
      ]);
      assert.equal(response.status, 200);
      assert.equal(response.body.accepted, 3);
      const series = await s.store.db.selectFrom('call_rollups').select(['operation', 'volume']).where('integration', '=', 'flaw-query').execute();
      assert.deepEqual([...new Set(series.map((row) => row.operation))], ['GET /labels']);
      assert.equal(series.reduce((sum, row) => sum + Number(row.volume), 0), 3);
      const records = await s.store.db.selectFrom('records').selectAll().where('integration', '=', 'flaw-query').execute();
      assert.ok(!JSON.stringify(records).includes('QSECRET'), JSON.stringify(records));
    });

    it('a heartbeat ping is bounded and redacted as an ingested run is', async () => {
      const s = server;
      const ping = (body: unknown) =>
        fetch(`${s.url}/api/v1/heartbeats/salesforce-sync/contacts-sync`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (response) => ({ status: response.status, body: (await response.json()) as { error?: string } }));
      const absurd = await ping({ status: 'success', duration_ms: 1e12 });
      assert.equal(absurd.status, 400);
      assert.match(absurd.body.error!, /duration_ms must be <= 604800000 \(7 days\)/);
      const nul = await ping({ status: 'failed', error: 'bad\u0000byte' });
      assert.equal(nul.status, 400);
      assert.match(nul.body.error!, /error contains a NUL character/);
      const secret = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwaW5nIn0.c2lnbmF0dXJlLXBpbmc';
      const failed = await ping({ status: 'failed', error: `export failed: token ${secret}`, counts: { [`sk_live_${'9'.repeat(24)}`]: 3 } });
      assert.equal(failed.status, 200, JSON.stringify(failed.body));
      const stored = JSON.stringify([
        await s.store.db.selectFrom('records').selectAll().where('integration', '=', 'salesforce-sync').execute(),
        await s.store.db.selectFrom('check_results').selectAll().where('integration', '=', 'salesforce-sync').execute(),
      ]);
      assert.ok(!stored.includes('c2lnbmF0dXJlLXBpbmc') && !stored.includes('9'.repeat(24)), stored);
      assert.ok(stored.includes('[REDACTED]'));
    });
  });
}
