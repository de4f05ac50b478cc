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
