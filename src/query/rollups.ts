import type { Kysely } from 'kysely';
import { OUTCOMES } from '../ingest/outcome.js';
import { emptyCounts, type OutcomeCounts, type SeriesKey } from '../rollup/series.js';
import { LatencySketch } from '../rollup/sketch.js';
import type { Database } from '../store/schema.js';
import type { SeriesFilters } from './params.js';
import type { Segment } from './plan.js';

export interface RollupRow extends SeriesKey, OutcomeCounts {
  bucket: number;
  resolution_ms: number;
  latency_sketch: Uint8Array;
}

export interface RollupScope {
  /** One integration, or every integration when absent. */
  integration?: string;
  filters: SeriesFilters;
}

/**
 * Narrows a query of a rollup table to the filters given: env, site and release are columns of
 * every rollup table, operation and direction of call rollups only.
 */
export function whereFilters<Q extends { where(column: any, operator: '=', value: string): Q }>(query: Q, filters: SeriesFilters): Q {
  let narrowed = query;
  for (const [column, value] of Object.entries(filters)) if (value !== undefined) narrowed = narrowed.where(column, '=', value);
  return narrowed;
}

/** Reads the rollup rows (partial or compacted) of every segment of a plan. */
export async function readRollups(db: Kysely<Database>, segments: readonly Segment[], scope: RollupScope): Promise<RollupRow[]> {
  const rows: RollupRow[] = [];
  for (const segment of segments) {
    let query = db
      .selectFrom('call_rollups')
      .select([
        'bucket', 'resolution_ms', 'integration', 'operation', 'direction', 'env', 'site', 'release',
        'volume', ...OUTCOMES, 'latency_sketch',
      ])
      .where('resolution_ms', '=', segment.resolution)
      .where('bucket', '>=', segment.from)
      .where('bucket', '<', segment.to);
    if (scope.integration !== undefined) query = query.where('integration', '=', scope.integration);
    for (const row of (await whereFilters(query, scope.filters).execute()) as RollupRow[]) rows.push(row);
  }
  return rows;
}

/** Golden signals merged over any set of rollup rows. */
export class SignalAccumulator {
  readonly counts = emptyCounts();
  readonly sketch = new LatencySketch();

  add(row: RollupRow): void {
    this.counts.volume += row.volume;
    for (const outcome of OUTCOMES) this.counts[outcome] += row[outcome];
    this.sketch.mergeEncoded(row.latency_sketch);
  }

  signals(): GoldenSignals {
    const { volume } = this.counts;
    return {
      ...this.counts,
      success_rate: volume === 0 ? null : round(this.counts.ok / volume, 6),
      p50_ms: roundOrNull(this.sketch.quantile(0.5)),
      p95_ms: roundOrNull(this.sketch.quantile(0.95)),
      p99_ms: roundOrNull(this.sketch.quantile(0.99)),
    };
  }
}

export type GoldenSignals = OutcomeCounts & {
  success_rate: number | null;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
};

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value, 3);
}

export function emptySignals(): GoldenSignals {
  return new SignalAccumulator().signals();
}
