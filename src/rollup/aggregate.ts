import type { NormalizedRecord } from '../store/record.js';
import type { LatencySketch } from './sketch.js';
import { DLQ_DEPTH_GAUGE, QUEUE_DEPTH_GAUGE } from '../metrics/signals.js';
import { CALL_ROLLUPS, EVENT_ROLLUPS, GAUGE_ROLLUPS, INTEGRATION_ROLLUPS, RUN_ROLLUPS, entryIn, mergeInto, type RollupEntry } from './tables.js';
import { MINUTE, floorTo } from './tiers.js';

/**
 * Rolls the calls of a batch up into partial minute rows. Only the finest tier is written on
 * the ingest path; the compactor carries each minute's new calls up to the coarser tiers.
 */
export function aggregateCalls(records: readonly NormalizedRecord[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const record of records) {
    if (record.kind !== 'call') continue;
    const series = {
      integration: record.integration,
      operation: record.operation!,
      direction: record.direction!,
      env: record.env,
      site: record.site ?? '',
      release: record.release ?? '',
    };
    const row = entryIn(rows, CALL_ROLLUPS, series, MINUTE, floorTo(record.ts, MINUTE));
    row.volume = (row.volume as number) + 1;
    row[record.outcome!] = (row[record.outcome!] as number) + 1;
    (row.latency_sketch as LatencySketch).add(record.latency_ms!);
  }
  return [...rows.values()];
}

/**
 * The same calls per integration alone: the call rows of a batch merged across operation,
 * direction, env, site and release, bucket by bucket. Derived from the call rows rather than the
 * records, so the two tables cannot disagree about what a batch held.
 */
export function perIntegration(callRows: readonly RollupEntry[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const row of callRows) mergeInto(INTEGRATION_ROLLUPS, entryIn(rows, INTEGRATION_ROLLUPS, row, row.resolution_ms, row.bucket), row);
  return [...rows.values()];
}

/** The events of a batch as partial minute rows: a count per name and the newest ts. */
export function aggregateEvents(records: readonly NormalizedRecord[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const record of records) {
    if (record.kind !== 'event') continue;
    const series = { integration: record.integration, name: record.name!, env: record.env, site: record.site ?? '', release: record.release ?? '' };
    const row = entryIn(rows, EVENT_ROLLUPS, series, MINUTE, floorTo(record.ts, MINUTE));
    row.events = (row.events as number) + 1;
    if (row.last_ts === null || record.ts > (row.last_ts as number)) row.last_ts = record.ts;
  }
  return [...rows.values()];
}

/** What the run and gauge rollups read of a record (a stored row has the same columns). */
export type RolledRecord = Pick<NormalizedRecord, 'kind' | 'ts' | 'integration' | 'run_status' | 'duration_ms' | 'counts' | 'name' | 'value'>;

/** Records a run processed: the sum of every count it reported. */
export function recordsOf(counts: string | null): number {
  if (!counts) return 0;
  let total = 0;
  for (const value of Object.values(JSON.parse(counts) as Record<string, unknown>)) if (typeof value === 'number') total += value;
  return total;
}

const add = (row: RollupEntry, column: string, by: number) => {
  row[column] = (row[column] as number) + by;
};

/** The runs of a batch as partial minute rows per integration (RUN_ROLLUPS). */
export function aggregateRuns(records: readonly RolledRecord[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const record of records) {
    if (record.kind !== 'run') continue;
    const row = entryIn(rows, RUN_ROLLUPS, { integration: record.integration }, MINUTE, floorTo(record.ts, MINUTE));
    const processed = recordsOf(record.counts);
    add(row, 'runs', 1);
    if (record.run_status === 'success' || record.run_status === 'failed' || record.run_status === 'partial') add(row, record.run_status, 1);
    add(row, 'records', processed);
    if (record.duration_ms !== null) {
      add(row, 'timed_runs', 1);
      add(row, 'duration_ms', record.duration_ms);
      add(row, 'timed_records', processed);
    }
  }
  return [...rows.values()];
}

/** The gauges whose samples are rolled up: the queue depths the metrics expose too. */
export const ROLLED_GAUGES: readonly string[] = [QUEUE_DEPTH_GAUGE, DLQ_DEPTH_GAUGE];

/** The queue gauge samples of a batch as partial minute rows per integration and name (GAUGE_ROLLUPS). */
export function aggregateGauges(records: readonly RolledRecord[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const record of records) {
    if (record.kind !== 'gauge' || record.value === null || !ROLLED_GAUGES.includes(record.name ?? '')) continue;
    const row = entryIn(rows, GAUGE_ROLLUPS, { integration: record.integration, name: record.name }, MINUTE, floorTo(record.ts, MINUTE));
    add(row, 'samples', 1);
    add(row, 'value_sum', record.value);
    if (row.value_max === null || record.value > (row.value_max as number)) row.value_max = record.value;
  }
  return [...rows.values()];
}
