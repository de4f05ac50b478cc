import type { NormalizedRecord } from '../ingest/normalize.js';
import type { LatencySketch } from './sketch.js';
import { CALL_ROLLUPS, EVENT_ROLLUPS, entryIn, type RollupEntry } from './tables.js';
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
