/**
 * Staying up: does the server keep answering, in bounded memory, under the worst a caller can ask
 * and under hours of ordinary work? On a generated store (50 integrations × 10 operations × 30 days
 * of rollups, as the queries benchmark builds it), the real server as a child process:
 *
 *   1. Idle: /healthz asked every 100 ms for 15 s with nothing else going on (the baseline).
 *   2. Worst-case read mix: 8 clients, each with its own admin token, ask the most expensive reads
 *      there are (century windows, the board at its page size, 1,500-point series, the flow over all
 *      time, failure samples, the audit export) back to back for SWITCHBOARD_BENCH_READ_MIX_SECONDS
 *      (120). The per-caller limit on expensive reads is raised so that only the server's own
 *      bounds (clamped windows, the read gate's concurrency limit and deadlines) protect it.
 *      Targets: server RSS < 512 MB throughout, /healthz p99 < 100 ms.
 *   3. Soak: the most the server ingests is measured (batches of 1,000, 2 in flight, for 20 s, and
 *      the time the compactor then takes to fold them: the rate ingest and compaction sustain),
 *      then half of that is sent, paced, for SWITCHBOARD_BENCH_SOAK_MINUTES (30), with two readers (board,
 *      summary, series, alerts) and three wildcard alert rules judged every 15 s. Targets: no error,
 *      /healthz p99 < 100 ms, memory flat (start, peak and end reported; end within 25 % of the RSS
 *      after the first minute), and every acknowledged record in the store afterwards.
 *
 * /healthz is asked on its own connection throughout, so its latency is the server's, not a queue
 * in this process.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { ROLLUP_TABLES } from '../src/rollup/tables.js';
import { generateRollupData } from './support/rollup-data.js';
import { createStore, type BenchStore, type EngineName } from './support/stores.js';
import { startChildServer, type ChildServer, type ServerMemory } from './support/server.js';
import { LoopbackClient } from './support/http.js';
import { cpuMeter, loadAverage } from './support/machine.js';
import { distribution, seededRandom, type Distribution } from './support/stats.js';
import { fixed, int, mib, ms, seconds, table } from './support/format.js';
import { onCleanup } from './support/cleanup.js';
import { liveCallBatch } from './support/live-calls.js';
import { paced } from './support/paced.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const SHAPE = { integrations: 50, operations: 10, days: 30, minuteDays: 8, seed: 20_261_204 };
/** Generous: on a 2-core machine shared with others (load 10–15) generation took 6 to 12 minutes. */
const GENERATION_CAP_MS = 20 * 60_000;
const IDLE_MS = 15_000;
const READ_MIX_MS = Number(process.env.SWITCHBOARD_BENCH_READ_MIX_SECONDS ?? 120) * 1000;
const READ_CLIENTS = 8;
const SOAK_MS = Number(process.env.SWITCHBOARD_BENCH_SOAK_MINUTES ?? 30) * 60_000;
const CALIBRATION_MS = 20_000;
/** How long the calibration waits for the compactor to fold the burst, and how often it looks. */
const DRAIN_CAP_MS = 5 * 60_000;
const DRAIN_POLL_MS = 250;
/**
 * Records/s to soak at instead of half the calibrated maximum: on a shared machine the maximum
 * swings with the load, so a before/after comparison pins the rate.
 */
const SOAK_RATE = Number(process.env.SWITCHBOARD_BENCH_SOAK_RATE ?? 0);
const BATCH = 1_000;
const HEALTH_EVERY_MS = 100;
/** A /healthz answer slower than this counts as this (and as a failure). */
const HEALTH_TIMEOUT_MS = 5_000;
const MEMORY_EVERY_MS = 5_000;
const READ_MIX_RSS_TARGET = 512 * 1024 * 1024;
const HEALTH_P99_TARGET_MS = 100;
const MEMORY_GROWTH_LIMIT = 1.25;
const ALL_TIME = 'from=0&to=8640000000000000';

interface MemorySample {
  atMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** The server's own event-loop delay since the previous sample (ms). */
  loopP99: number;
  loopMax: number;
}

/** Asks /healthz on its own socket every HEALTH_EVERY_MS until stopped. */
function healthProbe(url: string) {
  const client = new LoopbackClient(url, 1);
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const answer = await Promise.race([
        client.request('GET', '/healthz').catch(() => undefined),
        sleep(HEALTH_TIMEOUT_MS).then(() => undefined),
      ]);
      const elapsed = performance.now() - started;
      if (answer?.status !== 200) failures++;
      latencies.push(Math.min(elapsed, HEALTH_TIMEOUT_MS));
      await sleep(Math.max(0, HEALTH_EVERY_MS - elapsed));
    }
  })();
  return {
    stop: async (): Promise<{ timing: Distribution; failures: number }> => {
      running = false;
      await loop;
      client.close();
      return { timing: distribution(latencies), failures };
    },
  };
}

/** Samples the server's memory every `everyMs` until stopped. */
function memorySampler(server: ChildServer, everyMs: number) {
  const samples: MemorySample[] = [];
  const started = performance.now();
  let running = true;
  const take = async () => {
    const memory: ServerMemory = await server.memory();
    samples.push({ atMs: performance.now() - started, rssBytes: memory.rssBytes, heapUsedBytes: memory.heapUsedBytes, loopP99: memory.loopDelay.p99, loopMax: memory.loopDelay.max });
  };
  const loop = (async () => {
    while (running) {
      await take().catch(() => undefined);
      await sleep(everyMs);
    }
  })();
  return {
    /** The newest sample (asking the server again would reset its event-loop delay). */
    latest: () => samples[samples.length - 1],
    stop: async () => {
      running = false;
      await loop;
      await take();
      return samples;
    },
  };
}

function memoryFigures(samples: readonly MemorySample[], settleMs: number) {
  const settled = samples.find((sample) => sample.atMs >= settleMs) ?? samples[0]!;
  return {
    start: samples[0]!.rssBytes,
    settled: settled.rssBytes,
    peak: samples.reduce((peak, sample) => Math.max(peak, sample.rssBytes), 0),
    end: samples[samples.length - 1]!.rssBytes,
    endHeap: samples[samples.length - 1]!.heapUsedBytes,
    /** Event-loop delay: the median and worst of the samples' p99, and the longest stall. */
    loopP99Median: distribution(samples.map((sample) => sample.loopP99)).p50,
    loopP99Worst: samples.reduce((worst, sample) => Math.max(worst, sample.loopP99), 0),
    loopMax: samples.reduce((worst, sample) => Math.max(worst, sample.loopMax), 0),
  };
}

interface StatusCounts {
  [status: string]: number;
}

/** The first answer of each status other than 200, with the path asked: a bench asking wrong is a bench measuring nothing. */
const firstAnswers = new Map<number, string>();

function count(counts: StatusCounts, status: number, path: string, body: string): void {
  counts[status] = (counts[status] ?? 0) + 1;
  if (status !== 200 && !firstAnswers.has(status)) firstAnswers.set(status, `${path} → ${status} ${body.slice(0, 160)}`);
}

/** Every request loops until `until`; answers are tallied by status, 5xx other than 503 are errors. */
async function readLoop(client: LoopbackClient, token: string, paths: () => string, until: number, pauseMs: number, statuses: StatusCounts, latencies: number[]): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  while (performance.now() < until) {
    const started = performance.now();
    const path = paths();
    const answer = await client.request('GET', path, undefined, headers).catch((error: Error) => ({ status: 0, body: error.message }));
    latencies.push(performance.now() - started);
    count(statuses, answer.status, path, answer.body);
    if (answer.status === 503 || answer.status === 429) await sleep(250);
    else if (pauseMs > 0) await sleep(pauseMs);
  }
}

function worstCasePaths(ids: readonly string[]): Array<(random: () => number) => string> {
  const some = (random: () => number) => ids[Math.floor(random() * ids.length)]!;
  return [
    () => `/api/v1/integrations?${ALL_TIME}&limit=1000`,
    (random) => `/api/v1/integrations/${some(random)}/timeseries?${ALL_TIME}&step=60000`,
    (random) => `/api/v1/integrations/${some(random)}/summary?${ALL_TIME}`,
    (random) => `/api/v1/integrations/${some(random)}/operations?${ALL_TIME}`,
    (random) => `/api/v1/integrations/${some(random)}/failures?${ALL_TIME}&limit=500`,
    () => `/api/v1/dimensions?${ALL_TIME}`,
    () => `/api/v1/flow?${ALL_TIME}`,
    () => `/api/v1/flow/timeseries?${ALL_TIME}&step=60000`,
    () => `/api/v1/health`,
    () => `/api/v1/alerts/history?${ALL_TIME}`,
    () => `/api/v1/audit.ndjson?${ALL_TIME}`,
    (random) => `/api/v1/trace/search?q=${some(random)}`,
  ];
}

async function createTokens(server: ChildServer, adminToken: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const answer = await fetch(`${server.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `soak-reader-${i}`, scopes: ['read', 'admin'] }),
    });
    const body = (await answer.json()) as { token?: string };
    if (answer.status !== 201 || !body.token) throw new Error(`creating a reader token answered ${answer.status}: ${JSON.stringify(body)}`);
    tokens.push(body.token);
  }
  return tokens;
}

interface IngestTally {
  acknowledged: number;
  errors: string[];
  latencies: number[];
  /** Batches that left later than their slot by more than a second: the server fell behind. */
  late: number;
}

/**
 * Partial rollup rows the compactor has not merged yet, as the server's /metrics says (its store
 * figures are read once a minute): a backlog that grows means ingest outpaces compaction, and every
 * read of recent windows merges more rows.
 */
async function compactorBacklog(client: LoopbackClient, token: string): Promise<string> {
  const answer = await client.request('GET', '/metrics', undefined, { authorization: `Bearer ${token}` }).catch(() => undefined);
  return answer?.body.match(/^switchboard_compactor_backlog_rows (\S+)$/m)?.[1] ?? '?';
}

async function sendBatch(client: LoopbackClient, key: string, body: Buffer, tally: IngestTally): Promise<void> {
  const started = performance.now();
  const answer = await client.request('POST', '/api/v1/ingest', body, { 'content-type': 'application/json', authorization: `Bearer ${key}` }).catch((error: Error) => ({ status: 0, body: error.message }));
  tally.latencies.push(performance.now() - started);
  let accepted = -1;
  try {
    accepted = (JSON.parse(answer.body) as { accepted: number }).accepted;
  } catch {
    accepted = -1;
  }
  if (answer.status === 200 && accepted === BATCH) tally.acknowledged += BATCH;
  else if (tally.errors.length < 20) tally.errors.push(`${answer.status} ${answer.body.slice(0, 200)}`);
  else tally.errors.push('');
}

/** Partial rows of every rollup table: what the compactor has still to fold. */
async function partialRollupRows(db: Kysely<any>): Promise<number> {
  let rows = 0;
  for (const spec of ROLLUP_TABLES) {
    const row = await db.selectFrom(spec.table).select((eb) => eb.fn.countAll<number | string>().as('n')).where('compacted', '=', 0).executeTakeFirstOrThrow();
    rows += Number(row.n);
  }
  return rows;
}

interface Calibration {
  /** Records/s acknowledged in the burst. */
  burst: number;
  /** Records/s the server ingests and compacts: the burst's records over the burst and the drain after it. */
  sustained: number;
  drainMs: number;
  /** The compactor had not caught up when the bench stopped waiting. */
  undrained: boolean;
}

/**
 * The most the server takes in: as fast as 2 requests in flight go for `forMs` (the burst), then
 * the time until the compactor has folded what the burst left partial (counted in the store on a
 * connection of the bench's own). A burst alone outruns the compactor on PostgreSQL, so half of it
 * is more than the server sustains for long; the burst's records over burst and drain together is
 * the rate at which ingest and compaction both keep up (the compactor gets the whole machine while
 * it drains, as it shares it with ingest in a steady run).
 */
async function calibrate(client: LoopbackClient, key: string, ids: readonly string[], forMs: number, tally: IngestTally, store: BenchStore): Promise<Calibration> {
  const opened = await store.open();
  try {
    const db = opened.db as unknown as Kysely<any>;
    const partialBefore = await partialRollupRows(db);
    const random = seededRandom(7);
    const started = performance.now();
    const before = tally.acknowledged;
    const worker = async () => {
      while (performance.now() - started < forMs) await sendBatch(client, key, liveCallBatch(ids, random, BATCH), tally);
    };
    await Promise.all([worker(), worker()]);
    const burstMs = performance.now() - started;
    const records = tally.acknowledged - before;
    const drainStarted = performance.now();
    let undrained = true;
    while (performance.now() - drainStarted < DRAIN_CAP_MS) {
      if ((await partialRollupRows(db)) <= partialBefore) {
        undrained = false;
        break;
      }
      await sleep(DRAIN_POLL_MS);
    }
    const drainMs = performance.now() - drainStarted;
    return { burst: (records * 1000) / burstMs, sustained: (records * 1000) / (burstMs + drainMs), drainMs, undrained };
  } finally {
    await opened.db.destroy();
  }
}

/** `rate` records per second in batches, at most 4 in flight, until `until`. */
async function pacedIngest(client: LoopbackClient, key: string, ids: readonly string[], rate: number, until: number, tally: IngestTally): Promise<void> {
  const random = seededRandom(11);
  const { late } = await paced(rate / BATCH, until, 4, () => sendBatch(client, key, liveCallBatch(ids, random, BATCH), tally));
  tally.late += late;
}

const RULES = [
  'rules:',
  '  - { name: soak-errors, kind: error_rate, integration: "*", threshold: 0.05, for: 2m }',
  '  - { name: soak-latency, kind: latency, integration: "*", threshold: 900ms, for: 2m }',
  '  - { name: soak-throttled, kind: rate_limit, integration: "*", threshold: 0.1, for: 2m }',
].join('\n');

interface EngineResult {
  engine: EngineName;
  rollupRows: number;
  idle: { timing: Distribution; failures: number };
  readMix: { health: { timing: Distribution; failures: number }; statuses: StatusCounts; timing: Distribution; memory: ReturnType<typeof memoryFigures>; serverCores: number };
  soak?: {
    calibration: Calibration;
    maxRate: number;
    rate: number;
    ms: number;
    health: { timing: Distribution; failures: number };
    ingest: { acknowledged: number; errors: number; firstErrors: string[]; late: number; timing: Distribution };
    reads: { statuses: StatusCounts; timing: Distribution };
    memory: ReturnType<typeof memoryFigures>;
    stored: number;
    storeBytes: number;
    serverCores: number;
  };
  error?: string;
}

async function storedCalls(store: BenchStore): Promise<number> {
  const opened = await store.open();
  try {
    const row = await sql<{ n: number | string }>`select count(*) as n from records`.execute(opened.db);
    return Number(row.rows[0]!.n);
  } finally {
    await opened.db.destroy();
  }
}

/**
 * Generates the store, or, with SWITCHBOARD_BENCH_SOAK_TEMPLATE=/path/file.db on SQLite, copies
 * the one a previous run left there (made there when missing): iterating on the soak then costs
 * minutes less each run. The copy's rollups are as old as the template; the soak's own ingest is
 * timestamped now.
 */
async function generatedStore(store: BenchStore, engine: EngineName, context: BenchContext): Promise<{ rows: number; integrationIds: string[] }> {
  const template = engine === 'sqlite' ? process.env.SWITCHBOARD_BENCH_SOAK_TEMPLATE : undefined;
  if (template && existsSync(template) && existsSync(`${template}.json`)) {
    copyFileSync(template, store.file!);
    context.log(`  ${engine}: the store copied from ${template}`);
    return JSON.parse(readFileSync(`${template}.json`, 'utf8')) as { rows: number; integrationIds: string[] };
  }
  const opened = await store.open();
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  let data;
  try {
    data = await generateRollupData(opened.db, engine, { now, ...SHAPE }, context.log, Math.min(Date.now() + GENERATION_CAP_MS, context.deadline - 60_000));
  } finally {
    // Closing the last connection checkpoints the WAL into the file, so the file alone is the store.
    await opened.db.destroy();
  }
  context.log(`  ${engine}: generated ${int(data.rows)} rollup rows in ${seconds(data.totalMs)}`);
  const made = { rows: data.rows, integrationIds: data.integrationIds };
  if (template) {
    copyFileSync(store.file!, template);
    writeFileSync(`${template}.json`, JSON.stringify(made));
  }
  return made;
}

async function runEngine(engine: EngineName, context: BenchContext): Promise<EngineResult> {
  const { log } = context;
  const store = await createStore(engine, 'soak');
  try {
    const data = await generatedStore(store, engine, context);
    const ids = data.integrationIds;
    const rules = join(store.file ? join(store.file, '..') : process.cwd(), `soak-alerting-${randomBytes(4).toString('hex')}.yaml`);
    writeFileSync(rules, RULES);
    const disposeRules = onCleanup(`rules file ${rules}`, () => rmSync(rules, { force: true }));
    const adminToken = `soak-admin-${randomBytes(12).toString('hex')}`;
    const key = `soak-key-${randomBytes(12).toString('hex')}`;
    const server = await startChildServer({
      database: store.database,
      key,
      env: { SWITCHBOARD_ADMIN_TOKEN: adminToken, SWITCHBOARD_ALERTING: rules, SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE: '1000000', LOG_LEVEL: 'warn' },
    });
    try {
      // 1. Idle.
      let probe = healthProbe(server.url);
      await sleep(IDLE_MS);
      const idle = await probe.stop();
      log(`  ${engine} idle: /healthz p50 ${ms(idle.timing.p50)} ms, p99 ${ms(idle.timing.p99)} ms`);

      // 2. Worst-case read mix.
      const tokens = await createTokens(server, adminToken, READ_CLIENTS);
      // SWITCHBOARD_BENCH_READ_MIX_ONLY=timeseries narrows the mix to the cases whose path has that in it.
      const only = process.env.SWITCHBOARD_BENCH_READ_MIX_ONLY;
      const cases = worstCasePaths(ids).filter((path) => !only || path(() => 0).includes(only));
      const statuses: StatusCounts = {};
      const latencies: number[] = [];
      probe = healthProbe(server.url);
      let sampler = memorySampler(server, 1_000);
      let meter = cpuMeter(() => [server.pid]);
      const readers = new LoopbackClient(server.url, READ_CLIENTS);
      const until = performance.now() + READ_MIX_MS;
      await Promise.all(
        tokens.map((token, client) => {
          const random = seededRandom(100 + client);
          let next = client;
          return readLoop(readers, token, () => cases[next++ % cases.length]!(random), until, 0, statuses, latencies);
        }),
      );
      const readCpu = meter();
      readers.close();
      const readMix = {
        health: await probe.stop(),
        statuses,
        timing: distribution(latencies),
        memory: memoryFigures(await sampler.stop(), 0),
        serverCores: readCpu.server,
      };
      log(
        `  ${engine} read mix, ${READ_CLIENTS} clients: ${int(latencies.length)} reads (${Object.entries(statuses).map(([s, n]) => `${s}: ${n}`).join(', ')}), ` +
          `/healthz p99 ${ms(readMix.health.timing.p99)} ms, RSS peak ${mib(readMix.memory.peak)}`,
      );

      const result: EngineResult = { engine, rollupRows: data.rows, idle, readMix };
      if (SOAK_MS <= 0) {
        // A clean stop, so that a server run with NODE_OPTIONS=--cpu-prof writes its profile.
        await server.stop();
        return result;
      }

      // 3. Soak.
      const ingestClient = new LoopbackClient(server.url, 4);
      const tally: IngestTally = { acknowledged: 0, errors: [], latencies: [], late: 0 };
      const calibration = await calibrate(ingestClient, key, ids, CALIBRATION_MS, tally, store);
      const maxRate = calibration.sustained;
      const rate = SOAK_RATE > 0 ? SOAK_RATE : Math.max(BATCH, maxRate / 2);
      log(
        `  ${engine} ingest at most ${int(maxRate)} records/s sustained (a ${seconds(CALIBRATION_MS)} burst at ${int(calibration.burst)} records/s, ` +
          `then ${seconds(calibration.drainMs)} until the compactor had folded it${calibration.undrained ? ': not caught up, stopped waiting' : ''}); soaking at ${int(rate)} records/s for ${seconds(SOAK_MS)}`,
      );
      tally.latencies.length = 0;
      probe = healthProbe(server.url);
      sampler = memorySampler(server, MEMORY_EVERY_MS);
      meter = cpuMeter(() => [server.pid]);
      const soakStarted = performance.now();
      const soakUntil = soakStarted + SOAK_MS;
      const readClient = new LoopbackClient(server.url, 2);
      const soakStatuses: StatusCounts = {};
      const soakLatencies: number[] = [];
      const ordinary = (random: () => number) => {
        const id = ids[Math.floor(random() * ids.length)]!;
        const pick = Math.floor(random() * 4);
        const day = `from=${Date.now() - 86_400_000}`;
        return [`/api/v1/integrations?${day}`, `/api/v1/integrations/${id}/summary?from=${Date.now() - 3_600_000}`, `/api/v1/integrations/${id}/timeseries?${day}`, '/api/v1/alerts?state=active'][pick]!;
      };
      const progress = setInterval(() => {
        const elapsed = performance.now() - soakStarted;
        const memory = sampler.latest();
        void compactorBacklog(readClient, adminToken).then((backlog) =>
          log(
            `  ${engine} soak ${seconds(elapsed)}: ${int(tally.acknowledged)} records acknowledged, ${tally.errors.length} errors, ` +
              `RSS ${memory ? mib(memory.rssBytes) : '?'}, event loop delay max ${memory ? ms(memory.loopMax) : '?'} ms (last 5 s), compactor backlog ${backlog} rows, load ${loadAverage()[0]}`,
          ),
        );
      }, 5 * 60_000);
      try {
        await Promise.all([
          pacedIngest(ingestClient, key, ids, rate, soakUntil, tally),
          ...[0, 1].map((reader) => {
            const random = seededRandom(200 + reader);
            return readLoop(readClient, tokens[reader]!, () => ordinary(random), soakUntil, 1_000, soakStatuses, soakLatencies);
          }),
        ]);
      } finally {
        clearInterval(progress);
      }
      const soakCpu = meter();
      const soakMs = performance.now() - soakStarted;
      ingestClient.close();
      readClient.close();
      const health = await probe.stop();
      const memory = memoryFigures(await sampler.stop(), 60_000);
      // SWITCHBOARD_BENCH_PROFILE_DIR=/tmp/prof: the main thread's CPU profile of the whole run, written before the SIGKILL.
      if (process.env.SWITCHBOARD_BENCH_PROFILE_DIR) log(`  ${engine}: server CPU profile in ${await server.profile()}`);
      await server.kill();
      const stored = await storedCalls(store);
      result.soak = {
        calibration,
        maxRate,
        rate,
        ms: soakMs,
        health,
        ingest: { acknowledged: tally.acknowledged, errors: tally.errors.length, firstErrors: tally.errors.filter(Boolean).slice(0, 5), late: tally.late, timing: distribution(tally.latencies) },
        reads: { statuses: soakStatuses, timing: distribution(soakLatencies) },
        memory,
        stored,
        storeBytes: await store.sizeBytes(),
        serverCores: soakCpu.server,
      };
      log(
        `  ${engine} soak done: ${int(tally.acknowledged)} acknowledged, ${int(stored)} stored, /healthz p99 ${ms(health.timing.p99)} ms, ` +
          `event loop delay p99 ${ms(memory.loopP99Median)} ms (worst 5 s: ${ms(memory.loopP99Worst)}), max ${ms(memory.loopMax)} ms, RSS ${mib(memory.start)} → peak ${mib(memory.peak)} → ${mib(memory.end)}`,
      );
      return result;
    } finally {
      await server.kill().catch(() => undefined);
      await disposeRules();
    }
  } finally {
    await store.dispose();
  }
}

function statusText(counts: StatusCounts): string {
  return Object.entries(counts).map(([status, n]) => `${status}: ${int(n)}`).join(', ');
}

function errorsIn(counts: StatusCounts): number {
  return Object.entries(counts).reduce((sum, [status, n]) => sum + (Number(status) >= 500 && status !== '503' ? n : Number(status) === 0 ? n : 0), 0);
}

function report(results: EngineResult[]): BenchResult {
  const targets: Target[] = [];
  const warnings: string[] = [];
  const health: string[][] = [];
  const memory: string[][] = [];
  const reads: string[][] = [];
  const loop: string[][] = [];
  for (const r of results) {
    if (r.error) {
      warnings.push(`${r.engine}: ${r.error}`);
      continue;
    }
    const row = (phase: string, h: { timing: Distribution; failures: number }) => [`${r.engine}: ${phase}`, ms(h.timing.p50), ms(h.timing.p99), ms(h.timing.max), int(h.timing.n), int(h.failures)];
    health.push(row('idle', r.idle), row(`read mix, ${READ_CLIENTS} clients`, r.readMix.health));
    memory.push([`${r.engine}: read mix`, mib(r.readMix.memory.start), mib(r.readMix.memory.peak), mib(r.readMix.memory.end), fixed(r.readMix.serverCores, 2)]);
    reads.push([`${r.engine}: read mix`, statusText(r.readMix.statuses), ms(r.readMix.timing.p50), ms(r.readMix.timing.p99), int(errorsIn(r.readMix.statuses))]);
    loop.push([`${r.engine}: read mix`, ms(r.readMix.memory.loopP99Median), ms(r.readMix.memory.loopP99Worst), ms(r.readMix.memory.loopMax)]);
    targets.push(
      { name: `read mix (${READ_CLIENTS} clients): server RSS`, engine: r.engine, goal: '< 512 MiB', measured: `peak ${mib(r.readMix.memory.peak)}`, met: r.readMix.memory.peak < READ_MIX_RSS_TARGET },
      { name: `read mix (${READ_CLIENTS} clients): /healthz p99`, engine: r.engine, goal: `< ${HEALTH_P99_TARGET_MS} ms`, measured: `${ms(r.readMix.health.timing.p99)} ms`, met: r.readMix.health.timing.p99 < HEALTH_P99_TARGET_MS },
      { name: 'read mix: no 5xx but 503', engine: r.engine, goal: '0', measured: int(errorsIn(r.readMix.statuses)), met: errorsIn(r.readMix.statuses) === 0 },
    );
    const s = r.soak;
    if (!s) continue;
    health.push(row(`soak, ${seconds(s.ms)}`, s.health));
    memory.push([`${r.engine}: soak (start = after 1 min)`, mib(s.memory.settled), mib(s.memory.peak), mib(s.memory.end), fixed(s.serverCores, 2)]);
    loop.push([`${r.engine}: soak`, ms(s.memory.loopP99Median), ms(s.memory.loopP99Worst), ms(s.memory.loopMax)]);
    reads.push([`${r.engine}: soak readers`, statusText(s.reads.statuses), ms(s.reads.timing.p50), ms(s.reads.timing.p99), int(errorsIn(s.reads.statuses))]);
    reads.push([`${r.engine}: soak ingest (${int(s.rate)} records/s of ${int(s.maxRate)} sustained, ${int(s.calibration.burst)} burst)`, `${int(s.ingest.acknowledged)} acknowledged, ${int(s.stored)} stored, ${s.ingest.late} late batches`, ms(s.ingest.timing.p50), ms(s.ingest.timing.p99), int(s.ingest.errors)]);
    for (const error of s.ingest.firstErrors) warnings.push(`${r.engine}: ingest error: ${error}`);
    targets.push(
      { name: 'soak: /healthz p99', engine: r.engine, goal: `< ${HEALTH_P99_TARGET_MS} ms`, measured: `${ms(s.health.timing.p99)} ms`, met: s.health.timing.p99 < HEALTH_P99_TARGET_MS },
      { name: 'soak: no error', engine: r.engine, goal: '0 ingest errors, 0 read 5xx but 503', measured: `${s.ingest.errors} + ${errorsIn(s.reads.statuses)}`, met: s.ingest.errors === 0 && errorsIn(s.reads.statuses) === 0 },
      { name: 'soak: memory flat', engine: r.engine, goal: `end ≤ ${MEMORY_GROWTH_LIMIT} × RSS after 1 min`, measured: `${mib(s.memory.settled)} → ${mib(s.memory.end)} (peak ${mib(s.memory.peak)})`, met: s.memory.end <= s.memory.settled * MEMORY_GROWTH_LIMIT },
      { name: 'soak: nothing acknowledged lost', engine: r.engine, goal: 'stored = acknowledged', measured: `${int(s.stored)} / ${int(s.ingest.acknowledged)}`, met: s.stored === s.ingest.acknowledged },
    );
    if (s.calibration.undrained) warnings.push(`${r.engine}: the compactor had not folded the calibration's burst after ${seconds(DRAIN_CAP_MS)}: the sustained maximum is at most what is shown`);
    if (s.ingest.late > 0) warnings.push(`${r.engine}: ${s.ingest.late} soak batches left more than a second after their slot (the server fell behind the paced rate)`);
  }
  for (const answer of firstAnswers.values()) warnings.push(`first such answer: ${answer}`);
  return {
    sections: [
      { title: '/healthz while the server works (ms, its own connection, every 100 ms)', text: table(['phase', 'p50', 'p99', 'max', 'n', 'failed'], health) },
      { title: 'Server memory (RSS, MiB) and CPU (cores)', text: table(['phase', 'start', 'peak', 'end', 'server cores'], memory) },
      { title: 'Requests (answers by status; ms)', text: table(['phase', 'answers', 'p50', 'p99', 'errors'], reads) },
      { title: "The server's event-loop delay (ms; p99 per sample, median and worst sample, longest stall)", text: table(['phase', 'p99 median', 'p99 worst', 'max'], loop) },
    ],
    targets,
    warnings,
    data: { shape: SHAPE, readMixMs: READ_MIX_MS, soakMs: SOAK_MS, results },
  };
}

export const soakBenchmark: Benchmark = {
  name: 'soak',
  title: `Staying up: worst-case reads at ${READ_CLIENTS} clients, then a ${SOAK_MS / 60_000}-minute soak`,
  extraTimeMs: SOAK_MS + READ_MIX_MS,
  run: async (context) => {
    const results: EngineResult[] = [];
    for (const engine of context.engines) {
      try {
        results.push(await runEngine(engine, context));
      } catch (error) {
        results.push({ engine, error: (error as Error).message } as EngineResult);
      }
    }
    return report(results);
  },
};
