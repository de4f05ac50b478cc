import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { outcomeOf, type Outcome } from '../src/common/outcome.js';
import { compactAll } from '../src/rollup/compact.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Call {
  kind: 'call';
  ts: number;
  integration: string;
  operation: string;
  direction: 'outbound' | 'inbound';
  env: string;
  site: string;
  status?: number;
  error?: string;
  latency_ms: number;
  correlation_id: string;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Four days of skewed traffic for two integrations, with every outcome class present. */
function generate(now: number, count: number): Call[] {
  const next = seeded(42);
  const statuses = [200, 200, 200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 502, 503];
  return Array.from({ length: count }, (_, i) => {
    const roll = next();
    const status = statuses[Math.floor(next() * statuses.length)]!;
    const timeout = roll < 0.02;
    const network = roll >= 0.02 && roll < 0.03;
    return {
      kind: 'call',
      ts: now - Math.floor(next() * 4 * DAY) - 1,
      integration: next() < 0.7 ? 'dhl-carrier' : 'ups-carrier',
      operation: next() < 0.6 ? 'label.create' : 'tracking.get',
      direction: next() < 0.8 ? 'outbound' : 'inbound',
      env: next() < 0.85 ? 'production' : 'staging',
      site: next() < 0.5 ? 'ams-1' : 'fra-2',
      ...(timeout ? { error: 'timeout' } : network ? { error: 'connection' } : { status }),
      latency_ms: next() < 0.9 ? 40 + next() * 200 : 1000 / Math.pow(next() || 1e-9, 0.8),
      correlation_id: `c-${i}`,
    };
  });
}

function expectSummary(calls: Call[], filter: (c: Call) => boolean) {
  const chosen = calls.filter(filter);
  const counts: Record<Outcome, number> = { ok: 0, client_error: 0, auth_error: 0, rate_limited: 0, server_error: 0, timeout: 0, network_error: 0 };
  for (const c of chosen) counts[outcomeOf(c.status, c.error)]! += 1;
  const sorted = chosen.map((c) => c.latency_ms).sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
  return { volume: chosen.length, ...counts, p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) };
}

function assertClose(actual: number, exact: number, label: string) {
  assert.ok(Math.abs(actual - exact) / exact <= 0.02, `${label}: ${actual} vs exact ${exact}`);
}

for (const engine of ENGINES) {
  describe(`query API (${engine.name})`, () => {
    let server: TestServer;
    let calls: Call[];
    const now = Date.UTC(2026, 10, 20, 12, 34, 56);

    before(async () => {
      server = await startTestServer(engine, { now });
      calls = generate(now, 12_000);
      for (let i = 0; i < calls.length; i += 2_500) {
        const response = await server.ingest(calls.slice(i, i + 2_500));
        assert.equal(response.body.accepted, Math.min(2_500, calls.length - i));
      }
      await compactAll(server.store.db);
      // Late calls land in buckets already compacted: the compactor must fold them into every tier.
      const late = generate(now - 3 * HOUR, 1_000).map((c, i) => ({ ...c, correlation_id: `late-${i}` }));
      await server.ingest(late);
      calls.push(...late);
      await compactAll(server.store.db);
    });
    after(async () => server.close());

    const windows: Array<[string, number, number]> = [
      ['the last hour', now - HOUR, now],
      ['an odd 7 h 13 min', now - 7 * HOUR - 13 * MINUTE, now - 17 * MINUTE],
      ['three and a half days (all tiers)', now - 3.5 * DAY, now],
    ];
    for (const [label, from, to] of windows) {
      it(`summary over ${label} has exact counts and quantiles within 2 %`, async () => {
        const fromMin = Math.floor(from / MINUTE) * MINUTE;
        const toMin = Math.floor(to / MINUTE) * MINUTE;
        const response = await server.get(`/api/v1/integrations/dhl-carrier/summary?from=${from}&to=${new Date(to).toISOString()}`);
        assert.equal(response.status, 200);
        const body = response.body;
        assert.equal(body.from, fromMin);
        assert.equal(body.to, toMin);
        const exact = expectSummary(calls, (c) => c.integration === 'dhl-carrier' && c.ts >= fromMin && c.ts < toMin);
        assert.ok(exact.volume > 50, 'the window holds data');
        for (const field of ['volume', 'ok', 'client_error', 'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error'] as const) {
          assert.equal(body[field], exact[field], field);
        }
        assert.equal(body.success_rate, Math.round((exact.ok / exact.volume) * 1e6) / 1e6);
        assertClose(body.p50_ms, exact.p50, 'p50');
        assertClose(body.p95_ms, exact.p95, 'p95');
        assertClose(body.p99_ms, exact.p99, 'p99');
      });
    }

    it('applies env, site, operation and direction filters exactly', async () => {
      const from = now - 2 * DAY;
      const query = `from=${from}&to=${now}&env=production&site=ams-1&operation=label.create&direction=outbound`;
      const { body } = await server.get(`/api/v1/integrations/dhl-carrier/summary?${query}`);
      const exact = expectSummary(
        calls,
        (c) =>
          c.integration === 'dhl-carrier' && c.ts >= Math.floor(from / MINUTE) * MINUTE && c.ts < Math.floor(now / MINUTE) * MINUTE &&
          c.env === 'production' && c.site === 'ams-1' && c.operation === 'label.create' && c.direction === 'outbound',
      );
      assert.equal(body.volume, exact.volume);
      assert.equal(body.server_error, exact.server_error);
      assertClose(body.p95_ms, exact.p95, 'p95');
    });

    it('answers zero volume and null quantiles for an empty window, and 400 for a bad one', async () => {
      const { body } = await server.get(`/api/v1/integrations/nobody/summary?from=${now - HOUR}&to=${now}`);
      assert.equal(body.volume, 0);
      assert.equal(body.success_rate, null);
      assert.equal(body.p95_ms, null);
      const reversed = await server.get(`/api/v1/integrations/dhl-carrier/summary?from=${now}&to=${now - HOUR}`);
      assert.equal(reversed.status, 400);
      assert.match(reversed.body.error, /window is empty/);
      const garbage = await server.get('/api/v1/integrations/dhl-carrier/summary?from=last-tuesday');
      assert.equal(garbage.status, 400);
      assert.match(garbage.body.error, /from=last-tuesday/);
      assert.equal((await server.get('/api/v1/integrations/dhl-carrier/summary?direction=up')).status, 400);
      assert.equal((await server.get('/api/v1/integrations/Bad%20Id/summary')).status, 400);
    });

    it('time series buckets add up to the summary of the same window', async () => {
      const from = now - DAY;
      const { body: series } = await server.get(`/api/v1/integrations/dhl-carrier/timeseries?from=${from}&to=${now}`);
      const { body: summary } = await server.get(`/api/v1/integrations/dhl-carrier/summary?from=${series.from}&to=${series.to}`);
      assert.ok(series.series.t.length <= 200 && series.series.t.length >= 100, `${series.series.t.length} points`);
      assert.equal(series.step_ms, 10 * MINUTE);
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
      assert.equal(sum(series.series.volume), summary.volume);
      assert.equal(sum(series.series.server_error), summary.server_error);
      assert.equal(series.series.t[1] - series.series.t[0], series.step_ms);
      const hourly = await server.get(`/api/v1/integrations/dhl-carrier/timeseries?from=${from}&to=${now}&step=${HOUR}`);
      assert.equal(hourly.body.series.t.length, 25);
      const byPoints = await server.get(`/api/v1/integrations/dhl-carrier/timeseries?from=${from}&to=${now}&points=24`);
      assert.equal(byPoints.body.step_ms, HOUR, 'about 24 points over a day: hourly');
      assert.deepEqual(byPoints.body.series, hourly.body.series);
      assert.equal((await server.get(`/api/v1/integrations/dhl-carrier/timeseries?points=100000`)).status, 400);
      assert.equal((await server.get(`/api/v1/integrations/dhl-carrier/timeseries?step=7`)).status, 400);
    });

    it('breaks signals down by operation and direction', async () => {
      const from = now - DAY;
      const { body } = await server.get(`/api/v1/integrations/dhl-carrier/operations?from=${from}&to=${now}`);
      assert.equal(body.operations.length, 4);
      const labels = body.operations.find((o: { operation: string; direction: string }) => o.operation === 'label.create' && o.direction === 'outbound');
      const exact = expectSummary(calls, (c) => c.integration === 'dhl-carrier' && c.operation === 'label.create' && c.direction === 'outbound' && c.ts >= body.from && c.ts < body.to);
      assert.equal(labels.volume, exact.volume);
      assert.ok(body.operations[0].volume >= body.operations[1].volume, 'busiest first');
    });

    it('lists recent failures newest first with their ids', async () => {
      const { body } = await server.get(`/api/v1/integrations/ups-carrier/failures?from=${now - DAY}&to=${now}&limit=20`);
      assert.equal(body.failures.length, 20);
      const expected = calls
        .filter((c) => c.integration === 'ups-carrier' && outcomeOf(c.status, c.error) !== 'ok' && c.ts >= body.from && c.ts < body.to)
        .sort((a, b) => b.ts - a.ts)
        .slice(0, 20);
      assert.deepEqual(
        body.failures.map((f: { ts: number }) => f.ts),
        expected.map((c) => c.ts),
      );
      assert.ok(body.failures.every((f: { outcome: string; correlation_id: string }) => f.outcome !== 'ok' && f.correlation_id));
      assert.equal((await server.get('/api/v1/integrations/ups-carrier/failures?limit=0')).status, 400);
    });

    it('shows every integration on the board, including a silent one', async () => {
      await server.ingest([{ kind: 'event', ts: now - 2 * DAY, integration: 'quiet-feed', name: 'webhook.received' }]);
      const { body } = await server.get(`/api/v1/integrations?from=${now - DAY}&to=${now}`);
      const ids = body.integrations.map((i: { id: string }) => i.id);
      assert.deepEqual([...ids].sort(), ['dhl-carrier', 'quiet-feed', 'ups-carrier']);
      const byId = new Map(body.integrations.map((i: { id: string }) => [i.id, i]));
      const dhl = byId.get('dhl-carrier') as any;
      const exact = expectSummary(calls, (c) => c.integration === 'dhl-carrier' && c.ts >= body.from && c.ts < body.to);
      assert.equal(dhl.volume, exact.volume);
      assert.equal(dhl.trend.volume.reduce((a: number, b: number) => a + b, 0), exact.volume);
      // A week: the sparkline steps three hours (56 points, not the hour tier's 168) and still counts every call.
      const week = (await server.get(`/api/v1/integrations?from=${now - 7 * DAY}&to=${now}`)).body;
      const weekly = week.integrations.find((i: { id: string }) => i.id === 'dhl-carrier');
      assert.equal(weekly.trend.step_ms, 3 * HOUR);
      assert.ok(weekly.trend.volume.length <= 57, `${weekly.trend.volume.length} points`);
      assert.equal(
        weekly.trend.volume.reduce((a: number, b: number) => a + b, 0),
        expectSummary(calls, (c) => c.integration === 'dhl-carrier' && c.ts >= week.from && c.ts < week.to).volume,
      );
      assert.ok(['healthy', 'degraded', 'down', 'unknown'].includes(dhl.status), dhl.status);
      assert.ok(dhl.status_reason.length > 0);
      assert.equal(dhl.uncatalogued, true);
      // Filtered, the board reads the per-operation rows: the same counts of the calls that match.
      const staging = (await server.get(`/api/v1/integrations?from=${now - DAY}&to=${now}&env=staging`)).body.integrations.find((i: { id: string }) => i.id === 'dhl-carrier');
      assert.equal(staging.volume, expectSummary(calls, (c) => c.integration === 'dhl-carrier' && c.env === 'staging' && c.ts >= body.from && c.ts < body.to).volume);
      const quiet = byId.get('quiet-feed') as any;
      assert.equal(quiet.status, 'unknown', 'nothing recent to judge it by');
      assert.match(quiet.status_reason, /no calls, check results or runs/);
      assert.equal(quiet.last_seen, now - 2 * DAY);
    });

    it('lists the filter values seen in a window', async () => {
      const { body } = await server.get(`/api/v1/dimensions?from=${now - DAY}&to=${now}&integration=dhl-carrier`);
      assert.deepEqual(body.envs, ['production', 'staging']);
      assert.deepEqual(body.sites, ['ams-1', 'fra-2']);
      assert.deepEqual(body.operations, ['label.create', 'tracking.get']);
    });
  });

  describe(`trace (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
      const t = server.clock.now - HOUR;
      const response = await server.ingest([
        { kind: 'event', ts: t, integration: 'shopify-connector', name: 'order.received', order_id: 'o-77', correlation_id: 'c-order' },
        { kind: 'event', ts: t + 1000, integration: 'wms', name: 'shipment.created', order_id: 'o-77', shipment_id: 's-1' },
        { kind: 'call', ts: t + 2000, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: 503, latency_ms: 900, shipment_id: 's-1', correlation_id: 'c-label' },
        { kind: 'call', ts: t + 3000, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: 201, latency_ms: 300, attempt: 2, correlation_id: 'c-label' },
        { kind: 'event', ts: t + 4000, integration: 'dhl-carrier', name: 'label.created', shipment_id: 's-1' },
        { kind: 'event', ts: t + 9000, integration: 'dhl-carrier', name: 'carrier.confirmed', shipment_id: 's-1' },
        { kind: 'event', ts: t + 20000, integration: 'dhl-carrier', name: 'tracking.updated', shipment_id: 's-1' },
        { kind: 'event', ts: t + 5000, integration: 'shopify-connector', name: 'order.received', order_id: 'o-78' },
      ]);
      assert.equal(response.body.accepted, 8);
    });
    after(async () => server.close());

    it('follows an order through its shipments and their correlated calls, oldest first', async () => {
      const { body } = await server.get('/api/v1/trace?order_id=o-77');
      assert.deepEqual(
        body.records.map((r: { name?: string; operation?: string }) => r.name ?? r.operation),
        ['order.received', 'shipment.created', 'label.create', 'label.create', 'label.created', 'carrier.confirmed', 'tracking.updated'],
      );
      assert.equal(body.records[2].status, 503);
      assert.equal(body.records[2].outcome, 'server_error');
      assert.equal(body.records[3].attempt, 2, 'the retry that carried only the correlation id');
    });

    it('traces by shipment id and by correlation id, and rejects an ambiguous request', async () => {
      const byShipment = await server.get('/api/v1/trace?shipment_id=s-1');
      assert.equal(byShipment.body.records.length, 6);
      const byCorrelation = await server.get('/api/v1/trace?correlation_id=c-label');
      assert.equal(byCorrelation.body.records.length, 2);
      assert.equal((await server.get('/api/v1/trace')).status, 400);
      assert.equal((await server.get('/api/v1/trace?order_id=a&shipment_id=b')).status, 400);
      assert.deepEqual((await server.get('/api/v1/trace?order_id=unknown')).body.records, []);
    });
  });
}

for (const engine of ENGINES) {
  describe(`read API details (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
      const t = server.clock.now - 10 * MINUTE;
      const base = { kind: 'call', integration: 'ups-carrier', direction: 'outbound', operation: 'label.create', latency_ms: 80 };
      await server.ingest([
        { ...base, ts: t, status: 503 },
        { ...base, ts: t + 1, status: 404 },
        { ...base, ts: t + 2, error: 'timeout', latency_ms: 30_000 },
        { ...base, ts: t + 3, status: 200, env: 'canary', site: 'osl-1', release: '2026.12.0', operation: 'rates.get' },
      ]);
    });
    after(async () => server.close());

    it('answers one integration’s health on its own, and 404 for one never seen', async () => {
      const { status, body } = await server.get('/api/v1/integrations/ups-carrier');
      assert.equal(status, 200);
      assert.equal(body.id, 'ups-carrier');
      assert.equal(body.volume, 4);
      assert.ok(body.status && body.status_reason);
      const missing = await server.get('/api/v1/integrations/never-seen');
      assert.equal(missing.status, 404);
      assert.match(missing.body.error, /never-seen/);
    });

    it('filters failures by outcome class, and rejects an unknown class', async () => {
      const all = await server.get('/api/v1/integrations/ups-carrier/failures');
      assert.deepEqual(all.body.failures.map((f: { outcome: string }) => f.outcome).sort(), ['client_error', 'server_error', 'timeout']);
      const partnerSide = await server.get('/api/v1/integrations/ups-carrier/failures?outcome=server_error,timeout');
      assert.deepEqual(partnerSide.body.failures.map((f: { outcome: string }) => f.outcome), ['timeout', 'server_error']);
      const wrong = await server.get('/api/v1/integrations/ups-carrier/failures?outcome=boom');
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error, /outcome=boom/);
    });

    it('offers filter values seen minutes ago, before any compaction', async () => {
      const { body } = await server.get('/api/v1/dimensions');
      assert.deepEqual(body.envs, ['canary', 'production']);
      assert.deepEqual(body.sites, ['osl-1']);
      assert.deepEqual(body.releases, ['2026.12.0']);
      assert.deepEqual(body.operations, ['label.create', 'rates.get']);
    });
  });
}
