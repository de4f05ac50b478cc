/**
 * Reports: the tenant report (`GET /api/v1/reports`, a page of 200 integrations, a calendar
 * month) over HTTP from the real server, on a store of 200 integrations with 62 days of
 * per-integration rollups and, in the month, 4 incidents each (health changes, alert events with
 * an acknowledgement) and 2 customer reports. It reads incidents in chunks of 500 ids, four
 * statements a chunk. Baselines, same run, same store: the per-integration report route looped
 * over the same 200 integrations (what a client without the tenant report does), and in-process,
 * the incident reads of the page batched (incidentsOfMany) against one integration at a time
 * (what the tenant report did before the batching). The bench checks both ways give the same figures.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { incidentsOfMany, integrationIncidents } from '../src/incidents/routes.js';
import { DAY, MINUTE, floorTo } from '../src/rollup/tiers.js';
import { chunksOf, rowsPerStatement } from '../src/store/chunks.js';
import type { Database } from '../src/store/schema.js';
import { onCleanup } from './support/cleanup.js';
import { fixed, int, ms, ratioText, seconds, table } from './support/format.js';
import { LoopbackClient } from './support/http.js';
import { generateRollupData } from './support/rollup-data.js';
import { startChildServer } from './support/server.js';
import { ratio } from './support/stats.js';
import { withFreshStore, type EngineName } from './support/stores.js';
import { caseWarnings, checkRows, timeCase, type CaseResult } from './support/timing.js';
import type { Benchmark, BenchContext, BenchResult } from './support/types.js';

const SHAPE = { integrations: 200, operations: 2, days: 62, minuteDays: 1, tenMinuteDays: 2, seed: 20_261_205 };
const INCIDENTS_PER_INTEGRATION = 4;
const REPORTS_PER_INTEGRATION = 2;
const PAGE = 200;
const ITERATIONS = 15;
const WARMUP = 2;
const LOOPED_ITERATIONS = 5;
const CASE_CAP_MS = 60_000;

/** The month before the one `now` is in, UTC: the report's default window. */
function lastMonth(now: number): { from: number; to: number } {
  const date = new Date(now);
  return { from: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1), to: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) };
}

/** Each integration's incidents of the month: spells in its health history, an alert's breach, firing, acknowledgement and resolution, and customer reports. */
async function writeIncidents(db: Kysely<Database>, ids: readonly string[], month: { from: number; to: number }): Promise<number> {
  const changes: Array<{ integration: string; ts: number; status: string; previous_status: string | null; reason: string }> = [];
  const reports: Array<{ integration: string; reported_at: number; ticket: string; note: string | null; recorded_by: string; recorded_at: number }> = [];
  const spells: Array<{ integration: string; start: number; end: number }> = [];
  const gap = (month.to - month.from) / (INCIDENTS_PER_INTEGRATION + 1);
  ids.forEach((integration, i) => {
    changes.push({ integration, ts: month.from - DAY, status: 'healthy', previous_status: null, reason: '' });
    for (let n = 0; n < INCIDENTS_PER_INTEGRATION; n++) {
      const start = floorTo(month.from + gap * (n + 1) + (i % 60) * MINUTE, MINUTE);
      const end = start + (10 + ((i + n) % 50)) * MINUTE;
      spells.push({ integration, start, end });
      changes.push({ integration, ts: start + MINUTE, status: n % 2 ? 'degraded' : 'down', previous_status: 'healthy', reason: 'bench' });
      changes.push({ integration, ts: end, status: 'healthy', previous_status: n % 2 ? 'degraded' : 'down', reason: '' });
      if (n < REPORTS_PER_INTEGRATION) reports.push({ integration, reported_at: start + (n ? 2 : 8) * MINUTE, ticket: `B-${i}-${n}`, note: null, recorded_by: 'bench', recorded_at: start });
    }
  });
  for (const chunk of chunksOf(changes, rowsPerStatement(5))) await db.insertInto('health_changes').values(chunk).execute();
  for (const chunk of chunksOf(reports, rowsPerStatement(6))) await db.insertInto('customer_reports').values(chunk).execute();
  const alerts = await db
    .insertInto('alerts')
    .values(ids.map((integration) => ({ fingerprint: randomBytes(8).toString('hex'), rule_id: `${integration}:error_rate`, integration, labels: '{}', severity: 'critical', state: 'resolved', summary: 'bench', last_evaluated_at: month.to })))
    .returning(['id', 'integration'])
    .execute();
  const alertOf = new Map(alerts.map((row) => [row.integration, Number(row.id)]));
  const events = spells.flatMap(({ integration, start, end }) => {
    const alert_id = alertOf.get(integration)!;
    return [
      { alert_id, ts: start, from_state: 'inactive', to_state: 'pending', value: null, note: null },
      { alert_id, ts: start + 3 * MINUTE, from_state: 'pending', to_state: 'firing', value: null, note: null },
      { alert_id, ts: start + 6 * MINUTE, from_state: 'firing', to_state: 'firing', value: null, note: 'acknowledged by bench' },
      { alert_id, ts: end, from_state: 'firing', to_state: 'resolved', value: null, note: null },
    ];
  });
  for (const chunk of chunksOf(events, rowsPerStatement(6))) await db.insertInto('alert_events').values(chunk).execute();
  return changes.length + reports.length + alerts.length + events.length;
}

/** Whether the batched and the one-by-one ways agree. */
interface Agreement {
  what: string;
  ok: boolean;
  detail: string;
}

/** One engine's figures: the store's rows and how long they took, the timed cases, the agreements. */
interface EngineResult {
  engine: EngineName;
  rows: number;
  generatedMs: number;
  cases: CaseResult[];
  checks: Agreement[];
}

function benchEngine(engine: EngineName, { log, deadline }: BenchContext): Promise<EngineResult> {
  return withFreshStore(engine, 'reports', log, async (store, opened) => {
    const month = lastMonth(Date.now());
    const now = floorTo(Date.now(), MINUTE);
    const started = Date.now();
    log(`  ${engine}: generating ${SHAPE.integrations} integrations × ${SHAPE.days} days of rollups and ${INCIDENTS_PER_INTEGRATION} incidents each in ${new Date(month.from).toISOString().slice(0, 7)}…`);
    const data = await generateRollupData(opened.db, engine, { now, ...SHAPE, tables: { operations: false, integrations: true } }, log, deadline - 5 * 60_000);
    const ids = [...data.integrationIds].sort().slice(0, PAGE);
    const rows = data.rows + (await writeIncidents(opened.db, ids, month));
    const generatedMs = Date.now() - started;
    log(`  ${engine}: ${int(rows)} rows in ${seconds(generatedMs)}`);

    const checks: Agreement[] = [];
    const cases: CaseResult[] = [];
    const batched = await incidentsOfMany(opened.db, ids, month);
    const oneByOne = new Map<string, unknown>();
    for (const id of ids) oneByOne.set(id, await integrationIncidents(opened.db, id, month));
    const same = ids.every((id) => JSON.stringify(batched.get(id)) === JSON.stringify(oneByOne.get(id)));
    const incidents = [...batched.values()].reduce((total, found) => total + found.figures.incidents, 0);
    checks.push({ what: 'incidents batched = one by one', ok: same && incidents === ids.length * INCIDENTS_PER_INTEGRATION, detail: `${int(incidents)} incidents` });

    const token = `sbt_bench_${randomBytes(16).toString('hex')}`;
    const server = await startChildServer({ database: store.database, key: `sbk_bench_${randomBytes(12).toString('hex')}`, env: { SWITCHBOARD_ADMIN_TOKEN: token, SWITCHBOARD_RETENTION_EVERY_MS: String(365 * DAY), SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE: '100000' } });
    const stopServer = onCleanup('reports server', () => server.stop());
    try {
      const client = new LoopbackClient(server.url, 4);
      const get = async (path: string) => {
        const answer = await client.request('GET', path, undefined, { authorization: `Bearer ${token}` });
        if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
        return JSON.parse(answer.body) as any;
      };
      const window = `from=${month.from}&to=${month.to}`;
      const page = await get(`/api/v1/reports?${window}&limit=${PAGE}`);
      const looped = await Promise.all(ids.slice(0, 3).map((id) => get(`/api/v1/integrations/${id}/report?${window}`)));
      const agree = looped.every((report) => JSON.stringify(report.figures) === JSON.stringify(page.integrations.find((row: { integration: string }) => row.integration === report.integration)?.figures));
      checks.push({ what: 'tenant report rows = per-integration reports', ok: page.integrations.length === PAGE && agree, detail: `${page.integrations.length} rows` });

      for (const c of [
        await timeCase({ name: `GET /api/v1/reports (page of ${PAGE}, a month)`, baseline: false, warmup: WARMUP, iterations: ITERATIONS, capMs: CASE_CAP_MS, run: () => get(`/api/v1/reports?${window}&limit=${PAGE}`) }),
        await timeCase({
          name: `GET /api/v1/integrations/{id}/report × ${PAGE}`,
          baseline: true,
          warmup: 1,
          iterations: LOOPED_ITERATIONS,
          capMs: CASE_CAP_MS,
          run: async () => {
            for (const id of ids) await get(`/api/v1/integrations/${id}/report?${window}`);
          },
        }),
        await timeCase({ name: `incident reads of ${PAGE} integrations, batched`, baseline: false, warmup: WARMUP, iterations: ITERATIONS, capMs: CASE_CAP_MS, run: () => incidentsOfMany(opened.db, ids, month) }),
        await timeCase({
          name: `incident reads of ${PAGE} integrations, one by one`,
          baseline: true,
          warmup: 1,
          iterations: ITERATIONS,
          capMs: CASE_CAP_MS,
          run: async () => {
            for (const id of ids) await integrationIncidents(opened.db, id, month);
          },
        }),
      ]) {
        log(`  ${engine} ${c.baseline ? 'baseline ' : ''}${c.name}: p50 ${ms(c.timing.p50)} ms, p95 ${ms(c.timing.p95)} ms (n=${c.timing.n}, other ${fixed(c.cpu.other, 2)} cores)`);
        cases.push(c);
      }
    } finally {
      await stopServer();
    }
    for (const check of checks) if (!check.ok) log(`  CHECK FAILED: ${check.what}: ${check.detail}`);
    return { engine, rows, generatedMs, cases, checks };
  });
}

export const reportsBenchmark: Benchmark = {
  name: 'reports',
  title: `Tenant report: a page of ${PAGE} integrations over a month, batched incident reads against one integration at a time`,
  async run(context) {
    const results: EngineResult[] = [];
    for (const engine of context.engines) results.push(await benchEngine(engine, context));
    return report(results);
  },
};

function report(results: EngineResult[]): BenchResult {
  const warnings: string[] = [];
  const timing: string[][] = [];
  const checks: string[][] = [];
  for (const r of results) {
    const [tenant, looped, batched, oneByOne] = r.cases as [CaseResult, CaseResult, CaseResult, CaseResult];
    for (const [c, baseline] of [
      [tenant, looped],
      [batched, oneByOne],
    ] as const) {
      timing.push([`${r.engine}: ${c.name}`, ms(c.timing.p50), ms(c.timing.p95), String(c.timing.n), `${baseline.name}: ${ms(baseline.timing.p50)}`, ratioText(ratio(c.timing.p50, baseline.timing.p50)), fixed(c.cpu.other, 2)]);
    }
    for (const c of r.cases) warnings.push(...caseWarnings(r.engine, c, CASE_CAP_MS));
    checks.push(...checkRows(r.engine, r.checks, warnings));
  }
  return {
    sections: [
      {
        title: `Reports, ms (store: ${SHAPE.integrations} integrations × ${SHAPE.days} days of per-integration rollups, ${INCIDENTS_PER_INTEGRATION} incidents and ${REPORTS_PER_INTEGRATION} customer reports each in the month)`,
        text: table(['case', 'p50', 'p95', 'n', 'baseline p50 (same run)', 'p50 ÷ baseline', 'other cores'], timing),
      },
      { title: 'Reports: both ways give the same figures', text: table(['engine', 'check', 'holds', 'detail'], checks) },
    ],
    targets: [],
    warnings,
    data: { shape: SHAPE, page: PAGE, iterations: ITERATIONS, engines: results },
  };
}
