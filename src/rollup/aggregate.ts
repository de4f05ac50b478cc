import type { NormalizedRecord } from '../ingest/normalize.js';
import { emptyCounts, seriesId, type OutcomeCounts, type SeriesKey } from './series.js';
import { LatencySketch } from './sketch.js';
import { MINUTE, floorTo } from './tiers.js';

/** One partial rollup row: the calls of one series in one bucket of one tier. */
export interface PartialRollup extends SeriesKey {
  resolution_ms: number;
  bucket: number;
  counts: OutcomeCounts;
  sketch: LatencySketch;
}

/**
 * Rolls the calls of a batch up into partial minute rows. Only the finest tier is written on
 * the ingest path; the compactor carries each minute's new calls up to the coarser tiers.
 */
export function aggregateCalls(records: readonly NormalizedRecord[]): PartialRollup[] {
  const rows = new Map<string, PartialRollup>();
  for (const record of records) {
    if (record.kind !== 'call') continue;
    const bucket = floorTo(record.ts, MINUTE);
    const key: SeriesKey = {
      integration: record.integration,
      operation: record.operation!,
      direction: record.direction!,
      env: record.env,
      site: record.site ?? '',
      release: record.release ?? '',
    };
    const id = `${bucket}\u0000${seriesId(key)}`;
    let row = rows.get(id);
    if (!row) {
      row = { ...key, resolution_ms: MINUTE, bucket, counts: emptyCounts(), sketch: new LatencySketch() };
      rows.set(id, row);
    }
    row.counts.volume += 1;
    row.counts[record.outcome!] += 1;
    row.sketch.add(record.latency_ms!);
  }
  return [...rows.values()];
}
