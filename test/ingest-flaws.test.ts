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
      server = await startTestServer(engine, { env: { SWITCHBOARD_LIMIT_INTEGRATIONS: '50000' } });
    });
    after(async () => server.close());

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

  });
}
