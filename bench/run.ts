/**
 * npm run bench [-- name…] [--engine sqlite|postgres] [--no-build]
 *
 * Runs every benchmark (or those named), prints a readable report with the load average and
 * writes the raw figures to .bench/results.json. Each benchmark bounds its own duration, removes
 * its temp files and PostgreSQL schemas, and talks only to 127.0.0.1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessBenchmark } from './access.js';
import { alertingBenchmark } from './alerting.js';
import { boardBenchmark } from './board.js';
import { clientBenchmark } from './client.js';
import { flowBenchmark } from './flow.js';
import { ingestBenchmark } from './ingest.js';
import { logsBenchmark } from './logs.js';
import { metricsBenchmark } from './metrics.js';
import { otlpBenchmark } from './otlp.js';
import { pastBoardsBenchmark } from './past-boards.js';
import { probesBenchmark } from './probes.js';
import { instancesBenchmark } from './instances.js';
import { queriesBenchmark } from './queries.js';
import { reportsBenchmark } from './reports.js';
import { soakBenchmark } from './soak.js';
import { storageBenchmark } from './storage.js';
import { traceBenchmark } from './trace.js';
import { cleanupAll } from './support/cleanup.js';
import { loadAverage, machineInfo } from './support/machine.js';
import { ROOT, ensureServerBuilt } from './support/server.js';
import { postgresAvailable, POSTGRES_URL, type EngineName } from './support/stores.js';
import { table } from './support/format.js';
import type { BenchResult, Benchmark, Target } from './support/types.js';

const BENCHMARKS: Benchmark[] = [ingestBenchmark, queriesBenchmark, alertingBenchmark, probesBenchmark, traceBenchmark, otlpBenchmark, clientBenchmark, flowBenchmark, accessBenchmark, storageBenchmark, boardBenchmark, pastBoardsBenchmark, instancesBenchmark, metricsBenchmark, logsBenchmark, reportsBenchmark, soakBenchmark];
/**
 * A whole run stops starting benchmarks after this, plus the time the selected ones say they need
 * on top (a soak); each bounds its own duration.
 */
const RUN_LIMIT_MS = 30 * 60_000;

function parseArgs(argv: string[]) {
  const names: string[] = [];
  let engines: EngineName[] = ['sqlite', 'postgres'];
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--no-build') build = false;
    else if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg.includes('=') ? arg.split('=')[1]! : argv[++i]!;
      engines = value.split(',').map((engine) => {
        if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`--engine takes sqlite or postgres, not "${engine}"`);
        return engine;
      });
    } else if (arg === '--help' || arg === '-h') {
      console.log(`usage: npm run bench [-- name…] [--engine sqlite|postgres] [--no-build]\nbenchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
      process.exit(0);
    } else names.push(arg);
  }
  for (const name of names) {
    if (!BENCHMARKS.some((b) => b.name === name)) throw new Error(`no benchmark "${name}"; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  }
  return { selected: names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => names.includes(b.name)), engines, build };
}

async function main(): Promise<number> {
  const { selected, engines: requested, build } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const runLimitMs = RUN_LIMIT_MS + selected.reduce((sum, benchmark) => sum + (benchmark.extraTimeMs ?? 0) * requested.length, 0);
  // A hard stop a little after the run limit, cleaning up first, in case a benchmark hangs.
  const watchdog = setTimeout(() => {
    process.stderr.write('\nthe benchmark run exceeded its time limit; cleaning up and stopping\n');
    void cleanupAll().finally(() => process.exit(1));
  }, runLimitMs + 45_000);
  watchdog.unref();
  const lines: string[] = [];
  const log = (line: string) => {
    lines.push(line);
    process.stderr.write(`${line}\n`);
  };
  const machine = machineInfo();
  const pgVersion = requested.includes('postgres') ? await postgresAvailable() : undefined;
  const engines = requested.filter((engine) => engine !== 'postgres' || pgVersion !== undefined);
  const skipped: string[] = [];
  if (requested.includes('postgres') && !pgVersion) skipped.push(`PostgreSQL skipped: ${POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable`);
  const loadAtStart = loadAverage();
  log(`Switchboard benchmarks, ${new Date(started).toISOString()}`);
  log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}${pgVersion ? `, ${pgVersion.split(' on ')[0]}` : ''}`);
  log(`load average at start: ${loadAtStart.join(' ')}${loadAtStart[0] > machine.cpus / 2 ? '  (HIGH: other work is running; figures may be low, re-run when quiet)' : ''}`);
  for (const line of skipped) log(line);
  if (build) ensureServerBuilt(log);

  const results: Array<{ benchmark: Benchmark; result?: BenchResult; error?: string; ms: number }> = [];
  for (const benchmark of selected) {
    if (Date.now() - started > runLimitMs) {
      results.push({ benchmark, error: 'not run: the run limit was reached', ms: 0 });
      continue;
    }
    log(`\n== ${benchmark.title} (${benchmark.name}) ==`);
    const t0 = Date.now();
    try {
      const result = await benchmark.run({ engines, log, deadline: started + runLimitMs });
      results.push({ benchmark, result, ms: Date.now() - t0 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`FAILED: ${message}`);
      results.push({ benchmark, error: message, ms: Date.now() - t0 });
    } finally {
      if (interrupted) break;
      const failures = await cleanupAll();
      for (const failure of failures) log(`cleanup failed: ${failure}`);
    }
  }
  if (interrupted) return 130;
  const loadAtEnd = loadAverage();

  // The report, on stdout.
  const out: string[] = [];
  out.push(`Switchboard benchmarks — ${new Date(started).toISOString()}`);
  out.push(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB RAM, Node ${machine.node}${pgVersion ? `, ${pgVersion.split(',')[0]}` : ''}`);
  out.push(`load average: ${loadAtStart.join(' ')} at start, ${loadAtEnd.join(' ')} at end (1, 5, 15 min)`);
  for (const line of skipped) out.push(line);
  const targets: Target[] = [];
  const warnings: string[] = [];
  for (const { benchmark, result, error, ms } of results) {
    out.push('');
    out.push(`## ${benchmark.title} (${(ms / 1000).toFixed(0)} s)`);
    if (error) {
      out.push(`FAILED: ${error}`);
      continue;
    }
    for (const section of result!.sections) {
      out.push('', section.title, section.text);
    }
    targets.push(...result!.targets);
    warnings.push(...result!.warnings);
  }
  if (targets.length > 0) {
    out.push('', '## Targets');
    out.push(table(['target', 'engine', 'goal', 'measured', 'met'], targets.map((t) => [t.name, t.engine, t.goal, t.measured, t.met ? 'yes' : 'NO'])));
  }
  if (warnings.length > 0) out.push('', '## Warnings', ...warnings.map((w) => `- ${w}`));
  out.push('', `total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  process.stdout.write(`\n${out.join('\n')}\n`);

  const dir = join(ROOT, '.bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'results.json'),
    `${JSON.stringify(
      {
        startedAt: new Date(started).toISOString(),
        durationMs: Date.now() - started,
        machine: { ...machine, postgres: pgVersion ?? null },
        loadAverage: { start: loadAtStart, end: loadAtEnd },
        engines,
        skipped,
        targets,
        warnings,
        benchmarks: Object.fromEntries(results.map(({ benchmark, result, error, ms }) => [benchmark.name, { ms, error: error ?? null, ...(result ? { data: result.data } : {}) }])),
      },
      null,
      2,
    )}\n`,
  );
  log(`raw figures written to .bench/results.json`);
  return results.some((r) => r.error) ? 1 : 0;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\n${signal}: cleaning up…\n`);
    // Never hang on the way out: give the cleanups 20 s.
    setTimeout(() => process.exit(130), 20_000).unref();
    void cleanupAll().finally(() => process.exit(130));
  });
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanupAll();
    process.exitCode = 1;
  });
