import { DAY, HOUR, MINUTE, RESOLUTIONS, floorTo } from '../rollup/tiers.js';
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
  /**
   * The same at the window's start alone (the admin overview's ten minutes: the window's oldest
   * minutes are packed in spans of ten minutes, whole kilobytes of sketches read per
   * integration for a minute or two of calls; its newest minutes are rows and stay exact).
   */
  startResolution?: number;
  /**
   * A window that ends in the present minute (or later) is read through the present: its newest
   * stretch as whole buckets of the coarsest tier the caller may use, reaching past now. Nothing
   * is stamped later than now (ingest refuses more than its clock skew ahead), and the compactor
   * carries each call up to the current bucket of every tier within seconds (the rest are
   * partial rows segmentQuery adds), so today's calls of 1,000 integrations are 1,000 day rows
   * to read, not 60 minute rows and 20 hour rows of each; and the present minute's calls count,
   * where a window floored to the minute left them out. The window answered ends at the request's `to`.
   */
  throughNow?: boolean;
}

/** The finest tier that still holds data at `at`, but never finer than `finest`. */
function edgeResolution(at: number, options: PlanOptions, finest = options.minResolution ?? 0): number {
  for (const resolution of RESOLUTIONS) {
    if (resolution < finest) continue;
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
  const from = floorTo(requested.from, edgeResolution(requested.from, options, Math.max(options.minResolution ?? 0, options.startResolution ?? 0)));
  const usable = RESOLUTIONS.filter((r) => r <= (options.maxResolution ?? Infinity)).reverse();
  const open = options.throughNow === true && requested.to >= floorTo(options.now, MINUTE);
  // The coarsest usable tier's bucket that holds now, whole (its later part is empty).
  const coarsest = usable[0] ?? MINUTE;
  const to = open ? floorTo(Math.max(requested.to, options.now), coarsest) + coarsest : floorTo(requested.to, edgeResolution(requested.to, options));
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
  return { window: { from, to: Math.max(from, open ? requested.to : to) }, segments };
}

/**
 * A segment cut at the start of its tier's bucket that holds now: the stretch before it settles
 * and can be kept (query/segment-cache.ts), where a segment through the present never does. A
 * window of days ending now is planned as one segment of days through today's; kept whole, its
 * settled days were read again by every request, and no keeper could help (30 days of every
 * integration's rows and sketches, 0.7–1.1 s at 1,000 integrations).
 */
export function presentApart(segment: Segment, now: number): Segment[] {
  const present = floorTo(now, segment.resolution);
  return segment.from < present && present < segment.to
    ? [
        { ...segment, to: present },
        { ...segment, from: present },
      ]
    : [segment];
}

/** A segment cut at every multiple of `every` inside it (undefined: whole): parts a cache keeps apart. */
export function cutEvery(segment: Segment, every: number | undefined): Segment[] {
  if (every === undefined) return [segment];
  const parts: Segment[] = [];
  for (let from = segment.from; from < segment.to; ) {
    const to = Math.min(segment.to, floorTo(from, every) + every);
    parts.push({ ...segment, from, to });
    from = to;
  }
  return parts;
}

/**
 * A segment as two, cut at the last multiple of `align` (its own tier's buckets unless said) up to
 * its middle, or the next one: reads that can go side by side. A segment with no multiple inside is one.
 * (Packed tiers cut at their spans' ends: halves cut inside a span would both read all of it.)
 */
export function halves(segment: Segment, align = segment.resolution): Segment[] {
  let middle = Math.floor((segment.from + segment.to) / 2 / align) * align;
  if (middle <= segment.from) middle += align;
  if (middle >= segment.to) return [segment];
  return [
    { ...segment, to: middle },
    { ...segment, from: middle },
  ];
}

/**
 * How a reader of latency sketches covers a segment with the fewest: the hours of each day that
 * has ended, where they are more than half of it, as that day's bucket of the day tier (`plus`)
 * less its other hours (`minus`); the rest as it is. The yesterday of a day's window opened after
 * midnight is then a day sketch and an hour or two of sketches per integration to merge, not 23
 * hour sketches (the overview's latency by adapter merged 23,000 of them, some 115 ms of the main
 * thread, when opened at 00:45). A sketch's buckets are counts, and each tier holds every call
 * once (segment-query.ts), so the difference is exact.
 */
export function dayLessTheRest(segment: Segment, now: number, retentionMs: Record<number, number>): { plus: Segment[]; minus: Segment[] } {
  const plus: Segment[] = [];
  const minus: Segment[] = [];
  const add = (resolution: number, from: number, to: number) => plus.push({ resolution, from, to });
  if (segment.resolution !== HOUR) return { plus: [segment], minus };
  for (let from = segment.from; from < segment.to; ) {
    const day = floorTo(from, DAY);
    const to = Math.min(segment.to, day + DAY);
    const hours = (to - from) / HOUR;
    // Merged either way: the day's sketch and the other 24 - hours, or the hours themselves.
    if (day + DAY <= now && day >= now - (retentionMs[DAY] ?? Infinity) && 1 + (24 - hours) < hours) {
      add(DAY, day, day + DAY);
      if (from > day) minus.push({ resolution: HOUR, from: day, to: from });
      if (to < day + DAY) minus.push({ resolution: HOUR, from: to, to: day + DAY });
    } else add(HOUR, from, to);
    from = to;
  }
  // Neighbours of one tier are one read: a statement per day would grow with the segment.
  return { plus: joinNeighbours(plus), minus };
}

/** Segments of one tier that meet, as one: a read each, not one per piece. In tier and time order. */
export function joinNeighbours(segments: readonly Segment[]): Segment[] {
  const joined: Segment[] = [];
  for (const segment of [...segments].sort((a, b) => a.resolution - b.resolution || a.from - b.from)) {
    const previous = joined.at(-1);
    if (previous && previous.resolution === segment.resolution && previous.to === segment.from) previous.to = segment.to;
    else joined.push({ ...segment });
  }
  return joined;
}
