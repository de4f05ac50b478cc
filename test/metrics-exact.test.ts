/**
 * The integration metrics are kept aggregated (src/metrics/signals.ts), not as a prom-client
 * increment per record. These prove nothing was lost in doing so: after N batches through a real
 * server the counters equal totals computed here from what was sent (both engines); the
 * exposition equals, sample for sample, the per-record way's (test/support/per-record-signals.ts)
 * on the simulator's records and on hostile label values; and the series cap holds.
 */
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { outcomeOf } from '../src/common/outcome.js';
import { Exposition, Metrics, REQUEST_DURATION_BUCKETS, SYNC_LATENCY_BUCKETS } from '../src/metrics/index.js';
import { GZIP_CHUNK_BYTES, type IntegrationLabels } from '../src/metrics/signals.js';
import { createSimulator } from '../src/simulator/simulator.js';
import type { WireRecord } from '../src/ingest/wire.js';
import { ENGINES, type TestStore } from './support/engines.js';
import { parseExposition, sampleValue, type Sample } from './support/exposition.js';
import { PerRecordSignals } from './support/per-record-signals.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const INTEGRATION_FAMILIES = /^(adapter_|sync_|service_bus_)/;

/** A small deterministic generator, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)]!;

/** Samples of the integration families, keyed by name and sorted labels. */
function integrationSamples(samples: readonly Sample[]): Map<string, number> {
  const keyed = new Map<string, number>();
  for (const sample of samples) {
    if (!INTEGRATION_FAMILIES.test(sample.name)) continue;
    const key = `${sample.name}{${Object.entries(sample.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    assert.ok(!keyed.has(key), `one sample for ${key}`);
    keyed.set(key, sample.value);
  }
  return keyed;
}

/** A store for the Switchboard-health gauges the exposition reads; the integration families never read it. */
let store: TestStore;
before(async () => {
  store = await ENGINES.find((engine) => engine.name === 'sqlite')!.open();
});
after(async () => store?.dispose());

function metricsOf(labelsOf: (id: string) => IntegrationLabels, entitiesPerIntegration: number, maxSeries = 1_000_000): Metrics {
  return new Metrics({ db: store.db, storeEveryMs: 5_000, labelsOf, entitiesPerIntegration, maxSeries, isLeader: () => false, clock: Date.now });
}

async function exposition(metrics: Metrics, openMetrics = false): Promise<string> {
  return (await new Exposition(metrics).render(openMetrics)).body.toString();
}

/** Wire records of calls, runs, gauges and message events over a few integrations, operations and jobs, at random. */
function scripted(next: () => number, now: number, count: number): Array<Record<string, unknown>> {
  const integrations = ['crm-sync', 'erp-feed', 'carrier-api', 'shop-hooks'];
  return Array.from({ length: count }, (_, i) => {
    const integration = pick(next, integrations);
    const ts = now - Math.floor(next() * 30 * MINUTE);
    const roll = next();
    if (roll < 0.7) {
      const failure = next() < 0.1;
      return {
        kind: 'call', ts, integration, direction: 'outbound', operation: pick(next, ['orders.list', 'orders.update', 'token.refresh']),
        ...(failure ? { error: pick(next, ['timeout', 'connection reset']) } : { status: pick(next, [200, 201, 400, 401, 429, 429, 503]) }),
        latency_ms: Math.floor(next() * 12_000),
      };
    }
    if (roll < 0.9) {
      return {
        kind: 'run', ts, integration, job: pick(next, ['contacts', 'orders']), status: pick(next, ['success', 'failed', 'partial']),
        ...(i % 7 === 0 ? {} : { duration_ms: Math.floor(next() * 40 * MINUTE) }),
        ...(i % 5 === 0 ? {} : { counts: { created: Math.floor(next() * 50), updated: Math.floor(next() * 20) } }),
      };
    }
    if (roll < 0.95) return { kind: 'gauge', ts, integration, name: pick(next, ['queue.depth', 'dlq.depth', 'worker.busy']), value: Math.floor(next() * 500) };
    // Message events: one message each, or attrs.count of them; with a queue or without; and an event of no counter.
    const queue = pick(next, ['orders', 'returns', undefined]);
    const count = pick(next, [undefined, 0, 25, 2.5, -3, 'many']);
    const attrs = { ...(queue === undefined ? {} : { queue }), ...(count === undefined ? {} : { count }) };
    return { kind: 'event', ts, integration, name: pick(next, ['message.processed', 'message.processed', 'message.failed', 'order.received']), ...(Object.keys(attrs).length ? { attrs } : {}) };
  });
}

/** What /metrics must show for `records`, computed from the wire records alone. */
function expectedTotals(records: ReadonlyArray<Record<string, any>>) {
  const counts = new Map<string, number>();
  const add = (key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);
  const sums = new Map<string, number>();
  const gauges = new Map<string, { ts: number; value: number }>();
  const histogram = (name: string, labels: string, bounds: readonly number[], value: number) => {
    for (const bound of [...bounds, Infinity]) if (value <= bound) add(`${name}_bucket ${labels} ${bound === Infinity ? '+Inf' : bound}`);
    add(`${name}_count ${labels}`);
    sums.set(`${name}_sum ${labels}`, (sums.get(`${name}_sum ${labels}`) ?? 0) + value);
  };
  for (const r of records) {
    if (r.kind === 'call') {
      const outcome = outcomeOf(r.status, r.error);
      const op = `${r.integration} ${r.operation}`;
      add(`adapter_requests_total ${op} ${outcome}`);
      if (outcome === 'rate_limited') add(`adapter_rate_limit_hits_total ${op}`);
      if (outcome === 'timeout' || outcome === 'network_error') add(`adapter_connection_failures_total ${op}`);
      if (r.latency_ms !== undefined) histogram('adapter_request_duration_seconds', r.integration, REQUEST_DURATION_BUCKETS, r.latency_ms / 1000);
    } else if (r.kind === 'run') {
      const job = `${r.integration} ${r.job}`;
      add(`sync_jobs_total ${job} ${r.status}`);
      add(`sync_jobs_processed_total ${job}`);
      add(`sync_jobs_by_integration_total ${r.integration}`);
      if (r.status === 'failed') add(`sync_jobs_failed_total ${job} failed`);
      if (r.counts) {
        add(`sync_records_created_total ${job}`, r.counts.created);
        add(`sync_records_updated_total ${job}`, r.counts.updated);
      }
      if (r.duration_ms !== undefined) histogram('sync_latency_ms', job, SYNC_LATENCY_BUCKETS, r.duration_ms);
    } else if (r.kind === 'event') {
      if (r.name !== 'message.processed' && r.name !== 'message.failed') continue;
      const messages = Number.isInteger(r.attrs?.count) && r.attrs.count >= 0 ? r.attrs.count : 1;
      add(`service_bus_messages_${r.name === 'message.processed' ? 'processed' : 'failed'}_total ${r.integration} ${r.attrs?.queue ?? ''}`, messages);
    } else if (r.name === 'queue.depth' || r.name === 'dlq.depth') {
      const key = `${r.name === 'queue.depth' ? 'service_bus_queue_depth' : 'service_bus_dlq_depth'} ${r.integration}`;
      const shown = gauges.get(key);
      if (!shown || shown.ts <= r.ts) gauges.set(key, { ts: r.ts, value: r.value });
    }
  }
  return { counts, sums, gauges };
}

/** The same keys, read from a scrape. */
function observedKey(sample: Sample): string {
  const { integration_id, entity, queue, status, le } = sample.labels;
  const parts = [sample.name, entity === undefined ? integration_id : `${integration_id} ${entity}`];
  if (queue !== undefined) parts.push(queue);
  if (status !== undefined) parts.push(status);
  if (le !== undefined) parts.push(le);
  return parts.join(' ');
}

for (const engine of ENGINES) {
  describe(`the aggregated /metrics counters after many batches (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine);
    });
    after(async () => server?.close());

    it('equal the totals computed from the records sent', async () => {
      const next = random(14);
      const sent: Array<Record<string, unknown>> = [];
      for (let batch = 0; batch < 8; batch++) {
        const records = scripted(next, server.clock.now, 150 + batch * 10);
        const answer = await server.ingest(records);
        assert.equal(answer.status, 200);
        assert.equal(answer.body.accepted, records.length, JSON.stringify(answer.body.rejected?.slice(0, 3)));
        sent.push(...records);
      }
      const { counts, sums, gauges } = expectedTotals(sent);
      const answer = await fetch(`${server.url}/metrics`, { headers: server.auth });
      const samples = parseExposition(await answer.text()).filter((s) => INTEGRATION_FAMILIES.test(s.name));
      const seen = new Set<string>();
      for (const sample of samples) {
        const key = observedKey(sample);
        seen.add(key);
        if (sample.name.endsWith('_sum')) assert.ok(Math.abs(sample.value - sums.get(key)!) <= 1e-9 * Math.max(1, sums.get(key)!), `${key}: ${sample.value} against ${sums.get(key)}`);
        else if (/^service_bus_(queue|dlq)_depth$/.test(sample.name)) assert.equal(sample.value, gauges.get(key)?.value, key);
        // A bucket no value reached is shown as 0; every other sample was counted above.
        else assert.equal(sample.value, counts.get(key) ?? (sample.name.endsWith('_bucket') ? 0 : undefined), key);
      }
      for (const key of [...counts.keys(), ...sums.keys(), ...gauges.keys()]) assert.ok(seen.has(key), `${key} is shown`);
      const total = (name: string) => samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);
      assert.equal(total('adapter_requests_total'), sent.filter((r) => r.kind === 'call').length);
      const runs = sent.filter((r) => r.kind === 'run').length;
      assert.equal(total('sync_jobs_total'), runs);
      assert.equal(total('sync_jobs_processed_total'), runs);
      assert.equal(total('sync_jobs_by_integration_total'), runs);
      assert.ok(total('service_bus_messages_processed_total') > sent.filter((r) => r.name === 'message.processed').length, 'attrs.count counted');
      assert.ok(total('service_bus_messages_failed_total') > 0);
    });
  });
}

describe('the aggregated exposition against the per-record way', () => {
  it('shows the same samples with the same values for the simulator\'s records', async () => {
    const end = Date.now();
    const config = loadConfig({}, {});
    const bounds = { notBefore: end - config.retention.rawMs, notAfter: end + config.ingest.maxClockSkewMs };
    const wire: WireRecord[] = createSimulator({ scale: 4 }).generate(end - 2 * HOUR, end);
    assert.ok(wire.some((r) => r.kind === 'run') && wire.some((r) => r.kind === 'gauge'), 'every kind is exercised');
    const labelsOf = (id: string) => ({ tenant_id: `team-${id.length % 3}`, adapter_type: id.split('-')[0]! });
    const aggregated = metricsOf(labelsOf, 2);
    const perRecord = new PerRecordSignals(labelsOf, 2);
    for (let start = 0; start < wire.length; start += 500) {
      const batch: NormalizedRecord[] = wire.slice(start, start + 500).map((record) => {
        const result = normalizeRecord(record, bounds);
        assert.ok(result.ok, 'a simulator record validates');
        return result.record;
      });
      aggregated.committed(batch, { route: 'ingest', accepted: batch.length, rejected: {}, seconds: 0.01 });
      perRecord.observe(batch);
    }
    const expected = integrationSamples(parseExposition(await perRecord.registry.metrics()));
    assert.ok(expected.size > 50, `a real workload (${expected.size} samples)`);
    assert.deepEqual(integrationSamples(parseExposition(await exposition(aggregated))), expected);
  });

  it('shows the same after every batch when scraped between batches, each kind of record rendered again only where it was counted', async () => {
    const next = random(41);
    const labelsOf = (id: string) => ({ tenant_id: `team-${id.length % 2}`, adapter_type: id.split('-')[0]! });
    const aggregated = metricsOf(labelsOf, 2);
    const perRecord = new PerRecordSignals(labelsOf, 2);
    const bounds = { notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };
    const render = new Exposition(aggregated);
    for (let batch = 0; batch < 12; batch++) {
      // Small batches of one kind at a time, so most integrations and kinds stay as last rendered.
      const kind = (['call', 'run', 'gauge', 'event'] as const)[batch % 4];
      const wire = scripted(next, Date.now(), 60).filter((r) => r.kind === kind).slice(0, 1 + (batch % 4));
      const records = wire.map((record) => {
        const result = normalizeRecord(record as unknown as WireRecord, bounds);
        assert.ok(result.ok, result.ok ? '' : result.error);
        return result.record;
      });
      aggregated.committed(records, { route: 'ingest', accepted: records.length, rejected: {}, seconds: 0.01 });
      perRecord.observe(records);
      const shown = integrationSamples(parseExposition((await render.render(false)).body.toString()));
      assert.deepEqual(shown, integrationSamples(parseExposition(await perRecord.registry.metrics())), `after batch ${batch} (${kind})`);
    }
  });

  it('escapes hostile label values, folds entities past the cap and keeps the newer gauge, as the per-record way', async () => {
    const labelsOf = (id: string) => ({ tenant_id: 'team "a"\\b', adapter_type: `line\nbreak ${id}` });
    const aggregated = metricsOf(labelsOf, 2);
    const perRecord = new PerRecordSignals(labelsOf, 2);
    const none = { env: 'production', site: null, release: null, tenant: null, correlation_id: null, order_id: null, shipment_id: null, attrs: null, direction: null, operation: null, http_status: null, outcome: null, error: null, latency_ms: null, attempt: null, job: null, run_status: null, duration_ms: null, counts: null, name: null, value: null } as const;
    const records: NormalizedRecord[] = [
      ...['op "1"', 'op\\2', 'op\n3', '_other', 'op 5'].map((operation, i): NormalizedRecord => ({ ...none, ts: 1, kind: 'call', integration: 'x', operation, outcome: 'ok', latency_ms: i * 100 })),
      { ...none, ts: 1, kind: 'run', integration: 'x', job: 'a', run_status: 'failed', counts: '{"created":0}', duration_ms: 300_000 },
      { ...none, ts: 1, kind: 'run', integration: 'x', job: 'b', run_status: 'success' },
      { ...none, ts: 1, kind: 'run', integration: 'x', job: 'c', run_status: 'partial', counts: '{"updated":4}' },
      { ...none, ts: 5, kind: 'gauge', integration: 'x', name: 'queue.depth', value: 9 },
      { ...none, ts: 4, kind: 'gauge', integration: 'x', name: 'queue.depth', value: 1 },
      { ...none, ts: 5, kind: 'gauge', integration: 'x', name: 'dlq.depth', value: 0 },
      { ...none, ts: 5, kind: 'event', integration: 'x', name: 'order.created' },
      ...['q "1"', 'q\\2', 'q\n3', 'q 4'].map((queue, i): NormalizedRecord => ({ ...none, ts: 5, kind: 'event', integration: 'x', name: i % 2 ? 'message.failed' : 'message.processed', attrs: JSON.stringify({ queue, count: i * 10 }) })),
      { ...none, ts: 6, kind: 'event', integration: 'x', name: 'message.processed', attrs: JSON.stringify({ count: 1.5 }) },
    ];
    for (const batch of [records.slice(0, 4), records.slice(4)]) {
      aggregated.committed(batch, { route: 'ingest', accepted: batch.length, rejected: {}, seconds: 0.01 });
      perRecord.observe(batch);
    }
    const text = await exposition(aggregated);
    assert.deepEqual(integrationSamples(parseExposition(text)), integrationSamples(parseExposition(await perRecord.registry.metrics())));
    const all = parseExposition(text);
    assert.equal(sampleValue(all, 'service_bus_queue_depth', { tenant_id: 'team "a"\\b', integration_id: 'x', adapter_type: 'line\nbreak x' }), 9);
    // Past the cap of 2 queues: q\n3 (20 processed) and the event without a queue (1.5 is no count: 1).
    assert.equal(sampleValue(all, 'service_bus_messages_processed_total', { tenant_id: 'team "a"\\b', integration_id: 'x', adapter_type: 'line\nbreak x', queue: '_other' }), 21);
    // OpenMetrics differs in its family headers and its end only.
    const openMetrics = await exposition(aggregated, true);
    const sampleLines = (body: string) => body.split('\n').filter((line) => INTEGRATION_FAMILIES.test(line));
    assert.deepEqual(sampleLines(openMetrics), sampleLines(text));
    assert.doesNotMatch(openMetrics, /\n\n/, 'OpenMetrics has no empty line');
    assert.match(openMetrics, /^# HELP adapter_requests [^\n]+\n# TYPE adapter_requests counter\n/);
  });

  it('follows the catalogue when it moves an integration to another tenant', async () => {
    let tenant = 'team-a';
    const metrics = metricsOf(() => ({ tenant_id: tenant, adapter_type: 'DHL' }), 5);
    const call = { env: 'production', site: null, release: null, tenant: null, correlation_id: null, order_id: null, shipment_id: null, attrs: null, direction: 'outbound', operation: 'track', http_status: 200, outcome: 'ok', error: null, latency_ms: 10, attempt: null, job: null, run_status: null, duration_ms: null, counts: null, name: null, value: null, ts: 1, kind: 'call', integration: 'dhl' } as const;
    const gauge = { ...call, kind: 'gauge', operation: null, direction: null, http_status: null, outcome: null, latency_ms: null, name: 'queue.depth', value: 4 } as const;
    metrics.committed([call, gauge], { route: 'ingest', accepted: 2, rejected: {}, seconds: 0.01 });
    const render = new Exposition(metrics);
    const shown = async () => parseExposition((await render.render(false)).body.toString()).filter((s) => INTEGRATION_FAMILIES.test(s.name));
    assert.deepEqual(new Set((await shown()).map((s) => s.labels.tenant_id)), new Set(['team-a']));
    tenant = 'team-b';
    metrics.committed([call], { route: 'ingest', accepted: 1, rejected: {}, seconds: 0.01 });
    const after = await shown();
    assert.deepEqual(after.filter((s) => s.name === 'adapter_requests_total').map((s) => [s.labels.tenant_id, s.value]), [['team-b', 2]]);
    // The gauge got no record since the move, and is shown under the new tenant all the same.
    assert.deepEqual(new Set(after.map((s) => s.labels.tenant_id)), new Set(['team-b']));
  });
});

describe('the gzipped exposition, kept per block of integrations', () => {
  it('unzips to the plain exposition whether a family is gzipped whole, block by block, or from kept members', async () => {
    const next = random(7);
    const labelsOf = (id: string) => ({ tenant_id: `team-${id.length % 3}`, adapter_type: 'x' });
    const [zipped, plain] = [metricsOf(labelsOf, 3), metricsOf(labelsOf, 3)];
    const bounds = { notBefore: 0, notAfter: Number.MAX_SAFE_INTEGER };
    const normalized = (wire: Array<Record<string, unknown>>) =>
      wire.map((record) => {
        const result = normalizeRecord(record as unknown as WireRecord, bounds);
        assert.ok(result.ok, result.ok ? '' : result.error);
        return result.record;
      });
    // 300 integrations, so about ten blocks: every family of every one of them changed.
    const everything = normalized(
      Array.from({ length: 300 }, (_, i) => scripted(next, Date.now(), 12).map((record) => ({ ...record, integration: `int-${i}` }))).flat(),
    );
    const one = (integration: string) => normalized(scripted(next, Date.now(), 20).map((record) => ({ ...record, integration })));
    // All changed (whole families), quiet (kept members, stale ones gzipped again a few at a time),
    // one integration changed (its block alone), and everything again.
    const steps = [everything, [], [], [], ...Array.from({ length: 12 }, () => []), one('int-5'), one('int-299'), [], everything, []];
    const text = new Exposition(plain);
    const members: number[] = [];
    let busyBytes = 0;
    for (const [step, records] of steps.entries()) {
      for (const metrics of [zipped, plain]) metrics.committed(records, { route: 'ingest', accepted: records.length, rejected: {}, seconds: 0.01 });
      for (const openMetrics of [false, true]) {
        const gzipped = await zipped.signals.renderGzipped(openMetrics);
        members.push(gzipped.length);
        const body = Buffer.concat(gzipped);
        const expected = (await text.render(openMetrics)).body.toString().split('\n').filter((line) => INTEGRATION_FAMILIES.test(line) || /^# (HELP|TYPE) (adapter_|sync_|service_bus_)/.test(line));
        const shown = gunzipSync(body).toString().split('\n').filter((line) => INTEGRATION_FAMILIES.test(line) || /^# (HELP|TYPE) (adapter_|sync_|service_bus_)/.test(line));
        assert.deepEqual(shown, expected, `step ${step}, ${openMetrics ? 'OpenMetrics' : 'text'}`);
        if (step === 0 && !openMetrics) busyBytes = Buffer.byteLength(expected.join('\n'));
      }
    }
    assert.ok(Math.max(...members) > 50, `quiet scrapes are made of kept members (${members.join(' ')})`);
    // More than a chunk, so that members gzipped side by side are shown to unzip to the same text.
    assert.ok(busyBytes > GZIP_CHUNK_BYTES, `${busyBytes} bytes`);
    assert.ok(members[0]! > 1 && members[0]! <= Math.ceil(busyBytes / GZIP_CHUNK_BYTES) + 1, `a busy scrape gzips the integration families a chunk a call (${members[0]} members for ${busyBytes} bytes)`);
  });
});

describe('the series cap of the integration metrics', () => {
  it('leaves out, and counts, the records that would start a series past it, and shows no more than it', async () => {
    const none = { env: 'production', site: null, release: null, tenant: null, correlation_id: null, order_id: null, shipment_id: null, attrs: null, direction: 'outbound', operation: 'get', http_status: 200, outcome: 'ok', error: null, latency_ms: null, attempt: null, job: null, run_status: null, duration_ms: null, counts: null, name: null, value: null, ts: 1 } as const;
    const call = (integration: string): NormalizedRecord => ({ ...none, kind: 'call', integration });
    const metrics = metricsOf(() => ({ tenant_id: '', adapter_type: '' }), 10, 5);
    const batch = [...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(call), call('a'), { ...call('a'), outcome: 'server_error' as const }, { ...none, kind: 'gauge' as const, integration: 'b', name: 'queue.depth', value: 3 }];
    metrics.committed(batch, { route: 'ingest', accepted: batch.length, rejected: {}, seconds: 0.01 });
    const all = parseExposition(await exposition(metrics));
    const shown = all.filter((s) => INTEGRATION_FAMILIES.test(s.name));
    assert.deepEqual(shown.map((s) => [s.labels.integration_id, s.labels.status, s.value]), [['a', 'ok', 2], ['b', 'ok', 1], ['c', 'ok', 1], ['d', 'ok', 1], ['e', 'ok', 1]]);
    assert.equal(sampleValue(all, 'switchboard_metrics_series', {}), shown.length);
    // f and g, a's first server error and b's first queue sample: each would have been a sixth series.
    assert.equal(sampleValue(all, 'switchboard_metrics_dropped_records_total', {}), 4);
  });
});
