import { LatencySketch } from './sketch.js';

/**
 * How the values of a rollup column combine when rows of one bucket × series merge: counts add
 * up, a newest-timestamp column keeps the larger, a sketch merges bucket by bucket.
 */
export type Measure = 'sum' | 'max' | 'sketch';

/**
 * One rollup table: rows keyed by tier (resolution_ms), bucket and the series' dimensions, holding
 * mergeable measures. Ingest appends partial rows, the compactor folds and carries them up the
 * tiers, retention trims each tier: the same for every table described here.
 */
export interface RollupTable {
  readonly table: 'call_rollups' | 'integration_rollups' | 'event_rollups' | 'lead_time_rollups' | 'run_rollups' | 'gauge_rollups' | 'log_rollups' | 'log_error_rollups';
  /** The series' key columns; the first is always `integration` (the compactor ranges over it). */
  readonly dimensions: readonly ['integration', ...string[]];
  readonly measures: Readonly<Record<string, Measure>>;
}

/** Calls: counts per outcome class and a latency sketch (ms) per series × bucket. */
export const CALL_ROLLUPS = {
  table: 'call_rollups',
  dimensions: ['integration', 'operation', 'direction', 'env', 'site', 'release'],
  measures: {
    volume: 'sum',
    ok: 'sum',
    client_error: 'sum',
    auth_error: 'sum',
    rate_limited: 'sum',
    server_error: 'sum',
    timeout: 'sum',
    network_error: 'sum',
    latency_sketch: 'sketch',
  },
} as const satisfies RollupTable;

/**
 * Calls per integration alone: the call rollups without operation, direction, env, site or
 * release, so an overview (the board, the health list) reads one row per integration × bucket
 * whatever the integration's operations. Ingest writes both tables from the same batch and the
 * compactor carries both the same way, so at every tier this one holds exactly the sum of the
 * call rows of the same integration and bucket.
 */
export const INTEGRATION_ROLLUPS = {
  table: 'integration_rollups',
  dimensions: ['integration'],
  measures: CALL_ROLLUPS.measures,
} as const satisfies RollupTable;

/** Events: how many of a name, and the newest one's ts (freshness), per series × bucket. */
export const EVENT_ROLLUPS = {
  table: 'event_rollups',
  dimensions: ['integration', 'name', 'env', 'site', 'release'],
  measures: { events: 'sum', last_ts: 'max' },
} as const satisfies RollupTable;

/**
 * Lead times from a start event to an end event of the same order, in the bucket of the end event
 * and the series of its integration (and of the start event's integration). The sketch holds
 * seconds, not milliseconds: the sketch's range then reaches years instead of 27 hours.
 */
export const LEAD_TIME_ROLLUPS = {
  table: 'lead_time_rollups',
  dimensions: ['integration', 'start_integration', 'start_name', 'end_name', 'env', 'site', 'release'],
  measures: { lead_times: 'sum', lead_time_sketch: 'sketch' },
} as const satisfies RollupTable;

/**
 * Runs per integration, in the bucket of their finish time: how many ended in each status, their
 * total duration (of the runs that gave one, `timed_runs`) and the records they processed (the sum
 * of every count of a run; `timed_records` of the timed runs alone, so records per second divides
 * like by like). What the admin overview's sync trends read instead of the raw runs.
 */
export const RUN_ROLLUPS = {
  table: 'run_rollups',
  dimensions: ['integration'],
  measures: { runs: 'sum', success: 'sum', failed: 'sum', partial: 'sum', timed_runs: 'sum', duration_ms: 'sum', records: 'sum', timed_records: 'sum' },
} as const satisfies RollupTable;

/**
 * Samples of the queue gauges (src/metrics/signals.ts names them) per integration and gauge name:
 * how many, their sum (for the mean) and the largest. Other gauge names are not rolled up, so the
 * table grows by two series per integration at most.
 */
export const GAUGE_ROLLUPS = {
  table: 'gauge_rollups',
  dimensions: ['integration', 'name'],
  measures: { samples: 'sum', value_sum: 'sum', value_max: 'max' },
} as const satisfies RollupTable;

/** Log lines per integration, level and operation (src/logs/): the Logs tab's counts and the derived rates. */
export const LOG_ROLLUPS = {
  table: 'log_rollups',
  dimensions: ['integration', 'level', 'operation'],
  measures: { lines: 'sum' },
} as const satisfies RollupTable;

/** Error and warning lines per integration and error type (fingerprint): the error groups' trends and the log_errors rule. */
export const LOG_ERROR_ROLLUPS = {
  table: 'log_error_rollups',
  dimensions: ['integration', 'fingerprint'],
  measures: { lines: 'sum' },
} as const satisfies RollupTable;

export const ROLLUP_TABLES: readonly RollupTable[] = [CALL_ROLLUPS, INTEGRATION_ROLLUPS, EVENT_ROLLUPS, LEAD_TIME_ROLLUPS, RUN_ROLLUPS, GAUGE_ROLLUPS, LOG_ROLLUPS, LOG_ERROR_ROLLUPS];

export type ColumnOf<T extends RollupTable> = 'resolution_ms' | 'bucket' | T['dimensions'][number] | (keyof T['measures'] & string) | 'compacted';

/** The columns ingest and the compactor write, in table order. */
export function columnsOf<T extends RollupTable>(spec: T): Array<ColumnOf<T>> {
  return ['resolution_ms', 'bucket', ...spec.dimensions, ...Object.keys(spec.measures), 'compacted'] as Array<ColumnOf<T>>;
}

/** A rollup row being built in memory: key columns, then measures (sketches as LatencySketch). */
export type RollupEntry = { resolution_ms: number; bucket: number } & Record<string, string | number | null | LatencySketch>;

/** Identifies a bucket × series: rows with the same key merge into one. */
export function seriesKey(spec: RollupTable, series: Record<string, unknown>, resolution: number, bucket: number): string {
  let key = `${resolution}\u0000${bucket}`;
  for (const dimension of spec.dimensions) key += `\u0000${series[dimension] as string}`;
  return key;
}

function emptyEntry(spec: RollupTable, series: Record<string, unknown>, resolution: number, bucket: number): RollupEntry {
  const entry: RollupEntry = { resolution_ms: resolution, bucket };
  for (const dimension of spec.dimensions) entry[dimension] = series[dimension] as string;
  for (const [column, measure] of Object.entries(spec.measures)) {
    entry[column] = measure === 'sum' ? 0 : measure === 'max' ? null : new LatencySketch();
  }
  return entry;
}

/** Adds a stored row (sketches encoded) or another entry into `entry`. */
export function mergeInto(spec: RollupTable, entry: RollupEntry, row: Record<string, unknown>): void {
  for (const [column, measure] of Object.entries(spec.measures)) {
    const value = row[column];
    if (measure === 'sum') entry[column] = (entry[column] as number) + Number(value);
    else if (measure === 'max') {
      if (value !== null && value !== undefined) {
        const current = entry[column] as number | null;
        entry[column] = current === null ? Number(value) : Math.max(current, Number(value));
      }
    } else if (value instanceof LatencySketch) (entry[column] as LatencySketch).merge(value);
    else (entry[column] as LatencySketch).mergeEncoded(value as Uint8Array);
  }
}

/** The row's values in `columnsOf(spec)` order. */
export function rowOf(spec: RollupTable, entry: RollupEntry, compacted: 0 | 1): unknown[] {
  const row: unknown[] = [entry.resolution_ms, entry.bucket];
  for (const dimension of spec.dimensions) row.push(entry[dimension]);
  for (const [column, measure] of Object.entries(spec.measures)) {
    row.push(measure === 'sketch' ? (entry[column] as LatencySketch).encode() : entry[column]);
  }
  row.push(compacted);
  return row;
}

/** Finds or creates the entry of a series (its dimension values) in a bucket of a map being filled. */
export function entryIn(
  entries: Map<string, RollupEntry>,
  spec: RollupTable,
  series: Record<string, unknown>,
  resolution: number,
  bucket: number,
): RollupEntry {
  const key = seriesKey(spec, series, resolution, bucket);
  let entry = entries.get(key);
  if (!entry) {
    entry = emptyEntry(spec, series, resolution, bucket);
    entries.set(key, entry);
  }
  return entry;
}
