import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Catalogue, readCatalogue } from '../src/catalogue/catalogue.js';
import { evaluateHealth, reportsDuration, type HealthInput, type MinuteSignals } from '../src/health/evaluate.js';
import { HealthMonitor } from '../src/health/monitor.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 30);
const dhl = readCatalogue('examples/catalogue').entries.find((e) => e.id === 'dhl-carrier')!;

function minutes(count: number, make: (i: number) => Partial<MinuteSignals>): MinuteSignals[] {
  return Array.from({ length: count }, (_, i) => ({ t: NOW - (count - i) * MINUTE, volume: 100, ok: 100, failed: 0, p95: 200, ...make(i) }));
}

function input(overrides: Partial<HealthInput> = {}): HealthInput {
  const perMinute = minutes(60, () => ({}));
  return {
    now: NOW,
    entry: dhl,
    signals: { windowMs: 15 * MINUTE, volume: 1500, ok: 1500, failed: 0, worstOutcome: null, p95: 200, minutes: perMinute },
    checks: [{ name: 'api-health', type: 'http', status: 'up', consecutive_failures: 0, last: { ts: NOW - MINUTE, error: null } }],
    freshness: [{ target: dhl.slo.freshness[0]!, lastTs: NOW - 5 * MINUTE }],
    ...overrides,
  };
}

describe('health evaluation', () => {
  it('is healthy when checks pass, signals meet the SLOs and events are fresh', () => {
    const health = evaluateHealth(input());
    assert.equal(health.status, 'healthy');
    assert.match(health.reasons[0]!, /100 % success over 1,500 calls in 15 min/);
  });

  it('says how far and for how long p95 is over its target', () => {
    const perMinute = minutes(60, (i) => ({ p95: i >= 48 ? 1800 : 300 }));
    const health = evaluateHealth(input({ signals: { ...input().signals, p95: 1800, minutes: perMinute } }));
    assert.equal(health.status, 'degraded');
    assert.deepEqual(health.reasons, ['p95 1.8 s over 800 ms target for 12 min']);
  });

  it('measures how long from the first breaching minute to now, not by counting minutes', () => {
    // 90 s into an incident whose first breaching minute started at 11:59:00 (the last one, 12:00, is 30 s old).
    const perMinute = [...minutes(58, () => ({})), { t: NOW - 90_000, volume: 100, ok: 100, failed: 0, p95: 1800 }, { t: NOW - 30_000, volume: 50, ok: 50, failed: 0, p95: 1800 }];
    const health = evaluateHealth(input({ signals: { ...input().signals, p95: 1800, minutes: perMinute } }));
    assert.deepEqual(health.reasons, ['p95 1.8 s over 800 ms target for 1 min']);
  });

  it('is down when a quarter of the calls fail, and names the main failure', () => {
    const perMinute = minutes(60, (i) => (i >= 52 ? { ok: 55, failed: 45 } : {}));
    const health = evaluateHealth(input({ signals: { ...input().signals, ok: 1125, failed: 375, worstOutcome: 'server_error', minutes: perMinute } }));
    assert.equal(health.status, 'down');
    assert.equal(health.reasons[0], '25 % of calls failing (mostly server error) for 8 min');
    assert.ok(health.reasons.some((r) => /success rate 75 % over 15 min, below the 98 % target for 8 min/.test(r)), health.reasons.join(' | '));
  });

  it('does not judge rates on a handful of calls', () => {
    const health = evaluateHealth(input({ signals: { ...input().signals, volume: 5, ok: 1, failed: 4 } }));
    assert.equal(health.status, 'healthy', 'its checks pass and its events are fresh');
    const alone = evaluateHealth(input({ entry: undefined, checks: [], freshness: [], signals: { ...input().signals, volume: 1, ok: 1, failed: 0 } }));
    assert.deepEqual(alone, { status: 'unknown', reasons: ['only 1 call in 15 min: too few to judge'] });
  });

  it('takes checks, heartbeats and freshness into account, worst first', () => {
    const health = evaluateHealth(
      input({
        checks: [
          { name: 'api-health', type: 'http', status: 'down', consecutive_failures: 3, last: { ts: NOW, error: 'status 503, expected 200' } },
          { name: 'nightly', type: 'heartbeat', status: 'down', consecutive_failures: 1, last: { ts: NOW, error: 'late: no ping since 10:00' } },
        ],
        freshness: [{ target: dhl.slo.freshness[0]!, lastTs: NOW - 47 * MINUTE }],
      }),
    );
    assert.equal(health.status, 'down');
    assert.deepEqual(health.reasons, [
      'check api-health failing for 3 runs: status 503, expected 200',
      'heartbeat nightly late: no ping since 10:00',
      'no tracking.updated for 47 min (target 30 min)',
    ]);
  });

  it('reads the hour minute by minute exactly where a finding says for how long it held', () => {
    const window = (volume: number, ok: number, failed: number, p95: number | null = 200) => ({ volume, ok, failed, p95 });
    assert.equal(reportsDuration(window(1500, 1500, 0), dhl), false, 'healthy');
    assert.equal(reportsDuration(window(10, 0, 10), dhl), false, 'too few calls to judge');
    assert.equal(reportsDuration(window(1500, 1000, 500), undefined), true, 'down, catalogued or not');
    assert.equal(reportsDuration(window(1500, 1400, 100), dhl), true, 'below the 98 % success target, not down');
    assert.equal(reportsDuration(window(1500, 1400, 100), undefined), false, 'the default degraded share says no duration');
    assert.equal(reportsDuration(window(1500, 1500, 0, 1_800), dhl), true, 'over the 800 ms p95 target');
    assert.equal(reportsDuration(window(1500, 1500, 0, 1_800), undefined), false, 'slow without a target');
    for (const [volume, ok, failed, p95] of [[1500, 1500, 0, 200], [1500, 1000, 500, 200], [1500, 1400, 100, 200], [1500, 1500, 0, 1_800]] as const) {
      // Every minute like the window, so a finding that reports its duration does say one.
      const perMinute = minutes(60, () => ({ volume: volume / 15, ok: ok / 15, failed: failed / 15, p95 }));
      const signals = { ...input().signals, volume, ok, failed, p95, minutes: perMinute };
      const withDuration = evaluateHealth(input({ signals })).reasons.some((reason) => / for [\d.]+ (min|h)$/.test(reason));
      assert.equal(reportsDuration(signals, dhl), withDuration, `${volume}/${ok}/${failed}/${p95}: the same answer as the evaluation`);
    }
  });

  it('is unknown without any evidence', () => {
    const health = evaluateHealth(
      input({ entry: undefined, checks: [], freshness: [], signals: { ...input().signals, volume: 0, ok: 0, minutes: [] } }),
    );
    assert.equal(health.status, 'unknown');
  });
});

for (const engine of ENGINES) {
  describe(`health and jobs API (${engine.name})`, () => {
    let server: TestServer;
    const call = (ts: number, status: number) => ({
      kind: 'call', ts, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status, latency_ms: 120,
    });
    before(async () => {
      server = await startTestServer(engine, { catalogue: 'examples/catalogue', now: NOW });
    });
    after(async () => server.close());

    it('records each change of status with its reason, and serves the history', async () => {
      const healthy = [];
      for (let i = 0; i < 15 * 20; i++) healthy.push(call(NOW - 15 * MINUTE + i * 3000, 200));
      healthy.push({ kind: 'event', ts: NOW - MINUTE, integration: 'dhl-carrier', name: 'tracking.updated', shipment_id: 's-1' });
      assert.equal((await server.ingest(healthy)).body.accepted, 301);
      const first = await server.get('/api/v1/integrations/dhl-carrier/health');
      assert.equal(first.body.status, 'healthy', first.body.reasons.join());

      server.clock.advance(10 * MINUTE);
      const failing = [];
      for (let i = 0; i < 10 * 20; i++) failing.push(call(NOW + i * 3000, i % 2 ? 503 : 200));
      failing.push({ kind: 'event', ts: NOW + 9 * MINUTE, integration: 'dhl-carrier', name: 'tracking.updated', shipment_id: 's-1' });
      await server.ingest(failing);
      const second = await server.get('/api/v1/integrations/dhl-carrier/health');
      assert.equal(second.body.status, 'down');
      assert.match(second.body.reasons[0], /of calls failing \(mostly server error\) for \d+ min/);
      assert.ok(second.body.reasons.some((reason: string) => /^success rate [\d.]+ % over 15 min, below the 98 % target for \d+ min$/.test(reason)), second.body.reasons.join(' | '));
      assert.deepEqual(
        second.body.history.map((h: { status: string; previous_status: string | null }) => [h.previous_status, h.status]),
        [['healthy', 'down'], [null, 'healthy']],
      );
      assert.equal(second.body.since, server.clock.now);
      const all = await server.get('/api/v1/health');
      const ids = all.body.integrations.map((h: { id: string }) => h.id);
      assert.equal(ids.length, 6);
      const feed = all.body.integrations.find((h: { id: string }) => h.id === 'retailer-feed');
      assert.equal(feed.status, 'degraded');
      assert.match(feed.reasons[0], /no successful price-scrape run seen yet/);
      assert.equal((await server.get('/api/v1/integrations/nobody/health')).status, 404);
    });

    it('judges latency where a target asks for it: how far over and for how long, and nowhere else', async () => {
      const now = server.clock.now;
      const slowFrom = now - 12 * MINUTE;
      const calls = [];
      for (let ts = now - 40 * MINUTE; ts < now; ts += 5_000) {
        for (const integration of ['shopify-connector', 'slow-uncatalogued']) {
          const latency_ms = integration === 'slow-uncatalogued' ? 5_000 : ts >= slowFrom ? 2_500 : 300;
          calls.push({ kind: 'call', ts, integration, direction: 'outbound', operation: 'orders.update', status: 200, latency_ms });
        }
      }
      assert.equal((await server.ingest(calls)).body.accepted, calls.length);
      server.clock.advance(20_000);
      const shop = (await server.get('/api/v1/integrations/shopify-connector/health')).body as { status: string; reasons: string[] };
      assert.equal(shop.status, 'degraded');
      assert.ok(shop.reasons.some((reason) => /^p95 2\.\d s over 1 s target for 12 min$/.test(reason)), shop.reasons.join(' | '));
      const unjudged = (await server.get('/api/v1/health')).body.integrations.find((h: { id: string }) => h.id === 'slow-uncatalogued') as { status: string; reasons: string[] };
      assert.equal(unjudged.status, 'healthy', 'no target, no latency finding, however slow');
      assert.ok(!unjudged.reasons.some((reason) => reason.includes('p95')), unjudged.reasons.join(' | '));
    });

    it('reports jobs: last run and success, failure streaks, counts against their trailing average', async () => {
      const runs = [];
      for (let i = 0; i < 12; i++) {
        runs.push({ kind: 'run', ts: server.clock.now - (14 - i) * 15 * MINUTE, integration: 'retailer-feed', job: 'price-scrape', status: 'success', counts: { skus: 5000 + i * 10, promos: 300 } });
      }
      runs.push({ kind: 'run', ts: server.clock.now - 15 * MINUTE, integration: 'retailer-feed', job: 'price-scrape', status: 'success', counts: { skus: 2750, promos: 300 } });
      runs.push({ kind: 'run', ts: server.clock.now - 2 * MINUTE, integration: 'retailer-feed', job: 'price-scrape', status: 'failed', error: 'HTTP 403 from retailer' });
      runs.push({ kind: 'run', ts: server.clock.now - MINUTE, integration: 'retailer-feed', job: 'price-scrape', status: 'failed', error: 'HTTP 403 from retailer' });
      assert.equal((await server.ingest(runs)).body.accepted, 15);
      const { body } = await server.get('/api/v1/jobs');
      assert.equal(body.jobs.length, 1);
      const job = body.jobs[0];
      assert.equal(job.job, 'price-scrape');
      assert.equal(job.runs, 15);
      assert.equal(job.failures, 2);
      assert.equal(job.consecutive_failures, 2);
      assert.equal(job.last_run.status, 'failed');
      assert.equal(job.last_run.error, 'HTTP 403 from retailer');
      assert.equal(job.last_success, server.clock.now - 15 * MINUTE);
      const skus = job.counts.skus;
      assert.equal(skus.last, 2750);
      const trailing = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => 5000 + i * 10);
      assert.equal(skus.trailing_average, trailing.reduce((a, b) => a + b, 0) / 10);
      assert.ok(skus.change < -0.45 && skus.change > -0.47, String(skus.change));
      assert.equal(skus.points.length, 13);
      assert.equal(skus.drop, true, 'skus fell 46 % below their trailing average');
      assert.equal(job.counts.promos.drop, false);
      assert.equal(job.expected_within_ms, 4 * 60 * MINUTE, 'the freshness target of the catalogue');
      assert.equal(job.late, false);
      server.clock.advance(11_000); // past the health snapshot's ten seconds
      const health = await server.get('/api/v1/integrations/retailer-feed/health');
      assert.equal(health.body.status, 'healthy', `the last success is within its 4 h freshness target: ${health.body.reasons}`);
    });

    it('answers from the snapshot past half its age and refreshes it for the next reader; waits only past its age', async () => {
      let at = NOW;
      let evaluations = 0;
      let failing = false;
      const failures: unknown[] = [];
      const monitor = new HealthMonitor({
        db: server.store.db,
        catalogue: Catalogue.empty(),
        clock: () => at,
        // Judging only: this monitor's clock is its own, so it must not write the shared history.
        recordsChanges: () => false,
        checkStates: async () => {
          evaluations += 1;
          if (failing) throw new Error('checks unreadable');
          return new Map();
        },
        onRefreshAheadFailed: (error) => failures.push(error),
      });
      const first = await monitor.current(10_000);
      assert.equal(evaluations, 1);
      at += 5_000;
      assert.equal(await monitor.current(10_000), first, 'at exactly half its age: served as it is');
      assert.equal(evaluations, 1, 'and nothing started');
      at += 1_000;
      const [a, b] = await Promise.all([monitor.current(10_000), monitor.current(10_000)]);
      assert.ok(a === first && b === first, 'past half its age: two readers served at once');
      assert.equal(evaluations, 2, 'and one refresh started for both');
      await monitor.settle();
      const second = await monitor.current(10_000);
      assert.notEqual(second, first, 'the next reader gets the refreshed one');
      assert.equal(evaluations, 2);
      at += 11_000;
      const third = await monitor.current(10_000);
      assert.notEqual(third, second, 'past its age: the reader waits for a fresh one');
      assert.equal(evaluations, 3);
      at -= 60_000;
      const fourth = await monitor.current(10_000);
      assert.notEqual(fourth, third, 'a clock set back: the snapshot is from its future, so a fresh one');
      assert.equal(evaluations, 4);

      failing = true;
      at += 6_000;
      assert.equal(await monitor.current(10_000), fourth, 'a refresh ahead that fails does not fail the reader');
      await monitor.settle();
      assert.equal(evaluations, 5);
      assert.deepEqual(failures.map(String), ['Error: checks unreadable'], 'reported once');
      at += 2_000;
      assert.equal(await monitor.current(10_000), fourth);
      assert.equal(evaluations, 5, 'not tried ahead again within half an age of the failure');
      at += 3_000;
      await assert.rejects(monitor.current(10_000), /checks unreadable/, 'past its age the reader waits, and hears the error');
      assert.equal(evaluations, 6);
      failing = false;
      assert.notEqual(await monitor.current(10_000), fourth, 'and the store back, a fresh one');
    });
  });
}
