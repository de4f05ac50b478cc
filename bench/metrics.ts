/**
 * 14. What the Prometheus exposition costs (docs/prometheus.md).
 *
 * Ingest: the same simulator records (every kind, their integration ids spread over 1,000
 * integrations), normalised up front, committed a batch of 1,000 at a time to a fresh store per
 * phase: the commit alone; the commit followed by the derived counters (Metrics.committed, what
 * the ingest routes call after each commit); and, as the baseline of the same run, the commit
 * followed by the per-record prom-client counters the aggregated ones replaced
 * (test/support/per-record-signals.ts). The commit alone is the cheapest ingest there is (no
 * HTTP, no JSON parsing), so the counters' share of it is an upper bound of their share of a real
 * request.
 *
 * Scrape: the counters of 1,000 integrations (3 operations, 2 jobs, both queue gauges each) behind
 * the real /metrics route of a Fastify server on loopback, scraped over HTTP; the series count is
 * the exposition's sample lines. Then the whole exposition rendered in-process (the server's part of
 * a scrape), and the integration families alone, ours and the per-record registry's, alternating.
 */
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import type { WireRecord } from '../src/ingest/wire.js';
import { Exposition, Metrics, metricsRoutes } from '../src/metrics/index.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/store/schema.js';
import { PerRecordSignals } from '../test/support/per-record-signals.js';
import { fixed, int, ms, table } from './support/format.js';
import { NOISY_OTHER_CORES, loadAverage, waitForQuiet } from './support/machine.js';
import { distribution, ratio } from './support/stats.js';
import { createStore, type EngineName } from './support/stores.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const INTEGRATIONS = 1_000;
const BATCH = 1_000;
const BATCHES = Number(process.env.SWITCHBOARD_BENCH_METRICS_BATCHES ?? 60);
const ROUNDS = 3;
const SCRAPES = 50;
const TARGET_COST = 0.05;
const TARGET_SCRAPE_MS = 250;

type Variant = 'commit alone' | 'commit + counters' | 'commit + per-record counters';
const VARIANTS: Variant[] = ['commit alone', 'commit + counters', 'commit + per-record counters'];

/** Integration ids spread over 1,000, tenants over 10, adapters over 25: the labels the catalogue would give. */
const idOf = (i: number) => `bench-${String(i).padStart(4, '0')}`;
const labelsOf = (id: string) => {
  const n = Number(id.slice(6));
  return { tenant_id: `tenant-${n % 10}`, adapter_type: `adapter-${n % 25}` };
};

const ENTITIES = 200;

function metricsFor(db: Kysely<Database>): Metrics {
  return new Metrics({ db, labelsOf, entitiesPerIntegration: ENTITIES, maxSeries: loadConfig({}, {}).metricsMaxSeries, isLeader: () => true, clock: Date.now });
}

/** What a variant does after each commit. */
function countersOf(variant: Variant, db: Kysely<Database>): ((batch: readonly NormalizedRecord[], seconds: number) => void) | undefined {
  if (variant === 'commit + counters') {
    const metrics = metricsFor(db);
    return (batch, seconds) => metrics.committed(batch, { route: 'ingest', accepted: batch.length, rejected: {}, seconds });
  }
  if (variant === 'commit + per-record counters') {
    const perRecord = new PerRecordSignals(labelsOf, ENTITIES);
    return (batch) => perRecord.observe(batch);
  }
  return undefined;
}

/** Simulator records of every kind, each renamed to one of 1,000 integrations, normalised, in batches. */
function workload(): NormalizedRecord[][] {
  const simulator = createSimulator({ scale: 40 });
  const end = Date.now();
  const config = loadConfig({}, {});
  const bounds = { notBefore: end - config.retention.rawMs, notAfter: end + config.ingest.maxClockSkewMs };
  const needed = BATCH * BATCHES;
  let records: WireRecord[] = [];
  for (let hours = 1; hours <= 12 && records.length < needed; hours++) records = simulator.generate(end - hours * HOUR, end);
  records = records.sort((a, b) => (a.ts as number) - (b.ts as number)).slice(-needed);
  const batches: NormalizedRecord[][] = [];
  for (let start = 0; start < records.length; start += BATCH) {
    batches.push(
      records.slice(start, start + BATCH).map((wire, i) => {
        const result = normalizeRecord({ ...wire, integration: idOf((start + i) % INTEGRATIONS) }, bounds);
        if (!result.ok) throw new Error(`a simulator record does not validate: ${result.error}`);
        return result.record;
      }),
    );
  }
  return batches;
}

interface Phase {
  variant: Variant;
  round: number;
  rate: number;
  /** Time spent in the counters, and in the whole phase. */
  countersMs: number;
  elapsedMs: number;
}

async function ingestPhase(engine: EngineName, variant: Variant, round: number, batches: readonly NormalizedRecord[][]): Promise<Phase> {
  const store = await createStore(engine, 'metrics');
  const { db } = await store.open();
  try {
    const counters = countersOf(variant, db);
    const started = performance.now();
    let records = 0;
    let countersMs = 0;
    for (const batch of batches) {
      const t0 = performance.now();
      await commitRecords(db, batch, Date.now());
      if (counters) {
        const t1 = performance.now();
        counters(batch, (t1 - t0) / 1000);
        countersMs += performance.now() - t1;
      }
      records += batch.length;
    }
    const elapsedMs = performance.now() - started;
    return { variant, round, rate: (records * 1000) / elapsedMs, countersMs, elapsedMs };
  } finally {
    await db.destroy();
    await store.dispose();
  }
}

/** Records giving 1,000 integrations their counters: calls of 3 operations in every outcome, runs of 2 jobs in every status, both queue gauges. */
function fillRecords(): NormalizedRecord[] {
  const ts = Date.now() - MINUTE;
  const records: NormalizedRecord[] = [];
  const base = { ts, env: 'production', site: null, release: null, tenant: null, correlation_id: null, order_id: null, shipment_id: null, attrs: null };
  const none = { direction: null, operation: null, http_status: null, outcome: null, error: null, latency_ms: null, attempt: null, job: null, run_status: null, duration_ms: null, counts: null, name: null, value: null };
  for (let i = 0; i < INTEGRATIONS; i++) {
    const integration = idOf(i);
    for (const operation of ['orders.list', 'orders.update', 'token.refresh']) {
      for (const [outcome, status] of [['ok', 200], ['client_error', 400], ['rate_limited', 429], ['server_error', 503], ['timeout', null]] as const) {
        records.push({ ...base, ...none, kind: 'call', integration, direction: 'outbound', operation, http_status: status, outcome, latency_ms: 120 });
      }
    }
    for (const job of ['contacts', 'orders']) {
      for (const status of ['success', 'failed', 'partial']) {
        records.push({ ...base, ...none, kind: 'run', integration, job, run_status: status, duration_ms: 40_000, counts: '{"created":3,"updated":5}' });
      }
    }
    for (const name of ['queue.depth', 'dlq.depth']) records.push({ ...base, ...none, kind: 'gauge', integration, name, value: 7 });
  }
  return records;
}

interface Scrapes {
  p50: number;
  p95: number;
  /** The whole exposition rendered in-process (integration families, Switchboard's health, the process). */
  expositionP50: number;
  expositionP95: number;
  /** The integration families rendered in-process: ours, and the per-record registry's. */
  renderP50: number;
  renderP95: number;
  baselineP50: number;
  baselineP95: number;
  series: number;
  bytes: number;
  load: number;
}

async function scrapes(engine: EngineName): Promise<Scrapes> {
  const store = await createStore(engine, 'metrics_scrape');
  const { db } = await store.open();
  const app = Fastify({ logger: false });
  try {
    const metrics = metricsFor(db);
    const records = fillRecords();
    metrics.committed(records, { route: 'ingest', accepted: records.length, rejected: {}, seconds: 0.01 });
    const perRecord = new PerRecordSignals(labelsOf, ENTITIES);
    perRecord.observe(records);
    const load = loadAverage()[0];
    // What the access layer does for a public route: no caller.
    app.decorateRequest('principal', undefined);
    await app.register(metricsRoutes(metrics, true));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const times: number[] = [];
    // Read as bytes, as Prometheus reads them: decoding 8 MiB into a string in this same process
    // cost as much CPU as rendering it, and is no part of what the server spends.
    let body = Buffer.alloc(0);
    for (let i = 0; i < SCRAPES + 5; i++) {
      const t0 = performance.now();
      const answer = await fetch(`${url}/metrics`);
      body = Buffer.from(await answer.arrayBuffer());
      if (answer.status !== 200) throw new Error(`GET /metrics answered ${answer.status}: ${body.subarray(0, 200).toString()}`);
      if (i >= 5) times.push(performance.now() - t0);
    }
    // The server's part of a scrape: the whole exposition, without the transfer.
    const exposition = new Exposition(metrics);
    const expositions: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      const t0 = performance.now();
      await exposition.render(false);
      expositions.push(performance.now() - t0);
    }
    const series = body.toString().split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
    // The integration families alone, without the transfer and the client's reading: ours against
    // the per-record registry's, alternating so that both see the same machine.
    const renders: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < SCRAPES; i++) {
      let t0 = performance.now();
      metrics.signals.render(false);
      renders.push(performance.now() - t0);
      t0 = performance.now();
      await perRecord.registry.metrics();
      baseline.push(performance.now() - t0);
    }
    const d = distribution(times);
    const e = distribution(expositions);
    const r = distribution(renders);
    const b = distribution(baseline);
    return { p50: d.p50, p95: d.p95, expositionP50: e.p50, expositionP95: e.p95, renderP50: r.p50, renderP95: r.p95, baselineP50: b.p50, baselineP95: b.p95, series, bytes: body.length, load };
  } finally {
    await app.close();
    await db.destroy();
    await store.dispose();
  }
}

/** The counters' own time over the commits' time in a variant's phases, and per record. */
function countersShare(phases: readonly Phase[], variant: Variant, records: number): { share: number; micros: number } {
  const counted = phases.filter((p) => p.variant === variant);
  const countersMs = counted.reduce((sum, p) => sum + p.countersMs, 0);
  return { share: countersMs / (counted.reduce((sum, p) => sum + p.elapsedMs, 0) - countersMs), micros: (countersMs * 1000) / (counted.length * records) };
}

async function run(context: BenchContext): Promise<BenchResult> {
  const batches = workload();
  const records = batches.reduce((sum, batch) => sum + batch.length, 0);
  const sections: BenchResult['sections'] = [];
  const targets: Target[] = [];
  const warnings: string[] = [];
  const data: Record<string, unknown> = {};
  for (const engine of context.engines) {
    const quiet = await waitForQuiet(20_000, context.log);
    if (quiet.other > NOISY_OTHER_CORES) warnings.push(`${engine}: other processes used ${fixed(quiet.other, 2)} cores before the ingest phases`);
    const phases: Phase[] = [];
    const loads: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Each round in another order, so no variant always runs on a warmer machine.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length]!);
      loads.push(loadAverage()[0]);
      for (const variant of order) {
        const phase = await ingestPhase(engine, variant, round, batches);
        context.log(`${engine} round ${round} ${variant}: ${int(phase.rate)} records/s`);
        phases.push(phase);
      }
    }
    const best = (variant: Variant) => Math.max(...phases.filter((p) => p.variant === variant).map((p) => p.rate));
    const cost = 1 - ratio(best('commit + counters'), best('commit alone'));
    // The cost measured inside the phases with counters: their time over the commits' time.
    // On a busy machine the phases' rates swing by more than the counters cost; this does not.
    const aggregated = countersShare(phases, 'commit + counters', records);
    const perRecord = countersShare(phases, 'commit + per-record counters', records);
    const scrape = await scrapes(engine);
    context.log(`${engine} scrape of ${int(INTEGRATIONS)} integrations: p50 ${ms(scrape.p50)} ms, p95 ${ms(scrape.p95)} ms, ${int(scrape.series)} series`);
    sections.push({
      title:
        `${engine}: ${int(records)} simulator records over ${int(INTEGRATIONS)} integrations, batches of ${BATCH}, load ${loads.map((l) => fixed(l, 1)).join(' / ')} at each round: ` +
        `the counters take ${fixed(aggregated.share * 100, 1)} % of the commit time (${fixed(aggregated.micros, 2)} µs a record), the per-record way ${fixed(perRecord.share * 100, 1)} % (${fixed(perRecord.micros, 2)} µs), ` +
        `${fixed(perRecord.micros / aggregated.micros, 1)} × as much; best of ${ROUNDS} phases, ${fixed(cost * 100, 1)} % fewer records/s`,
      text: table(['variant', 'round', 'records/s', 'counters'], phases.map((p) => [p.variant, String(p.round), int(p.rate), p.variant === 'commit alone' ? '' : `${int(p.countersMs)} ms of ${int(p.elapsedMs)} ms`])),
    });
    sections.push({
      title: `${engine}: GET /metrics with the counters of ${int(INTEGRATIONS)} integrations, ${SCRAPES} scrapes over loopback (load ${fixed(scrape.load, 1)}); the whole exposition rendered in-process; the integration families rendered alone, and the per-record registry's (baseline)`,
      text: table(
        ['series', 'body', 'scrape p50 ms', 'scrape p95 ms', 'exposition p50 ms', 'exposition p95 ms', 'render p50 ms', 'render p95 ms', 'baseline p50 ms', 'baseline p95 ms'],
        [[int(scrape.series), `${fixed(scrape.bytes / 1024 / 1024, 1)} MiB`, ms(scrape.p50), ms(scrape.p95), ms(scrape.expositionP50), ms(scrape.expositionP95), ms(scrape.renderP50), ms(scrape.renderP95), ms(scrape.baselineP50), ms(scrape.baselineP95)]],
      ),
    });
    targets.push({ name: 'ingest cost of the derived counters (their time / commit time)', engine, goal: `under ${TARGET_COST * 100} %`, measured: `${fixed(aggregated.share * 100, 1)} %`, met: aggregated.share < TARGET_COST });
    targets.push({ name: `scrape of ${int(INTEGRATIONS)} integrations (p95)`, engine, goal: `under ${TARGET_SCRAPE_MS} ms`, measured: `${ms(scrape.p95)} ms`, met: scrape.p95 < TARGET_SCRAPE_MS });
    data[engine] = { phases, loads, cost, aggregated, perRecord, scrape };
  }
  return { sections, targets, warnings, data };
}

export const metricsBenchmark: Benchmark = { name: 'metrics', title: 'Prometheus exposition: ingest cost of the counters, scrape time at 1,000 integrations', run };
