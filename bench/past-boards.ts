/**
 * Past boards (issue 11): the whole board of every integration over windows that ended one to
 * fourteen days ago, which nothing has kept, as a script reviewing past days asks for them. It runs
 * on the board benchmark's store of 1,000 integrations × a year (build it first with
 * `SWITCHBOARD_BENCH_BOARD_SIZES=1000 npm run bench -- board --engine …`). The server's keepers are
 * off, so only these reads run: the board benchmark's own "nothing kept" rows run beside the
 * keepers' passes, which makes them vary by a third from one run to the next. A first server reads
 * every window once (so the store's pages are cached, as a running server's are); a fresh one then
 * measures them with nothing kept.
 *
 * Baseline, same run: each of the same windows asked again at once, from what the first ask kept.
 * SWITCHBOARD_BENCH_PAST_SIZE picks another store size.
 */
import { randomBytes } from 'node:crypto';
import { DAY, HOUR } from '../src/rollup/tiers.js';
import { keptBoardStore } from './board.js';
import { startChildServer, type ServerMemory } from './support/server.js';
import { LoopbackClient } from './support/http.js';
import { distribution, type Distribution } from './support/stats.js';
import { mib, ms, ratioText, table } from './support/format.js';
import { perEngineBenchmark, type Target } from './support/types.js';
import type { EngineName } from './support/stores.js';

const SIZE = Number(process.env.SWITCHBOARD_BENCH_PAST_SIZE ?? 1_000);
const WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['1h', HOUR],
  ['24h', DAY],
  ['7d', 7 * DAY],
  ['30d', 30 * DAY],
];
/** Windows per size, each ending a day earlier than the last. */
const ROUNDS = 14;
const TARGET_P95_MS = 300;
/** Issue 11's bound on the server's memory after board loads. */
const TARGET_RSS_MIB = 400;

interface Row {
  engine: EngineName;
  window: string;
  nothingKept: Distribution;
  askedAgain: Distribution;
}

interface Measured {
  engine: EngineName;
  rows: Row[];
  /** The measured server's resident memory after its 112 whole boards, and its peak. */
  memory: ServerMemory;
}

async function measure(engine: EngineName, log: (line: string) => void): Promise<Measured> {
  const store = keptBoardStore(engine, SIZE);
  if (!(await store.built())) throw new Error(`no board store of ${SIZE} integrations on ${engine}: build it with SWITCHBOARD_BENCH_BOARD_SIZES=${SIZE} npm run bench -- board --engine ${engine}`);
  const now = Date.now();
  const windows = WINDOWS.map(([name, span]) => ({ name, ends: Array.from({ length: ROUNDS }, (_, i) => now - (i + 1) * DAY), span }));
  // A first server reads every window once and stops: the store's pages are then in the cache, as
  // a running server's are, and the measured server starts with nothing kept.
  await withServer(store.database, async (timedBoard) => {
    for (const { ends, span } of windows) for (const end of ends) await timedBoard(end - span, end);
  });
  const rows: Row[] = [];
  const memory = await withServer(store.database, async (timedBoard) => {
    for (const { name, ends, span } of windows) {
      const first: number[] = [];
      const again: number[] = [];
      for (const end of ends) {
        first.push(await timedBoard(end - span, end));
        again.push(await timedBoard(end - span, end));
      }
      const row = { engine, window: name, nothingKept: distribution(first), askedAgain: distribution(again) };
      log(`  ${engine} ${SIZE} ${name} whole board, nothing kept: p50 ${ms(row.nothingKept.p50)}, p95 ${ms(row.nothingKept.p95)}; asked again: p50 ${ms(row.askedAgain.p50)} (n=${ROUNDS})`);
      rows.push(row);
    }
  });
  log(`  ${engine} ${SIZE}: server RSS ${mib(memory.rssBytes)} after ${ROUNDS * 2 * WINDOWS.length} whole boards (peak ${mib(memory.peakRssBytes)})`);
  return { engine, rows, memory };
}

/**
 * Runs `work` against a fresh server on the store, keepers off; `timedBoard` answers how long the
 * whole board of a window took. Answers the server's memory once the work is done.
 */
async function withServer(database: string, work: (timedBoard: (from: number, to: number) => Promise<number>) => Promise<void>): Promise<ServerMemory> {
  const token = `sbt_bench_${randomBytes(16).toString('hex')}`;
  const server = await startChildServer({
    database,
    key: 'bench-unused',
    env: {
      SWITCHBOARD_ADMIN_TOKEN: token,
      SWITCHBOARD_RETENTION_EVERY_MS: String(365 * DAY),
      SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE: '100000',
      SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS: '0',
      SWITCHBOARD_BOARD_KEEP_EVERY_MS: '0',
    },
  });
  try {
    const client = new LoopbackClient(server.url, 1);
    await work(async (from, to) => {
      const started = performance.now();
      const answer = await client.request('GET', `/api/v1/integrations?from=${from}&to=${to}&limit=1000`, undefined, { authorization: `Bearer ${token}` });
      if (answer.status !== 200) throw new Error(`the board answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      return performance.now() - started;
    });
    return await server.memory();
  } finally {
    await server.stop();
  }
}

export const pastBoardsBenchmark = perEngineBenchmark(
  'past-boards',
  `Past boards: the whole board of ${SIZE} integrations over windows nothing has kept, keepers off (past-boards)`,
  (engine, context) => measure(engine, context.log),
  (results) => {
    const rows = results.flatMap((result) => result.rows);
    const memoryTargets: Target[] = results.map(({ engine, memory }) => ({
      name: `server RSS after the ${ROUNDS * 2 * WINDOWS.length} whole boards, ${SIZE} integrations`,
      engine,
      goal: `< ${TARGET_RSS_MIB} MiB`,
      measured: mib(memory.rssBytes),
      met: memory.rssBytes < TARGET_RSS_MIB * 1024 * 1024,
    }));
    const targets: Target[] = rows.map((row) => ({
      name: `whole board over HTTP, ${row.window} ended 1–${ROUNDS} days ago, nothing kept, ${SIZE} integrations, p95`,
      engine: row.engine,
      goal: `< ${TARGET_P95_MS} ms`,
      measured: ms(row.nothingKept.p95),
      met: row.nothingKept.p95 < TARGET_P95_MS,
    }));
    return {
      sections: [
        {
          title: `Whole board of ${SIZE} integrations, windows ending 1–${ROUNDS} days ago (ms)`,
          text: table(
            ['engine', 'window', 'nothing kept p50', 'p95', 'asked again p50 (baseline)', 'p95', 'nothing kept / again (p50)'],
            rows.map((row) => [row.engine, row.window, ms(row.nothingKept.p50), ms(row.nothingKept.p95), ms(row.askedAgain.p50), ms(row.askedAgain.p95), ratioText(row.nothingKept.p50 / row.askedAgain.p50)]),
          ),
        },
      ],
      targets: [...targets, ...memoryTargets],
      warnings: [],
      data: { size: SIZE, rounds: ROUNDS, rows, memory: results.map(({ engine, memory }) => ({ engine, rssBytes: memory.rssBytes, peakRssBytes: memory.peakRssBytes })) },
    };
  },
);
