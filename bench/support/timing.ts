import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { cpuMeter, type CpuUse } from './machine.js';
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
