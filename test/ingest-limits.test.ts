/**
 * Cardinality limits (issue 10): distinct integrations, operations and event names per integration,
 * values per label. Past a limit a record is rejected with the reason, counted, logged once, and
 * shown by GET /api/v1/ingest/limits; several instances on one store converge on one set.
 */
import { LatencySketch } from '../src/rollup/sketch.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { CardinalityGuard } from '../src/ingest/cardinality.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { createApp } from '../src/server/app.js';
import { enforceRetention } from '../src/store/retention.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LIMITS = { SWITCHBOARD_LIMIT_INTEGRATIONS: '8', SWITCHBOARD_LIMIT_OPERATIONS: '3', SWITCHBOARD_LIMIT_LABEL_VALUES: '2' };

function call(server: TestServer, overrides: Record<string, unknown> = {}) {
  return { kind: 'call', ts: server.clock.now - 5 * MINUTE, integration: 'limited', direction: 'outbound', operation: 'op-1', status: 200, latency_ms: 40, ...overrides };
}

function errorsOf(body: { rejected: Array<{ index: number; error: string }> }): string[] {
  return body.rejected.map((r) => `${r.index}: ${r.error}`);
}

for (const engine of ENGINES) {
  describe(`cardinality limits (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { env: LIMITS, catalogue: 'examples/catalogue' });
    });
    after(async () => server.close());

    it('rejects the operations of an integration past the limit, record by record, and keeps the rest', async () => {
      const s = server;
      const records = ['op-1', 'op-2', 'op-3', 'op-4', 'op-1', 'GET /orders/123', 'op-3'].map((operation) => call(s, { operation }));
      const response = await s.ingest(records);
      assert.equal(response.status, 200);
      assert.equal(response.body.accepted, 5);
      const errors = errorsOf(response.body);
      assert.equal(errors.length, 2);
      assert.match(errors[0]!, /^3: operation "op-4" would be past the limit of 3 distinct operations of integration "limited" \(SWITCHBOARD_LIMIT_OPERATIONS\): keep ids out of operation names/);
      assert.match(errors[1]!, /^5: operation "GET \/orders\/123" would be past the limit/);
      const series = await s.store.db.selectFrom('call_rollups').select('operation').distinct().where('integration', '=', 'limited').orderBy('operation').execute();
      assert.deepEqual(series.map((row) => row.operation), ['op-1', 'op-2', 'op-3']);
    });

    it('counts event names and each label (env, site, release) on their own', async () => {
      const s = server;
      const event = (name: string, extra: Record<string, unknown> = {}) => ({ kind: 'event', ts: s.clock.now - MINUTE, integration: 'labelled', name, ...extra });
      const response = await s.ingest([
        event('a'), event('b'), event('c'), event('d'),
        event('a', { env: 'staging' }), event('a', { env: 'qa' }),
        event('a', { site: 's1' }), event('a', { site: 's2' }), event('a', { site: 's3' }),
        event('a', { release: 'r1' }), event('a', { release: 'r2' }), event('a', { release: 'r3' }),
      ]);
      assert.equal(response.status, 200);
      assert.deepEqual(
        errorsOf(response.body).map((error) => error.replace(/ would be past.*\((\w+)\).*$/, ' $1')),
        ['3: event name "d" SWITCHBOARD_LIMIT_OPERATIONS', '5: env "qa" SWITCHBOARD_LIMIT_LABEL_VALUES', '8: site "s3" SWITCHBOARD_LIMIT_LABEL_VALUES', '11: release "r3" SWITCHBOARD_LIMIT_LABEL_VALUES'],
      );
      assert.equal(response.body.accepted, 8, 'production and staging are the two env values');
    });

    it('rejects new integrations past the limit, but never catalogued ones or those already seen', async () => {
      const s = server;
      const seen = (await s.store.db.selectFrom('integrations_seen').select('id').execute()).length;
      const fresh = Array.from({ length: 12 }, (_, i) => call(s, { integration: `new-${i}` }));
      const response = await s.ingest([...fresh, call(s), call(s, { integration: 'dhl-carrier', operation: 'label.create' })]);
      assert.equal(response.status, 200);
      const room = 8 - seen;
      assert.equal(response.body.accepted, room + 2);
      assert.equal(response.body.rejected.length, 12 - room);
      assert.match(response.body.rejected[0].error, /^integration "new-\d+" would be a new integration past the limit of 8 distinct integrations \(SWITCHBOARD_LIMIT_INTEGRATIONS\)/);
      assert.equal((await s.store.db.selectFrom('integrations_seen').select('id').execute()).length, 9, 'eight, and the catalogued dhl-carrier');
    });

    it('shows limits, usage and what they refused at GET /api/v1/ingest/limits (read scope)', async () => {
      const s = server;
      const report = await s.get('/api/v1/ingest/limits');
      assert.equal(report.status, 200);
      assert.deepEqual(report.body.limits, { integrations: 8, operations_per_integration: 3, label_values_per_integration: 2 });
      assert.equal(report.body.usage.integrations, 9);
      const limited = report.body.usage.busiest.find((entry: { integration: string }) => entry.integration === 'limited');
      assert.deepEqual(limited, { integration: 'limited', operation: 3, event: 0, env: 1, site: 0, release: 0, log_operation: 0 });
      const byKey = Object.fromEntries(report.body.rejections.map((r: { reason: string; integration: string | null; rejected: number; example: string }) => [`${r.reason}/${r.integration}`, r]));
      assert.equal(byKey['operation/limited'].rejected, 2);
      assert.equal(byKey['operation/limited'].example, 'GET /orders/123');
      assert.equal(byKey['event/labelled'].rejected, 1);
      assert.equal(byKey['env/labelled'].rejected, 1);
      assert.ok(byKey['integrations/null'].rejected >= 4);
      assert.equal((await s.get('/api/v1/ingest/limits', null)).status, 401);
      assert.equal((await s.get('/api/v1/ingest/limits', s.key)).status, 403, 'an ingest key cannot read');
    });

    it('converges across instances on one store: a second instance knows what the first admitted', async () => {
      const s = server;
      const another = await s.store.openAnother();
      const second = await createApp({ config: s.config, db: another.db, logLevel: 'silent', clock: s.clock.read, runJobs: false });
      try {
        const url = await second.app.listen({ host: '127.0.0.1', port: 0 });
        const viaSecond = async (records: unknown[]) => {
          const response = await fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.key}` }, body: JSON.stringify(records) });
          assert.equal(response.status, 200);
          return (await response.json()) as { accepted: number; rejected: Array<{ index: number; error: string }> };
        };
        // Loaded at its first batch: the three operations of "limited" are known, a fourth is refused.
        const first = await viaSecond([call(s, { operation: 'op-2' }), call(s, { operation: 'op-9' })]);
        assert.deepEqual(errorsOf(first).map((e) => e.slice(0, 16)), ['1: operation "op']);
        // The first instance admits a new integration's operations; the second learns them at its next refresh.
        const grown = await s.ingest([call(s, { integration: 'dhl-carrier', operation: 'a' }), call(s, { integration: 'dhl-carrier', operation: 'b' })]);
        assert.equal(grown.body.accepted, 2);
        s.clock.advance(31_000);
        const third = await viaSecond([call(s, { integration: 'dhl-carrier', operation: 'c' }), call(s, { integration: 'dhl-carrier', operation: 'd' })]);
        // label.create, a and b (all three admitted by the first instance) fill its three places.
        assert.equal(third.accepted, 0, JSON.stringify(third));
        assert.match(third.rejected[0]!.error, /"c" would be past the limit of 3/);
      } finally {
        await second.close();
        await another.db.destroy();
      }
    });

    it('frees the place of an integration silent for the raw retention (its history stays)', async () => {
      const s = server;
      const expireMs = s.config.retention.rawMs;
      const seen = (await s.store.db.selectFrom('integrations_seen').select('id').execute()).length;
      assert.ok(seen > 0);
      const limits = { ...s.config.ingest.limits, integrations: seen };
      const newcomer = normalizeRecord(call(s, { integration: 'newcomer' }), { notBefore: 0, notAfter: Infinity });
      assert.ok(newcomer.ok);
      const now = new CardinalityGuard({ db: s.store.db, limits, clock: s.clock.read, expireMs });
      await now.ready();
      assert.match(String(now.admit([newcomer.record]).errors[0]), /past the limit of \d+ distinct integrations/);
      s.clock.advance(expireMs + DAY);
      try {
        const later = new CardinalityGuard({ db: s.store.db, limits, clock: s.clock.read, expireMs });
        await later.ready();
        assert.deepEqual(later.admit([newcomer.record]).errors, [undefined]);
        assert.equal((await s.store.db.selectFrom('integrations_seen').select('id').execute()).length, seen, 'nothing is deleted');
      } finally {
        s.clock.advance(-(expireMs + DAY));
      }
    });

    it('frees the place of a value no batch carried for the raw retention', async () => {
      const s = server;
      const expireMs = s.config.retention.rawMs;
      const guard = new CardinalityGuard({ db: s.store.db, limits: s.config.ingest.limits, clock: s.clock.read, expireMs });
      s.clock.advance(expireMs + DAY);
      await enforceRetention(s.store.db, s.config.retention, s.clock.now);
      assert.equal((await s.store.db.selectFrom('ingest_series').select('value').execute()).length, 0);
      await guard.ready();
      const record = normalizeRecord(call(s, { operation: 'op-new' }), { notBefore: 0, notAfter: Infinity });
      assert.ok(record.ok);
      assert.deepEqual(guard.admit([record.record]).errors, [undefined]);
      s.clock.advance(-(expireMs + DAY));
    });
  });
}

describe('cardinality guard', () => {
  it('logs once per integration and reason, however many records it refuses', async () => {
    const store = await ENGINES[0]!.open();
    try {
      const warnings: string[] = [];
      const config = loadConfig({}, { SWITCHBOARD_LIMIT_OPERATIONS: '2' });
      const guard = new CardinalityGuard({ db: store.db, limits: config.ingest.limits, expireMs: config.retention.rawMs, log: { warn: (details) => warnings.push(`${details.reason}/${details.integration}`) } });
      await guard.ready();
      const now = Date.now();
      const records = Array.from({ length: 1_000 }, (_, i) => {
        const result = normalizeRecord({ kind: 'call', ts: now, integration: i % 2 ? 'a' : 'b', direction: 'outbound', operation: `op-${i}`, status: 200, latency_ms: 1 }, { notBefore: 0, notAfter: now + 1 });
        assert.ok(result.ok);
        return result.record;
      }) satisfies NormalizedRecord[];
      const { errors } = guard.admit(records);
      assert.equal(errors.filter(Boolean).length, 996);
      guard.admit(records);
      assert.deepEqual(warnings.sort(), ['operation/a', 'operation/b']);
      const report = guard.report();
      assert.deepEqual(report.rejections.map((r) => [r.integration, r.rejected]).sort(), [['a', 996], ['b', 996]]);
    } finally {
      await store.dispose();
    }
  });

  it('fills the known values from the rollups a store held before the upgrade', async () => {
    for (const engine of ENGINES) {
      const store = await engine.open({ migrateTo: '005_access' });
      try {
        // A real sketch: later migrations (008) merge these rows' sketches.
        const sketch = new LatencySketch();
        sketch.add(120);
        const oneCallSketch = sketch.encode();
        const row = (operation: string, env: string, site: string) => ({
          resolution_ms: MINUTE, bucket: 0, integration: 'old', operation, direction: 'outbound', env, site, release: '',
          volume: 1, ok: 1, client_error: 0, auth_error: 0, rate_limited: 0, server_error: 0, timeout: 0, network_error: 0, latency_sketch: oneCallSketch, compacted: 1,
        });
        await store.db.insertInto('call_rollups').values([row('x', 'production', ''), row('y', 'production', 'ams-1'), row('x', 'staging', 'ams-1')]).execute();
        const upgraded = await store.openAnother();
        try {
          const rows = await upgraded.db.selectFrom('ingest_series').select(['dimension', 'value']).where('integration', '=', 'old').orderBy('dimension').orderBy('value').execute();
          assert.deepEqual(rows.map((r) => `${r.dimension}=${r.value}`), ['env=production', 'env=staging', 'operation=x', 'operation=y', 'site=ams-1'], engine.name);
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await store.dispose();
      }
    }
  });
});
