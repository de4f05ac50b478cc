import { RESOLUTIONS, floorTo } from '../rollup/tiers.js';
import type { Window } from './params.js';

/** A stretch of a window read from one rollup tier. */
export interface Segment {
  resolution: number;
  from: number;
  to: number;
}

export interface Plan {
  /** The window actually covered: the request aligned down to what the tiers still hold. */
  window: Window;
  segments: Segment[];
}

export interface PlanOptions {
  now: number;
  /** Retention of each tier by resolution: older buckets may have been deleted. */
  retentionMs: Record<number, number>;
  /** The coarsest tier the caller may use (e.g. to keep enough points for a sparkline). */
  maxResolution?: number;
  /** The finest alignment the caller wants at the edges (the board uses 10 minutes). */
  minResolution?: number;
}

/** The finest tier that still holds data at `at`, but never finer than `minResolution`. */
function edgeResolution(at: number, options: PlanOptions): number {
  for (const resolution of RESOLUTIONS) {
    if (resolution < (options.minResolution ?? 0)) continue;
    const retention = options.retentionMs[resolution] ?? Infinity;
    if (at >= options.now - retention) return resolution;
  }
  return RESOLUTIONS[RESOLUTIONS.length - 1]!;
}

/**
 * Covers a window with the fewest rollup rows: whole days from the day tier, the hours around
 * them from the hour tier, and so on down to minutes at the edges. Counts stay exact
 * however recent or late the calls: a segment is read with the partial rows of the finer tiers
 * the compactor has not carried up yet (segmentQuery).
 */
export function planWindow(requested: Window, options: PlanOptions): Plan {
  const from = floorTo(requested.from, edgeResolution(requested.from, options));
  const to = floorTo(requested.to, edgeResolution(requested.to, options));
  const usable = RESOLUTIONS.filter((r) => r <= (options.maxResolution ?? Infinity)).reverse();
  const segments: Segment[] = [];
  const cover = (start: number, end: number, level: number): void => {
    if (start >= end || level >= usable.length) return;
    const resolution = usable[level]!;
    const first = Math.ceil(start / resolution) * resolution;
    const last = floorTo(end, resolution);
    if (first >= last) {
      cover(start, end, level + 1);
      return;
    }
    segments.push({ resolution, from: first, to: last });
    cover(start, first, level + 1);
    cover(last, end, level + 1);
  };
  cover(from, to, 0);
  segments.sort((a, b) => a.from - b.from);
  return { window: { from, to: Math.max(from, to) }, segments };
}

/** A segment as two of its own tier's buckets apart (one of a single bucket as it is): reads that can go side by side. */
export function halves(segment: Segment): Segment[] {
  const buckets = (segment.to - segment.from) / segment.resolution;
  if (buckets < 2) return [segment];
  const middle = segment.from + Math.floor(buckets / 2) * segment.resolution;
  return [
    { ...segment, to: middle },
    { ...segment, from: middle },
  ];
}
