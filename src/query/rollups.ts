import type { Kysely } from 'kysely';
import { OUTCOMES } from '../common/outcome.js';
import { emptyCounts, type OutcomeCounts, type SeriesKey } from '../rollup/series.js';
import { LatencySketch } from '../rollup/sketch.js';
import type { Database } from '../store/schema.js';
import type { SeriesFilters } from './params.js';
import type { Segment } from './plan.js';
import { forEachPackedBucket, withSpans, type PackedColumns } from './packed.js';
import { segmentQuery, type Narrow } from './segment-query.js';

export interface RollupRow extends SeriesKey, OutcomeCounts {
  /** The bucket of the segment's tier the row's calls fall in. */
  bucket: number;
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

const CALL_COLUMNS = ['integration', 'operation', 'direction', 'env', 'site', 'release', 'volume', ...OUTCOMES, 'latency_sketch'] as const;

/**
 * Reads the call rollup rows that hold every call of each segment of a plan exactly once, however
 * far the compactor has carried them (see segmentQuery), with the buckets of the segment's tier.
 */
export async function readRollups(db: Kysely<Database>, segments: readonly Segment[], scope: RollupScope): Promise<RollupRow[]> {
  const rows: RollupRow[] = [];
  const narrow: Narrow = (query) => whereFilters(scope.integration === undefined ? query : query.where('integration', '=', scope.integration), scope.filters);
  const columns = ['bucket', ...CALL_COLUMNS] as const;
  for (const segment of segments) {
    const read = segmentQuery(db, 'call_rollups', segment, CALL_COLUMNS, narrow).select(columns);
    const found = (await withSpans(db, 'call_rollups', segment, narrow, read, columns, { sketches: true }).execute()) as Array<RollupRow & PackedColumns>;
    // One push per row: a spread of a large read would exceed the engine's argument limit.
    for (const row of found) {
      const packed = forEachPackedBucket('call_rollups', segment, row, (bucket) => {
        const { integration, operation, direction, env, site, release } = row;
        const unpacked = { bucket: bucket.bucket, integration, operation, direction, env, site, release, volume: bucket.volume, latency_sketch: bucket.latency_sketch! } as RollupRow;
        for (const outcome of OUTCOMES) unpacked[outcome] = bucket[outcome];
        rows.push(unpacked);
      });
      if (!packed) rows.push(row);
    }
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
    return signalsOf(this.counts, this.sketch);
  }
}

/** Golden signals of counts and the sketch of the same calls (none: no latency known). */
export function signalsOf(counts: OutcomeCounts, sketch: LatencySketch | undefined): GoldenSignals {
  const { volume } = counts;
  const [p50, p95, p99] = sketch?.quantiles([0.5, 0.95, 0.99]) ?? [];
  return {
    ...counts,
    success_rate: volume === 0 ? null : round(counts.ok / volume, 6),
    p50_ms: roundOrNull(p50 ?? null),
    p95_ms: roundOrNull(p95 ?? null),
    p99_ms: roundOrNull(p99 ?? null),
  };
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
