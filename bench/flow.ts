/**
 * Flow dashboard queries on a generated store: the event and lead-time rollups of 5 carriers and
 * 5 order channels (2 envs × 2 sites each) over 62 days, as the compactor leaves them. The product's
 * flow functions run in-process with a clock at the end of the data, as the console's Flow page
 * asks for them: the summary, then the trend with the page's step, over 24 hours and 30 days.
 * Baseline, same run, same engine: the same counts by a plain SQL aggregation over the finest tier
 * that holds the window (minutes for 24 h, ten minutes for 30 d), no quantiles; the bench checks
 * that both count the same.
 */
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.js';
import { CARRIER_CONFIRMED, LABEL_CREATED, LABEL_FAILED, ORDER_RECEIVED } from '../src/flow/events.js';
import { flowSummary } from '../src/flow/summary.js';
import { flowTimeSeries } from '../src/flow/timeseries.js';
import { plan, type QueryContext } from '../src/query/context.js';
import type { Window } from '../src/query/params.js';
import { STEPS } from '../src/query/timeseries.js';
import { DAY, MINUTE, TEN_MINUTES, floorTo } from '../src/rollup/tiers.js';
import type { Database } from '../src/store/schema.js';
import { generateFlowData, type FlowData } from './support/flow-data.js';
import { fixed, int, mib, ms, ratioText, seconds, table } from './support/format.js';
import { ratio } from './support/stats.js';
import { withFreshStore, type EngineName } from './support/stores.js';
import { caseWarnings, checkRows, timeCase, type CaseResult } from './support/timing.js';
import { perEngineBenchmark, type Benchmark, type BenchContext, type BenchResult, type Target } from './support/types.js';

const SHAPE = { carriers: 5, origins: 5, days: 62, seed: 20_261_201 };
const ITERATIONS = 40;
const WARMUP = 5;
const BASELINE_ITERATIONS = 20;
/** Each case stops after this long even if iterations remain (the report gives n). */
const CASE_CAP_MS = 20_000;
const TARGET_30D_P95_MS = 250;

/** The step the console's Flow page asks for: about 30 points (console/src/flow.ts). */
function pageStep(window: Window): number {
  return STEPS.find((step) => (window.to - window.from) / step <= 30) ?? DAY;
}

/** Plain SQL: the flow counts of a window from one tier (no sketches, no freshness lookback). */
async function sqlCounts(db: Kysely<Database>, resolution: number, window: Window) {
  const events = await db
    .selectFrom('event_rollups')
    .select(['name', sql<number>`sum(events)`.as('n'), sql<number>`max(last_ts)`.as('last')])
    .where('resolution_ms', '=', resolution)
    .where('bucket', '>=', window.from)
    .where('bucket', '<', window.to)
    .where('name', 'in', [ORDER_RECEIVED, LABEL_CREATED, LABEL_FAILED, CARRIER_CONFIRMED, 'tracking.updated', 'exception.raised', 'shipment.created'])
    .groupBy('name')
    .execute();
  const leads = await db
    .selectFrom('lead_time_rollups')
    .select(sql<number>`sum(lead_times)`.as('n'))
    .where('resolution_ms', '=', resolution)
    .where('bucket', '>=', window.from)
    .where('bucket', '<', window.to)
    .executeTakeFirstOrThrow();
  const count = (name: string) => Number(events.find((row) => row.name === name)?.n ?? 0);
  return { orders: count(ORDER_RECEIVED), labels: count(LABEL_CREATED) + count(LABEL_FAILED), leadTimes: Number(leads.n ?? 0) };
}

interface EngineResult {
  engine: EngineName;
  data: FlowData;
  storeBytes: number;
  cases: CaseResult[];
  checks: Array<{ what: string; ok: boolean; detail: string }>;
}

async function benchEngine(engine: EngineName, context: BenchContext): Promise<EngineResult> {
  const { log } = context;
  return withFreshStore(engine, 'flow', log, async (store, opened) => {
    const now = floorTo(Date.now(), MINUTE);
    log(`  ${engine}: generating ${SHAPE.carriers} carriers and ${SHAPE.origins} order channels × 4 series × ${SHAPE.days} days of flow rollups…`);
    const data = await generateFlowData(opened.db, engine, { now, ...SHAPE }, log);
    const storeBytes = await store.sizeBytes();
    log(`  ${engine}: ${int(data.rows)} rows, ${int(data.events)} events, ${int(data.leadTimes)} lead times, in ${seconds(data.totalMs)} (inserts ${seconds(data.insertMs)}), store ${mib(storeBytes)}`);

    const ctx: QueryContext = { db: opened.db, config: loadConfig({ database: store.database }, {}), clock: () => now };
    const windows: Array<{ label: string; window: Window; baselineTier: number }> = [
      { label: '24h', window: { from: now - DAY, to: now }, baselineTier: MINUTE },
      { label: '30d', window: { from: now - 30 * DAY, to: now }, baselineTier: TEN_MINUTES },
    ];
    const checks: EngineResult['checks'] = [];
    const cases: CaseResult[] = [];
    for (const { label, window, baselineTier } of windows) {
      // The window as the product aligns it, so the baseline counts exactly the same buckets.
      const used = plan(ctx, window).window;
      const summary = await flowSummary(ctx, window, {});
      const counts = await sqlCounts(opened.db, baselineTier, used);
      const same = summary.orders === counts.orders && summary.labels.created + summary.labels.failed === counts.labels && summary.lead_time.count === counts.leadTimes;
      checks.push({ what: `flow ${label} = ${baselineTier / MINUTE}-minute-tier SUM`, ok: same, detail: `${int(summary.orders)} orders, ${int(summary.lead_time.count)} lead times vs ${int(counts.orders)}, ${int(counts.leadTimes)}` });
      const step = pageStep(window);
      const dashboard = async () => {
        await flowSummary(ctx, window, {});
        await flowTimeSeries(ctx, window, {}, step);
      };
      for (const c of [
        await timeCase({ name: `dashboard ${label} (summary + trend)`, baseline: false, warmup: WARMUP, iterations: ITERATIONS, capMs: CASE_CAP_MS, run: dashboard }),
        await timeCase({ name: `summary ${label}`, baseline: false, warmup: WARMUP, iterations: ITERATIONS, capMs: CASE_CAP_MS, run: () => flowSummary(ctx, window, {}) }),
        await timeCase({ name: `trend ${label} (step ${step / 60_000} min)`, baseline: false, warmup: WARMUP, iterations: ITERATIONS, capMs: CASE_CAP_MS, run: () => flowTimeSeries(ctx, window, {}, step) }),
        await timeCase({ name: `dashboard ${label}`, baseline: true, warmup: WARMUP, iterations: BASELINE_ITERATIONS, capMs: CASE_CAP_MS, run: () => sqlCounts(opened.db, baselineTier, used) }),
      ]) {
        log(`  ${engine} ${c.baseline ? 'baseline ' : ''}${c.name}: p50 ${ms(c.timing.p50)} ms, p95 ${ms(c.timing.p95)} ms (n=${c.timing.n}, other ${fixed(c.cpu.other, 2)} cores)`);
        cases.push(c);
      }
    }
    for (const check of checks) if (!check.ok) log(`  CHECK FAILED: ${check.what}: ${check.detail}`);
    return { engine, data, storeBytes, cases, checks };
  });
}

export const flowBenchmark: Benchmark = perEngineBenchmark(
  'flow',
  `Flow dashboard on a generated store (${SHAPE.carriers} carriers, ${SHAPE.origins} order channels, ${SHAPE.days} days)`,
  benchEngine,
  report,
);

function report(results: EngineResult[]): BenchResult {
  const targets: Target[] = [];
  const warnings: string[] = [];
  const generation: string[][] = [];
  const timing: string[][] = [];
  const checks: string[][] = [];
  for (const r of results) {
    for (const [tableName, byTier] of Object.entries(r.data.rowsByTable)) {
      const tiers = [MINUTE, TEN_MINUTES, 60 * MINUTE, DAY].map((tier) => byTier[tier] ?? 0);
      generation.push([r.engine, tableName, ...tiers.map(int), int(tiers.reduce((a, b) => a + b, 0))]);
    }
    generation.push([r.engine, `generated in ${seconds(r.data.totalMs)}, store ${mib(r.storeBytes)}`, '', '', '', '', int(r.data.rows)]);
    for (const c of r.cases.filter((x) => !x.baseline)) {
      const label = c.name.includes('24h') ? '24h' : '30d';
      const baseline = r.cases.find((x) => x.baseline && x.name.includes(label))!;
      timing.push([`${r.engine}: ${c.name}`, ms(c.timing.p50), ms(c.timing.p95), ms(c.timing.max), String(c.timing.n), ms(baseline.timing.p50), ratioText(ratio(c.timing.p50, baseline.timing.p50)), fixed(c.cpu.other, 2)]);
      if (c.name.startsWith('dashboard 30d')) {
        targets.push({ name: 'flow dashboard 30d p95', engine: r.engine, goal: `≤ ${TARGET_30D_P95_MS} ms`, measured: `${ms(c.timing.p95)} ms`, met: c.timing.p95 <= TARGET_30D_P95_MS });
      }
      warnings.push(...caseWarnings(r.engine, c, CASE_CAP_MS));
    }
    checks.push(...checkRows(r.engine, r.checks, warnings));
  }
  return {
    sections: [
      { title: 'Flow: the generated store (rows per tier, compacted)', text: table(['engine', 'table', 'minute (25 h)', '10-min (35 d)', 'hour (62 d)', 'day (62 d)', 'rows'], generation) },
      {
        title: 'Flow queries in-process, ms (baseline = plain SQL SUM of the same counts over the minute tier for 24 h, the ten-minute tier for 30 d)',
        text: table(['query', 'p50', 'p95', 'max', 'n', 'baseline p50', 'p50 ÷ baseline', 'other cores'], timing),
      },
      { title: 'Flow: the product and the SQL baseline count the same', text: table(['engine', 'check', 'holds', 'detail'], checks) },
    ],
    targets,
    warnings,
    data: { shape: SHAPE, iterations: ITERATIONS, warmup: WARMUP, engines: results },
  };
}
