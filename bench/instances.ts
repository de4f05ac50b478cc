/**
 * Several instances, proven: three servers (child processes) on one PostgreSQL schema behind a
 * round-robin TCP balancer on loopback, with sustained ingest spread across them, the console's
 * board asked twice a second, a probe every 2 s against a loopback target and an alert rule judged
 * every 2 s. Halfway, the leader (the instance that runs probes and alert evaluation) is killed
 * with SIGKILL. Measured:
 *   - nothing acknowledged lost: every record answered 200 is in the store afterwards (a batch whose
 *     answer was lost with the leader may be stored without having been acknowledged: counted);
 *   - leadership: the time from the kill to another instance saying it leads;
 *   - probes: the longest gap between probe requests at the target, against their interval;
 *   - alerts: an integration that starts failing at the kill, the time until its alert is listed;
 *   - the board: p50 / p95 through the balancer before and after the kill, and its failed answers.
 * Baseline in the same run: the same board asked straight at one instance before the kill.
 * PostgreSQL only (a SQLite file has one server).
 *
 * SWITCHBOARD_BENCH_INSTANCES_AT_SIZE=1000 runs it on the board benchmark's kept store of 1,000
 * integrations × a year (build it first: `SWITCHBOARD_BENCH_BOARD_SIZES=1000 npm run bench --
 * board --engine postgres`) instead of an empty schema: the ingest, the failing integration and the
 * probed one are integrations of that store, so its shape stays what the board benchmark expects
 * (it gains the run's records, newer than its windows), and it is kept afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { onCleanup } from './support/cleanup.js';
import { LoopbackClient } from './support/http.js';
import { liveCallBatch } from './support/live-calls.js';
import { paced } from './support/paced.js';
import { startChildServer, type ChildServer } from './support/server.js';
import { distribution, seededRandom, type Distribution } from './support/stats.js';
import { createStore, type BenchStore } from './support/stores.js';
import { keptBoardStore } from './board.js';
import { fixed, int, ms, seconds, table } from './support/format.js';
import type { Benchmark, BenchResult, Target } from './support/types.js';

const INSTANCES = 3;
const PHASE_MS = Number(process.env.SWITCHBOARD_BENCH_INSTANCES_PHASE_SECONDS ?? 45) * 1000;
const RATE = Number(process.env.SWITCHBOARD_BENCH_INSTANCES_RATE ?? 4_000);
const BATCH = 500;
const PROBE_EVERY_MS = 2_000;
const EVALUATE_EVERY_MS = 2_000;
const INTEGRATIONS = Array.from({ length: 40 }, (_, i) => `partner-${String(i).padStart(2, '0')}`);
const AT_SIZE = Number(process.env.SWITCHBOARD_BENCH_INSTANCES_AT_SIZE ?? 0);
/**
 * At size, integrations of the store itself (its ids run partner-00 … partner-999): the one that
 * fails from the kill is drawn anew each run, since an earlier run's alert of it may still fire
 * in the kept store (no new firing would then begin).
 */
const FAILING_AFTER_KILL = AT_SIZE > 0 ? `partner-${100 + Math.floor(Math.random() * (AT_SIZE - 101))}` : 'failing-after-kill';
const PROBED = AT_SIZE > 0 ? `partner-${AT_SIZE - 1}` : 'probed-partner';
const BOARD_P95_TARGET_MS = 300;
const FAILOVER_TARGET_MS = 10_000;

/** Round-robin over the backends still accepting connections; a refused one is skipped. */
function balancer(ports: number[]) {
  let next = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const attempt = (left: number) => {
      const port = ports[next++ % ports.length]!;
      const backend = createConnection({ host: '127.0.0.1', port });
      backend.once('connect', () => {
        backend.on('error', () => client.destroy());
        client.on('error', () => backend.destroy());
        backend.on('close', () => client.destroy());
        client.on('close', () => backend.destroy());
        client.pipe(backend);
        backend.pipe(client);
        client.resume();
      });
      backend.once('error', () => {
        if (backend.readyState !== 'open') {
          if (left > 1) attempt(left - 1);
          else client.destroy();
        }
      });
    };
    attempt(ports.length);
  });
  return {
    listen: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface IngestTally {
  acknowledged: number;
  /** Requests that failed (connection reset, 5xx) and were sent again. */
  retried: number;
  /** Batches that failed and were sent again: their records may be stored twice at most once each. */
  unanswered: number;
  latencies: number[];
}

async function ingest(client: LoopbackClient, key: string, body: Buffer, records: number, tally: IngestTally): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    const answer = await client.request('POST', '/api/v1/ingest', body, { 'content-type': 'application/json', authorization: `Bearer ${key}` }).catch(() => undefined);
    if (answer?.status === 200) {
      tally.latencies.push(performance.now() - started);
      tally.acknowledged += records;
      return;
    }
    tally.retried++;
    if (answer === undefined) tally.unanswered++;
    await sleep(100);
  }
  throw new Error('an ingest batch failed five times in a row');
}

async function pacedIngest(client: LoopbackClient, key: string, until: number, tally: IngestTally, extra: () => Buffer | undefined): Promise<void> {
  const random = seededRandom(41);
  await paced(RATE / BATCH, until, 6, () => ingest(client, key, extra() ?? liveCallBatch(INTEGRATIONS, random, BATCH), BATCH, tally));
}

interface BoardTally {
  timing: number[];
  /** Failed answers by reason: `status 503`, or the connection error's code. */
  failures: Map<string, number>;
}

const newBoardTally = (): BoardTally => ({ timing: [], failures: new Map() });

async function boardLoop(url: string, token: string, until: number, into: BoardTally): Promise<void> {
  const client = new LoopbackClient(url, 1);
  try {
    while (performance.now() < until) {
      const started = performance.now();
      const answer = await client
        .request('GET', '/api/v1/integrations?limit=48', undefined, { authorization: `Bearer ${token}` })
        .catch((error: NodeJS.ErrnoException) => error.code ?? error.message);
      if (typeof answer !== 'string' && answer.status === 200) into.timing.push(performance.now() - started);
      else {
        const reason = typeof answer === 'string' ? answer : `status ${answer.status} ${answer.body.slice(0, 80)}`;
        into.failures.set(reason, (into.failures.get(reason) ?? 0) + 1);
      }
      await sleep(500);
    }
  } finally {
    client.close();
  }
}

function leaderOf(servers: ChildServer[]): ChildServer | undefined {
  // The last word of each instance about leading wins: "leads" without a later "no longer leads".
  return servers.find((server) => {
    const log = server.output();
    const led = log.lastIndexOf('this instance leads');
    return led >= 0 && led > log.lastIndexOf('no longer leads');
  });
}

interface Result {
  acknowledged: number;
  stored: number;
  retried: number;
  unanswered: number;
  failoverMs: number;
  probeGapMs: number;
  probeHits: number;
  alertAfterKillMs: number;
  boardBefore: Distribution;
  boardAfter: Distribution;
  boardDirect: Distribution;
  boardFailures: Map<string, number>;
  ingest: Distribution;
}

/** The board benchmark's kept PostgreSQL store of `size` integrations, used as it is and left in place. */
async function boardStore(size: number): Promise<Pick<BenchStore, 'database' | 'open' | 'dispose'>> {
  const kept = keptBoardStore('postgres', size);
  if (!(await kept.built())) throw new Error(`no board store of ${size} integrations on PostgreSQL: build it with SWITCHBOARD_BENCH_BOARD_SIZES=${size} npm run bench -- board --engine postgres`);
  return { database: kept.database, open: kept.open, dispose: async () => undefined };
}

async function run(log: (line: string) => void): Promise<Result> {
  const store = AT_SIZE > 0 ? await boardStore(AT_SIZE) : await createStore('postgres', 'instances');
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-instances-'));
  const disposeDir = onCleanup(`temp folder ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  const probeHits: number[] = [];
  const target = createHttpServer((request, response) => {
    probeHits.push(performance.now());
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetPort = (target.address() as { port: number }).port;
  const servers: ChildServer[] = [];
  let front: ReturnType<typeof balancer> | undefined;
  try {
    const count = async () => {
      const opened = await store.open();
      try {
        return Number((await sql<{ n: number }>`select count(*) as n from records where integration <> ${PROBED}`.execute(opened.db)).rows[0]!.n);
      } finally {
        await opened.db.destroy();
      }
    };
    const storedBefore = await count();
    const catalogue = join(dir, 'catalogue.yaml');
    writeFileSync(
      catalogue,
      [
        'apiVersion: switchboard/v1',
        'kind: Integration',
        `metadata: { name: ${PROBED}, title: Probed partner }`,
        'spec:',
        '  type: carrier',
        '  partner: Bench partner',
        '  owner: team-bench',
        '  checks:',
        `    - { name: status, type: http, url: "http://127.0.0.1:${targetPort}/status", interval: ${PROBE_EVERY_MS / 1000}s, timeout: 1s }`,
      ].join('\n'),
    );
    const alerting = join(dir, 'alerting.yaml');
    writeFileSync(alerting, ['rules:', `  - { name: bench-errors, kind: error_rate, integration: "*", threshold: 0.5, for: 0s, window: 1m, minVolume: 5 }`].join('\n'));
    const key = `bench-${randomBytes(8).toString('hex')}`;
    const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;
    for (let i = 0; i < INSTANCES; i++) {
      servers.push(
        await startChildServer({
          database: store.database,
          key,
          env: {
            SWITCHBOARD_ADMIN_TOKEN: adminToken,
            SWITCHBOARD_CATALOGUE: catalogue,
            SWITCHBOARD_ALERTING: alerting,
            SWITCHBOARD_ALERT_EVALUATE_EVERY_MS: String(EVALUATE_EVERY_MS),
            // The per-caller limit of expensive reads (120 a minute) is for people; the bench's one caller asks the board four times a second.
            SWITCHBOARD_RATE_EXPENSIVE_READS_PER_MINUTE: '100000',
            // A kept store must stay the shape it was built as (its "now" is when it was built).
            ...(AT_SIZE > 0 ? { SWITCHBOARD_RETENTION_EVERY_MS: String(365 * 24 * 3_600_000) } : {}),
          },
        }),
      );
    }
    front = balancer(servers.map((server) => Number(new URL(server.url).port)));
    const url = `http://127.0.0.1:${await front.listen()}`;
    for (let waited = 0; !leaderOf(servers) && waited < 20_000; waited += 100) await sleep(100);
    const leader = leaderOf(servers);
    if (!leader) throw new Error('no instance said it leads within 20 s');
    log(`  ${INSTANCES} instances up; the leader is pid ${leader.pid}; ingest ${int(RATE)} records/s through the balancer`);

    const client = new LoopbackClient(url, 6);
    const tally: IngestTally = { acknowledged: 0, retried: 0, unanswered: 0, latencies: [] };
    const before = newBoardTally();
    const after = newBoardTally();
    const direct = newBoardTally();
    const t0 = performance.now();
    const killAt = t0 + PHASE_MS;
    const end = killAt + PHASE_MS;
    let killedAt = 0;
    let failing = false;
    const failingRandom = seededRandom(5);
    const ingesting = pacedIngest(client, key, end, tally, () => (failing && failingRandom() < 0.2 ? liveCallBatch([FAILING_AFTER_KILL], failingRandom, BATCH, { failing: 0.9 }) : undefined));
    const boards = (async () => {
      await Promise.all([boardLoop(url, adminToken, killAt, before), boardLoop(servers.find((s) => s !== leader)!.url, adminToken, killAt, direct)]);
      await boardLoop(url, adminToken, end, after);
    })();
    await sleep(killAt - performance.now());
    await leader.kill();
    killedAt = performance.now();
    const killedAtWall = Date.now();
    failing = true;
    log(`  killed the leader (pid ${leader.pid}) at ${seconds(killedAt - t0)}`);
    const survivors = servers.filter((server) => server !== leader);
    let failoverMs = NaN;
    let alertAfterKillMs = NaN;
    const watcher = new LoopbackClient(url, 1);
    while (performance.now() < end && (Number.isNaN(failoverMs) || Number.isNaN(alertAfterKillMs))) {
      if (Number.isNaN(failoverMs) && leaderOf(survivors)) failoverMs = performance.now() - killedAt;
      if (Number.isNaN(alertAfterKillMs)) {
        // A firing that began since the kill: a kept store may still hold an earlier run's alert.
        const answer = await watcher.request('GET', `/api/v1/alerts?state=active&integration=${FAILING_AFTER_KILL}`, undefined, { authorization: `Bearer ${adminToken}` }).catch(() => undefined);
        const fired = answer?.status === 200 ? (JSON.parse(answer.body) as { alerts: Array<{ fired_at: number | null }> }).alerts.some((alert) => (alert.fired_at ?? 0) >= killedAtWall) : false;
        if (fired) alertAfterKillMs = performance.now() - killedAt;
      }
      await sleep(100);
    }
    watcher.close();
    await Promise.all([ingesting, boards]);
    client.close();
    for (const server of survivors) await server.stop();
    const stored = (await count()) - storedBefore;
    const around = probeHits.filter((hit) => hit > killedAt - 10_000);
    let probeGapMs = 0;
    for (let i = 1; i < around.length; i++) probeGapMs = Math.max(probeGapMs, around[i]! - around[i - 1]!);
    return {
      acknowledged: tally.acknowledged,
      stored,
      retried: tally.retried,
      unanswered: tally.unanswered,
      failoverMs,
      probeGapMs,
      probeHits: probeHits.length,
      alertAfterKillMs,
      boardBefore: distribution(before.timing),
      boardAfter: distribution(after.timing),
      boardDirect: distribution(direct.timing),
      boardFailures: [before, after].flatMap((tally) => [...tally.failures]).reduce((all, [reason, n]) => all.set(reason, (all.get(reason) ?? 0) + n), new Map<string, number>()),
      ingest: distribution(tally.latencies),
    };
  } finally {
    await front?.close();
    for (const server of servers) await server.kill().catch(() => undefined);
    target.close();
    await disposeDir();
    await store.dispose();
  }
}

function report(r: Result): BenchResult {
  const lostAtMost = r.unanswered * BATCH;
  const targets: Target[] = [
    { name: 'nothing acknowledged lost', engine: 'postgres', goal: 'stored ≥ acknowledged', measured: `${int(r.stored)} stored / ${int(r.acknowledged)} acknowledged`, met: r.stored >= r.acknowledged },
    { name: 'no record stored twice beyond unanswered retries', engine: 'postgres', goal: `stored − acknowledged ≤ ${int(lostAtMost)}`, measured: int(r.stored - r.acknowledged), met: r.stored - r.acknowledged <= lostAtMost },
    { name: 'a new leader after the kill', engine: 'postgres', goal: `≤ ${seconds(FAILOVER_TARGET_MS)}`, measured: Number.isNaN(r.failoverMs) ? 'never' : seconds(r.failoverMs), met: r.failoverMs <= FAILOVER_TARGET_MS },
    { name: 'alert of an integration failing from the kill', engine: 'postgres', goal: `≤ ${seconds(FAILOVER_TARGET_MS + 2 * EVALUATE_EVERY_MS)}`, measured: Number.isNaN(r.alertAfterKillMs) ? 'never' : seconds(r.alertAfterKillMs), met: r.alertAfterKillMs <= FAILOVER_TARGET_MS + 2 * EVALUATE_EVERY_MS },
    { name: 'longest gap between probes', engine: 'postgres', goal: `≤ ${seconds(FAILOVER_TARGET_MS + PROBE_EVERY_MS * 2)}`, measured: seconds(r.probeGapMs), met: r.probeGapMs <= FAILOVER_TARGET_MS + PROBE_EVERY_MS * 2 },
    { name: 'board p95 through the balancer, after the kill', engine: 'postgres', goal: `< ${BOARD_P95_TARGET_MS} ms`, measured: `${ms(r.boardAfter.p95)} ms`, met: r.boardAfter.p95 < BOARD_P95_TARGET_MS },
  ];
  return {
    sections: [
      {
        title: `Three instances on one PostgreSQL${AT_SIZE > 0 ? ` and a store of ${int(AT_SIZE)} integrations × a year` : ''}, the leader killed after ${seconds(PHASE_MS)} (ingest ${int(RATE)} records/s in batches of ${BATCH})`,
        text: table(
          ['figure', 'value'],
          [
            ['records acknowledged / stored', `${int(r.acknowledged)} / ${int(r.stored)}`],
            ['ingest requests retried (of them unanswered)', `${int(r.retried)} (${int(r.unanswered)})`],
            ['ingest answer p50 / p95 (ms)', `${ms(r.ingest.p50)} / ${ms(r.ingest.p95)}`],
            ['kill → another instance leads', Number.isNaN(r.failoverMs) ? 'never' : seconds(r.failoverMs)],
            ['kill → alert of the integration failing from then', Number.isNaN(r.alertAfterKillMs) ? 'never' : seconds(r.alertAfterKillMs)],
            [`longest gap between probes (every ${seconds(PROBE_EVERY_MS)}), probes in all`, `${seconds(r.probeGapMs)}, ${r.probeHits}`],
          ],
        ),
      },
      {
        title: 'The board (a page of 48), ms',
        text: table(
          ['asked', 'p50', 'p95', 'n', 'p95 ÷ one instance'],
          [
            ['one instance directly, before the kill (baseline)', ms(r.boardDirect.p50), ms(r.boardDirect.p95), int(r.boardDirect.n), '1.00'],
            ['through the balancer, before the kill', ms(r.boardBefore.p50), ms(r.boardBefore.p95), int(r.boardBefore.n), fixed(r.boardBefore.p95 / r.boardDirect.p95, 2)],
            ['through the balancer, after the kill', ms(r.boardAfter.p50), ms(r.boardAfter.p95), int(r.boardAfter.n), fixed(r.boardAfter.p95 / r.boardDirect.p95, 2)],
            ...[...r.boardFailures].map(([reason, n]) => [`failed (either phase): ${reason}`, '', '', int(n), '']),
          ],
        ),
      },
    ],
    targets,
    warnings: [],
    data: { phaseMs: PHASE_MS, rate: RATE, batch: BATCH, result: { ...r, boardFailures: Object.fromEntries(r.boardFailures) } },
  };
}

export const instancesBenchmark: Benchmark = {
  name: 'instances',
  title: `Several instances on one PostgreSQL, the leader killed mid-run`,
  run: async (context) => {
    if (!context.engines.includes('postgres')) {
      return { sections: [], targets: [], warnings: ['instances: PostgreSQL only (a SQLite file has one server); not run'], data: {} };
    }
    return report(await run(context.log));
  },
};
