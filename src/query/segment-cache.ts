import { MINUTE } from '../rollup/tiers.js';
import type { Segment } from './plan.js';

/** A segment that ended this long ago is settled: calls later than that are rare, and counted once it expires. */
const SETTLE_MS = 2 * MINUTE;
/** How long a settled segment's read is kept. */
export const SEGMENT_CACHE_MS = 5 * MINUTE;

/**
 * Reads of settled rollup segments (those that ended SETTLE_MS ago), kept SEGMENT_CACHE_MS and
 * shared by every window and cycle that covers them: a long window sliding by a minute then
 * re-reads only the minutes at its edges.
 */
export class SegmentCache<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();

  /** Forgets what expired (or was read at a later time than `now`, a clock moved back). */
  expire(now: number): void {
    for (const [key, entry] of this.entries) if (entry.at <= now - SEGMENT_CACHE_MS || entry.at > now) this.entries.delete(key);
  }

  /** `key` names what is read of the segment (table, scope); `read` runs when it is not kept. */
  async get(key: string, segment: Segment, now: number, read: () => Promise<T>): Promise<T> {
    const full = `${key}\u0000${segment.resolution}\u0000${segment.from}\u0000${segment.to}`;
    const kept = this.entries.get(full);
    if (kept) return kept.value;
    const value = await read();
    if (segment.to <= now - SETTLE_MS) this.entries.set(full, { at: now, value });
    return value;
  }
}
