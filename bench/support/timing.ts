import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { NOISY_OTHER_CORES, cpuMeter, type CpuUse } from './machine.js';
import { distribution, type Distribution } from './stats.js';

/** One timed case: its latencies, whether the time cap cut it short, and the CPU it took. */
export interface CaseResult {
  name: string;
  baseline: boolean;
  timing: Distribution;
  cappedByTime: boolean;
  cpu: CpuUse;
}

/**
 * Runs `run` `warmup` times untimed, then up to `iterations` times timed (each given its index,
 * counted from the first warm-up), stopping early after `capMs`. Yields to the event loop
 * between runs so timers and I/O of the process are not starved.
 */
export async function timeCase(options: {
  name: string;
  baseline: boolean;
  warmup: number;
  iterations: number;
  capMs: number;
  run: (index: number) => Promise<unknown>;
}): Promise<CaseResult> {
  const { warmup, iterations, capMs, run } = options;
  for (let i = 0; i < warmup; i++) await run(i);
  const samples: number[] = [];
  const meter = cpuMeter();
  const started = performance.now();
  while (samples.length < iterations && performance.now() - started <= capMs) {
    const t0 = performance.now();
    await run(warmup + samples.length);
    samples.push(performance.now() - t0);
    await yieldToLoop();
  }
  return { name: options.name, baseline: options.baseline, timing: distribution(samples), cappedByTime: samples.length < iterations, cpu: meter() };
}

/** What makes a case's figure doubtful: stopped by its time cap, or measured while other work took the cores. */
export function caseWarnings(engine: string, c: CaseResult, capMs: number): string[] {
  const warnings: string[] = [];
  if (c.cappedByTime) warnings.push(`${engine} ${c.name}: stopped at the ${capMs / 1000} s cap after ${c.timing.n} iterations`);
  if (c.cpu.other > NOISY_OTHER_CORES) warnings.push(`${engine} ${c.name}: ${c.cpu.other} cores busy with other work during the case; re-run for a clean figure`);
  return warnings;
}

/** A benchmark's self-checks as table rows; each that does not hold is also a warning. */
export function checkRows(engine: string, checks: ReadonlyArray<{ what: string; ok: boolean; detail: string }>, warnings: string[]): string[][] {
  return checks.map((c) => {
    if (!c.ok) warnings.push(`${engine}: ${c.what} does not hold (${c.detail})`);
    return [engine, c.what, c.ok ? 'yes' : 'NO', c.detail];
  });
}
