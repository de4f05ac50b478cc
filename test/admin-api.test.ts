/**
 * The operations overview's admin API (issue 14): exact figures from ingested records at the
 * requirement documents' paths and their /api/v1 twins, the same after the compactor carries the
 * rollups up the tiers; admin permission; the health-monitoring spec's per-integration routes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { compactAll } from '../src/rollup/compact.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const A = 'salesforce-sync';
const B = 'shop-b';

for (const engine of ENGINES) {
  describe(`admin API (${engine.name})`, () => {
    let server: TestServer;
    let readToken: string;
    let respondToken: string;
    /** Five hours ago and two hours ago: apart in the hour tier, both in the default 24 hours. */
    let early: number;
    let late: number;

    before(async () => {
      server = await startTestServer(engine, { catalogue: 'examples/catalogue' });
      readToken = (await createToken(server.store.db, { name: 'viewer', scopes: ['read'] }, server.clock.now)).token;
      respondToken = (await createToken(server.store.db, { name: 'responder', scopes: ['read', 'respond'] }, server.clock.now)).token;
      early = server.clock.now - 5 * HOUR;
      late = server.clock.now - 2 * HOUR;
      const call = (integration: string, ts: number, status: number | null, latency: number) => ({
        kind: 'call', ts, integration, direction: 'outbound', operation: 'sync', latency_ms: latency, ...(status === null ? { error: 'timeout' } : { status }),
      });
      const run = (integration: string, ts: number, status: string, duration?: number, counts?: Record<string, number>) => ({
        kind: 'run', ts, integration, job: 'contacts-sync', status, ...(duration !== undefined ? { duration_ms: duration } : {}), ...(counts ? { counts } : {}),
      });
      const answer = await server.ingest([
        call(A, early, 200, 100), call(A, early, 200, 100), call(A, late, 200, 100), call(A, late, 200, 100), call(A, late, 503, 900), call(A, late, 429, 50),
        call(B, early, 200, 20), call(B, late, 200, 20), call(B, late, null, 5000), call(B, late, null, 5000),
        run(A, early, 'success', 20_000, { created: 7, updated: 3 }), run(A, late, 'failed', 400_000), run(A, late + MINUTE, 'partial', undefined, { created: 5 }),
        run(B, late, 'success', 10_000, { skus: 100 }),
        { kind: 'gauge', ts: late, integration: A, name: 'queue.depth', value: 40 },
        { kind: 'gauge', ts: late, integration: A, name: 'queue.depth', value: 10 },
        { kind: 'gauge', ts: early, integration: A, name: 'dlq.depth', value: 2 },
        // Not a queue gauge: not rolled up.
        { kind: 'gauge', ts: late, integration: A, name: 'workers', value: 900 },
      ]);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.rejected, []);
    });
    after(async () => server?.close());

    /** Both paths of an admin route answer the same; returns that answer. */
    async function admin(path: string): Promise<any> {
      const plain = await server.get(`/api/admin/integrations${path}`);
      assert.equal(plain.status, 200, JSON.stringify(plain.body));
      const versioned = await server.get(`/api/v1/admin/integrations${path}`);
      assert.deepEqual(versioned.body, plain.body);
      return plain.body;
    }
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

    async function checkFigures(): Promise<void> {
      const stats = await admin('/stats');
      assert.deepEqual(stats.jobs, { runs: 4, success: 2, failed: 1, partial: 1 });
      // B: 4 calls + 100 records; A: 6 calls + 15 records.
      assert.deepEqual(stats.top_integrations.map((row: any) => [row.integration, row.calls, row.errors, row.runs, row.records]), [[B, 4, 2, 1, 100], [A, 6, 2, 3, 15]]);
      assert.equal(stats.integrations.total, stats.integrations.by_status.healthy + stats.integrations.by_status.degraded + stats.integrations.by_status.down + stats.integrations.by_status.unknown);
      const trend = stats.error_trend;
      assert.equal(sum(trend.volume), 10);
      assert.equal(sum(trend.errors), 4);
      assert.equal(sum(trend.failed_runs), 1);
      // Two hours ago: A's 4 calls (2 failing) and B's 3 (2 timing out).
      const lateStep = trend.t.findIndex((t: number) => t <= late && late < t + trend.step_ms);
      assert.deepEqual([trend.volume[lateStep], trend.errors[lateStep], trend.error_rate[lateStep]], [7, 4, Math.round((4 / 7) * 1e6) / 1e6]);

      const errors = await admin('/errors');
      assert.deepEqual(errors.by_type, { client_error: 0, auth_error: 0, rate_limited: 1, server_error: 1, timeout: 2, network_error: 0, failed_runs: 1 });
      assert.deepEqual(errors.by_integration.map((row: any) => [row.integration, row.errors, row.failed_runs]), [[A, 2, 1], [B, 2, 0]]);
      assert.deepEqual(errors.failed_runs.map((run: any) => [run.integration, run.ts, run.status, run.duration_ms]), [[A, late, 'failed', 400_000]]);

      const performance = await admin('/performance');
      assert.deepEqual(performance.run_duration.map((row: any) => [row.integration, row.timed_runs, row.avg_duration_ms, row.records_per_second]), [
        [A, 2, 210_000, Math.round((10 / 420) * 1000) / 1000],
        [B, 1, 10_000, 10],
      ]);
      assert.equal(performance.records, 115);
      assert.equal(performance.records_per_second, Math.round((110 / 430) * 1000) / 1000);
      const queue = performance.queue_depth;
      assert.deepEqual([Math.max(...queue.queue_depth_max.filter((v: number | null) => v !== null)), queue.queue_depth_mean.filter((v: number | null) => v !== null)], [40, [25]]);
      assert.deepEqual(queue.dlq_depth_max.filter((v: number | null) => v !== null), [2]);
      assert.deepEqual(performance.latency_by_adapter.map((row: any) => [row.adapter, row.integrations, row.calls]), [['Salesforce', 1, 6], [null, 1, 4]]);
      // B's calls took 20, 20, 5000 and 5000 ms: nearest-rank p50 20, p95 5000, within the sketch's 2 %.
      const { p50_ms, p95_ms } = performance.latency_by_adapter[1];
      assert.ok(Math.abs(p50_ms - 20) <= 0.4 && Math.abs(p95_ms - 5000) <= 100, `${p50_ms} ${p95_ms}`);
    }

    it('answers exact figures from the ingested records at both paths', checkFigures);

    it('answers the same once the compactor has carried the rollups up the tiers', async () => {
      assert.ok((await compactAll(server.store.db)) > 0);
      await checkFigures();
    });

    it('lists the newest runs a page at a time, with totals and a duration trend', async () => {
      const first = await admin('/sync-activity?limit=2');
      assert.deepEqual(first.totals, { runs: 4, failed: 1, records: 115 });
      assert.deepEqual(first.runs.map((run: any) => [run.integration, run.status, run.records]), [[A, 'partial', 5], [B, 'success', 100]]);
      const rest = await admin(`/sync-activity?limit=2&cursor=${first.next}`);
      assert.deepEqual(rest.runs.map((run: any) => [run.integration, run.status, run.ts]), [[A, 'failed', late], [A, 'success', early]]);
      assert.equal(rest.next, null);
      const failed = await admin(`/sync-activity?status=failed&integration=${A}`);
      assert.deepEqual(failed.runs.map((run: any) => run.duration_ms), [400_000]);
      const step = first.trend.t.findIndex((t: number) => t <= early && early < t + first.trend.step_ms);
      assert.equal(first.trend.avg_duration_ms[step], 20_000);
      assert.equal(first.trend.records_per_second[step], 0.5);
    });

    it('gives the health of every integration with its last success and its day of calls and runs', async () => {
      const page = await admin('/health?limit=1000');
      const a = page.integrations.find((row: any) => row.id === A);
      assert.deepEqual([a.adapter, a.last_success, a.runs, a.failed_runs, a.calls, a.errors], ['Salesforce', early, 3, 1, 6, 2]);
      const b = page.integrations.find((row: any) => row.id === B);
      assert.deepEqual([b.adapter, b.last_success, b.runs, b.calls, b.errors], [null, late, 1, 4, 2]);
      assert.equal(sum(Object.values(page.counts) as number[]), page.integrations.length);
      const one = await admin('/health?limit=1');
      assert.equal(one.integrations.length, 1);
      const second = await admin(`/health?limit=1&cursor=${one.next}`);
      assert.ok(second.integrations[0].id > one.integrations[0].id);
    });

    it('needs the admin permission and refuses bad parameters by name', async () => {
      assert.equal((await server.get('/api/admin/integrations/stats', readToken)).status, 403);
      assert.equal((await server.get('/api/v1/admin/integrations/errors', null)).status, 401);
      const bad = await server.get('/api/admin/integrations/sync-activity?limit=501');
      assert.equal(bad.status, 400);
      assert.match(bad.body.error, /limit=501 must be a whole number from 1 to 500/);
      assert.match((await server.get('/api/admin/integrations/health?status=fine')).body.error, /status="?fine"? must be one of healthy, degraded, down, unknown/);
      assert.equal((await server.get('/api/admin/integrations/stats?step=7')).status, 400);
    });

    it('answers the health-monitoring spec\'s per-integration routes', async () => {
      const plain = await server.get(`/api/integrations/${B}/health`, readToken);
      assert.equal(plain.status, 200);
      const versioned = await server.get(`/api/v1/integrations/${B}/health`, readToken);
      assert.deepEqual(plain.body, versioned.body);
      const history = await server.get(`/api/integrations/${B}/health/history?limit=1`, readToken);
      assert.equal(history.status, 200);
      assert.equal(history.body.changes.length, 1);
      assert.equal(history.body.changes[0].status, plain.body.status);
      assert.equal((await server.get('/api/integrations/nobody-here/health', readToken)).status, 404);
      const post = (token: string) => fetch(`${server.url}/api/integrations/${B}/health/check`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      assert.equal((await post(readToken)).status, 403);
      const checked = await post(respondToken);
      assert.equal(checked.status, 200);
      const body = (await checked.json()) as { id: string; status: string; checks: unknown[] };
      assert.deepEqual([body.id, body.checks], [B, []]);
    });

    // Last: it adds a call to A.
    it('asked together, as the console asks, counts a call acknowledged while an earlier round was being answered', async () => {
      const round = () => Promise.all(['/stats', '/errors', '/performance'].map((path) => server.get(`/api/v1/admin/integrations${path}`)));
      const callsOfA = ([stats, errors, performance]: Awaited<ReturnType<typeof round>>) => [
        stats!.body.top_integrations.find((row: any) => row.integration === A).calls,
        errors!.body.by_integration.find((row: any) => row.integration === A).calls,
        performance!.body.latency_by_adapter.find((row: any) => row.adapter === 'Salesforce').calls,
      ];
      const earlier = round();
      const added = await server.ingest([{ kind: 'call', ts: late, integration: A, direction: 'outbound', operation: 'sync', status: 200, latency_ms: 100 }]);
      assert.equal(added.status, 200);
      const after = await round();
      for (const answer of [...(await earlier), ...after]) assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(callsOfA(after), [7, 7, 7]);
    });
  });
}
