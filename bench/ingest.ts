/**
 * 1. Ingest over HTTP, durable. The real server runs as a child process on a fresh store; this
 * process sends simulator calls as pre-serialised JSON arrays of 1,000 records, with 2 (then 1)
 * requests in flight, and checks every answer. Baseline, same run, same engine: the same records,
 * normalised, inserted straight into the `records` table of a fresh store as cheaply as the engine
 * allows, 1,000 rows per transaction, with the same durability settings as the server.
 */
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { createSimulator } from '../src/simulator/simulator.js';
import type { WireRecord } from '../src/ingest/wire.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import { loadConfig } from '../src/config.js';
import { DAILY_PARENTS, ensureDays } from '../src/store/partitions.js';
import { cpuMeter, NOISY_OTHER_CORES, waitForQuiet, type CpuUse } from './support/machine.js';
import { createStore, withPgClient, type BenchStore, type EngineName } from './support/stores.js';
import { startChildServer, type ServerMemory } from './support/server.js';
import { LoopbackClient } from './support/http.js';
import { distribution, ratio, type Distribution } from './support/stats.js';
import { fixed, int, mib, ms, ratioText, table } from './support/format.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const BATCH_SIZE = 1_000;
const WARMUP_BATCHES = 5;
/** The main figure: 2 requests in flight, 300 batches (300,000 records) from an empty store. */
const MEASURED_BATCHES = Number(process.env.SWITCHBOARD_BENCH_INGEST_BATCHES ?? 300);
/** Then 1 request in flight, on the store the main phase left. */
const SINGLE_BATCHES = Math.max(10, Math.round(MEASURED_BATCHES / 6));
/** Each timed phase stops here even if batches remain (the report says so). */
const PHASE_CAP_MS = 120_000;
const TARGET_RATE_SQLITE = 50_000;
/**
 * `SWITCHBOARD_BENCH_INGEST_RECORDS=all` sends every kind the simulator makes (calls, the order and
 * shipment events of its flows, runs, gauges) in time order instead of calls alone: what the flow
 * rollups and lead-time lookups cost shows there.
 */
const ALL_KINDS = process.env.SWITCHBOARD_BENCH_INGEST_RECORDS === 'all';
const TARGET_RATIO = 0.5;

/** The columns of `records` the ingest path writes (all but the id), in table order. */
const RECORD_COLUMNS = [
  'received_at', 'kind', 'ts', 'integration', 'env', 'site', 'release', 'tenant', 'correlation_id', 'order_id',
  'shipment_id', 'direction', 'operation', 'http_status', 'outcome', 'error', 'latency_ms', 'attempt', 'job',
  'run_status', 'duration_ms', 'counts', 'name', 'value', 'attrs',
] as const;

interface Workload {
  bodies: Buffer[];
  /** Calls in each body (the minute rollups must count exactly the acknowledged ones). */
  callsPerBody: number[];
  rows: unknown[][][];
  /** The span of ts the calls cover, ending about now. */
  spanMs: number;
  bytesPerRecord: number;
  generationMs: number;
}

/** Simulator calls (scale 40) from the most recent hour(s), pre-serialised and pre-normalised. */
function prepareWorkload(batches: number): Workload {
  const started = performance.now();
  const needed = batches * BATCH_SIZE;
  const simulator = createSimulator({ scale: 40 });
  const end = Date.now();
  let calls: WireRecord[] = [];
  let hours = 1;
  for (; hours <= 12; hours++) {
    const generated = simulator.generate(end - hours * HOUR, end);
    calls = ALL_KINDS ? generated.sort((a, b) => (a.ts as number) - (b.ts as number)) : generated.filter((record) => record.kind === 'call');
    if (calls.length >= needed) break;
  }
  if (calls.length < needed) throw new Error(`the simulator gave only ${calls.length} ${ALL_KINDS ? 'records' : 'calls'} in 12 hours; ${needed} needed`);
  calls = calls.slice(calls.length - needed);
  const spanMs = end - (calls[0]!.ts as number);

  const config = loadConfig({}, {});
  const now = Date.now();
  const bounds = { notBefore: now - config.retention.rawMs, notAfter: now + config.ingest.maxClockSkewMs };
  const bodies: Buffer[] = [];
  const callsPerBody: number[] = [];
  const rows: unknown[][][] = [];
  let bytes = 0;
  for (let start = 0; start < needed; start += BATCH_SIZE) {
    const chunk = calls.slice(start, start + BATCH_SIZE);
    const body = Buffer.from(JSON.stringify(chunk));
    bytes += body.length;
    bodies.push(body);
    callsPerBody.push(chunk.filter((record) => record.kind === 'call').length);
    rows.push(
      chunk.map((call) => {
        const result = normalizeRecord(call, bounds);
        if (!result.ok) throw new Error(`a simulator call does not validate: ${result.error}`);
        const record: NormalizedRecord = result.record;
        return RECORD_COLUMNS.map((column) => (column === 'received_at' ? now : record[column as keyof NormalizedRecord]));
      }),
    );
  }
  return { bodies, callsPerBody, rows, spanMs, bytesPerRecord: bytes / needed, generationMs: performance.now() - started };
}

interface PhaseResult {
  concurrency: number;
  batches: number;
  records: number;
  elapsedMs: number;
  recordsPerSecond: number;
  /** Records/s over the last third of the batches, when the store is largest. */
  lastThirdPerSecond: number;
  requestMs?: Distribution;
  storeRecordsBefore: number;
  storeRecordsAfter: number;
  cappedByTime: boolean;
  cpu: CpuUse;
}

function lastThirdRate(completions: readonly number[], batchSize: number): number {
  const n = completions.length;
  if (n < 3) return NaN;
  const from = Math.floor((2 * n) / 3);
  const t0 = completions[from - 1]!;
  const t1 = completions[n - 1]!;
  return ((n - from) * batchSize * 1000) / (t1 - t0);
}

async function sendBatches(
  client: LoopbackClient,
  key: string,
  bodies: readonly Buffer[],
  concurrency: number,
  capMs: number,
): Promise<{ completions: number[]; latencies: number[]; elapsedMs: number; sent: number; capped: boolean }> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  const started = performance.now();
  const completions: number[] = [];
  const latencies: number[] = [];
  let next = 0;
  let capped = false;
  const worker = async () => {
    for (;;) {
      if (next >= bodies.length) return;
      if (performance.now() - started > capMs) {
        capped = true;
        return;
      }
      const index = next++;
      const sentAt = performance.now();
      const answer = await client.request('POST', '/api/v1/ingest', bodies[index], headers);
      const doneAt = performance.now();
      let accepted: unknown;
      let rejected: unknown;
      try {
        ({ accepted, rejected } = JSON.parse(answer.body) as { accepted: unknown; rejected: unknown });
      } catch {
        accepted = undefined;
      }
      if (answer.status !== 200 || accepted !== BATCH_SIZE || !Array.isArray(rejected) || rejected.length !== 0) {
        throw new Error(`ingest batch ${index} answered ${answer.status} ${answer.body.slice(0, 400)}`);
      }
      latencies.push(doneAt - sentAt);
      completions.push(doneAt - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return { completions: completions.sort((a, b) => a - b), latencies, elapsedMs, sent: completions.length, capped };
}

async function checkpointPostgres(engine: EngineName): Promise<void> {
  // Start each timed phase with no dirty buffers left by the previous one.
  if (engine === 'postgres') await withPgClient((client) => client.query('checkpoint')).catch(() => undefined);
}

async function countStore(store: BenchStore) {
  const { db } = await store.open();
  try {
    const records = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const calls = await db
      .selectFrom('call_rollups')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('volume'), sql<number>`0`).as('n'))
      .where('resolution_ms', '=', MINUTE)
      .executeTakeFirstOrThrow();
    const partial = await db
      .selectFrom('call_rollups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('compacted', '=', 0)
      .executeTakeFirstOrThrow();
    return { records: Number(records.n), minuteRollupCalls: Number(calls.n), uncompactedRollupRows: Number(partial.n) };
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: raw inserts into `records`, 1,000 rows per transaction.

interface RawResult {
  variant: string;
  records: number;
  elapsedMs: number;
  recordsPerSecond: number;
  lastThirdPerSecond: number;
  cpu: CpuUse;
}

function timeBatches(total: number, warmup: number, insert: (index: number) => void | Promise<void>) {
  return async () => {
    for (let i = 0; i < warmup; i++) await insert(i);
    const completions: number[] = [];
    const started = performance.now();
    for (let i = warmup; i < total; i++) {
      await insert(i);
      completions.push(performance.now() - started);
    }
    return { completions, elapsedMs: performance.now() - started };
  };
}

async function rawSqlite(rows: unknown[][][], variant: 'multi-row' | 'single-row', batches: number): Promise<RawResult> {
  const store = await createStore('sqlite', 'ingest-raw');
  try {
    // The product's connection settings, read back from the product's own connection.
    const opened = await store.open();
    const pragma = async (name: string) => {
      const result = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(opened.db);
      return Object.values(result.rows[0] ?? {})[0];
    };
    const settings = {
      synchronous: await pragma('synchronous'),
      cache_size: await pragma('cache_size'),
      wal_autocheckpoint: await pragma('wal_autocheckpoint'),
      journal_mode: await pragma('journal_mode'),
    };
    await opened.db.destroy();
    const database = new SQLite(store.file!);
    try {
      database.pragma(`journal_mode = ${String(settings.journal_mode)}`);
      database.pragma(`synchronous = ${String(settings.synchronous)}`);
      database.pragma(`cache_size = ${String(settings.cache_size)}`);
      database.pragma(`wal_autocheckpoint = ${String(settings.wal_autocheckpoint)}`);
      const columns = RECORD_COLUMNS.join(', ');
      const tuple = `(${RECORD_COLUMNS.map(() => '?').join(', ')})`;
      let insert: (index: number) => void;
      if (variant === 'multi-row') {
        const statement = database.prepare(`insert into records (${columns}) values ${Array.from({ length: BATCH_SIZE }, () => tuple).join(', ')}`);
        const run = database.transaction((batch: unknown[][]) => {
          const parameters: unknown[] = [];
          for (const row of batch) for (const value of row) parameters.push(value);
          statement.run(parameters);
        });
        insert = (index) => run.immediate(rows[index]!);
      } else {
        const statement = database.prepare(`insert into records (${columns}) values ${tuple}`);
        const run = database.transaction((batch: unknown[][]) => {
          for (const row of batch) statement.run(row);
        });
        insert = (index) => run.immediate(rows[index]!);
      }
      const meter = cpuMeter();
      const { completions, elapsedMs } = await timeBatches(WARMUP_BATCHES + batches, WARMUP_BATCHES, insert)();
      const cpu = meter();
      const records = batches * BATCH_SIZE;
      const count = (database.prepare('select count(*) as n from records').get() as { n: number }).n;
      if (count !== (WARMUP_BATCHES + batches) * BATCH_SIZE) throw new Error(`raw baseline stored ${count} records`);
      return { variant, records, elapsedMs, recordsPerSecond: (records * 1000) / elapsedMs, lastThirdPerSecond: lastThirdRate(completions, BATCH_SIZE), cpu };
    } finally {
      database.close();
    }
  } finally {
    await store.dispose();
  }
}

async function rawPostgres(rows: unknown[][][], variant: 'multi-row' | 'unnest', batches: number): Promise<RawResult> {
  const store = await createStore('postgres', 'ingest-raw');
  try {
    const opened = await store.open();
    // The raw inserts bypass bulkInsert: the days' partitions first, as ingest makes them.
    const ts = RECORD_COLUMNS.indexOf('ts');
    await ensureDays(opened.db, DAILY_PARENTS.filter((p) => p.table === 'records'), rows.flatMap((batch) => batch.map((row) => Number(row[ts]))));
    await opened.db.destroy();
    return await withPgClient(async (client) => {
      const types = new Map(
        (
          await client.query<{ column_name: string; data_type: string }>(
            `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = 'records'`,
            [store.schema],
          )
        ).rows.map((row) => [row.column_name, row.data_type]),
      );
      const columns = RECORD_COLUMNS.join(', ');
      let insert: (index: number) => Promise<void>;
      if (variant === 'multi-row') {
        const width = RECORD_COLUMNS.length;
        const text = `insert into records (${columns}) values ${Array.from(
          { length: BATCH_SIZE },
          (_, r) => `(${RECORD_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(', ')})`,
        ).join(', ')}`;
        insert = async (index) => {
          const parameters: unknown[] = [];
          for (const row of rows[index]!) for (const value of row) parameters.push(value);
          await client.query('begin');
          await client.query({ name: 'raw_multi_row', text, values: parameters });
          await client.query('commit');
        };
      } else {
        const text = `insert into records (${columns}) select * from unnest(${RECORD_COLUMNS.map(
          (column, c) => `$${c + 1}::${types.get(column)}[]`,
        ).join(', ')})`;
        insert = async (index) => {
          const batch = rows[index]!;
          const arrays = RECORD_COLUMNS.map((_, c) => batch.map((row) => row[c]));
          await client.query('begin');
          await client.query({ name: 'raw_unnest', text, values: arrays });
          await client.query('commit');
        };
      }
      await checkpointPostgres('postgres');
      const meter = cpuMeter();
      const { completions, elapsedMs } = await timeBatches(WARMUP_BATCHES + batches, WARMUP_BATCHES, insert)();
      const cpu = meter();
      const count = Number((await client.query<{ n: string }>('select count(*) as n from records')).rows[0]!.n);
      if (count !== (WARMUP_BATCHES + batches) * BATCH_SIZE) throw new Error(`raw baseline stored ${count} records`);
      const records = batches * BATCH_SIZE;
      return { variant, records, elapsedMs, recordsPerSecond: (records * 1000) / elapsedMs, lastThirdPerSecond: lastThirdRate(completions, BATCH_SIZE), cpu };
    }, store.schema);
  } finally {
    await store.dispose();
  }
}

// ---------------------------------------------------------------------------------------------

interface HttpResult {
  phases: PhaseResult[];
  memoryAfterLoad: ServerMemory;
  memoryAtEnd: ServerMemory;
  acknowledged: number;
  stored: Awaited<ReturnType<typeof countStore>>;
  storeBytes: number;
  durable: boolean;
  rollupsMatch: boolean;
}

async function httpIngest(engine: EngineName, workload: Workload, log: (line: string) => void): Promise<HttpResult> {
  const store = await createStore(engine, 'ingest');
  try {
    // Migrate first, so a PostgreSQL server only ever sees its own schema's tables.
    await (await store.open()).db.destroy();
    const key = `bench-${Math.random().toString(36).slice(2)}`;
    const server = await startChildServer({ database: store.database, key });
    const client = new LoopbackClient(server.url, 2);
    const phases: PhaseResult[] = [];
    let acknowledged = 0;
    let acknowledgedCalls = 0;
    // A phase's batches go out in index order, so the ones answered are the first `sent` of it.
    const callsIn = (from: number, sent: number) => workload.callsPerBody.slice(from, from + sent).reduce((a, b) => a + b, 0);
    let memoryAfterLoad!: ServerMemory;
    let memoryAtEnd!: ServerMemory;
    try {
      const warm = await sendBatches(client, key, workload.bodies.slice(0, WARMUP_BATCHES), 2, PHASE_CAP_MS);
      acknowledged += warm.sent * BATCH_SIZE;
      acknowledgedCalls += callsIn(0, warm.sent);

      const phase = async (concurrency: number, from: number, count: number) => {
        await checkpointPostgres(engine);
        const before = acknowledged;
        const meter = cpuMeter(() => [server.pid]);
        const run = await sendBatches(client, key, workload.bodies.slice(from, from + count), concurrency, PHASE_CAP_MS);
        const cpu = meter();
        acknowledged += run.sent * BATCH_SIZE;
        acknowledgedCalls += callsIn(from, run.sent);
        const result: PhaseResult = {
          concurrency,
          batches: run.sent,
          records: run.sent * BATCH_SIZE,
          elapsedMs: run.elapsedMs,
          recordsPerSecond: (run.sent * BATCH_SIZE * 1000) / run.elapsedMs,
          lastThirdPerSecond: lastThirdRate(run.completions, BATCH_SIZE),
          requestMs: distribution(run.latencies),
          storeRecordsBefore: before,
          storeRecordsAfter: acknowledged,
          cappedByTime: run.capped,
          cpu,
        };
        log(
          `  ${engine} HTTP, ${concurrency} in flight: ${int(result.recordsPerSecond)} records/s (last third ${int(result.lastThirdPerSecond)}), ` +
            `server ${fixed(cpu.server, 2)} cores, other ${fixed(cpu.other, 2)}`,
        );
        phases.push(result);
      };
      await phase(2, WARMUP_BATCHES, MEASURED_BATCHES);
      memoryAfterLoad = await server.memory();
      await phase(1, WARMUP_BATCHES + MEASURED_BATCHES, SINGLE_BATCHES);
      memoryAtEnd = await server.memory();
    } finally {
      client.close();
      // No graceful shutdown: what the store holds now is what was committed before each answer.
      await server.kill();
    }
    const stored = await countStore(store);
    return {
      phases,
      memoryAfterLoad,
      memoryAtEnd,
      acknowledged,
      stored,
      storeBytes: await store.sizeBytes(),
      durable: stored.records === acknowledged,
      rollupsMatch: stored.minuteRollupCalls === acknowledgedCalls,
    };
  } finally {
    await store.dispose();
  }
}

interface EngineResult {
  engine: EngineName;
  raw: RawResult[];
  http: HttpResult;
  quiet: CpuUse;
}

export const ingestBenchmark: Benchmark = {
  name: 'ingest',
  title: 'Ingest over HTTP, durable',
  async run(context: BenchContext): Promise<BenchResult> {
    const { log } = context;
    const totalBatches = WARMUP_BATCHES + MEASURED_BATCHES + SINGLE_BATCHES;
    const what = ALL_KINDS ? 'records of every kind' : 'calls';
    log(`  preparing ${int(totalBatches * BATCH_SIZE)} simulator ${what} (scale 40)…`);
    const workload = prepareWorkload(totalBatches);
    log(`  ${int(totalBatches * BATCH_SIZE)} ${what} over the last ${fixed(workload.spanMs / 60_000, 0)} min, ${fixed(workload.bytesPerRecord, 0)} bytes each as JSON, prepared in ${ms(workload.generationMs)} ms`);

    const results: EngineResult[] = [];
    for (const engine of context.engines) {
      const quiet = await waitForQuiet(30_000, log);
      const raw: RawResult[] = [];
      const variants = engine === 'sqlite' ? (['multi-row', 'single-row'] as const) : (['multi-row', 'unnest'] as const);
      for (const variant of variants) {
        const result =
          engine === 'sqlite'
            ? await rawSqlite(workload.rows, variant as 'multi-row' | 'single-row', MEASURED_BATCHES)
            : await rawPostgres(workload.rows, variant as 'multi-row' | 'unnest', MEASURED_BATCHES);
        log(`  ${engine} raw insert (${variant}): ${int(result.recordsPerSecond)} records/s (last third ${int(result.lastThirdPerSecond)})`);
        raw.push(result);
      }
      const http = await httpIngest(engine, workload, log);
      results.push({ engine, raw, http, quiet });
    }
    return report(results, workload);
  },
};

function report(results: EngineResult[], workload: Workload): BenchResult {
  const targets: Target[] = [];
  const warnings: string[] = [];
  const rows: string[][] = [];
  const checks: string[][] = [];
  const memory: string[][] = [];
  for (const { engine, raw, http } of results) {
    const best = raw.reduce((a, b) => (b.recordsPerSecond > a.recordsPerSecond ? b : a));
    for (const r of raw) {
      rows.push([
        `${engine}: raw insert, ${r.variant}${r === best ? ' (baseline)' : ''}`,
        int(r.records),
        `0 → ${int(WARMUP_BATCHES * BATCH_SIZE + r.records)}`,
        int(r.recordsPerSecond),
        int(r.lastThirdPerSecond),
        '',
        '',
        r === best ? '1.00×' : ratioText(ratio(r.recordsPerSecond, best.recordsPerSecond)),
        fixed(r.cpu.other, 2),
      ]);
    }
    for (const p of http.phases) {
      rows.push([
        `${engine}: HTTP, ${p.concurrency} in flight`,
        int(p.records),
        `${int(p.storeRecordsBefore)} → ${int(p.storeRecordsAfter)}`,
        int(p.recordsPerSecond),
        int(p.lastThirdPerSecond),
        p.requestMs ? ms(p.requestMs.p50) : '',
        p.requestMs ? ms(p.requestMs.p95) : '',
        `${ratioText(ratio(p.recordsPerSecond, best.recordsPerSecond))} (last third ${ratioText(ratio(p.lastThirdPerSecond, best.lastThirdPerSecond))})`,
        fixed(p.cpu.other, 2),
      ]);
      if (p.cappedByTime) warnings.push(`${engine} HTTP with ${p.concurrency} in flight stopped at the ${PHASE_CAP_MS / 1000} s cap after ${p.batches} batches`);
      if (p.cpu.other > NOISY_OTHER_CORES) warnings.push(`${engine} HTTP with ${p.concurrency} in flight: ${p.cpu.other} cores busy with other work during the phase (load ${p.cpu.loadAfter.join(' ')}); re-run for a clean figure`);
    }
    for (const r of raw) {
      if (r.cpu.other > NOISY_OTHER_CORES) warnings.push(`${engine} raw ${r.variant}: ${r.cpu.other} cores busy with other work during the phase; re-run for a clean figure`);
    }
    const main = http.phases.find((p) => p.concurrency === 2)!;
    const r = ratio(main.recordsPerSecond, best.recordsPerSecond);
    targets.push({ name: 'ingest HTTP / raw insert', engine, goal: `≥ ${TARGET_RATIO}`, measured: r.toFixed(2), met: r >= TARGET_RATIO });
    if (engine === 'sqlite') {
      targets.push({
        name: 'ingest over HTTP',
        engine,
        goal: `≥ ${int(TARGET_RATE_SQLITE)} records/s`,
        measured: `${int(main.recordsPerSecond)} records/s`,
        met: main.recordsPerSecond >= TARGET_RATE_SQLITE,
      });
    }
    checks.push([
      engine,
      int(http.acknowledged),
      int(http.stored.records),
      http.durable ? 'yes' : 'NO',
      int(http.stored.minuteRollupCalls),
      http.rollupsMatch ? 'yes' : 'NO',
      int(http.stored.uncompactedRollupRows),
      mib(http.storeBytes),
      fixed(http.storeBytes / http.stored.records, 0),
    ]);
    if (!http.durable) warnings.push(`${engine}: the store holds ${http.stored.records} records after the server was killed, ${http.acknowledged} were acknowledged`);
    for (const [when, m] of [['after 2-in-flight load', http.memoryAfterLoad], ['at the end', http.memoryAtEnd]] as const) {
      memory.push([`${engine} server, ${when}`, mib(m.rssBytes), mib(m.peakRssBytes), mib(m.heapUsedBytes), mib(m.heapTotalBytes), mib(m.externalBytes)]);
    }
  }
  const cpuRows = results.flatMap(({ engine, raw, http }) => [
    ...raw.map((r) => [`${engine}: raw ${r.variant}`, fixed(r.cpu.bench, 2), '', fixed(r.cpu.postgres, 2), fixed(r.cpu.other, 2), r.cpu.loadBefore.join(' '), r.cpu.loadAfter.join(' ')]),
    ...http.phases.map((p) => [`${engine}: HTTP, ${p.concurrency} in flight`, fixed(p.cpu.bench, 2), fixed(p.cpu.server, 2), fixed(p.cpu.postgres, 2), fixed(p.cpu.other, 2), p.cpu.loadBefore.join(' '), p.cpu.loadAfter.join(' ')]),
  ]);
  return {
    sections: [
      {
        title: `Ingest: records/s (batches of ${BATCH_SIZE}; store starts empty, ${WARMUP_BATCHES} warm-up batches first)`,
        text: table(['run', 'records timed', 'store size (records)', 'records/s', 'last third/s', 'req p50 ms', 'req p95 ms', 'vs baseline', 'other cores'], rows),
      },
      {
        title: 'Ingest: durability after SIGKILL of the server (no graceful shutdown)',
        text: table(['engine', 'acknowledged', 'stored', 'equal', 'calls in minute rollups', 'equal', 'rollup rows not yet compacted', 'store size', 'bytes/record'], checks),
      },
      { title: 'Ingest: server memory (/proc VmRSS, VmHWM; V8 heap over IPC)', text: table(['process', 'RSS', 'peak RSS', 'heap used', 'heap total', 'external'], memory) },
      { title: 'Ingest: CPU during each phase (cores, averaged) and load average before → after', text: table(['phase', 'bench', 'server', 'postgres', 'other', 'load before', 'load after'], cpuRows) },
    ],
    targets,
    warnings,
    data: {
      batchSize: BATCH_SIZE,
      warmupBatches: WARMUP_BATCHES,
      measuredBatches: MEASURED_BATCHES,
      singleBatches: SINGLE_BATCHES,
      workload: { spanMs: workload.spanMs, bytesPerRecord: workload.bytesPerRecord, generationMs: workload.generationMs },
      engines: results,
    },
  };
}
