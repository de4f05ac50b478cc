import type { EngineName } from './stores.js';

export interface BenchContext {
  engines: EngineName[];
  /** Prints a progress line (stderr) and keeps it for the report. */
  log: (line: string) => void;
  /** Epoch ms by which the whole run must be finished; each benchmark keeps well inside it. */
  deadline: number;
}

export interface Target {
  name: string;
  engine: EngineName;
  goal: string;
  measured: string;
  met: boolean;
}

export interface BenchResult {
  /** Readable sections: a title and a preformatted block (usually a table). */
  sections: Array<{ title: string; text: string }>;
  targets: Target[];
  /** Figures measured while the machine was busy with other work, and similar caveats. */
  warnings: string[];
  /** Raw figures for .bench/results.json. */
  data: Record<string, unknown>;
}

export interface Benchmark {
  name: string;
  title: string;
  run: (context: BenchContext) => Promise<BenchResult>;
  /** Time per engine this benchmark needs beyond the run's usual limit (a soak's duration). */
  extraTimeMs?: number;
}

/**
 * A benchmark that measures each engine of the run in turn, one after the other so that they do
 * not compete for the machine, then reports them side by side.
 */
export function perEngineBenchmark<Result>(
  name: string,
  title: string,
  measure: (engine: EngineName, context: BenchContext) => Promise<Result>,
  report: (results: Result[]) => BenchResult,
): Benchmark {
  return {
    name,
    title,
    async run(context) {
      const results: Result[] = [];
      for (const engine of context.engines) results.push(await measure(engine, context));
      return report(results);
    },
  };
}
