/**
 * GET /metrics (issue 14): the exposition parses, the derived counters equal what was ingested,
 * the permission holds, and the label sets stay bounded.
 */
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { acceptsGzip } from '../src/metrics/gzip.js';
import { Metrics } from '../src/metrics/index.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';
import { parseExposition, sampleValue, type Sample } from './support/exposition.js';

const MINUTE = 60_000;
/** Operations per integration, and so the cap on `entity` values. */
const LIMITS = { SWITCHBOARD_LIMIT_OPERATIONS: '3' };

async function scrape(server: TestServer, headers: Record<string, string> = server.auth): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${server.url}/metrics`, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function samples(server: TestServer): Promise<Sample[]> {
  const answer = await scrape(server);
  assert.equal(answer.status, 200, answer.text);
  return parseExposition(answer.text);
}

for (const engine of ENGINES) {
  describe(`GET /metrics (${engine.name})`, () => {
    let server: TestServer;
    let readToken: string;
    before(async () => {
      server = await startTestServer(engine, { env: LIMITS, catalogue: 'examples/catalogue' });
      readToken = (await createToken(server.store.db, { name: 'prometheus', scopes: ['read'] }, server.clock.now)).token;
    });
    after(async () => server?.close());

    it('counts committed calls, runs and gauges under the requirement names and labels', async () => {
      const ts = server.clock.now - 5 * MINUTE;
      const call = (status: number | null, latency: number, operation = 'contacts.upsert') => ({
        kind: 'call', ts, integration: 'salesforce-sync', direction: 'outbound', operation, latency_ms: latency,
        ...(status === null ? { error: 'connection' } : { status }),
      });
      const run = (status: string, duration: number, counts?: Record<string, number>) => ({
        kind: 'run', ts, integration: 'salesforce-sync', job: 'contacts', status, duration_ms: duration, ...(counts ? { counts } : {}),
      });
      const records = [
        call(200, 40), call(200, 300), call(429, 20), call(429, 22), call(503, 1200), call(null, 5000),
        run('success', 20_000, { created: 7, updated: 3 }), run('failed', 400_000), run('success', 50_000, { created: 1, updated: 0 }),
        { kind: 'gauge', ts, integration: 'salesforce-sync', name: 'queue.depth', value: 42 },
        // Older than the sample above: the gauge keeps showing the newer one.
        { kind: 'gauge', ts: ts - MINUTE, integration: 'salesforce-sync', name: 'queue.depth', value: 7 },
        { kind: 'gauge', ts, integration: 'salesforce-sync', name: 'dlq.depth', value: 2 },
        { kind: 'event', ts, integration: 'salesforce-sync', name: 'message.processed', attrs: { queue: 'contacts-in' } },
        { kind: 'event', ts, integration: 'salesforce-sync', name: 'message.processed', attrs: { queue: 'contacts-in', count: 40 } },
        { kind: 'event', ts, integration: 'salesforce-sync', name: 'message.failed', attrs: { queue: 'contacts-in', count: 2 } },
        { kind: 'event', ts, integration: 'salesforce-sync', name: 'message.failed' },
        { kind: 'call', ts, integration: 'bad id!', direction: 'outbound', operation: 'x', status: 200, latency_ms: 1 },
      ];
      const answer = await server.ingest(records);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.accepted, records.length - 1);

      const all = await samples(server);
      // Tenant (its owner team) and adapter (its partner) from examples/catalogue.
      const labels = { tenant_id: 'team-crm', integration_id: 'salesforce-sync', adapter_type: 'Salesforce' };
      const op = { ...labels, entity: 'contacts.upsert' };
      assert.equal(sampleValue(all, 'adapter_requests_total', { ...op, status: 'ok' }), 2);
      assert.equal(sampleValue(all, 'adapter_requests_total', { ...op, status: 'rate_limited' }), 2);
      assert.equal(sampleValue(all, 'adapter_requests_total', { ...op, status: 'server_error' }), 1);
      assert.equal(sampleValue(all, 'adapter_requests_total', { ...op, status: 'network_error' }), 1);
      assert.equal(sampleValue(all, 'adapter_rate_limit_hits_total', op), 2);
      assert.equal(sampleValue(all, 'adapter_connection_failures_total', op), 1);
      assert.equal(sampleValue(all, 'adapter_request_duration_seconds_count', labels), 6);
      assert.equal(sampleValue(all, 'adapter_request_duration_seconds_bucket', { ...labels, le: '0.05' }), 3);
      assert.equal(sampleValue(all, 'adapter_request_duration_seconds_sum', labels), 6.582);

      const job = { ...labels, entity: 'contacts' };
      assert.equal(sampleValue(all, 'sync_jobs_total', { ...job, status: 'success' }), 2);
      assert.equal(sampleValue(all, 'sync_jobs_total', { ...job, status: 'failed' }), 1);
      assert.equal(sampleValue(all, 'sync_jobs_failed_total', { ...job, status: 'failed' }), 1);
      assert.equal(sampleValue(all, 'sync_jobs_processed_total', job), 3);
      assert.equal(sampleValue(all, 'sync_jobs_by_integration_total', labels), 3);
      assert.equal(sampleValue(all, 'sync_records_created_total', job), 8);
      assert.equal(sampleValue(all, 'sync_records_updated_total', job), 3);
      assert.equal(sampleValue(all, 'sync_latency_ms_count', job), 3);
      assert.equal(sampleValue(all, 'sync_latency_ms_bucket', { ...job, le: '300000' }), 2);
      assert.equal(sampleValue(all, 'service_bus_queue_depth', labels), 42);
      assert.equal(sampleValue(all, 'service_bus_dlq_depth', labels), 2);
      assert.equal(sampleValue(all, 'service_bus_messages_processed_total', { ...labels, queue: 'contacts-in' }), 41);
      assert.equal(sampleValue(all, 'service_bus_messages_failed_total', { ...labels, queue: 'contacts-in' }), 2);
      assert.equal(sampleValue(all, 'service_bus_messages_failed_total', { ...labels, queue: '' }), 1);

      assert.equal(sampleValue(all, 'switchboard_records_accepted_total', { route: 'ingest' }), records.length - 1);
      assert.equal(sampleValue(all, 'switchboard_records_rejected_total', { route: 'ingest', reason: 'invalid' }), 1);
      assert.ok(sampleValue(all, 'switchboard_ingest_request_duration_seconds_count', { route: 'ingest' })! >= 1);
      assert.equal(sampleValue(all, 'switchboard_leader', {}), 0);
      assert.equal(sampleValue(all, 'switchboard_alerts', { state: 'firing' }), 0);
      assert.equal(sampleValue(all, 'switchboard_notifications', { status: 'dead' }), 0);
      assert.ok(sampleValue(all, 'switchboard_compactor_backlog_rows', {})! >= 1, 'the calls left uncompacted rollup rows');
      assert.ok(all.some((s) => s.name === 'switchboard_process_cpu_seconds_total'), 'process metrics');
    });

    it('needs the read scope, unless configured public', async () => {
      assert.equal((await scrape(server, {})).status, 401);
      assert.equal((await scrape(server, { authorization: `Bearer ${server.key}` })).status, 403, 'an ingest key does not read');
      assert.equal((await scrape(server, { authorization: `Bearer ${readToken}` })).status, 200);
      const bound = (await createToken(server.store.db, { name: 'one tenant', scopes: ['read'], tenants: ['team-crm'] }, server.clock.now)).token;
      assert.equal((await scrape(server, { authorization: `Bearer ${bound}` })).status, 403, 'a tenant-bound token would see other tenants');
      const open = await startTestServer(engine, { env: { SWITCHBOARD_METRICS_PUBLIC: 'true' } });
      try {
        const answer = await scrape(open, {});
        assert.equal(answer.status, 200);
        assert.match(answer.text, /# TYPE adapter_requests_total counter/);
      } finally {
        await open.close();
      }
    });

    it('answers OpenMetrics when asked, and the Prometheus format after it keeps the _total names', async () => {
      const openMetrics = await scrape(server, { ...server.auth, accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' });
      assert.equal(openMetrics.status, 200);
      assert.match(openMetrics.type, /^application\/openmetrics-text/);
      assert.match(openMetrics.text, /# TYPE adapter_requests counter\n/);
      assert.match(openMetrics.text, /\n# EOF\n$/);
      const text = await scrape(server);
      assert.match(text.type, /^text\/plain; version=0\.0\.4/);
      assert.match(text.text, /# TYPE adapter_requests_total counter\n/);
      assert.doesNotMatch(text.text, /# EOF/);
    });

    it('gzips the exposition for a scraper that asks (Prometheus does), and sends it plain to one that does not', async () => {
      const raw = (acceptEncoding: string, accept = 'text/plain') =>
        new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
          get(`${server.url}/metrics`, { headers: { ...server.auth, 'accept-encoding': acceptEncoding, accept } }, (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ encoding: response.headers['content-encoding'], vary: response.headers.vary, body: Buffer.concat(chunks) }));
          }).on('error', reject);
        });
      const zipped = await raw('gzip');
      assert.equal(zipped.encoding, 'gzip');
      assert.match(zipped.vary ?? '', /accept-encoding/);
      const plain = await raw('identity');
      assert.equal(plain.encoding, undefined);
      const names = (text: string) => new Set(parseExposition(text).map((sample) => sample.name));
      const unzipped = gunzipSync(zipped.body).toString('utf8');
      assert.deepEqual(names(unzipped), names(plain.body.toString('utf8')));
      // The integration families (gzipped per block of integrations, kept between scrapes) carry the
      // same samples; so does a third, gzipped again from kept members, and in OpenMetrics.
      const integrationSamples = (text: string) => parseExposition(text).filter((sample) => /^(adapter_|sync_|service_bus_)/.test(sample.name));
      const expected = integrationSamples(plain.body.toString('utf8'));
      assert.ok(expected.length > 20);
      assert.deepEqual(integrationSamples(unzipped), expected);
      assert.deepEqual(integrationSamples(gunzipSync((await raw('gzip')).body).toString('utf8')), expected);
      const openMetrics = await raw('gzip', 'application/openmetrics-text;version=1.0.0');
      const openText = gunzipSync(openMetrics.body).toString('utf8');
      assert.match(openText, /\n# EOF\n$/);
      assert.doesNotMatch(openText, /\n\n/);
      const sampleLines = (text: string) => text.split('\n').filter((line) => /^(adapter_|sync_|service_bus_)/.test(line));
      assert.deepEqual(sampleLines(openText), sampleLines(plain.body.toString('utf8')));
      assert.ok(zipped.body.length * 3 < plain.body.length, `gzip: ${zipped.body.length} bytes against ${plain.body.length}`);
      assert.equal((await raw('gzip;q=0, identity')).encoding, undefined, 'q=0 refuses gzip');
    });

    it('holds entity to the per-integration cap, and counts over-limit rejections', async () => {
      const ts = server.clock.now - 2 * MINUTE;
      const runs = Array.from({ length: 12 }, (_, i) => ({ kind: 'run', ts, integration: 'many-jobs', job: `job-${i}`, status: 'success', duration_ms: 10 }));
      const calls = Array.from({ length: 6 }, (_, i) => ({ kind: 'call', ts, integration: 'many-jobs', direction: 'outbound', operation: `op-${i}`, status: 200, latency_ms: 5 }));
      const messages = Array.from({ length: 5 }, (_, i) => ({ kind: 'event', ts, integration: 'many-jobs', name: 'message.processed', attrs: { queue: `queue-${i}`, count: 2 } }));
      const answer = await server.ingest([...runs, ...calls, ...messages]);
      assert.equal(answer.body.accepted, 20, 'three operations over the limit are refused');
      const all = await samples(server);
      const jobs = all.filter((s) => s.name === 'sync_jobs_total' && s.labels.integration_id === 'many-jobs');
      assert.deepEqual(new Set(jobs.map((s) => s.labels.entity)), new Set(['job-0', 'job-1', 'job-2', '_other']));
      assert.equal(jobs.reduce((sum, s) => sum + s.value, 0), 12, 'folded, not dropped');
      const entities = new Set(all.filter((s) => s.name === 'adapter_requests_total' && s.labels.integration_id === 'many-jobs').map((s) => s.labels.entity));
      assert.deepEqual(entities, new Set(['op-0', 'op-1', 'op-2']));
      const queues = all.filter((s) => s.name === 'service_bus_messages_processed_total' && s.labels.integration_id === 'many-jobs');
      assert.deepEqual(queues.map((s) => [s.labels.queue, s.value]).sort(), [['_other', 4], ['queue-0', 2], ['queue-1', 2], ['queue-2', 2]]);
      assert.equal(sampleValue(all, 'switchboard_records_rejected_total', { route: 'ingest', reason: 'over_limit' }), 3);
      for (const sample of all) {
        for (const value of Object.values(sample.labels)) assert.doesNotMatch(value, /sbt_|sbk_|Bearer/i, `${sample.name} carries no credential`);
      }
    });

    it('times every alert evaluation cycle, a failed one too, counts probe results, and says whether it leads', async () => {
      const metrics = new Metrics({
        db: server.store.db,
        storeEveryMs: 5_000,
        labelsOf: () => ({ tenant_id: '', adapter_type: '' }),
        entitiesPerIntegration: 1,
        maxSeries: 1_000,
        isLeader: () => true,
        clock: server.clock.read,
      });
      await metrics.health.timedEvaluation(async () => 1)();
      await assert.rejects(metrics.health.timedEvaluation(async () => Promise.reject(new Error('store gone')))());
      metrics.health.probed('dhl-carrier', 'tracking-api', 'down');
      const all = parseExposition(await metrics.registry.metrics());
      assert.equal(sampleValue(all, 'switchboard_probe_results_total', { integration_id: 'dhl-carrier', check: 'tracking-api', status: 'down' }), 1);
      assert.equal(sampleValue(all, 'switchboard_alert_evaluation_duration_seconds_count', {}), 2);
      assert.equal(sampleValue(all, 'switchboard_leader', {}), 1);
    });
  });
}

describe('which scrapers take gzip', () => {
  it('reads Accept-Encoding as HTTP means it', () => {
    const cases: Array<[string | undefined, boolean]> = [
      [undefined, false],
      ['', false],
      ['gzip', true],
      ['GZIP', true],
      ['deflate, gzip;q=0.5', true],
      ['gzip;q=0', false],
      ['gzip; q=0.000', false],
      ['gzip;q=0.001', true],
      ['identity', false],
      ['*', true],
      ['*, gzip;q=0', false],
      ['br, *;q=0', false],
    ];
    for (const [header, expected] of cases) assert.equal(acceptsGzip(header), expected, String(header));
  });
});
