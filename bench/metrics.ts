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
 * the real /metrics route of a Fastify server on loopback, scraped over HTTP by a scraper on its
 * own thread (support/scrape-client.mjs) that asks /healthz every 20 ms while each scrape is under
 * way; the store figures are read by the metrics.store job, as in the server. Four variants of what
 * changed between two scrapes, alternating scrape by scrape; the first is the way every scrape
 * worked before (all lines rendered, the store read in the scrape), the baseline of the same run.
 * Then the whole gzipped exposition rendered in-process (the server's part of a scrape) for each
 * variant, and, as the baseline of the same run, the same counters (a second Metrics fed the same
 * records) gzipped the way before: the whole body in one zlib call; and both after nothing changed
 * for QUIET scrapes in a row, an instance gone quiet.
 */
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import type { WireRecord } from '../src/ingest/wire.js';
import { Exposition, Metrics, metricsRoutes } from '../src/metrics/index.js';
import { gzipFast } from '../src/metrics/gzip.js';
import { readStoreFigures } from '../src/metrics/store-figures.js';
import { sqliteReads } from '../src/store/sqlite-reads.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/store/schema.js';
import { Worker } from 'node:worker_threads';
import { JobRunner } from '../src/common/jobs.js';
import { PerRecordSignals } from '../test/support/per-record-signals.js';
import { fixed, int, ms, table } from './support/format.js';
import { NOISY_OTHER_CORES, collectGarbage, loadAverage, waitForQuiet } from './support/machine.js';
import { distribution, ratio, type Distribution } from './support/stats.js';
import { createStore, type EngineName } from './support/stores.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const INTEGRATIONS = 1_000;
const BATCH = 1_000;
const BATCHES = Number(process.env.SWITCHBOARD_BENCH_METRICS_BATCHES ?? 60);
const ROUNDS = 3;
const SCRAPES = Number(process.env.SWITCHBOARD_BENCH_METRICS_SCRAPES ?? 40);
const TARGET_COST = 0.05;
const TARGET_SCRAPE_MS = 250;
const QUIET = 40;

type Variant = 'commit alone' | 'commit + counters' | 'commit + per-record counters';
const VARIANTS: Variant[] = ['commit alone', 'commit + counters', 'commit + per-record counters'];

/** Integration ids spread over 1,000, tenants over 10, adapters over 25: the labels the catalogue would give. */
const idOf = (i: number) => `bench-${String(i).padStart(4, '0')}`;
const labelsOf = (id: string) => {
  const n = Number(id.slice(6));
  return { tenant_id: `tenant-${n % 10}`, adapter_type: `adapter-${n % 25}` };
};

const ENTITIES = 200;

/** `db` is where the store figures are read: on SQLite the server gives the read workers' connection. */
function metricsFor(db: Kysely<Database>): Metrics {
  return new Metrics({ db, storeEveryMs: loadConfig({}, {}).jobs.metricsStoreEveryMs, labelsOf, entitiesPerIntegration: ENTITIES, maxSeries: loadConfig({}, {}).metricsMaxSeries, isLeader: () => true, clock: Date.now });
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

/**
 * What changed between two scrapes, and where the store figures come from:
 * - before: every series of every integration changed (each kind of record re-counted for all
 *   1,000), and the store figures read during the scrape: the work every scrape did before the
 *   lines were kept rendered and the figures read by a job (the baseline of the same run);
 * - every series changed: the same re-counting, the figures from the job's reading;
 * - a batch: one batch of the ingest workload (1,000 simulator records over the 1,000
 *   integrations: calls for nearly all of them, runs and gauges for some), as between two
 *   scrapes of a busy instance;
 * - nothing: no record since the last scrape.
 */
type ScrapeVariant = 'before: every series changed, store read in the scrape' | 'every series changed' | 'a batch of 1,000 records' | 'nothing changed';
const SCRAPE_VARIANTS: ScrapeVariant[] = ['before: every series changed, store read in the scrape', 'every series changed', 'a batch of 1,000 records', 'nothing changed'];

const ALERTS = 1_000;
const NOTIFICATIONS = 30_000;

/**
 * A store with a history for the store figures to count: an alert per integration (most resolved,
 * some firing or pending), their notifications of months (mostly delivered, some dead, a few
 * waiting), and one committed batch of the workload left for the compactor.
 */
async function seedHistory(db: Kysely<Database>, batch: readonly NormalizedRecord[]): Promise<void> {
  const now = Date.now();
  const alerts = Array.from({ length: ALERTS }, (_, i) => ({
    fingerprint: `bench-${i}`, rule_id: `${idOf(i)}:error_rate`, integration: idOf(i), labels: '{}', severity: 'critical',
    state: i % 25 === 0 ? 'pending' : i % 17 === 0 ? 'firing' : 'resolved',
    value: null, threshold: null, summary: 'seeded', pending_since: now, fired_at: null, resolved_at: null, last_breach_at: null, last_evaluated_at: now, last_notified_at: null, context: null,
  }));
  for (let start = 0; start < alerts.length; start += 500) await db.insertInto('alerts').values(alerts.slice(start, start + 500)).execute();
  const ids = (await db.selectFrom('alerts').select('id').execute()).map((row) => Number(row.id));
  const notifications = Array.from({ length: NOTIFICATIONS }, (_, i) => {
    const status = i % 1_000 === 0 ? 'pending' : i % 97 === 0 ? 'dead' : 'delivered';
    const createdAt = now - (NOTIFICATIONS - i) * 60_000;
    return { alert_id: ids[i % ids.length]!, channel: 'ops', kind: 'firing', payload: '{}', status, attempts: 1, next_attempt_at: createdAt, last_error: status === 'delivered' ? null : 'receiver answered 503', created_at: createdAt, delivered_at: null };
  });
  for (let start = 0; start < notifications.length; start += 500) await db.insertInto('notifications').values(notifications.slice(start, start + 500)).execute();
  await commitRecords(db, batch, now);
}

interface ScrapeFigures {
  variant: ScrapeVariant;
  scrape: Distribution;
  /** The whole exposition rendered in-process: the server's part of a scrape, wall time and the process's CPU time. */
  exposition: Distribution;
  expositionCpu: Distribution;
  /** The same exposition's CPU time, gzipped the way before: the whole body in one call (same run). */
  wholeCpu: Distribution;
  /** /healthz answers asked every 20 ms on other connections while a scrape was under way. */
  health: Distribution;
}

interface Scrapes {
  variants: ScrapeFigures[];
  series: number;
  bytes: number;
  /** The gzipped body, in-process, after the last variant. */
  zipped: number;
  load: number;
  /** Exposition CPU time of an instance with nothing changed for QUIET scrapes, gzipped by blocks and whole. */
  quiet: { byBlocks: Distribution; whole: Distribution };
}

interface ScrapeAnswer {
  ms: number;
  status: number;
  bytes: number;
  health: number[];
  error?: string;
}

/** The scraper on its own thread (support/scrape-client.mjs): one scrape a call. */
function scrapeClient(): { scrape: (url: string) => Promise<ScrapeAnswer>; close: () => Promise<number> } {
  const worker = new Worker(new URL('./support/scrape-client.mjs', import.meta.url));
  return {
    scrape: (url) =>
      new Promise((resolve, reject) => {
        const failed = (error: Error) => reject(error);
        worker.once('error', failed);
        worker.once('message', (answer: ScrapeAnswer) => {
          worker.off('error', failed);
          if (answer.error) reject(new Error(answer.error));
          else resolve(answer);
        });
        worker.postMessage({ url });
      }),
    close: () => worker.terminate(),
  };
}

async function scrapes(engine: EngineName, batches: readonly NormalizedRecord[][]): Promise<Scrapes> {
  const store = await createStore(engine, 'metrics_scrape');
  const { db } = await store.open();
  // As in the server: on SQLite the store figures are read by the read workers.
  const readers = store.file ? sqliteReads({ file: store.file, workers: 2, statementTimeoutMs: 30_000 }) : undefined;
  const app = Fastify({ logger: false });
  const client = scrapeClient();
  const jobs = new JobRunner(app.log);
  try {
    await seedHistory(db, batches[0]!);
    const metrics = metricsFor(readers?.db ?? db);
    // The same counters again, gzipped in-process the way before: the whole body in one call.
    const wholeGzip = metricsFor(readers?.db ?? db);
    const records = fillRecords();
    const count = (batch: readonly NormalizedRecord[]) => {
      for (const counted of [metrics, wholeGzip]) counted.committed(batch, { route: 'ingest', accepted: batch.length, rejected: {}, seconds: 0.01 });
    };
    count(records);
    let next = 0;
    /** Makes the variant's changes; true when the store figures are to be read in the scrape. */
    const prepare = (variant: ScrapeVariant): boolean => {
      if (variant === 'before: every series changed, store read in the scrape' || variant === 'every series changed') count(records);
      else if (variant === 'a batch of 1,000 records') count(batches[next++ % batches.length]!);
      return variant === 'before: every series changed, store read in the scrape';
    };
    let readInScrape = false;
    const load = loadAverage()[0];
    // What the access layer does for a public route: no caller.
    app.decorateRequest('principal', undefined);
    // The baseline's scrape reads the store figures before it renders, on the main connection, as
    // every scrape did before (then in five statements, now three).
    app.addHook('onRequest', async (request) => {
      if (readInScrape && request.url === '/metrics') await readStoreFigures(db);
    });
    await app.register(metricsRoutes(metrics, true));
    app.get('/healthz', { config: { permission: 'public' } }, async () => {
      await db.selectFrom('tokens').select('id').limit(1).execute();
      return { status: 'ok' };
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    jobs.start([metrics.storeJob()]);
    await metrics.health.store.refresh();
    const times = new Map(SCRAPE_VARIANTS.map((variant) => [variant, { scrape: [] as number[], exposition: [] as number[], cpu: [] as number[], wholeCpu: [] as number[], health: [] as number[] }]));
    let bytes = 0;
    for (let i = 0; i < 3; i++) await client.scrape(url);
    // The variants alternate scrape by scrape, so that each sees the same machine.
    for (let i = 0; i < SCRAPES; i++) {
      for (const variant of SCRAPE_VARIANTS) {
        readInScrape = prepare(variant);
        const answer = await client.scrape(url);
        if (answer.status !== 200) throw new Error(`GET /metrics answered ${answer.status}`);
        bytes = answer.bytes;
        times.get(variant)!.scrape.push(answer.ms);
        times.get(variant)!.health.push(...answer.health);
      }
    }
    readInScrape = false;
    // The server's part of a scrape alone: the whole gzipped exposition, without the transfer,
    // each after a full collection so that none pays for the garbage of the one before; and the
    // same counters gzipped the way before (the whole body in one call), alternating which goes first.
    const exposition = new Exposition(metrics);
    const before = new Exposition(wholeGzip);
    const cpuOf = async (render: () => Promise<unknown>): Promise<number> => {
      collectGarbage();
      // CPU time is what a loaded machine inflates least: waiting for a core does not count.
      const cpu0 = process.cpuUsage();
      await render();
      const cpu = process.cpuUsage(cpu0);
      return (cpu.user + cpu.system) / 1000;
    };
    const byBlocks = async (read: boolean) => {
      if (read) await readStoreFigures(db);
      await exposition.render(false, true);
    };
    const whole = async (read: boolean) => {
      if (read) await readStoreFigures(db);
      await gzipFast((await before.render(false)).body);
    };
    for (let i = 0; i < SCRAPES; i++) {
      for (const variant of SCRAPE_VARIANTS) {
        const read = prepare(variant);
        const t = times.get(variant)!;
        if (i % 2) t.wholeCpu.push(await cpuOf(() => whole(read)));
        const t0 = performance.now();
        t.cpu.push(await cpuOf(() => byBlocks(read)));
        t.exposition.push(performance.now() - t0);
        if (i % 2 === 0) t.wholeCpu.push(await cpuOf(() => whole(read)));
      }
    }
    // An instance gone quiet: nothing changed for QUIET scrapes in a row (the last half measured).
    const quiet = { byBlocks: [] as number[], whole: [] as number[] };
    for (let i = 0; i < QUIET; i++) {
      const [a, b] = [await cpuOf(() => byBlocks(false)), await cpuOf(() => whole(false))];
      if (i >= QUIET / 2) quiet.byBlocks.push(a), quiet.whole.push(b);
    }
    const body = (await exposition.render(false)).body.toString();
    const series = body.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
    const zipped = (await exposition.render(false, true)).body.length;
    const variants = SCRAPE_VARIANTS.map((variant) => {
      const t = times.get(variant)!;
      return { variant, scrape: distribution(t.scrape), exposition: distribution(t.exposition), expositionCpu: distribution(t.cpu), wholeCpu: distribution(t.wholeCpu), health: distribution(t.health) };
    });
    return { variants, series, bytes, zipped, load, quiet: { byBlocks: distribution(quiet.byBlocks), whole: distribution(quiet.whole) } };
  } finally {
    await jobs.stop();
    await client.close();
    await app.close();
    await readers?.db.destroy();
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
    const scrape = await scrapes(engine, batches);
    const now = scrape.variants.find((v) => v.variant === 'a batch of 1,000 records')!;
    const before = scrape.variants.find((v) => v.variant === 'before: every series changed, store read in the scrape')!;
    context.log(`${engine} scrape of ${int(INTEGRATIONS)} integrations, a batch between scrapes: p50 ${ms(now.scrape.p50)} ms, p95 ${ms(now.scrape.p95)} ms (before: ${ms(before.scrape.p50)} / ${ms(before.scrape.p95)} ms), ${int(scrape.series)} series`);
    sections.push({
      title:
        `${engine}: ${int(records)} simulator records over ${int(INTEGRATIONS)} integrations, batches of ${BATCH}, load ${loads.map((l) => fixed(l, 1)).join(' / ')} at each round: ` +
        `the counters take ${fixed(aggregated.share * 100, 1)} % of the commit time (${fixed(aggregated.micros, 2)} µs a record), the per-record way ${fixed(perRecord.share * 100, 1)} % (${fixed(perRecord.micros, 2)} µs), ` +
        `${fixed(perRecord.micros / aggregated.micros, 1)} × as much; best of ${ROUNDS} phases, ${fixed(cost * 100, 1)} % fewer records/s`,
      text: table(['variant', 'round', 'records/s', 'counters'], phases.map((p) => [p.variant, String(p.round), int(p.rate), p.variant === 'commit alone' ? '' : `${int(p.countersMs)} ms of ${int(p.elapsedMs)} ms`])),
    });
    sections.push({
      title:
        `${engine}: GET /metrics with the counters of ${int(INTEGRATIONS)} integrations (${int(scrape.series)} series, ${fixed(scrape.bytes / 1024 / 1024, 1)} MiB, ${fixed(scrape.zipped / 1024, 0)} KiB gzipped), load ${fixed(scrape.load, 1)}: ` +
        `${SCRAPES} scrapes of each variant over loopback from a scraper on its own thread, alternating, with /healthz asked every 20 ms during each; ` +
        `then the whole gzipped exposition rendered in-process ${SCRAPES} times each, after a full collection (wall time, and the process's CPU time), ` +
        `and the same counters gzipped the way before (the whole body in one zlib call), alternating; last row: nothing changed for ${QUIET} scrapes in a row, the last ${QUIET / 2}; ms`,
      text: table(
        ['between two scrapes', 'scrape p50', 'scrape p95', 'exposition p50', 'exposition p95', 'exposition CPU p50', 'CPU p95', 'CPU p50 ÷ before', 'whole-body gzip CPU p50', 'CPU ÷ whole-body gzip', '/healthz p50', '/healthz p99', '/healthz max'],
        [
          ...scrape.variants.map((v) => [
            v.variant, ms(v.scrape.p50), ms(v.scrape.p95), ms(v.exposition.p50), ms(v.exposition.p95), ms(v.expositionCpu.p50), ms(v.expositionCpu.p95), fixed(ratio(v.expositionCpu.p50, before.expositionCpu.p50), 2),
            ms(v.wholeCpu.p50), fixed(ratio(v.expositionCpu.p50, v.wholeCpu.p50), 2), ms(v.health.p50), ms(v.health.p99), ms(v.health.max),
          ]),
          [`nothing changed for ${QUIET} scrapes`, '', '', '', '', ms(scrape.quiet.byBlocks.p50), ms(scrape.quiet.byBlocks.p95), '', ms(scrape.quiet.whole.p50), fixed(ratio(scrape.quiet.byBlocks.p50, scrape.quiet.whole.p50), 2), '', '', ''],
        ],
      ),
    });
    targets.push({ name: 'ingest cost of the derived counters (their time / commit time)', engine, goal: `under ${TARGET_COST * 100} %`, measured: `${fixed(aggregated.share * 100, 1)} %`, met: aggregated.share < TARGET_COST });
    targets.push({ name: `scrape of ${int(INTEGRATIONS)} integrations, a batch of 1,000 records between scrapes (p95)`, engine, goal: `under ${TARGET_SCRAPE_MS} ms`, measured: `${ms(now.scrape.p95)} ms`, met: now.scrape.p95 < TARGET_SCRAPE_MS });
    data[engine] = { phases, loads, cost, aggregated, perRecord, scrape };
  }
  return { sections, targets, warnings, data };
}

export const metricsBenchmark: Benchmark = { name: 'metrics', title: 'Prometheus exposition: ingest cost of the counters, scrape time at 1,000 integrations', run };
