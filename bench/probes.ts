/**
 * Probe throughput against loopback targets, with the real scheduler and the real store (SQLite).
 *
 *   1. Saturation: 3,000 HTTP checks (with a JSON body assertion), each due every second, far more
 *      than the machine can run, for 15 s after a 3 s warm-up; then 3,000 TCP checks for 8 s. What
 *      is stored per second is the sustained ceiling, reported as checks per hour.
 *   2. The requirement's floor, 10,000 checks per hour, run for real for 60 s (100 checks every
 *      36 s, spread evenly): the CPU share of this process (process.cpuUsage over wall time).
 *   3. Baselines on the same HTTP target, no scheduler and no store, 50 at once, as many calls as
 *      the HTTP saturation run stored (at most 15,000): bare `fetch` (undici, keep-alive) and bare
 *      node:http on a fresh connection each (what the probe does), so the report shows the ratio
 *      of CPU per check with and without the scheduler and storage.
 *
 * The targets run in a child process, so this process's CPU is the scheduler's alone; on a
 * 2-core machine the two compete for the same cores, as they would not in production.
 * Run alone: node --import tsx bench/probes.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckDefinition } from '../src/catalogue/types.js';
import { CheckScheduler } from '../src/checks/scheduler.js';
import type { CatalogueSource, Logger } from '../src/checks/types.js';
import { openDatabase } from '../src/store/open.js';
import { table } from './support/format.js';
import type { Benchmark, BenchResult } from './support/types.js';

const TARGETS = `
const http = require('node:http');
const net = require('node:net');
const body = JSON.stringify({ status: 'ok', items: [{ state: 'ready' }] });
const web = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
web.keepAliveTimeout = 5000;
const tcp = net.createServer((socket) => { socket.on('error', () => {}); socket.end(); });
web.listen(0, '127.0.0.1', () => tcp.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ http: web.address().port, tcp: tcp.address().port }) + '\\n');
}));
`;

const quiet: Logger & { errors: number } = {
  errors: 0,
  info() {},
  warn() {},
  debug() {},
  error(obj: object, msg?: string) {
    quiet.errors++;
    if (quiet.errors <= 3) console.error('  scheduler error:', msg, JSON.stringify(obj).slice(0, 300));
  },
};

function staticCatalogue(checks: CheckDefinition[]): CatalogueSource {
  const byId = new Map<string, CheckDefinition[]>();
  for (const check of checks) byId.set(check.integration, [...(byId.get(check.integration) ?? []), check]);
  const entries = [...byId].map(([id, list]) => ({ id, checks: list }));
  return { all: () => entries, get: (id) => entries.find((entry) => entry.id === id), onChange() {} };
}

function checksFor(ports: { http: number; tcp: number }, count: number, intervalMs: number): CheckDefinition[] {
  const checks: CheckDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const common = { name: `probe-${i}`, integration: `bench-${i % 100}`, intervalMs, timeoutMs: 5_000 };
    checks.push(
      i % 2 === 0
        ? { ...common, type: 'http', url: `http://127.0.0.1:${ports.http}/health`, method: 'GET', headers: {}, expectStatus: [200], expectJson: { path: '$.items[0].state', equals: 'ready' } }
        : { ...common, type: 'tcp', host: '127.0.0.1', port: ports.tcp },
    );
  }
  return checks;
}

async function startTargets(): Promise<{ child: ChildProcess; ports: { http: number; tcp: number } }> {
  const child = spawn(process.execPath, ['-e', TARGETS], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = await new Promise<{ http: number; tcp: number }>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]!));
    });
    child.once('exit', (code) => reject(new Error(`the target process exited (${code})`)));
  });
  return { child, ports };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function storedCount(db: Awaited<ReturnType<typeof openDatabase>>['db']): Promise<number> {
  const row = await db.selectFrom('check_results').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs `total` calls of `call` with at most `concurrency` at once; returns wall and CPU ms. */
async function bare(total: number, concurrency: number, call: () => Promise<void>): Promise<{ wallMs: number; cpuMs: number; failures: number }> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await call().catch(() => failures++);
      }
    }),
  );
  return { wallMs: performance.now() - started, cpuMs: cpuMs(cpu), failures };
}

function freshConnectionGet(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString());
        resolve();
      });
    });
    request.on('error', reject);
  });
}

interface Saturation {
  checks: number;
  offered_per_hour: number;
  window_s: number;
  probes_run: number;
  results_stored: number;
  stored_per_second: number;
  sustained_checks_per_hour: number;
  cpu_share_of_one_core: number;
  cpu_us_per_check: number;
  results_not_up: string;
}

/** Offers far more checks than can run (every check every second) and counts what gets stored. */
async function saturate(
  dir: string,
  ports: { http: number; tcp: number },
  kind: 'http' | 'tcp',
  count: number,
  warmupMs: number,
  windowMs: number,
): Promise<Saturation> {
  const { db } = await openDatabase(join(dir, `saturation-${kind}.db`));
  const checks = checksFor(ports, count * 2, 1_000).filter((check) => check.type === kind);
  const scheduler = new CheckScheduler({ db, catalogue: staticCatalogue(checks), log: quiet, firstRunSpreadMs: 1_000 });
  scheduler.start();
  await sleep(warmupMs);
  const rows0 = await storedCount(db);
  const probes0 = scheduler.stats.probes;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await sleep(windowMs);
  const wallMs = performance.now() - started;
  const used = cpuMs(cpu);
  const probes = scheduler.stats.probes - probes0;
  const rows = (await storedCount(db)) - rows0;
  await scheduler.stop();
  const failed = await db.selectFrom('check_results').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '<>', 'up').executeTakeFirstOrThrow();
  const total = await storedCount(db);
  await db.destroy();
  const perSecond = rows / (wallMs / 1000);
  const perCheckUs = Math.round((used * 1000) / Math.max(1, probes));
  console.log(
    `saturation ${kind}: ${checks.length.toLocaleString('en-US')} checks offered at ${(checks.length * 3.6).toFixed(0)}k/h → ` +
      `${Math.round(perSecond).toLocaleString('en-US')} results stored/s = ${Math.round(perSecond * 3600).toLocaleString('en-US')} checks/h sustained; ` +
      `CPU ${((used / wallMs) * 100).toFixed(0)}% of one core, ${perCheckUs} µs per check; not up: ${Number(failed.n)} of ${total}`,
  );
  return {
    checks: checks.length,
    offered_per_hour: checks.length * 3_600,
    window_s: Math.round(wallMs / 100) / 10,
    probes_run: probes,
    results_stored: rows,
    stored_per_second: Math.round(perSecond),
    sustained_checks_per_hour: Math.round(perSecond * 3600),
    cpu_share_of_one_core: Math.round((used / wallMs) * 1000) / 1000,
    cpu_us_per_check: perCheckUs,
    results_not_up: `${Number(failed.n)} of ${total}`,
  };
}

export async function runProbeBenchmark(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-probes-'));
  const { child, ports } = await startTargets();
  const figures: Record<string, unknown> = { cores: cpus().length };
  console.log(`\n== probes: scheduler + SQLite against loopback HTTP and TCP targets (${cpus().length} cores) ==`);
  try {
    // ---- 1. saturation: HTTP checks, then TCP checks ----
    const saturation: Record<string, Saturation> = {};
    saturation.http = await saturate(dir, ports, 'http', 3_000, 3_000, 15_000);
    saturation.tcp = await saturate(dir, ports, 'tcp', 3_000, 2_000, 8_000);
    figures.saturation = saturation;
    // ---- 2. the floor: 10,000 checks per hour for 60 s ----
    let floorCpuPerCheckUs = 0;
    {
      const { db } = await openDatabase(join(dir, 'floor.db'));
      const checks = checksFor(ports, 100, 36_000);
      const scheduler = new CheckScheduler({ db, catalogue: staticCatalogue(checks), log: quiet, firstRunSpreadMs: 36_000 });
      const cpu = process.cpuUsage();
      const started = performance.now();
      scheduler.start();
      await sleep(60_000);
      await scheduler.stop();
      const wallMs = performance.now() - started;
      const used = cpuMs(cpu);
      const rows = await storedCount(db);
      await db.destroy();
      floorCpuPerCheckUs = (used * 1000) / Math.max(1, rows);
      figures.floor = {
        rate_per_hour: 10_000,
        window_s: Math.round(wallMs / 100) / 10,
        results_stored: rows,
        achieved_per_hour: Math.round((rows / wallMs) * 3_600_000),
        cpu_ms: Math.round(used),
        cpu_share_of_one_core: Number((used / wallMs).toPrecision(2)),
        cpu_share_of_machine: Number((used / wallMs / cpus().length).toPrecision(2)),
        cpu_us_per_check: Math.round(floorCpuPerCheckUs),
      };
      console.log(
        `floor: 10,000 checks/h for ${(wallMs / 1000).toFixed(0)} s → ${rows} results, CPU ${used.toFixed(0)} ms = ` +
          `${((used / wallMs) * 100).toFixed(2)}% of one core (${((used / wallMs / cpus().length) * 100).toFixed(2)}% of the machine), ` +
          `${Math.round(floorCpuPerCheckUs)} µs per check (idle timers included)`,
      );
    }

    // ---- 3. baselines: the same HTTP target without scheduler or store ----
    {
      // As many calls as the HTTP saturation run stored results, capped at 15,000 to keep the run
      // near two minutes (the figure compared is the cost per call, which the cap does not change).
      const calls = Math.min(Math.max(saturation.http!.results_stored, 1_000), 15_000);
      const url = `http://127.0.0.1:${ports.http}/health`;
      const viaFetch = await bare(calls, 50, async () => {
        const response = await fetch(url);
        await response.json();
      });
      const fresh = await bare(calls, 50, () => freshConnectionGet(ports.http));
      const httpUsPerCheck = saturation.http!.cpu_us_per_check;
      const fetchUs = (viaFetch.cpuMs * 1000) / calls;
      const freshUs = (fresh.cpuMs * 1000) / calls;
      figures.baseline = {
        calls,
        fetch_keepalive: { per_second: Math.round(calls / (viaFetch.wallMs / 1000)), cpu_us_per_call: Math.round(fetchUs), failures: viaFetch.failures },
        http_fresh_connection: { per_second: Math.round(calls / (fresh.wallMs / 1000)), cpu_us_per_call: Math.round(freshUs), failures: fresh.failures },
        scheduler_cpu_per_check_vs_fetch: Number((httpUsPerCheck / fetchUs).toFixed(2)),
        scheduler_cpu_per_check_vs_fresh_http: Number((httpUsPerCheck / freshUs).toFixed(2)),
      };
      console.log(
        `baseline (${calls.toLocaleString('en-US')} calls, 50 at once, no scheduler/store): fetch keep-alive ${Math.round(calls / (viaFetch.wallMs / 1000)).toLocaleString('en-US')}/s at ${Math.round(fetchUs)} µs CPU each; ` +
          `node:http fresh connection ${Math.round(calls / (fresh.wallMs / 1000)).toLocaleString('en-US')}/s at ${Math.round(freshUs)} µs CPU each`,
      );
      console.log(
        `ratio: a scheduled, stored HTTP check costs ${(httpUsPerCheck / fetchUs).toFixed(1)}× the CPU of a bare keep-alive fetch, ` +
          `${(httpUsPerCheck / freshUs).toFixed(1)}× a bare request on a fresh connection`,
      );
    }
    figures.scheduler_errors = quiet.errors;
    return figures;
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ProbeFigures {
  saturation: Record<'http' | 'tcp', Saturation>;
  floor: { achieved_per_hour: number; cpu_share_of_one_core: number; cpu_share_of_machine: number; cpu_us_per_check: number; results_stored: number };
  baseline: { fetch_keepalive: { cpu_us_per_call: number }; http_fresh_connection: { cpu_us_per_call: number }; scheduler_cpu_per_check_vs_fetch: number; scheduler_cpu_per_check_vs_fresh_http: number };
}

export const probesBenchmark: Benchmark = {
  name: 'probes',
  title: 'Active checks: sustained probe throughput and CPU at the required rate (SQLite)',
  async run(): Promise<BenchResult> {
    const figures = (await runProbeBenchmark()) as unknown as ProbeFigures & Record<string, unknown>;
    const { saturation, floor, baseline } = figures;
    const perHour = (n: number) => n.toLocaleString('en-US');
    return {
      sections: [
        {
          title: 'Saturation: far more checks due than the machine can run; what is stored per second, as checks per hour',
          text: table(
            ['kind', 'checks offered / h', 'sustained / h', 'CPU of one core', 'µs CPU per check'],
            (['http', 'tcp'] as const).map((kind) => [kind, perHour(saturation[kind].offered_per_hour), perHour(saturation[kind].sustained_checks_per_hour), `${Math.round(saturation[kind].cpu_share_of_one_core * 100)} %`, String(saturation[kind].cpu_us_per_check)]),
          ),
        },
        {
          title: 'The required floor, 10,000 checks per hour, run for 60 s; and a bare request as baseline',
          text: table(
            ['measure', 'value'],
            [
              ['achieved rate', `${perHour(floor.achieved_per_hour)} / h (${floor.results_stored} results)`],
              ['CPU share', `${(floor.cpu_share_of_one_core * 100).toFixed(2)} % of one core, ${(floor.cpu_share_of_machine * 100).toFixed(2)} % of the machine`],
              ['CPU per scheduled, stored HTTP check ÷ bare keep-alive fetch', String(baseline.scheduler_cpu_per_check_vs_fetch)],
              ['… ÷ bare request on a fresh connection (what a probe does)', String(baseline.scheduler_cpu_per_check_vs_fresh_http)],
            ],
          ),
        },
      ],
      targets: [
        { name: 'sustained HTTP checks per hour', engine: 'sqlite', goal: '≥ 1,000,000 / h', measured: `${perHour(saturation.http.sustained_checks_per_hour)} / h`, met: saturation.http.sustained_checks_per_hour >= 1_000_000 },
        { name: 'the required 10,000 checks per hour', engine: 'sqlite', goal: '≥ 10,000 / h kept up', measured: `${perHour(floor.achieved_per_hour)} / h`, met: floor.achieved_per_hour >= 9_500 },
      ],
      warnings: [],
      data: figures,
    };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runProbeBenchmark().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
