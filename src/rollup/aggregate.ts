import type { NormalizedRecord } from '../ingest/normalize.js';
import { emptyCounts, addCounts, seriesId, type OutcomeCounts, type SeriesKey } from './series.js';
import { LatencySketch } from './sketch.js';
import { RESOLUTIONS, floorTo, type Resolution } from './tiers.js';

/** One partial rollup row: the calls of one series in one bucket of one tier, from one batch. */
export interface PartialRollup extends SeriesKey {
  resolution_ms: Resolution;
  bucket: number;
  counts: OutcomeCounts;
  sketch: LatencySketch;
}

/**
 * Rolls a batch of records up into partial rows for every tier. The finest tier is built from the
 * calls; each coarser one from the tier below, so every call is read once.
 */
export function aggregateCalls(records: readonly NormalizedRecord[]): PartialRollup[] {
  let level = new Map<string, PartialRollup>();
  const [finest, ...coarser] = RESOLUTIONS;
  for (const record of records) {
    if (record.kind !== 'call') continue;
    const bucket = floorTo(record.ts, finest);
    const key: SeriesKey = {
      integration: record.integration,
      operation: record.operation!,
      direction: record.direction!,
      env: record.env,
      site: record.site ?? '',
      release: record.release ?? '',
    };
    const id = `${bucket}\u0000${seriesId(key)}`;
    let row = level.get(id);
    if (!row) {
      row = { ...key, resolution_ms: finest, bucket, counts: emptyCounts(), sketch: new LatencySketch() };
      level.set(id, row);
    }
    row.counts.volume += 1;
    row.counts[record.outcome!] += 1;
    row.sketch.add(record.latency_ms!);
  }

  const rows = [...level.values()];
  for (const resolution of coarser) {
    const next = new Map<string, PartialRollup>();
    for (const finer of level.values()) {
      const bucket = floorTo(finer.bucket, resolution);
      const id = `${bucket}\u0000${seriesId(finer)}`;
      let row = next.get(id);
      if (!row) {
        row = { ...finer, resolution_ms: resolution, bucket, counts: emptyCounts(), sketch: new LatencySketch() };
        next.set(id, row);
      }
      addCounts(row.counts, finer.counts);
      row.sketch.merge(finer.sketch);
    }
    rows.push(...next.values());
    level = next;
  }
  return rows;
}
