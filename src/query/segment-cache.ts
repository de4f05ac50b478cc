import { MINUTE } from '../rollup/tiers.js';
import type { Segment } from './plan.js';

/** A segment that ended this long ago is settled: calls later than that are rare, and counted once it expires. */
export const SETTLE_MS = 2 * MINUTE;
/** Whether a read of the segment at `now` may be kept: it ended SETTLE_MS before. */
export function hasSettled(segment: Segment, now: number): boolean {
  return segment.to <= now - SETTLE_MS;
}

/** How long a settled segment's read is kept. */
export const SEGMENT_CACHE_MS = 5 * MINUTE;

/**
 * Reads of settled rollup segments (those that ended SETTLE_MS ago), kept SEGMENT_CACHE_MS (or
 * `keepMs`) and shared by every window and cycle that covers them: a long window sliding by a
 * minute then re-reads only the minutes at its edges. `maxWeight` bounds what is kept (each value
 * weighs what `weigh` says, one by default), the least recently used going first, for caches whose
 * keys come from requests.
 */
export class SegmentCache<T> {
  private readonly entries = new Map<string, { at: number; value: T; weight: number }>();
  private weight = 0;
  private readonly bound: { maxWeight: number; weigh: (value: T) => number };
  private readonly keepMs: number;

  constructor(options: { maxWeight?: number; weigh?: (value: T) => number; keepMs?: number } = {}) {
    this.bound = { maxWeight: options.maxWeight ?? Infinity, weigh: options.weigh ?? (() => 1) };
    this.keepMs = options.keepMs ?? SEGMENT_CACHE_MS;
  }

  /** Forgets what expired (or was read at a later time than `now`, a clock moved back). */
  expire(now: number): void {
    for (const [key, entry] of this.entries) if (entry.at <= now - this.keepMs || entry.at > now) this.forget(key);
  }

  /** Visits every value kept (to change it in place: what it weighs stays as it was kept). */
  forEach(visit: (value: T) => void): void {
    for (const entry of this.entries.values()) visit(entry.value);
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  /** `key` names what is read of the segment (table, scope); `read` runs when it is not kept (or was kept from a read before `renewBefore`). */
  async get(key: string, segment: Segment, now: number, read: () => Promise<T>, renewBefore?: number): Promise<T> {
    const kept = this.peek(key, segment, renewBefore);
    if (kept !== undefined) return kept;
    const value = await read();
    this.keep(key, segment, now, value);
    return value;
  }

  /** What is kept of the segment, if it is, from a read at `renewBefore` or later (an older one is to be read again: `OverviewReads.keep`). */
  peek(key: string, segment: Segment, renewBefore = -Infinity): T | undefined {
    const full = entryKey(key, segment);
    const entry = this.entries.get(full);
    if (!entry || entry.at < renewBefore) return undefined;
    // Last in line to go: what every refresh uses (a long window's settled days) outlasts the edges a sliding window left behind.
    this.entries.delete(full);
    this.entries.set(full, entry);
    return entry.value;
  }

  /** Keeps a read of the segment made at `now`, if the segment had settled by then. */
  keep(key: string, segment: Segment, now: number, value: T): void {
    if (!hasSettled(segment, now)) return;
    const weight = this.bound.weigh(value);
    if (weight > this.bound.maxWeight) return;
    const full = entryKey(key, segment);
    this.forget(full);
    this.entries.set(full, { at: now, value, weight });
    this.weight += weight;
    for (const oldest of this.entries.keys()) {
      if (this.weight <= this.bound.maxWeight) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}

/**
 * A cache as a read uses it: the time of the read, and, for a read that renews what is kept
 * (`OverviewReads.keep`), the time before which a kept part counts as not kept.
 */
export interface Kept<T> {
  cache: SegmentCache<T>;
  now: number;
  renewBefore?: number;
}

function entryKey(key: string, segment: Segment): string {
  return `${key}\u0000${segment.resolution}\u0000${segment.from}\u0000${segment.to}`;
}
