/**
 * The TypeScript client's delivery rate against posting pre-built batches straight to the ingest
 * API, in the same run, against the same real server (a child process on a fresh store per phase).
 *
 * Baseline: the records, already serialised as JSON arrays of 500 (the client's default batch),
 * posted with the global fetch, one request in flight (as the client does).
 * Client: the same records handed one by one to client.call() with default options; the producer
 * pauses while 9,000 records are buffered, so none overflows; timed until flush() resolves.
 * Both phases run twice, alternating. Every record must be acknowledged and counted in the store.
 *
 * Run alone: node --import tsx bench/client.ts [--engine sqlite|postgres]
 */
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '../client/src/index.js';
import type { WireCall } from '../src/ingest/wire.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { HOUR } from '../src/rollup/tiers.js';
import { cleanupAll } from './support/cleanup.js';
import { fixed, int, ratioText, table } from './support/format.js';
import { cpuMeter, loadAverage, NOISY_OTHER_CORES } from './support/machine.js';
import { ensureServerBuilt, startChildServer } from './support/server.js';
import { ratio } from './support/stats.js';
import { createStore, type EngineName } from './support/stores.js';
import type { Benchmark, BenchContext, BenchResult } from './support/types.js';

const RECORDS = Number(process.env.SWITCHBOARD_BENCH_CLIENT_RECORDS ?? 100_000);
const BATCH = 500;
const ROUNDS = 2;
const KEY = 'bench-client-ingest-key-0001';
/** The producer waits while this many records are buffered (the client holds 10,000 by default). */
const PRODUCER_HIGH_WATER = 9_000;

interface Phase {
  variant: 'direct batches' | 'client';
  round: number;
  recordsPerSecond: number;
  elapsedMs: number;
  /** Client only: time spent inside call(), per call. */
  callMicros?: number;
  requests: number;
  /** Cores this process (the sender) and the server used, and everything else on the machine. */
  senderCores: number;
  serverCores: number;
  otherCores: number;
}

type Measured = Pick<Phase, 'recordsPerSecond' | 'elapsedMs' | 'callMicros' | 'requests'>;

function workload(): WireCall[] {
  const end = Date.now();
  const simulator = createSimulator({ scale: 40 });
  for (let hours = 1; hours <= 12; hours++) {
    const calls = simulator.generate(end - hours * HOUR, end).filter((record): record is WireCall => record.kind === 'call');
    if (calls.length >= RECORDS) return calls.slice(calls.length - RECORDS);
  }
  throw new Error(`the simulator gave fewer than ${RECORDS} calls in 12 hours`);
}

async function withServer<T>(engine: EngineName, label: string, run: (url: string, pid: number, count: () => Promise<number>) => Promise<T>): Promise<T> {
  const store = await createStore(engine, label);
  // Migrated through the product's own code first, as the ingest benchmark does.
  await (await store.open()).db.destroy();
  const server = await startChildServer({ database: store.database, key: KEY });
  const count = async () => {
    const { db } = await store.open();
    try {
      const row = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    } finally {
      await db.destroy();
    }
  };
  try {
    return await run(server.url, server.pid, count);
  } finally {
    await server.stop();
    await store.dispose();
  }
}

async function directBatches(url: string, calls: WireCall[]): Promise<Measured> {
  const bodies: string[] = [];
  for (let start = 0; start < calls.length; start += BATCH) bodies.push(JSON.stringify(calls.slice(start, start + BATCH)));
  const started = performance.now();
  for (const body of bodies) {
    const response = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body,
    });
    const answer = (await response.json()) as { accepted?: number };
    if (response.status !== 200 || answer.accepted !== JSON.parse(body).length) {
      throw new Error(`a direct batch answered ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
    }
  }
  const elapsedMs = performance.now() - started;
  return { recordsPerSecond: (calls.length * 1000) / elapsedMs, elapsedMs, requests: bodies.length };
}

async function throughClient(url: string, calls: WireCall[]): Promise<Measured> {
  let requests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    requests++;
    return fetch(input, init);
  };
  const problems: string[] = [];
  const client = createClient({
    url,
    key: KEY,
    fetch: countingFetch,
    flushOnExit: false,
    onError: (error) => problems.push(error.message),
    onDrop: (drop) => problems.push(`${drop.reason}: ${drop.error}`),
  });
  const inputs = calls.map(({ kind: _kind, ...call }) => call);
  let inCall = 0;
  const started = performance.now();
  for (let next = 0; next < inputs.length; ) {
    while (client.stats.buffered >= PRODUCER_HIGH_WATER) await sleep(1);
    const t0 = performance.now();
    const end = Math.min(inputs.length, next + 1_000);
    for (; next < end; next++) client.call(inputs[next]!);
    inCall += performance.now() - t0;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const flushed = await client.flush(120_000);
  const elapsedMs = performance.now() - started;
  const stats = client.stats;
  await client.close(1_000);
  if (!flushed || stats.sent !== calls.length || stats.dropped + stats.rejected > 0) {
    throw new Error(`the client delivered ${stats.sent} of ${calls.length} (${JSON.stringify(stats)}): ${problems.slice(0, 3).join('; ')}`);
  }
  return { recordsPerSecond: (calls.length * 1000) / elapsedMs, elapsedMs, callMicros: (inCall * 1000) / calls.length, requests };
}

async function measure(engine: EngineName, variant: Phase['variant'], round: number, calls: WireCall[]): Promise<Phase> {
  return withServer(engine, `client-${variant === 'client' ? 'c' : 'd'}${round}`, async (url, pid, count) => {
    const cpu = cpuMeter(() => [pid]);
    const result = variant === 'client' ? await throughClient(url, calls) : await directBatches(url, calls);
    const use = cpu();
    const stored = await count();
    if (stored !== calls.length) throw new Error(`${variant}: the store holds ${stored} records, ${calls.length} were acknowledged`);
    return { variant, round, ...result, senderCores: use.bench, serverCores: use.server, otherCores: use.other };
  });
}

async function run(context: BenchContext): Promise<BenchResult> {
  const calls = workload();
  const sections: BenchResult['sections'] = [];
  const warnings: string[] = [];
  const data: Record<string, unknown> = {};
  for (const engine of context.engines) {
    const phases: Phase[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of ['direct batches', 'client'] as const) {
        const phase = await measure(engine, variant, round, calls);
        context.log(`${engine} round ${round} ${variant}: ${int(phase.recordsPerSecond)} records/s`);
        if (phase.otherCores > NOISY_OTHER_CORES) warnings.push(`${engine} ${variant} round ${round}: other processes used ${fixed(phase.otherCores, 2)} cores`);
        phases.push(phase);
      }
    }
    const best = (variant: Phase['variant']) => Math.max(...phases.filter((p) => p.variant === variant).map((p) => p.recordsPerSecond));
    const clientVsDirect = ratio(best('client'), best('direct batches'));
    sections.push({
      title: `${engine}: ${int(RECORDS)} simulator calls, batches of ${BATCH}, one request in flight (best of ${ROUNDS}: client ${ratioText(clientVsDirect)} of direct)`,
      text: table(
        ['variant', 'round', 'records/s', 'elapsed', 'requests', 'µs per call()', 'sender cores', 'server cores', 'other cores'],
        phases.map((p) => [
          p.variant,
          String(p.round),
          int(p.recordsPerSecond),
          `${int(p.elapsedMs)} ms`,
          int(p.requests),
          p.callMicros === undefined ? '' : fixed(p.callMicros, 2),
          fixed(p.senderCores, 2),
          fixed(p.serverCores, 2),
          fixed(p.otherCores, 2),
        ]),
      ),
    });
    data[engine] = { phases, clientVsDirect };
  }
  return { sections, targets: [], warnings, data };
}

export const clientBenchmark: Benchmark = { name: 'client', title: 'TypeScript client delivery', run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const at = process.argv.indexOf('--engine');
  const engines = (at >= 0 ? process.argv[at + 1]! : 'sqlite').split(',') as EngineName[];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`load average at start: ${loadAverage().join(' ')}`);
  ensureServerBuilt(log);
  try {
    const result = await run({ engines, log, deadline: Date.now() + 14 * 60_000 });
    for (const section of result.sections) process.stdout.write(`\n${section.title}\n${section.text}\n`);
    for (const warning of result.warnings) process.stdout.write(`warning: ${warning}\n`);
  } finally {
    await cleanupAll();
  }
}
