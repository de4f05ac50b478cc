/**
 * Logs (docs/logs.md). Two figures per engine, each against a baseline measured in the same run:
 *
 * 1. Ingest: batches of 1,000 lines through the log ingest path in process (body parsing,
 *    validation, redaction, cardinality limits, derived runs and calls, one transaction with the
 *    raw lines, their rollups and error groups), once with about half the lines of operations that
 *    derive runs and calls and once with none, against the first lines, already normalised,
 *    inserted straight into `log_records` of a fresh store, 1,000 rows per transaction; each side
 *    after 5 untimed batches. HTTP is left out of both (the ingest benchmark measures it for
 *    records).
 * 2. Search: an integration's last hour filtered by level and text, over a store holding
 *    SWITCHBOARD_BENCH_LOGS_LINES lines (default 1,000,000; the issue's figure is 10,000,000) of
 *    1,000 integrations over 30 days, bulk-filled by the engine (bench/support/log-fill.ts) after a
 *    self-check that bulk-filled lines are found as the same lines sent through ingest.
 *    SWITCHBOARD_BENCH_LOGS_KEEP=1 keeps the filled store between runs (a SQLite file under the temp
 *    folder's switchboard-bench-kept/, a PostgreSQL schema bench_kept_logs_<lines>) and reuses it
 *    when it holds that many lines; drop it by hand when done.
 */
import { Catalogue } from '../src/catalogue/catalogue.js';
import { loadConfig } from '../src/config.js';
import { TenantDirectory } from '../src/access/tenants.js';
import { LOG_COLUMNS } from '../src/logs/commit.js';
import { admitAndCommitLogs } from '../src/logs/ingest-route.js';
import { normalizeLog, type LogLevel, type NormalizedLog } from '../src/logs/record.js';
import { searchLogs, type LogFilters } from '../src/logs/search.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import { bulkInsert, receivedRows } from '../src/store/bulk-insert.js';
import { fillLogs, lineAt, rowPlan } from './support/log-fill.js';
import { createStore, keptStore, type EngineName } from './support/stores.js';
import { distribution, ratio, seededRandom } from './support/stats.js';
import { fixed, int, ms, ratioText, table } from './support/format.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const BATCH = 1_000;
const INGEST_BATCHES = Number(process.env.SWITCHBOARD_BENCH_LOGS_BATCHES ?? 100);
/**
 * Untimed batches first on each side, as the ingest benchmark does: the path measured first
 * otherwise pays the JIT warming code the raw insert, measured last, then finds warm.
 */
const WARM_UP_BATCHES = 5;
const SEARCH_LINES = Number(process.env.SWITCHBOARD_BENCH_LOGS_LINES ?? 1_000_000);
const SEARCHES = 200;
const KEEP = process.env.SWITCHBOARD_BENCH_LOGS_KEEP === '1';
/** The ingest bench's lines name this many integrations. */
const INTEGRATIONS = 20;
const SEARCH_FILTERS: LogFilters = { levels: ['error'], text: 'timed out' };
const TARGET_RATIO = 0.5;
const TARGET_P95_MS = 100;

const OPERATIONS = ['sync.started', 'sync.completed', 'fetch.completed', 'fetch.failed', 'push.completed', 'webhook.received', 'token.refresh', 'fetch.retry'];
/** Operations the default mapping leaves alone: the log path without derived runs and calls. */
const PLAIN_OPERATIONS = ['sync.started', 'webhook.received', 'token.refresh', 'fetch.retry'];
const ERRORS = ['Request {n} timed out after 30s', 'Invalid session token', 'Order ORD-{n} not found', 'connect ECONNREFUSED 10.0.0.{n}:443', 'Rate limit exceeded'];

/** Lines in the document's shape, `count` of them over [from, to), seeded; `derive`: with the operations that derive runs and calls. */
function lines(count: number, from: number, to: number, seed: number, derive = true): Array<Record<string, unknown>> {
  const random = seededRandom(seed);
  const operations = derive ? OPERATIONS : PLAIN_OPERATIONS;
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    const level = roll < 0.08 ? 'error' : roll < 0.2 ? 'warn' : 'info';
    const n = Math.floor(random() * 100_000);
    const operation = level === 'error' && derive ? 'fetch.failed' : operations[Math.floor(random() * operations.length)]!;
    const metadata: Record<string, unknown> = { entity: 'contact', orderId: `o-${n}`, taskId: `task-${i}` };
    if (level !== 'info') metadata.error = ERRORS[Math.floor(random() * ERRORS.length)]!.replace('{n}', String(n));
    if (operation === 'sync.completed') Object.assign(metadata, { recordCount: n % 500, duration: n % 60_000 });
    return {
      timestamp: Math.floor(from + ((to - from) * i) / count),
      level,
      service: 'adapter',
      operation,
      tenantId: 'tenant-1',
      integrationId: `crm-${Math.floor(random() * INTEGRATIONS)}`,
      metadata,
    };
  });
}

function normalised(batch: ReadonlyArray<Record<string, unknown>>, now: number, retentionMs: number): NormalizedLog[] {
  return batch.map((line) => {
    const result = normalizeLog(line, { notBefore: now - retentionMs, notAfter: now + 5 * MINUTE });
    if (!result.ok) throw new Error(`a generated line does not validate: ${result.error}`);
    return result.log;
  });
}

async function rawInsert(db: Awaited<ReturnType<Awaited<ReturnType<typeof createStore>>['open']>>['db'], rows: unknown[][]): Promise<void> {
  await db.transaction().execute((tx) => bulkInsert(tx, 'log_records', LOG_COLUMNS, rows));
}

/** Lines/s of the whole log path over `bodies`, on a fresh store. */
async function pathRate(engine: EngineName, bodies: readonly string[], now: number): Promise<number> {
  const config = loadConfig({}, {});
  const store = await createStore(engine, 'logs-ingest');
  try {
    const { db } = await store.open();
    const deps = { db, config, clock: () => now, tenants: new TenantDirectory(db, Catalogue.empty()), onCommitted: () => undefined };
    const send = async (body: string) => {
      const parsed = JSON.parse(body) as Array<Record<string, unknown>>;
      const logs = normalised(parsed, now, config.retention.logsMs);
      const answer = await admitAndCommitLogs(deps, logs, logs.map((_, i) => i), [], now, performance.now());
      if (answer.accepted !== BATCH) throw new Error(`only ${answer.accepted} of ${BATCH} lines accepted: ${JSON.stringify(answer.rejected.slice(0, 2))}`);
    };
    for (const body of bodies.slice(0, WARM_UP_BATCHES)) await send(body);
    const started = performance.now();
    for (const body of bodies) await send(body);
    const elapsed = performance.now() - started;
    await db.destroy();
    return (bodies.length * BATCH * 1000) / elapsed;
  } finally {
    await store.dispose();
  }
}

async function ingestFigures(engine: EngineName) {
  const config = loadConfig({}, {});
  const now = Date.now();
  const bodiesOf = (derive: boolean) => Array.from({ length: INGEST_BATCHES }, (_, b) => JSON.stringify(lines(BATCH, now - HOUR + b * 1000, now - HOUR + (b + 1) * 1000, b + 1, derive)));
  const bodies = bodiesOf(true);
  const pathPerSecond = await pathRate(engine, bodies, now);
  const plainPerSecond = await pathRate(engine, bodiesOf(false), now);
  const rawStore = await createStore(engine, 'logs-raw');
  try {
    const raw = await rawStore.open();
    const prepared = bodies.map((body) => receivedRows(normalised(JSON.parse(body) as Array<Record<string, unknown>>, now, config.retention.logsMs), LOG_COLUMNS, now));
    for (const rows of prepared.slice(0, WARM_UP_BATCHES)) await rawInsert(raw.db, rows);
    const started = performance.now();
    for (const rows of prepared) await rawInsert(raw.db, rows);
    const rawMs = performance.now() - started;
    await raw.db.destroy();
    return { lines: INGEST_BATCHES * BATCH, pathPerSecond, plainPerSecond, rawPerSecond: (INGEST_BATCHES * BATCH * 1000) / rawMs };
  } finally {
    await rawStore.dispose();
  }
}

/** Opens the search store: kept between runs with SWITCHBOARD_BENCH_LOGS_KEEP=1, else fresh; filled unless it already holds the lines. */
async function searchStore(engine: EngineName, log: (line: string) => void) {
  const store = KEEP ? await keptStore(engine, `logs_${SEARCH_LINES}`) : await createStore(engine, 'logs-search');
  const { db } = await store.open();
  const held = Number((await db.selectFrom('log_records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  let fillMs = NaN;
  if (held !== SEARCH_LINES) {
    if (held > 0) await db.deleteFrom('log_records').execute();
    const started = performance.now();
    await fillLogs(db, SEARCH_LINES, Date.now(), (done) => log(`  logs ${engine}: ${int(done)} lines stored`));
    fillMs = performance.now() - started;
  } else {
    log(`  logs ${engine}: the kept store ${store.file ?? store.schema} already holds ${int(held)} lines`);
  }
  const end = Number((await db.selectFrom('log_records').select((eb) => eb.fn.max('ts').as('end')).executeTakeFirstOrThrow()).end);
  return { store, db, fillMs, end };
}

async function searchFigures(engine: EngineName, log: (line: string) => void) {
  const { store, db, fillMs, end } = await searchStore(engine, log);
  try {
    const random = seededRandom(7);
    const window = { from: end - HOUR, to: end + 1 };
    const samples: number[] = [];
    let found = 0;
    for (let i = 0; i < SEARCHES; i++) {
      // An integration drawn as often as it logs: busy ones are searched most.
      const integration = rowPlan(Math.floor(random() * SEARCH_LINES), SEARCH_LINES, end).integration;
      const t0 = performance.now();
      const page = await searchLogs(db, integration, window, SEARCH_FILTERS, 101);
      samples.push(performance.now() - t0);
      found += page.length;
    }
    return { lines: SEARCH_LINES, fillMs, search: distribution(samples), meanFound: found / SEARCHES };
  } finally {
    await db.destroy();
    await store.dispose();
  }
}

/**
 * The bulk fill stands for ingest only if its rows are the ones ingest stores: fills a few thousand
 * lines into one store, sends the same lines through the log ingest path into another, and checks
 * that searches of several integrations and filters answer the same lines on both.
 */
async function selfCheck(engine: EngineName): Promise<number> {
  const lines = 6_000;
  const now = Date.now();
  const config = loadConfig({}, {});
  const filled = await createStore(engine, 'logs-fill');
  const ingested = await createStore(engine, 'logs-fill-ingested');
  try {
    const bulk = (await filled.open()).db;
    const path = (await ingested.open()).db;
    await fillLogs(bulk, lines, now);
    const deps = { db: path, config, clock: () => now, tenants: new TenantDirectory(path, Catalogue.empty()), onCommitted: () => undefined };
    for (let from = 0; from < lines; from += BATCH) {
      const logs = normalised(Array.from({ length: BATCH }, (_, k) => lineAt(from + k, lines, now)), now, config.retention.logsMs);
      await admitAndCommitLogs(deps, logs, logs.map((_, i) => i), [], now, performance.now());
    }
    const window = { from: now - 31 * 24 * HOUR, to: now + HOUR };
    const filters = [{}, SEARCH_FILTERS, { text: 'ORD-' }, { levels: ['warn', 'error'] as LogLevel[] }, { operation: 'fetch.failed' }];
    let compared = 0;
    for (const integration of ['int-0', 'int-1', 'int-3', 'int-40', 'int-700']) {
      for (const filter of filters) {
        const a = await searchLogs(bulk, integration, window, filter, 500);
        const b = await searchLogs(path, integration, window, filter, 500);
        const shown = (page: typeof a) => JSON.stringify(page.map(({ id: _id, ...line }) => line));
        if (shown(a) !== shown(b)) throw new Error(`bulk-filled and ingested lines differ for ${integration} ${JSON.stringify(filter)}: ${shown(a).slice(0, 400)} … against ${shown(b).slice(0, 400)}`);
        compared += a.length;
      }
    }
    if (compared === 0) throw new Error('the fill self-check compared no lines');
    await bulk.destroy();
    await path.destroy();
    return compared;
  } finally {
    await filled.dispose();
    await ingested.dispose();
  }
}

export const logsBenchmark: Benchmark = {
  name: 'logs',
  title: 'Logs: ingest path against raw insert, search p95',
  // Filling 10 million lines took about 35 minutes per engine on the loaded 2-core machine.
  extraTimeMs: (SEARCH_LINES / 10_000_000) * 45 * 60_000,
  async run(context: BenchContext): Promise<BenchResult> {
    const rows: string[][] = [];
    const targets: Target[] = [];
    const data: Record<string, unknown> = {};
    for (const engine of context.engines) {
      context.log(`logs ${engine}: ingest ${int(INGEST_BATCHES * BATCH)} lines`);
      const ingest = await ingestFigures(engine);
      const compared = await selfCheck(engine);
      context.log(`logs ${engine}: bulk-filled lines found as ingested ones (${int(compared)} lines compared); search over ${int(SEARCH_LINES)} lines`);
      const search = await searchFigures(engine, context.log);
      context.log(`logs ${engine}: search p50 ${ms(search.search.p50)}, p95 ${ms(search.search.p95)} over ${int(search.lines)} lines (fill ${Number.isNaN(search.fillMs) ? 'kept' : `${fixed(search.fillMs / 1000)} s`})`);
      const share = ratio(ingest.pathPerSecond, ingest.rawPerSecond);
      const plainShare = ratio(ingest.plainPerSecond, ingest.rawPerSecond);
      rows.push([engine, int(ingest.pathPerSecond), int(ingest.plainPerSecond), int(ingest.rawPerSecond), `${ratioText(share)} / ${ratioText(plainShare)}`, int(search.lines), Number.isNaN(search.fillMs) ? 'kept' : `${fixed(search.fillMs / 1000)} s`, ms(search.search.p50), ms(search.search.p95), fixed(search.meanFound)]);
      targets.push({ name: 'log ingest against raw insert (half the lines derive runs and calls)', engine, goal: `>= ${TARGET_RATIO * 100} %`, measured: ratioText(share), met: share >= TARGET_RATIO });
      targets.push({ name: 'log ingest against raw insert (no derived records)', engine, goal: `>= ${TARGET_RATIO * 100} %`, measured: ratioText(plainShare), met: plainShare >= TARGET_RATIO });
      targets.push({ name: `log search p95 (last hour, level, text; ${int(search.lines)} lines)`, engine, goal: `< ${TARGET_P95_MS} ms`, measured: ms(search.search.p95), met: search.search.p95 < TARGET_P95_MS });
      data[engine] = { ingest, search };
    }
    return {
      sections: [
        {
          title: 'Log ingest (lines/s, 1,000 a batch, in process) and search (an integration\'s last hour, level=error, q="timed out")',
          text: table(['engine', 'ingest path', 'no derived', 'raw insert', 'shares', 'lines stored', 'fill', 'search p50', 'search p95', 'lines found'], rows),
        },
      ],
      targets,
      warnings: SEARCH_LINES < 10_000_000 ? [`search ran over ${int(SEARCH_LINES)} lines, not 10 million (SWITCHBOARD_BENCH_LOGS_LINES)`] : [],
      data,
    };
  },
};
