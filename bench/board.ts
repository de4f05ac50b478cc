/**
 * Board: the overview at the target shape (issue 11). Stores of 50, 200 and 1,000 integrations ×
 * 10 operations with a year of history at the default retention (minute rows 8 days, ten-minute
 * rows 35, hour rows the whole year, day rows the whole year), built once and kept under
 * .bench/board-stores/ keyed by shape. For 1 h, 24 h, 7 d and 30 d: the board in-process, over
 * HTTP from the real server (the console's page of 48 tiles, and the whole board of every
 * integration, asked again and for windows nothing is kept of) and rendered in headless Chromium; the health list over HTTP; the server's memory
 * after 20 more whole-board loads, and 30 s later; the admin overview (its five requests at once) as loaded again
 * within minutes and with nothing kept from an earlier load (a past day's window, and the
 * console's first load of the window ending now on a warmed server), and the memory after that too;
 * the admin overview over 7 and 30 days ending now, as first asked (read whole, on a fresh server)
 * and asked again (what its keeper then holds current); the whole board of 30 days ending now as
 * the console first loads it on a fresh server, with the board's keeper and without.
 * Baseline, same run: the same board read from the per-operation
 * rows (what a filter makes it read, and what every board read before the per-integration tier),
 * on the stores that keep them.
 *
 * SWITCHBOARD_BENCH_BOARD_SIZES=50,200 picks sizes (a quick run: SWITCHBOARD_BENCH_BOARD_SIZES=50);
 * SWITCHBOARD_BENCH_BOARD_PER_OPERATION=N writes per-operation rows for stores of up to N
 * integrations (default 50: 10 × a year of them is 13 M rows per 50 integrations).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { chromium } from 'playwright-core';
import { createUser } from '../src/access/users.js';
import { loadConfig } from '../src/config.js';
import { recentSignals } from '../src/health/inputs.js';
import { board } from '../src/query/board.js';
import type { QueryContext } from '../src/query/context.js';
import type { Window } from '../src/query/params.js';
import { packSettled } from '../src/rollup/pack.js';
import { DAY, HOUR, MINUTE, floorTo } from '../src/rollup/tiers.js';
import { OVERVIEW_KEPT_AFTER_START_MS } from '../src/admin/overview-reads.js';
import { openDatabase, type OpenedDatabase } from '../src/store/open.js';
import { generateRollupData, type GeneratedData } from './support/rollup-data.js';
import { onCleanup } from './support/cleanup.js';
import { ROOT, startChildServer } from './support/server.js';
import { POSTGRES_URL, withPgClient, type EngineName } from './support/stores.js';
import { LoopbackClient } from './support/http.js';
import { distribution, type Distribution } from './support/stats.js';
import { int, mib, ms, ratioText, seconds, table } from './support/format.js';
import type { Benchmark, BenchContext, BenchResult, Target } from './support/types.js';

const SIZES = (process.env.SWITCHBOARD_BENCH_BOARD_SIZES ?? '50,200,1000').split(',').map((size) => Number(size.trim()));
/** What the console's operations overview asks for when it opens (console/src/pages/OverviewPage.tsx, its row counts in console/src/overview.ts). */
const ADMIN_OVERVIEW = [
  '/api/v1/admin/integrations/stats',
  '/api/v1/admin/integrations/health?limit=100',
  '/api/v1/admin/integrations/sync-activity?limit=25',
  '/api/v1/admin/integrations/errors?limit=10',
  '/api/v1/admin/integrations/performance',
];
const PER_OPERATION_UP_TO = Number(process.env.SWITCHBOARD_BENCH_BOARD_PER_OPERATION ?? 50);
/** Settled spans packed as the packer leaves them (the default, as a store runs); `0`: every bucket a row, as before migration 020, for a baseline. */
const PACKED = process.env.SWITCHBOARD_BENCH_BOARD_PACKED !== '0';
// The baseline's server must not pack its rows while it is measured (the packer would convert the whole store).
if (!PACKED) process.env.SWITCHBOARD_PACK_EVERY_MS ??= String(20 * DAY);
const SHAPE = { operations: 10, days: 365, minuteDays: 8, tenMinuteDays: 35, seed: 20_261_204 };
/** Bump when the generated data changes: older cached stores are then rebuilt. */
const STORE_VERSION = 2;
const STORES = join(ROOT, '.bench', 'board-stores');
const WINDOWS: Array<[string, number]> = [
  ['1h', HOUR],
  ['24h', DAY],
  ['7d', 7 * DAY],
  ['30d', 30 * DAY],
];
/** The admin overview's windows ending now, other than the console's day, timed over the API. */
const OVERVIEW_WINDOWS = WINDOWS.filter(([name]) => name === '7d' || name === '30d');
/** The console's page (console/src/pages/BoardPage.tsx) and the whole board. */
const PAGE = 48;
const WHOLE = 1_000;
const IN_PROCESS = { iterations: 12, warmup: 2 };
const HTTP = { iterations: 20, warmup: 3 };
const BROWSER = { iterations: 8, warmup: 2 };
/** Whole boards of windows nothing is kept of (each a day earlier than the last). */
const COLD = { iterations: 7, warmup: 1 };
/** The console's first loads, each on a server of its own (firstLoads). */
const FIRST_LOADS = { iterations: 8, warmup: 1 };
const MEMORY_LOADS = 20;
/** The quiet while after them, before the memory is read again. */
const IDLE_MS = 30_000;
/** Generating one store may take this long at most. */
const GENERATION_CAP_MS = 40 * 60_000;
const TARGET_HTTP_P95_MS = 300;
const TARGET_RENDER_P95_MS = 1_000;
const TARGET_RSS_BYTES = 400 * 1024 * 1024;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Data = Omit<GeneratedData, 'integrationIds'>;

interface Row {
  size: number;
  window: string;
  what: string;
  timing: Distribution;
}

interface SizeResult {
  engine: EngineName;
  size: number;
  perOperation: boolean;
  data: Data;
  reused: boolean;
  storeBytes: number;
  rows: Row[];
  /** After the boards (the target's measure), after a quiet while, and after the admin overview's loads as well. */
  rss?: { afterLoads: number; peak: number; afterIdle: number; afterOverviews: number };
  error?: string;
}

/** A store of the shape, from the cache or built now: SQLite in a file, PostgreSQL in a schema of its own. */
/**
 * Where the board's store of `size` integrations is kept (built by this benchmark), as a server's
 * `--database` and opened in-process; `built` says whether it is complete. The instances benchmark
 * runs on it too, at size.
 */
export function keptBoardStore(engine: EngineName, size: number) {
  const perOperation = size <= PER_OPERATION_UP_TO;
  const key = `${engine}-${size}x${SHAPE.operations}-${SHAPE.days}d-${perOperation ? 'ops' : 'integrations'}-v${STORE_VERSION}${PACKED ? '' : '-rows'}`;
  const metaFile = join(STORES, `${key}.json`);
  const file = join(STORES, `${key}.db`);
  const schema = `bench_board_${key.replace(/\W/g, '_')}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const database = engine === 'sqlite' ? file : url.toString().replace(/\+/g, '%20');
  const open = () => (engine === 'sqlite' ? openDatabase(file) : openDatabase(POSTGRES_URL, { schema }));
  const built = async () =>
    existsSync(metaFile) &&
    (engine === 'sqlite' ? existsSync(file) : await withPgClient(async (client) => (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount === 1));
  return { perOperation, metaFile, file, schema, database, open, built };
}

async function storeOf(engine: EngineName, size: number, context: BenchContext): Promise<{ database: string; open: () => Promise<OpenedDatabase>; data: Data; reused: boolean; bytes: () => Promise<number> }> {
  const { perOperation, metaFile, file, schema, database, open, built } = keptBoardStore(engine, size);
  mkdirSync(STORES, { recursive: true });
  const bytes = async () =>
    engine === 'sqlite'
      ? statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0)
      : withPgClient(async (client) => {
          const { rows } = await client.query<{ bytes: string }>(
            `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'r'`,
            [schema],
          );
          return Number(rows[0]!.bytes);
        });
  // A store is brought to this version's shape before it is timed, as an installation's is within
  // minutes of its start: its migrations, and what the packer adds (the span totals of a store
  // generated before the generator wrote them), so no server times the packer's catch-up.
  const upToDate = async () => {
    const opened = await open();
    try {
      const started = Date.now();
      const passes = await packSettled(opened.db, floorTo(Date.now(), MINUTE));
      if (passes > 0) context.log(`  ${engine}: the store brought up to date (${int(passes)} rows packed or spans totalled, ${seconds(Date.now() - started)})`);
    } finally {
      await opened.db.destroy();
    }
  };
  if (await built()) {
    await upToDate();
    return { database, open, data: JSON.parse(readFileSync(metaFile, 'utf8')) as Data, reused: true, bytes };
  }

  // Built under a temporary name (SQLite) or recorded only once complete, so an interrupted build is never reused.
  const building = `${file}.building`;
  if (engine === 'sqlite') for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  else await withPgClient((client) => client.query(`drop schema if exists "${schema}" cascade`));
  const opened = engine === 'sqlite' ? await openDatabase(building) : await openDatabase(POSTGRES_URL, { schema });
  const close = onCleanup(`board store connections (${schema})`, () => opened.db.destroy());
  try {
    const now = floorTo(Date.now(), MINUTE);
    context.log(`  ${engine}: generating ${size} integrations × ${SHAPE.operations} operations × ${SHAPE.days} days (${perOperation ? 'per-operation and per-integration' : 'per-integration'} rows)…`);
    const generated = await generateRollupData(
      opened.db,
      engine,
      { now, integrations: size, ...SHAPE, tables: { operations: perOperation, integrations: true }, packSettled: PACKED },
      context.log,
      Math.min(Date.now() + GENERATION_CAP_MS, context.deadline - 10 * 60_000),
    );
    const { integrationIds: _ids, ...data } = generated;
    await close();
    if (engine === 'sqlite') renameSync(building, file);
    await upToDate();
    writeFileSync(metaFile, JSON.stringify(data));
    context.log(
      `  ${engine}: ${int(data.rows)} rows (per-integration ${int(Object.values(data.integrationRowsByResolution).reduce((a, b) => a + b, 0))}) in ${seconds(data.totalMs)} ` +
        `(drawing ${seconds(data.drawMs)}, inserting ${seconds(data.insertMs)}, finishing ${seconds(data.finishMs)})`,
    );
    return { database, open, data, reused: false, bytes };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Milestones of one page load, in ms since it started. */
interface RenderPhases {
  /** The document and the script bundle were fetched and run (DOMContentLoaded). */
  scriptsRun: number;
  /** Each API request the page made before its first tile: when its answer had fully arrived, and how long it took. */
  requests: Array<{ path: string; end: number; duration: number }>;
  /** The first tile was in the document. */
  firstTile: number;
}

/**
 * Loads the board and times its milestones from the browser's network timings (the page's own
 * performance entries are faked away by the fixed clock the console needs here).
 */
async function loadBoard(page: Page, url: string): Promise<RenderPhases> {
  const started = Date.now();
  const requests: RenderPhases['requests'] = [];
  let scriptsRun = Number.NaN;
  const finished = (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith('/api/')) return;
    const timing = request.timing();
    requests.push({ path, end: timing.startTime + timing.responseEnd - started, duration: timing.responseEnd });
  };
  const loaded = () => (scriptsRun = Date.now() - started);
  page.on('requestfinished', finished);
  page.once('domcontentloaded', loaded);
  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid=board] a.tile');
    return { scriptsRun, requests, firstTile: Date.now() - started };
  } finally {
    page.off('requestfinished', finished);
  }
}

/** The medians of the loads' milestones, and their slowest API requests, in one line. */
function describePhases(loads: readonly RenderPhases[]): string {
  const median = (values: number[]) => distribution(values).p50;
  const byPath = new Map<string, { end: number[]; duration: number[] }>();
  for (const load of loads) {
    for (const request of load.requests) {
      const seen = byPath.get(request.path) ?? { end: [], duration: [] };
      seen.end.push(request.end);
      seen.duration.push(request.duration);
      byPath.set(request.path, seen);
    }
  }
  const slowest = [...byPath]
    .map(([path, seen]) => ({ path, end: median(seen.end), duration: median(seen.duration) }))
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 4)
    .map((request) => `${request.path} ${ms(request.duration)} (answered at ${ms(request.end)})`);
  return `scripts run at ${ms(median(loads.map((load) => load.scriptsRun)))}, first tile at ${ms(median(loads.map((load) => load.firstTile)))}; slowest requests: ${slowest.join(', ') || 'none'}`;
}

async function timed(samples: { iterations: number; warmup: number }, run: () => Promise<void>): Promise<Distribution> {
  const times: number[] = [];
  for (let i = 0; i < samples.warmup + samples.iterations; i++) {
    const t0 = performance.now();
    await run();
    if (i >= samples.warmup) times.push(performance.now() - t0);
  }
  return distribution(times);
}

/**
 * The console's first load after a quiet while: a window ending now, on a server that has
 * answered other windows (`warm`: its code compiled, the store's pages cached), as five minutes
 * after the last load. A server of its own for each load. `kept`: as a server runs by default,
 * its keepers (the overview's, src/admin/overview-reads.ts, and the board's,
 * src/query/board-keeper.ts) having made their first pass (five seconds after the start; the load
 * comes ten seconds after it); else with both off, so that nothing is kept: what a load costs
 * when read whole, and what each pass of a keeper costs. `timed`: the requests of the load, asked
 * at once (by default the overview's five; a window ending now is written as the load starts).
 */
async function firstLoads(database: string, warm: ReadonlyArray<readonly string[]>, kept: boolean, timed: () => readonly string[] = () => ADMIN_OVERVIEW): Promise<Distribution> {
  const times: number[] = [];
  for (let i = 0; i < FIRST_LOADS.warmup + FIRST_LOADS.iterations; i++) {
    const token = `sbt_bench_${randomBytes(16).toString('hex')}`;
    const started = performance.now();
    const server = await startChildServer({
      database,
      key: 'bench-unused',
      env: { SWITCHBOARD_ADMIN_TOKEN: token, SWITCHBOARD_RETENTION_EVERY_MS: String(365 * DAY), ...(kept ? {} : { SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS: '0', SWITCHBOARD_BOARD_KEEP_EVERY_MS: '0' }) },
    });
    try {
      const client = new LoopbackClient(server.url, ADMIN_OVERVIEW.length);
      const load = (paths: readonly string[]) =>
        Promise.all(
          paths.map(async (path) => {
            const answer = await client.request('GET', path, undefined, { authorization: `Bearer ${token}` });
            if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
          }),
        );
      for (const paths of warm) await load(paths);
      if (kept) await sleep(Math.max(0, started + OVERVIEW_KEPT_AFTER_START_MS + 10_000 - performance.now()));
      const t0 = performance.now();
      await load(timed());
      if (i >= FIRST_LOADS.warmup) times.push(performance.now() - t0);
    } finally {
      await server.stop();
    }
  }
  return distribution(times);
}

async function benchSize(engine: EngineName, size: number, context: BenchContext, browser: Browser | undefined): Promise<SizeResult> {
  const { log } = context;
  const store = await storeOf(engine, size, context);
  const { data } = store;
  const { now } = data;
  const perOperation = size <= PER_OPERATION_UP_TO;
  const rows: Row[] = [];
  const note = (row: Row) => {
    rows.push(row);
    log(`  ${engine} ${size} ${row.window} ${row.what}: p50 ${ms(row.timing.p50)} ms, p95 ${ms(row.timing.p95)} ms (n=${row.timing.n})`);
  };
  const result: SizeResult = { engine, size, perOperation, data, reused: store.reused, storeBytes: await store.bytes(), rows };
  const opened = await store.open();
  const close = onCleanup('board store connections', () => opened.db.destroy());
  try {
    const ctx: QueryContext = { db: opened.db, config: loadConfig({ database: store.database }, {}), clock: () => now };
    const windows = WINDOWS.map(([name, span]) => [name, { from: now - span, to: now }] as [string, Window]);
    for (const [name, window] of windows) {
      note({ size, window: name, what: 'in-process, page', timing: await timed(IN_PROCESS, async () => void (await board(ctx, window, {}, undefined, { limit: PAGE }))) });
      note({ size, window: name, what: 'in-process, whole', timing: await timed(IN_PROCESS, async () => void (await board(ctx, window, {}, undefined, { limit: WHOLE }))) });
      if (perOperation) {
        // The per-operation rows of every series: what a filter reads, and what the board read before.
        const baseline = { iterations: 4, warmup: 1 };
        note({ size, window: name, what: 'in-process, whole, per-operation rows (baseline)', timing: await timed(baseline, async () => void (await board(ctx, window, { env: 'production' }, undefined, { limit: WHOLE }))) });
      }
    }
    note({ size, window: '1h', what: 'in-process, health inputs (a refresh)', timing: await timed(IN_PROCESS, async () => void (await recentSignals(opened.db, now))) });

    const token = `sbt_bench_${randomBytes(16).toString('hex')}`;
    // Retention off: a cached store must stay the shape it was built as. The per-caller limit of
    // expensive reads (120 a minute) is for people; this one caller loads the board back to back.
    const server = await startChildServer({
      database: store.database,
      key: 'bench-unused',
      env: { SWITCHBOARD_ADMIN_TOKEN: token, SWITCHBOARD_RETENTION_EVERY_MS: String(365 * DAY), SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE: '100000' },
    });
    // Five sockets: the admin overview asks its five questions at once, as the console does.
    const client = new LoopbackClient(server.url, ADMIN_OVERVIEW.length);
    const get = async (path: string) => {
      const answer = await client.request('GET', path, undefined, { authorization: `Bearer ${token}` });
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      return answer.body;
    };
    try {
      for (const [name, window] of windows) {
        const query = `from=${window.from}&to=${window.to}`;
        const whole = JSON.parse(await get(`/api/v1/integrations?${query}&limit=${WHOLE}`)) as { integrations: unknown[]; total: number };
        if (whole.integrations.length !== Math.min(size, WHOLE) || whole.total !== size) throw new Error(`the ${name} board has ${whole.integrations.length} tiles of ${whole.total}, not ${size}`);
        note({ size, window: name, what: 'HTTP, page', timing: await timed(HTTP, async () => void (await get(`/api/v1/integrations?${query}&limit=${PAGE}`))) });
        note({ size, window: name, what: 'HTTP, whole', timing: await timed(HTTP, async () => void (await get(`/api/v1/integrations?${query}&limit=${WHOLE}`))) });
      }
      note({ size, window: '-', what: 'HTTP, health list', timing: await timed(HTTP, async () => void (await get('/api/v1/health'))) });
      // The memory target is the board's: measured before the admin overview's loads, and again after them.
      const [, month] = windows[windows.length - 1]!;
      for (let i = 0; i < MEMORY_LOADS; i++) await get(`/api/v1/integrations?from=${month.from}&to=${month.to}&limit=${WHOLE}`);
      const memory = await server.memory();
      log(`  ${engine} ${size}: server RSS ${mib(memory.rssBytes)} after ${MEMORY_LOADS} more whole 30-day boards (peak ${mib(memory.peakRssBytes)})`);
      // What of it the server holds, not garbage of the reads: V8's memory reducer collects and
      // returns the heap some seconds after the allocations stop (10-15 s in a probe).
      await sleep(IDLE_MS);
      const idle = await server.memory();
      result.rss = { afterLoads: memory.rssBytes, peak: memory.peakRssBytes, afterIdle: idle.rssBytes, afterOverviews: 0 };
      log(`  ${engine} ${size}: server RSS ${mib(idle.rssBytes)} ${IDLE_MS / 1000} s later, idle (heap ${mib(idle.heapUsedBytes)} used of ${mib(idle.heapTotalBytes)})`);
      note({ size, window: '-', what: 'HTTP, admin overview', timing: await timed(HTTP, async () => void (await Promise.all(ADMIN_OVERVIEW.map((path) => get(path))))) });
      // The same with nothing kept from an earlier load (the server keeps settled parts five
      // minutes): each load asks for a day that ended a day earlier than the last one's.
      let daysBack = 0;
      const overviewOfWindow = (from: number, to: number | undefined) =>
        ADMIN_OVERVIEW.map((path) => (path.includes('/health') ? path : `${path}${path.includes('?') ? '&' : '?'}from=${from}${to === undefined ? '' : `&to=${to}`}`));
      const overviewOfDayEnding = (to: number) => overviewOfWindow(to - DAY, to);
      note({
        size,
        window: '-',
        what: 'HTTP, admin overview, nothing kept',
        timing: await timed(HTTP, async () => void (await Promise.all(overviewOfDayEnding(now - ++daysBack * DAY).map((path) => get(path))))),
      });
      result.rss.afterOverviews = (await server.memory()).rssBytes;
      log(`  ${engine} ${size}: server RSS ${mib(result.rss.afterOverviews)} after the admin overview's ${2 * (HTTP.warmup + HTTP.iterations)} loads too`);
      // Each server keeps nothing to begin with: the same two past days warm each.
      const pastDays = [1, 2].map((back) => overviewOfDayEnding(now - back * DAY));
      note({ size, window: '-', what: 'HTTP, admin overview, first load', timing: await firstLoads(store.database, pastDays, true) });
      note({ size, window: '-', what: 'HTTP, admin overview, first load, keeper off', timing: await firstLoads(store.database, pastDays, false) });
      // The API's longer windows ending now (a script's, a dashboard's): the first ask reads the
      // window whole; the keeper notes it, and keeps it current for the next asks.
      for (const [name, span] of OVERVIEW_WINDOWS) {
        const endingNow = overviewOfWindow(now - span, undefined);
        note({ size, window: name, what: 'HTTP, admin overview, first ask', timing: await firstLoads(store.database, pastDays, false, () => endingNow) });
        note({ size, window: name, what: 'HTTP, admin overview, asked again', timing: await timed(HTTP, async () => void (await Promise.all(endingNow.map((path) => get(path))))) });
      }

      // The whole board of a window a day earlier each time: nothing of it kept (the board keeps
      // what it read of a window, src/query/board-parts.ts), as a script that asks for past windows
      // does. After the memory readings, which these reads' garbage would raise.
      for (const [name, window] of windows) {
        let daysBack = 0;
        note({
          size,
          window: name,
          what: 'HTTP, whole, nothing kept',
          timing: await timed(COLD, async () => {
            const back = ++daysBack * DAY;
            await get(`/api/v1/integrations?from=${window.from - back}&to=${window.to - back}&limit=${WHOLE}`);
          }),
        });
      }

      // The console's first load of the whole board of 30 days ending now (its worst window) on a
      // fresh server, with the board's keeper and without; warmed with the board of a past month.
      const monthEndingNow = () => [`/api/v1/integrations?from=${Date.now() - 30 * DAY}&limit=${WHOLE}`];
      const boardWarm = [...pastDays, [`/api/v1/integrations?from=${now - 31 * DAY}&to=${now - DAY}&limit=${WHOLE}`]];
      note({ size, window: '30d', what: 'HTTP, whole, first load', timing: await firstLoads(store.database, boardWarm, true, monthEndingNow) });
      note({ size, window: '30d', what: 'HTTP, whole, first load, keeper off', timing: await firstLoads(store.database, boardWarm, false, monthEndingNow) });

      if (browser) {
        const username = `bench-${randomBytes(4).toString('hex')}`;
        const password = 'a long benchmark password';
        await createUser(opened.db, { username, role: 'viewer', password });
        const browserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        try {
          const signedIn = await browserContext.request.post(`${server.url}/api/v1/auth/sign-in`, { data: { username, password } });
          if (signedIn.status() !== 200) throw new Error(`sign-in answered ${signedIn.status()}: ${await signedIn.text()}`);
          const page = await browserContext.newPage();
          // The console asks for windows ending at its own clock: the store's "now".
          await page.clock.setFixedTime(now);
          for (const [name] of windows) {
            const phases: RenderPhases[] = [];
            await server.memory(); // resets the server's event-loop delay, read after each load
            let loads = 0;
            const timing = await timed(BROWSER, async () => {
              const load = await loadBoard(page, `${server.url}/?window=${name}`);
              phases.push(load);
              const { loopDelay } = await server.memory();
              // A slow render timed (not a warm-up) on its own: where its time went, and whether the server's loop stalled meanwhile.
              if (++loads > BROWSER.warmup && load.firstTile >= TARGET_RENDER_P95_MS) log(`  ${engine} ${size} ${name}: a render took ${ms(load.firstTile)} — ${describePhases([load])}; server event loop delayed up to ${ms(loopDelay.max)}`);
            });
            const tiles = await page.locator('[data-testid=board] a.tile').count();
            if (tiles !== Math.min(size, PAGE)) throw new Error(`the console rendered ${tiles} tiles`);
            note({ size, window: name, what: 'rendered in Chromium', timing });
            log(`  ${engine} ${size} ${name}: where a render's time goes (medians) — ${describePhases(phases)}`);
          }
        } finally {
          await browserContext.close();
        }
      }
    } finally {
      client.close();
      await server.stop();
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`  ${engine} ${size} failed: ${result.error}`);
  } finally {
    await close();
  }
  return result;
}

function targetsOf(results: readonly SizeResult[]): Target[] {
  const targets: Target[] = [];
  for (const r of results.filter((result) => result.size === Math.max(...SIZES))) {
    for (const [what, goal] of [
      ['HTTP, whole', TARGET_HTTP_P95_MS],
      ['HTTP, whole, nothing kept', TARGET_HTTP_P95_MS],
      ['HTTP, page', TARGET_HTTP_P95_MS],
      ['rendered in Chromium', TARGET_RENDER_P95_MS],
    ] as const) {
      const worst = r.rows.filter((row) => row.what === what).reduce((max, row) => Math.max(max, row.timing.p95), 0);
      if (worst > 0) targets.push({ name: `board ${what}, ${r.size} integrations, worst window p95`, engine: r.engine, goal: `< ${goal} ms`, measured: `${ms(worst)} ms`, met: worst < goal });
    }
    for (const [what, name] of [
      ['HTTP, health list', 'health list over HTTP'],
      ['HTTP, admin overview', 'admin overview over HTTP (its five requests at once)'],
      ['HTTP, admin overview, nothing kept', 'admin overview over HTTP, nothing kept from an earlier load'],
      ['HTTP, whole, first load', 'board HTTP, whole, the console\'s first load of 30 days ending now (kept by the keeper)'],
      ['HTTP, whole, first load, keeper off', 'board HTTP, whole, the console\'s first load of 30 days ending now with the keeper off (read whole: what a keeper pass costs)'],
      ['HTTP, admin overview, first load', 'admin overview over HTTP, the console\'s first load (the window ending now, kept by the keeper)'],
      ['HTTP, admin overview, first load, keeper off', 'admin overview over HTTP, the console\'s first load with the keeper off (nothing kept: what a keeper pass costs)'],
    ] as const) {
      const row = r.rows.find((candidate) => candidate.what === what);
      if (row) targets.push({ name: `${name}, ${r.size} integrations, p95`, engine: r.engine, goal: `< ${TARGET_HTTP_P95_MS} ms`, measured: `${ms(row.timing.p95)} ms`, met: row.timing.p95 < TARGET_HTTP_P95_MS });
    }
    for (const [what, name] of [
      ['HTTP, admin overview, first ask', 'first ask, read whole'],
      ['HTTP, admin overview, asked again', 'asked again (kept by the keeper from then on)'],
    ] as const) {
      for (const row of r.rows.filter((candidate) => candidate.what === what)) {
        targets.push({ name: `admin overview over HTTP, ${row.window} ending now, ${name}, ${r.size} integrations, p95`, engine: r.engine, goal: `< ${TARGET_HTTP_P95_MS} ms`, measured: `${ms(row.timing.p95)} ms`, met: row.timing.p95 < TARGET_HTTP_P95_MS });
      }
    }
    if (r.rss) {
      targets.push({ name: `server RSS after ${MEMORY_LOADS} boards, ${r.size} integrations`, engine: r.engine, goal: `< ${mib(TARGET_RSS_BYTES)}`, measured: mib(r.rss.afterLoads), met: r.rss.afterLoads < TARGET_RSS_BYTES });
      targets.push({
        name: `server RSS ${IDLE_MS / 1000} s after the ${MEMORY_LOADS} boards, idle, ${r.size} integrations`,
        engine: r.engine,
        goal: `< ${mib(TARGET_RSS_BYTES)}`,
        measured: mib(r.rss.afterIdle),
        met: r.rss.afterIdle < TARGET_RSS_BYTES,
      });
      targets.push({
        name: `server RSS after the admin overview's loads as well, ${r.size} integrations`,
        engine: r.engine,
        goal: `< ${mib(TARGET_RSS_BYTES)}`,
        measured: mib(r.rss.afterOverviews),
        met: r.rss.afterOverviews < TARGET_RSS_BYTES,
      });
    }
  }
  return targets;
}

async function run(context: BenchContext): Promise<BenchResult> {
  const results: SizeResult[] = [];
  const warnings: string[] = [];
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (error) {
    warnings.push(`no Chromium (${String(error)}): nothing rendered`);
  }
  const closeBrowser = onCleanup('board benchmark browser', async () => browser?.close());
  try {
    for (const engine of context.engines) {
      for (const size of SIZES) {
        if (Date.now() > context.deadline - 5 * 60_000) {
          warnings.push(`${engine} ${size}: not run, the run's time was up`);
          continue;
        }
        results.push(await benchSize(engine, size, context, browser));
      }
    }
  } finally {
    await closeBrowser();
  }

  const sections: BenchResult['sections'] = [];
  sections.push({
    title: 'Board: stores (a year of history at the default retention; 10 operations per integration)',
    text: table(
      ['engine', 'integrations', 'rows', 'per-integration rows', 'per-operation rows', 'store', 'generated in', 'reused'],
      results.map((r) => {
        const perIntegration = Object.values(r.data.integrationRowsByResolution).reduce((a, b) => a + b, 0);
        return [r.engine, int(r.size), int(r.data.rows), int(perIntegration), int(r.data.rows - perIntegration), mib(r.storeBytes), seconds(r.data.totalMs), r.reused ? 'yes' : 'no'];
      }),
    ),
  });
  const whats = [...new Set(results.flatMap((r) => r.rows.map((row) => row.what)))];
  for (const r of results) {
    const byWindow = (what: string) =>
      WINDOWS.map(([name]) => {
        const row = r.rows.find((x) => x.what === what && x.window === name);
        return row ? `${ms(row.timing.p50)} / ${ms(row.timing.p95)}` : '—';
      });
    sections.push({
      title: `Board, ${r.engine}, ${int(r.size)} integrations: p50 / p95 ms${r.error ? ` (stopped: ${r.error})` : ''}`,
      text: table(['answer', ...WINDOWS.map(([name]) => name)], whats.filter((what) => r.rows.some((row) => row.what === what)).map((what) => [what, ...byWindow(what)])),
    });
    const ratios: string[][] = [];
    const p95 = (what: string, window: string) => r.rows.find((row) => row.what === what && row.window === window)?.timing.p95;
    for (const what of ['in-process, whole', 'HTTP, whole', 'HTTP, page', 'rendered in Chromium']) {
      const [day, month] = [p95(what, '24h'), p95(what, '30d')];
      if (day && month) ratios.push([`${what}: 30 d / 24 h`, ratioText(month / day)]);
    }
    for (const [name] of WINDOWS) {
      const [baseline, ours] = [p95('in-process, whole, per-operation rows (baseline)', name), p95('in-process, whole', name)];
      if (baseline && ours) ratios.push([`${name}: per-operation rows / per-integration rows (in-process, whole)`, ratioText(baseline / ours)]);
    }
    if (ratios.length > 0) sections.push({ title: `Board, ${r.engine}, ${int(r.size)} integrations: ratios of p95`, text: table(['ratio', 'value'], ratios) });
  }
  return { sections, targets: targetsOf(results), warnings, data: { sizes: SIZES, shape: SHAPE, page: PAGE, results } };
}

export const boardBenchmark: Benchmark = {
  name: 'board',
  title: 'Board at the target shape: 50 / 200 / 1,000 integrations × a year, in-process, HTTP and rendered',
  run,
};
