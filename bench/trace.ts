/**
 * 3. Traces on a store of 10 million raw records: the simulator's order flows and steady calls,
 * copied back in time with ids of their own (bench/support/trace-data.ts). The product's trace,
 * timeline and id search run in-process for random orders, shipments and correlation ids of the
 * store, then the timeline over HTTP from the real server. Baseline, same run, same store: one
 * indexed SELECT of the records that carry the order id.
 */
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.js';
import type { QueryContext } from '../src/query/context.js';
import { trace, type TraceIdKind } from '../src/query/trace.js';
import { searchTraceIds } from '../src/trace/search.js';
import { traceTimeline } from '../src/trace/timeline.js';
import type { Database } from '../src/store/schema.js';
import { onCleanup } from './support/cleanup.js';
import { fixed, int, mib, ms, ratioText, seconds, table } from './support/format.js';
import { LoopbackClient } from './support/http.js';
import { NOISY_OTHER_CORES, waitForQuiet, type CpuUse } from './support/machine.js';
import { startChildServer } from './support/server.js';
import { distribution, ratio, seededRandom, type Distribution } from './support/stats.js';
import { createStore, type EngineName } from './support/stores.js';
import { copyPrefix, generateTraceData, traceTemplate, type TraceData, type TraceTemplate } from './support/trace-data.js';
import { timeCase, type CaseResult } from './support/timing.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const SHAPE = {
  records: Number(process.env.SWITCHBOARD_BENCH_TRACE_RECORDS ?? 10_000_000),
  seed: 20_261_201,
  templateHours: 6,
  scale: 2,
};
const ITERATIONS = 300;
const WARMUP = 30;
const HTTP_ITERATIONS = 100;
const HTTP_WARMUP = 10;
/** Each case stops after this long even if iterations remain (the report gives n). */
const CASE_CAP_MS = 20_000;
/** Generating one engine's store may take this long at most. */
const GENERATION_CAP_MS = 5 * 60_000;
const TARGET_P95_MS = 50;
/** The in-process cases below, each on flows of its own. */
const CASES = 6;
/** Flows whose traces are checked against the baseline (not timed). */
const CHECKED = 5;

interface Pick {
  order_id: string;
  shipment_id: string | null;
  correlation_id: string;
  /** How many records the flow has in the template (every copy has as many). */
  records: number;
}

interface EngineResult {
  engine: EngineName;
  data: TraceData;
  storeBytes: number;
  cases: CaseResult[];
  http?: Distribution;
  httpError?: string;
  checks: Array<{ what: string; ok: boolean; detail: string }>;
  quiet: CpuUse;
}

/**
 * Random flows of the copies written in full, the same ones every run: enough that each case
 * reads flows of its own, so none finds pages an earlier case left in the caches.
 */
function picksOf(template: TraceTemplate, data: TraceData, count: number): Pick[] {
  const random = seededRandom(SHAPE.seed);
  const fullCopies = Math.floor(data.records / template.rows.length);
  return Array.from({ length: count }, () => {
    const flow = template.orders[Math.floor(random() * template.orders.length)]!;
    const prefix = copyPrefix(Math.floor(random() * fullCopies));
    return {
      order_id: prefix + flow.order,
      shipment_id: flow.shipment ? prefix + flow.shipment : null,
      correlation_id: prefix + flow.correlation,
      records: flow.records,
    };
  });
}

/** The baseline: the one indexed SELECT a trace by order starts with. */
function selectByOrder(db: Kysely<Database>, id: string) {
  return db.selectFrom('records').selectAll().where('order_id', '=', id).execute();
}

/** Does the engine answer each id lookup from its index? (The plans, in the engine's words.) */
async function planUsesIndex(db: Kysely<Database>, engine: EngineName, column: TraceIdKind): Promise<{ ok: boolean; detail: string }> {
  const index = `records_${column}`;
  if (engine === 'sqlite') {
    const { rows } = await sql<{ detail: string }>`explain query plan select * from records where ${sql.ref(column)} = ${'x'}`.execute(db);
    const detail = rows.map((r) => r.detail).join('; ');
    return { ok: detail.includes(index) && !/SCAN records\b(?! USING)/.test(detail), detail };
  }
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select * from records where ${sql.ref(column)} = ${'x'}`.execute(db);
  const detail = rows.map((r) => r['QUERY PLAN'].trim()).join('; ');
  // Records are partitioned by day: each partition's scan names its own piece of the index.
  const pieces = await sql<{ name: string }>`select c.relname as name from pg_partition_tree(${index}::regclass) t join pg_class c on c.oid = t.relid`.execute(db);
  const names = [index, ...pieces.rows.map((row) => row.name)];
  return { ok: names.some((name) => detail.includes(name)) && !detail.includes('Seq Scan'), detail };
}

async function benchEngine(engine: EngineName, template: TraceTemplate, context: BenchContext): Promise<EngineResult> {
  const { log } = context;
  const quiet = await waitForQuiet(30_000, log);
  const store = await createStore(engine, 'trace');
  const opened = await store.open();
  // Registered after the store, so an interrupted run closes the connections before dropping the schema.
  const closeConnections = onCleanup('trace store connections', () => opened.db.destroy());
  try {
    const now = Date.now();
    log(`  ${engine}: writing ${int(SHAPE.records)} records…`);
    const data = await generateTraceData(opened.db, engine, template, { records: SHAPE.records, now }, log, Math.min(Date.now() + GENERATION_CAP_MS, context.deadline - 90_000));
    const storeBytes = await store.sizeBytes();
    log(`  ${engine}: ${int(data.records)} records (${data.copies} copies) in ${seconds(data.totalMs)} (inserts ${seconds(data.insertMs)}, indexes ${seconds(data.indexMs)}), store ${mib(storeBytes)}`);

    const ctx: QueryContext = { db: opened.db, config: loadConfig({ database: store.database }, {}), clock: () => now };
    const perCase = WARMUP + ITERATIONS;
    const picks = picksOf(template, data, CHECKED + CASES * perCase + HTTP_WARMUP + HTTP_ITERATIONS);
    let used = 0;
    const next = (n: number) => picks.slice(used, (used += n));

    const checks: EngineResult['checks'] = [];
    for (const column of ['order_id', 'shipment_id', 'correlation_id'] as const) {
      const plan = await planUsesIndex(opened.db, engine, column);
      checks.push({ what: `lookup by ${column} uses records_${column}`, ...plan });
    }
    for (const pick of next(CHECKED)) {
      const traced = await trace(opened.db, { kind: 'order_id', id: pick.order_id });
      const direct = await selectByOrder(opened.db, pick.order_id);
      const ids = new Set(traced.records.map((r) => r.id));
      checks.push({
        what: `trace of ${pick.order_id} holds its flow and the baseline's rows`,
        ok: traced.records.length === pick.records && direct.every((row) => ids.has(row.id)),
        detail: `${traced.records.length} records (flow ${pick.records}), baseline ${direct.length}`,
      });
    }
    for (const check of checks) if (!check.ok) log(`  CHECK FAILED: ${check.what}: ${check.detail}`);

    const cases: CaseResult[] = [];
    const measure = async (name: string, baseline: boolean, run: (pick: Pick) => Promise<unknown>) => {
      const picks = next(perCase);
      const result = await timeCase({ name, baseline, warmup: WARMUP, iterations: ITERATIONS, capMs: CASE_CAP_MS, run: (i) => run(picks[i]!) });
      log(`  ${engine} ${baseline ? 'baseline ' : ''}${name}: p50 ${ms(result.timing.p50)} ms, p95 ${ms(result.timing.p95)} ms, max ${ms(result.timing.max)} ms (n=${result.timing.n}, other ${fixed(result.cpu.other, 2)} cores)`);
      cases.push(result);
    };
    await measure('trace by order_id', false, (p) => trace(opened.db, { kind: 'order_id', id: p.order_id }));
    await measure('SELECT … WHERE order_id = ?', true, (p) => selectByOrder(opened.db, p.order_id));
    await measure('timeline by order_id', false, (p) => traceTimeline(ctx, { kind: 'order_id', id: p.order_id }));
    await measure('trace by shipment_id', false, (p) => trace(opened.db, { kind: 'shipment_id', id: p.shipment_id ?? p.order_id }));
    await measure('trace by correlation_id', false, (p) => trace(opened.db, { kind: 'correlation_id', id: p.correlation_id }));
    await measure('search (which kind of id)', false, (p) => searchTraceIds(opened.db, p.shipment_id ?? p.order_id, ctx.config.retention.rawMs));

    let http: Distribution | undefined;
    let httpError: string | undefined;
    try {
      const server = await startChildServer({ database: store.database, key: 'bench-unused' });
      const client = new LoopbackClient(server.url, 1);
      try {
        const samples: number[] = [];
        const own = next(HTTP_WARMUP + HTTP_ITERATIONS);
        for (const [i, pick] of own.entries()) {
          const t0 = performance.now();
          const answer = await client.request('GET', `/api/v1/trace/timeline?order_id=${encodeURIComponent(pick.order_id)}`);
          const elapsed = performance.now() - t0;
          if (answer.status !== 200) throw new Error(`GET /api/v1/trace/timeline answered ${answer.status}: ${answer.body.slice(0, 300)}`);
          if (i >= HTTP_WARMUP) samples.push(elapsed);
        }
        http = distribution(samples);
        log(`  ${engine} HTTP GET /api/v1/trace/timeline: p50 ${ms(http.p50)} ms, p95 ${ms(http.p95)} ms (n=${http.n})`);
      } finally {
        client.close();
        await server.stop();
      }
    } catch (error) {
      httpError = error instanceof Error ? error.message : String(error);
      log(`  ${engine} HTTP timeline failed: ${httpError}`);
    }
    return { engine, data, storeBytes, cases, ...(http ? { http } : {}), ...(httpError ? { httpError } : {}), checks, quiet };
  } finally {
    await closeConnections();
    await store.dispose();
  }
}

export const traceBenchmark: Benchmark = {
  name: 'trace',
  title: `Traces on a store of ${int(SHAPE.records)} raw records`,
  async run(context) {
    const template = traceTemplate(SHAPE);
    context.log(`  template: ${int(template.rows.length)} records, ${int(template.orders.length)} orders over ${SHAPE.templateHours} simulated hours (scale ${SHAPE.scale}), made in ${seconds(template.generationMs)}`);
    const results: EngineResult[] = [];
    for (const engine of context.engines) results.push(await benchEngine(engine, template, context));
    return report(results);
  },
};

function report(results: EngineResult[]): BenchResult {
  const targets: Target[] = [];
  const warnings: string[] = [];
  const generation = results.map((r) => [r.engine, int(r.data.records), String(r.data.copies), seconds(r.data.totalMs), seconds(r.data.insertMs), seconds(r.data.indexMs), mib(r.storeBytes)]);
  const timing: string[][] = [];
  const checks: string[][] = [];
  for (const r of results) {
    const baseline = r.cases.find((c) => c.baseline)!;
    for (const c of r.cases) {
      timing.push([
        `${r.engine}: ${c.baseline ? 'baseline: ' : ''}${c.name}`,
        ms(c.timing.p50), ms(c.timing.p95), ms(c.timing.max), String(c.timing.n),
        c.baseline ? '' : ratioText(ratio(c.timing.p50, baseline.timing.p50)),
        fixed(c.cpu.other, 2),
      ]);
      if (!c.baseline && c.name.endsWith('by order_id')) {
        targets.push({ name: `${c.name} p95`, engine: r.engine, goal: `≤ ${TARGET_P95_MS} ms`, measured: `${ms(c.timing.p95)} ms`, met: c.timing.p95 <= TARGET_P95_MS });
      }
      if (c.cappedByTime) warnings.push(`${r.engine} ${c.name}: stopped at the ${CASE_CAP_MS / 1000} s cap after ${c.timing.n} iterations`);
      if (c.cpu.other > NOISY_OTHER_CORES) warnings.push(`${r.engine} ${c.name}: ${c.cpu.other} cores busy with other work during the case (load ${c.cpu.loadAfter.join(' ')}); re-run for a clean figure`);
    }
    if (r.http) timing.push([`${r.engine}: HTTP GET /api/v1/trace/timeline?order_id=`, ms(r.http.p50), ms(r.http.p95), ms(r.http.max), String(r.http.n), ratioText(ratio(r.http.p50, baseline.timing.p50)), '']);
    if (r.httpError) warnings.push(`${r.engine}: the HTTP timeline was not measured: ${r.httpError}`);
    for (const c of r.checks) checks.push([r.engine, c.what, c.ok ? 'yes' : 'NO', c.detail]);
    for (const c of r.checks) if (!c.ok) warnings.push(`${r.engine}: ${c.what} does not hold (${c.detail})`);
  }
  return {
    sections: [
      { title: 'Trace: the generated store', text: table(['engine', 'records', 'copies', 'generated in', 'of which inserts', 'indexes', 'store size'], generation) },
      {
        title: `Trace lookups in-process, ms (a random flow of the store per iteration; baseline = one indexed SELECT by order_id; ratio = p50 ÷ baseline p50)`,
        text: table(['lookup', 'p50', 'p95', 'max', 'n', '÷ baseline', 'other cores'], timing),
      },
      { title: 'Trace: lookups use the id indexes, and traces hold their flows', text: table(['engine', 'check', 'holds', 'detail'], checks) },
    ],
    targets,
    warnings,
    data: { shape: SHAPE, iterations: ITERATIONS, warmup: WARMUP, httpIterations: HTTP_ITERATIONS, engines: results },
  };
}
