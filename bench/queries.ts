/**
 * 2. Queries on a generated store: 50 integrations × 10 operations × 30 days of rollups, written
 * as the compactor would leave them. The product's query functions run in-process through a
 * QueryContext whose clock stands at the end of the data; a few run over HTTP too. Baseline,
 * same run, same engine: the same window answered by a plain SQL aggregate over the finest tier
 * that holds it (the minute tier for 24 h; the ten-minute tier for 30 d, since minutes are kept
 * 8 days), to show what reading the coarser tiers buys.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { loadConfig } from '../src/config.js';
import { OUTCOMES } from '../src/common/outcome.js';
import { board } from '../src/query/board.js';
import type { QueryContext } from '../src/query/context.js';
import { plan } from '../src/query/context.js';
import type { Window } from '../src/query/params.js';
import { readRollups, SignalAccumulator } from '../src/query/rollups.js';
import { summarize } from '../src/query/summary.js';
import { chooseStep, timeSeries } from '../src/query/timeseries.js';
import { ROLLUP_COLUMNS } from '../src/rollup/compact.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES, floorTo } from '../src/rollup/tiers.js';
import { bulkInsert } from '../src/store/bulk-insert.js';
import type { Database } from '../src/store/schema.js';
import { generateRollupData, type GeneratedData } from './support/rollup-data.js';
import { collectGarbage, cpuMeter, NOISY_OTHER_CORES, waitForQuiet, type CpuUse } from './support/machine.js';
import { createStore, type EngineName } from './support/stores.js';
import { onCleanup } from './support/cleanup.js';
import { startChildServer, type ServerMemory } from './support/server.js';
import { LoopbackClient } from './support/http.js';
import { distribution, ratio, seededRandom, type Distribution } from './support/stats.js';
import { fixed, int, mib, ms, ratioText, seconds, table } from './support/format.js';
import { perEngineBenchmark, type Benchmark, type BenchContext, type BenchResult, type Target } from './support/types.js';

const SHAPE = {
  integrations: Number(process.env.SWITCHBOARD_BENCH_INTEGRATIONS ?? 50),
  operations: 10,
  days: 30,
  minuteDays: 8,
  seed: 20_261_123,
};
const ITERATIONS = 200;
const WARMUP = 20;
/** Baselines only provide the denominator of a ratio: fewer iterations keep the run short. */
const BASELINE_ITERATIONS = 100;
const BOARD_ITERATIONS = 12;
const BOARD_WARMUP = 3;
const HTTP_ITERATIONS = 30;
const HTTP_WARMUP = 5;
/** Each case stops after this long even if iterations remain (the report gives n). */
const CASE_CAP_MS = 20_000;
/** Generating one engine's store may take this long at most. */
const GENERATION_CAP_MS = 6 * 60_000;
const TARGET_24H_P95_MS = 50;
const TARGET_30D_P95_MS = 250;

type Counts = Record<'volume' | (typeof OUTCOMES)[number], number>;

interface QueryCase {
  name: string;
  /** The case this one is the baseline of. */
  baselineOf?: string;
  iterations: number;
  warmup: number;
  perIntegration: boolean;
  run: (integration: string) => Promise<unknown>;
}

interface CaseResult {
  name: string;
  baselineOf?: string;
  timing: Distribution;
  cappedByTime: boolean;
  rowsRead?: number;
  cpu: CpuUse;
}

function sumColumns(eb: any) {
  return [eb.fn.sum('volume').as('volume'), ...OUTCOMES.map((outcome) => eb.fn.sum(outcome).as(outcome)), eb.fn.countAll().as('rows')];
}

/** Plain SQL: the counts of one integration over a window, from one tier. */
async function sqlSum(db: Kysely<Database>, resolution: number, integration: string | undefined, window: Window) {
  let query = db
    .selectFrom('call_rollups')
    .select((eb) => sumColumns(eb))
    .where('resolution_ms', '=', resolution)
    .where('bucket', '>=', window.from)
    .where('bucket', '<', window.to);
  if (integration !== undefined) query = query.where('integration', '=', integration);
  return (await query.executeTakeFirstOrThrow()) as unknown as Counts & { rows: number };
}

/** Plain SQL: the counts per step (a chart's buckets), from one tier. */
async function sqlSeries(db: Kysely<Database>, resolution: number, integration: string, window: Window, step: number) {
  return (await db
    .selectFrom('call_rollups')
    .select((eb) => [sql<number>`cast((bucket - ${window.from}) / ${step} as integer)`.as('i'), ...sumColumns(eb)])
    .where('resolution_ms', '=', resolution)
    .where('integration', '=', integration)
    .where('bucket', '>=', window.from)
    .where('bucket', '<', window.to)
    .groupBy(sql`1`)
    .execute()) as unknown as Array<Counts & { i: number }>;
}

/** Plain SQL: the counts of every integration over a window (the board without sketches or trends). */
async function sqlBoard(db: Kysely<Database>, resolution: number, window: Window) {
  return db
    .selectFrom('call_rollups')
    .select((eb) => ['integration', ...sumColumns(eb)])
    .where('resolution_ms', '=', resolution)
    .where('bucket', '>=', window.from)
    .where('bucket', '<', window.to)
    .groupBy('integration')
    .execute();
}

/** The product's summary, but read from the minute tier alone: what an untiered store would do. */
async function minuteOnlySummary(db: Kysely<Database>, integration: string, window: Window) {
  const accumulator = new SignalAccumulator();
  for (const row of await readRollups(db, [{ resolution: MINUTE, from: window.from, to: window.to }], { integration, filters: {} })) accumulator.add(row);
  return accumulator.signals();
}

/** The coarsest tier a chart step is a whole multiple of (src/query/timeseries.ts). */
function coarsestFor(step: number): number {
  return [DAY, HOUR, TEN_MINUTES, MINUTE].find((r) => step % r === 0) ?? MINUTE;
}

/** The plan options board() uses for a window (src/query/board.ts): a dozen trend points at least. */
function boardPlan(window: Window) {
  const span = window.to - window.from;
  const trend = [DAY, HOUR, TEN_MINUTES, MINUTE].find((r) => span / r >= 12) ?? MINUTE;
  return { maxResolution: trend, minResolution: Math.min(TEN_MINUTES, trend) };
}

const BACKLOG_MINUTES = 10;

/** Partial minute rows (compacted = 0) for the last BACKLOG_MINUTES of every integration × operation. */
async function insertBacklog(db: Kysely<Database>, ids: readonly string[], now: number): Promise<number> {
  const sketch = new LatencySketch();
  for (const latency of [40, 80, 120, 900]) sketch.add(latency);
  const encoded = sketch.encode();
  const rows: unknown[][] = [];
  for (const id of ids) {
    for (let operation = 0; operation < SHAPE.operations; operation++) {
      for (let minute = 1; minute <= BACKLOG_MINUTES; minute++) {
        // ROLLUP_COLUMNS: resolution, bucket, the series, the counts, the sketch, compacted.
        rows.push([MINUTE, now - minute * MINUTE, id, `backlog.op${operation}`, 'outbound', 'production', '', '', 4, 3, 0, 0, 0, 1, 0, 0, encoded, 0]);
      }
    }
  }
  await db.transaction().execute((tx) => bulkInsert(tx, 'call_rollups', ROLLUP_COLUMNS, rows));
  return rows.length;
}

async function runCase(c: QueryCase, ids: readonly string[], memory: { peakRss: number; peakHeap: number }): Promise<CaseResult> {
  const pick = seededRandom(7);
  const next = () => ids[Math.floor(pick() * ids.length)]!;
  for (let i = 0; i < c.warmup; i++) await c.run(next());
  const samples: number[] = [];
  const meter = cpuMeter();
  const started = performance.now();
  let capped = false;
  for (let i = 0; i < c.iterations; i++) {
    if (performance.now() - started > CASE_CAP_MS) {
      capped = true;
      break;
    }
    const id = next();
    const t0 = performance.now();
    await c.run(id);
    samples.push(performance.now() - t0);
    const usage = process.memoryUsage();
    memory.peakRss = Math.max(memory.peakRss, usage.rss);
    memory.peakHeap = Math.max(memory.peakHeap, usage.heapUsed);
    // Let timers and I/O run between iterations, as a server would between requests.
    await yieldToLoop();
  }
  return { name: c.name, ...(c.baselineOf ? { baselineOf: c.baselineOf } : {}), timing: distribution(samples), cappedByTime: capped, cpu: meter() };
}

interface HttpCaseResult {
  name: string;
  inProcess: string;
  timing: Distribution;
}

interface EngineResult {
  engine: EngineName;
  data: Omit<GeneratedData, 'integrationIds'>;
  storeBytes: number;
  cases: CaseResult[];
  rowsPerAnswer: Record<string, number>;
  checks: Array<{ what: string; ok: boolean; detail: string }>;
  inProcessMemory: { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number; peakRssDuringQueries: number; peakHeapDuringQueries: number };
  http: HttpCaseResult[];
  httpServerMemory?: ServerMemory;
  httpError?: string;
  quiet: CpuUse;
}

async function benchEngine(engine: EngineName, context: BenchContext): Promise<EngineResult> {
  const { log } = context;
  const quiet = await waitForQuiet(30_000, log);
  const store = await createStore(engine, 'queries');
  const opened = await store.open();
  // Registered after the store, so an interrupted run closes the connections before dropping the schema.
  const closeConnections = onCleanup('query store connections', () => opened.db.destroy());
  try {
    const now = floorTo(Date.now(), MINUTE);
    log(`  ${engine}: generating ${SHAPE.integrations} integrations × ${SHAPE.operations} operations × ${SHAPE.days} days of rollups…`);
    const data = await generateRollupData(opened.db, engine, { now, ...SHAPE }, log, Math.min(Date.now() + GENERATION_CAP_MS, context.deadline - 60_000));
    const storeBytes = await store.sizeBytes();
    log(
      `  ${engine}: ${int(data.rows)} rows (${Object.entries(data.rowsByResolution).map(([r, n]) => `${Number(r) / MINUTE} min: ${int(n)}`).join(', ')}) in ${seconds(data.totalMs)} ` +
        `(drawing ${seconds(data.drawMs)}, inserting ${seconds(data.insertMs)}, finishing ${seconds(data.finishMs)}), store ${mib(storeBytes)}`,
    );

    const config = loadConfig({ database: store.database }, {});
    const ctx: QueryContext = { db: opened.db, config, clock: () => now };
    const ids = data.integrationIds;
    const w24: Window = { from: now - DAY, to: now };
    const w7: Window = { from: now - 7 * DAY, to: now };
    const w30: Window = { from: now - 30 * DAY, to: now };
    // The 30-day window as the product aligns it (to the ten-minute tier, the finest that holds it).
    const w30planned = plan(ctx, w30).window;
    const step24 = chooseStep(w24);
    const step30 = chooseStep(w30);
    const ts24from = { from: floorTo(w24.from, step24), to: now };
    const ts30from = { from: floorTo(w30planned.from, step30), to: now };

    // Do the product and the baselines give the same counts? (They must, or the comparison is void.)
    const checks: EngineResult['checks'] = [];
    for (const id of ids.slice(0, 3)) {
      const s24 = await summarize(ctx, id, w24, {});
      const b24 = await sqlSum(opened.db, MINUTE, id, { from: s24.from, to: s24.to });
      const s30 = await summarize(ctx, id, w30, {});
      const b30 = await sqlSum(opened.db, TEN_MINUTES, id, { from: s30.from, to: s30.to });
      const same = (a: Counts, b: Counts) => (['volume', ...OUTCOMES] as const).every((k) => Number(a[k]) === Number(b[k]));
      checks.push({ what: `summary 24h = minute-tier SUM (${id})`, ok: same(s24, b24), detail: `${int(s24.volume)} vs ${int(Number(b24.volume))} calls` });
      checks.push({ what: `summary 30d = ten-minute-tier SUM (${id})`, ok: same(s30, b30), detail: `${int(s30.volume)} vs ${int(Number(b30.volume))} calls` });
      const t24 = await timeSeries(ctx, id, w24, {});
      const g24 = await sqlSeries(opened.db, MINUTE, id, { from: t24.from, to: t24.to }, t24.step_ms);
      const bySql = new Map(g24.map((row) => [Number(row.i), Number(row.volume)]));
      const equal = t24.series.volume.every((v, i) => v === (bySql.get(i) ?? 0));
      checks.push({ what: `timeseries 24h = minute-tier GROUP BY (${id})`, ok: equal, detail: `${t24.series.t.length} points, step ${t24.step_ms / MINUTE} min` });
    }
    for (const check of checks) if (!check.ok) log(`  CHECK FAILED: ${check.what}: ${check.detail}`);

    // How many rollup rows each answer reads (the same for every integration of this data set).
    const rowsOf = async (window: Window, options: Parameters<typeof plan>[2], integration: string | undefined) => {
      const { segments } = plan(ctx, window, options);
      return (await readRollups(opened.db, segments, { ...(integration ? { integration } : {}), filters: {} })).length;
    };
    const rowsPerAnswer: Record<string, number> = {
      'summary 24h': await rowsOf(w24, {}, ids[0]),
      'summary 30d': await rowsOf(w30, {}, ids[0]),
      'minute-tier rows, 24h': await rowsOf(w24, { maxResolution: MINUTE }, ids[0]),
      'timeseries 24h': await rowsOf(ts24from, { maxResolution: coarsestFor(step24) }, ids[0]),
      'timeseries 30d': await rowsOf(ts30from, { maxResolution: coarsestFor(step30) }, ids[0]),
      'board 24h': await rowsOf(w24, boardPlan(w24), undefined),
      'board 7d': await rowsOf(w7, boardPlan(w7), undefined),
    };

    const cases: QueryCase[] = [
      { name: 'summary 24h', iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => summarize(ctx, id, w24, {}) },
      { name: 'summary 24h', baselineOf: 'summary 24h', iterations: BASELINE_ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => sqlSum(opened.db, MINUTE, id, w24) },
      { name: 'summary 24h, minute tier only + sketches', baselineOf: 'summary 24h', iterations: 50, warmup: 5, perIntegration: true, run: (id) => minuteOnlySummary(opened.db, id, w24) },
      { name: 'summary 30d', iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => summarize(ctx, id, w30, {}) },
      { name: 'summary 30d', baselineOf: 'summary 30d', iterations: BASELINE_ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => sqlSum(opened.db, TEN_MINUTES, id, w30planned) },
      { name: 'timeseries 24h', iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => timeSeries(ctx, id, w24, {}) },
      { name: 'timeseries 24h', baselineOf: 'timeseries 24h', iterations: BASELINE_ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => sqlSeries(opened.db, MINUTE, id, ts24from, step24) },
      { name: 'timeseries 30d', iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => timeSeries(ctx, id, w30, {}) },
      { name: 'timeseries 30d', baselineOf: 'timeseries 30d', iterations: BASELINE_ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => sqlSeries(opened.db, TEN_MINUTES, id, ts30from, step30) },
      { name: 'board 24h', iterations: BOARD_ITERATIONS, warmup: BOARD_WARMUP, perIntegration: false, run: () => board(ctx, w24, {}) },
      { name: 'board 24h', baselineOf: 'board 24h', iterations: 5, warmup: 1, perIntegration: false, run: () => sqlBoard(opened.db, MINUTE, w24) },
      { name: 'board 7d', iterations: BOARD_ITERATIONS, warmup: BOARD_WARMUP, perIntegration: false, run: () => board(ctx, w7, {}) },
      { name: 'board 7d', baselineOf: 'board 7d', iterations: 1, warmup: 1, perIntegration: false, run: () => sqlBoard(opened.db, MINUTE, w7) },
    ];
    const memory = { peakRss: 0, peakHeap: 0 };
    const results: CaseResult[] = [];
    for (const c of cases) {
      const result = await runCase(c, ids, memory);
      log(`  ${engine} ${c.baselineOf ? 'baseline ' : ''}${c.name}: p50 ${ms(result.timing.p50)} ms, p95 ${ms(result.timing.p95)} ms, max ${ms(result.timing.max)} ms (n=${result.timing.n}, other ${fixed(result.cpu.other, 2)} cores)`);
      results.push(result);
    }

    // The same reads while the compactor is behind: a partial minute row for each of the last
    // BACKLOG_MINUTES of every series, as ingest leaves them (about one compactor batch). Every
    // coarser segment of a window now reads these too, through their partial indexes.
    const backlogRows = await insertBacklog(opened.db, ids, now);
    const backlogCases: QueryCase[] = [
      { name: `summary 24h, ${int(backlogRows)} partial rows pending`, iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => summarize(ctx, id, w24, {}) },
      { name: `summary 30d, ${int(backlogRows)} partial rows pending`, iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => summarize(ctx, id, w30, {}) },
      { name: `timeseries 30d, ${int(backlogRows)} partial rows pending`, iterations: ITERATIONS, warmup: WARMUP, perIntegration: true, run: (id) => timeSeries(ctx, id, w30, {}) },
      { name: `board 24h, ${int(backlogRows)} partial rows pending`, iterations: BOARD_ITERATIONS, warmup: BOARD_WARMUP, perIntegration: false, run: () => board(ctx, w24, {}) },
    ];
    for (const c of backlogCases) {
      const result = await runCase(c, ids, memory);
      log(`  ${engine} ${c.name}: p50 ${ms(result.timing.p50)} ms, p95 ${ms(result.timing.p95)} ms, max ${ms(result.timing.max)} ms (n=${result.timing.n}, other ${fixed(result.cpu.other, 2)} cores)`);
      results.push(result);
    }
    await opened.db.deleteFrom('call_rollups').where('compacted', '=', 0).execute();

    collectGarbage();
    const usage = process.memoryUsage();
    const inProcessMemory = {
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      heapTotalBytes: usage.heapTotal,
      peakRssDuringQueries: memory.peakRss,
      peakHeapDuringQueries: memory.peakHeap,
    };

    // A few of the same answers over HTTP, from the real server on the same store.
    const http: HttpCaseResult[] = [];
    let httpServerMemory: ServerMemory | undefined;
    let httpError: string | undefined;
    try {
      // Every read needs a caller with the read scope: the admin token of this server.
      const token = `sbt_bench_${randomBytes(16).toString('hex')}`;
      const server = await startChildServer({ database: store.database, key: 'bench-unused', env: { SWITCHBOARD_ADMIN_TOKEN: token } });
      const client = new LoopbackClient(server.url, 1);
      try {
        const q = (w: Window) => `from=${w.from}&to=${w.to}`;
        const httpCases: Array<{ name: string; inProcess: string; path: (id: string) => string }> = [
          { name: 'GET …/summary 24h', inProcess: 'summary 24h', path: (id) => `/api/v1/integrations/${id}/summary?${q(w24)}` },
          { name: 'GET …/summary 30d', inProcess: 'summary 30d', path: (id) => `/api/v1/integrations/${id}/summary?${q(w30)}` },
          { name: 'GET …/timeseries 24h', inProcess: 'timeseries 24h', path: (id) => `/api/v1/integrations/${id}/timeseries?${q(w24)}` },
          { name: 'GET …/timeseries 30d', inProcess: 'timeseries 30d', path: (id) => `/api/v1/integrations/${id}/timeseries?${q(w30)}` },
          { name: 'GET /api/v1/integrations 24h', inProcess: 'board 24h', path: () => `/api/v1/integrations?${q(w24)}` },
        ];
        for (const c of httpCases) {
          const pick = seededRandom(7);
          const samples: number[] = [];
          const started = performance.now();
          for (let i = 0; i < HTTP_WARMUP + HTTP_ITERATIONS; i++) {
            if (performance.now() - started > CASE_CAP_MS) break;
            const t0 = performance.now();
            const answer = await client.request('GET', c.path(ids[Math.floor(pick() * ids.length)]!), undefined, { authorization: `Bearer ${token}` });
            const elapsed = performance.now() - t0;
            if (answer.status !== 200) throw new Error(`${c.name} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
            if (i >= HTTP_WARMUP) samples.push(elapsed);
          }
          const timing = distribution(samples);
          log(`  ${engine} HTTP ${c.name}: p50 ${ms(timing.p50)} ms, p95 ${ms(timing.p95)} ms (n=${timing.n})`);
          http.push({ name: c.name, inProcess: c.inProcess, timing });
        }
        httpServerMemory = await server.memory();
      } finally {
        client.close();
        await server.stop();
      }
    } catch (error) {
      httpError = error instanceof Error ? error.message : String(error);
      log(`  ${engine} HTTP queries failed: ${httpError}`);
    }

    const { integrationIds: _ids, ...dataFigures } = data;
    return {
      engine,
      data: dataFigures,
      storeBytes,
      cases: results,
      rowsPerAnswer,
      checks,
      inProcessMemory,
      http,
      ...(httpServerMemory ? { httpServerMemory } : {}),
      ...(httpError ? { httpError } : {}),
      quiet,
    };
  } finally {
    await closeConnections();
    await store.dispose();
  }
}

export const queriesBenchmark: Benchmark = perEngineBenchmark(
  'queries',
  `Queries on a generated store (${SHAPE.integrations} integrations × ${SHAPE.operations} operations × ${SHAPE.days} days)`,
  benchEngine,
  report,
);

function report(results: EngineResult[]): BenchResult {
  const targets: Target[] = [];
  const warnings: string[] = [];
  const generation: string[][] = [];
  const timing: string[][] = [];
  const http: string[][] = [];
  const memory: string[][] = [];
  const checks: string[][] = [];
  for (const r of results) {
    const t = r.data.rowsByResolution;
    generation.push([
      r.engine,
      int(t[MINUTE]!), int(t[TEN_MINUTES]!), int(t[HOUR]!), int(t[DAY]!), int(r.data.rows),
      `${fixed(r.data.calls / 1e6, 0)} M`,
      seconds(r.data.totalMs), seconds(r.data.insertMs), mib(r.storeBytes),
    ]);
    const product = r.cases.filter((c) => !c.baselineOf);
    for (const c of product) {
      const baselines = r.cases.filter((b) => b.baselineOf === c.name);
      const first = baselines[0];
      timing.push([
        `${r.engine}: ${c.name}`,
        ms(c.timing.p50), ms(c.timing.p95), ms(c.timing.max), String(c.timing.n),
        first ? ms(first.timing.p50) : '', first ? ms(first.timing.p95) : '',
        first ? ratioText(ratio(c.timing.p50, first.timing.p50)) : '',
        fixed(c.cpu.other, 2),
      ]);
      for (const b of baselines.slice(1)) {
        timing.push([`${r.engine}: ${c.name} — vs ${b.name.replace(`${c.name}, `, '')}`, '', '', '', String(b.timing.n), ms(b.timing.p50), ms(b.timing.p95), ratioText(ratio(c.timing.p50, b.timing.p50)), fixed(b.cpu.other, 2)]);
      }
      const goal = c.name.startsWith('board') ? undefined : c.name.endsWith('24h') ? TARGET_24H_P95_MS : c.name.endsWith('30d') ? TARGET_30D_P95_MS : undefined;
      if (goal !== undefined) {
        targets.push({ name: `${c.name} p95`, engine: r.engine, goal: `≤ ${goal} ms`, measured: `${ms(c.timing.p95)} ms`, met: c.timing.p95 <= goal });
      }
      if (c.cappedByTime) warnings.push(`${r.engine} ${c.name}: stopped at the ${CASE_CAP_MS / 1000} s cap after ${c.timing.n} iterations`);
      if (c.cpu.other > NOISY_OTHER_CORES) warnings.push(`${r.engine} ${c.name}: ${c.cpu.other} cores busy with other work during the case (load ${c.cpu.loadAfter.join(' ')}); re-run for a clean figure`);
    }
    for (const h of r.http) {
      const inProcess = product.find((c) => c.name === h.inProcess);
      http.push([`${r.engine}: ${h.name}`, ms(h.timing.p50), ms(h.timing.p95), ms(h.timing.max), String(h.timing.n), inProcess ? ratioText(ratio(h.timing.p50, inProcess.timing.p50)) : '']);
    }
    if (r.httpError) warnings.push(`${r.engine}: HTTP queries not measured: ${r.httpError}`);
    const m = r.inProcessMemory;
    memory.push([`${r.engine}: bench process, in-process queries (after GC)`, mib(m.rssBytes), mib(m.peakRssDuringQueries), mib(m.heapUsedBytes), mib(m.peakHeapDuringQueries)]);
    if (r.httpServerMemory) {
      const s = r.httpServerMemory;
      memory.push([`${r.engine}: server process, after the HTTP queries`, mib(s.rssBytes), mib(s.peakRssBytes), mib(s.heapUsedBytes), '']);
    }
    for (const c of r.checks) checks.push([r.engine, c.what, c.ok ? 'yes' : 'NO', c.detail]);
    for (const c of r.checks) if (!c.ok) warnings.push(`${r.engine}: ${c.what} does not hold (${c.detail})`);
  }
  const answers = Object.keys(results[0]?.rowsPerAnswer ?? {});
  const rowsRead = answers.map((answer) => [answer, ...results.map((r) => int(r.rowsPerAnswer[answer] ?? NaN))]);
  return {
    sections: [
      {
        title: 'Queries: the generated store (rows per tier, compacted; one series per integration × operation)',
        text: table(['engine', 'minute (8 d)', '10-min (30 d)', 'hour (30 d)', 'day (30 d)', 'rows', 'calls', 'generated in', 'of which inserts', 'store size'], generation),
      },
      {
        title: 'Queries in-process, ms (random integration per iteration; baseline = plain SQL SUM over the minute tier for 24 h / 7 d, the ten-minute tier for 30 d)',
        text: table(['query', 'p50', 'p95', 'max', 'n', 'baseline p50', 'baseline p95', 'p50 ÷ baseline', 'other cores'], timing),
      },
      { title: 'Queries: rollup rows read per answer (one integration; the board reads all)', text: table(['answer', ...results.map((r) => r.engine)], rowsRead) },
      { title: 'Queries over HTTP (real server, same store, one request at a time), ms', text: table(['request', 'p50', 'p95', 'max', 'n', 'p50 ÷ in-process p50'], http) },
      { title: 'Queries: memory', text: table(['process', 'RSS', 'peak RSS', 'heap used', 'peak heap used'], memory) },
      { title: 'Queries: the product and the SQL baselines agree', text: table(['engine', 'check', 'holds', 'detail'], checks) },
    ],
    targets,
    warnings,
    data: { shape: SHAPE, iterations: ITERATIONS, warmup: WARMUP, baselineIterations: BASELINE_ITERATIONS, boardIterations: BOARD_ITERATIONS, httpIterations: HTTP_ITERATIONS, engines: results },
  };
}
