import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { planWindow, type Segment } from '../query/plan.js';
import { SegmentCache } from '../query/segment-cache.js';
import { forEachPackedBucket, packedTotals, withSpans, type PackedColumns } from '../query/packed.js';
import { segmentQuery, type Narrow } from '../query/segment-query.js';
import { LatencySketch } from '../rollup/sketch.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import { IDS_PER_STATEMENT, chunksOf } from '../store/chunks.js';
import type { Database } from '../store/schema.js';
import { coverage, type Tally } from './burn.js';

/** Calls and ok calls of an integration over some time. */
export interface CallCounts {
  volume: number;
  ok: number;
}

/** Where every window judged at `now` ends: the minute under way included, as the alert rules' windows do. */
export function windowEnd(now: number): number {
  return floorTo(now, MINUTE) + MINUTE;
}

/**
 * Calls per integration over windows ending now, read from the per-integration rollups: each
 * window is covered by the coarsest tiers that fit it (planWindow), so three days are a few
 * dozen rows per integration, not thousands of minutes. Settled parts are kept (SegmentCache),
 * so a cycle re-reads only the minutes at its windows' recent edge.
 */
export class WindowCounts {
  private readonly cache = new SegmentCache<Map<string, CallCounts>>();

  /** `retentionMs`: each tier's retention, so a window's old edge is read from a tier that still holds it. */
  constructor(private readonly retentionMs: Record<number, number> = {}) {}

  /** Window length → integration → counts; only `integration` when given, else every one. */
  async read(db: Kysely<Database>, now: number, lengths: readonly number[], integration?: string): Promise<Map<number, Map<string, CallCounts>>> {
    this.cache.expire(now);
    const end = windowEnd(now);
    // Windows of one read share the segment under way too (the minutes up to now).
    const thisRead = new Map<string, Map<string, CallCounts>>();
    const answer = new Map<number, Map<string, CallCounts>>();
    for (const length of lengths) {
      const totals = new Map<string, CallCounts>();
      for (const segment of planWindow({ from: end - length, to: end }, { now, retentionMs: this.retentionMs }).segments) {
        const key = `${segment.resolution}\u0000${segment.from}\u0000${segment.to}`;
        let counts = thisRead.get(key);
        if (!counts) {
          counts = await this.cache.get(integration ?? '*', segment, now, () => readSegment(db, segment, integration));
          thisRead.set(key, counts);
        }
        addCounts(totals, counts);
      }
      answer.set(length, totals);
    }
    return answer;
  }
}

/** Adds one part's calls per integration into the totals. */
export function addCounts(totals: Map<string, CallCounts>, part: ReadonlyMap<string, CallCounts>): void {
  for (const [id, counts] of part) {
    const total = totals.get(id);
    if (total) {
      total.volume += counts.volume;
      total.ok += counts.ok;
    } else totals.set(id, { ...counts });
  }
}

/** Calls and ok calls per integration in one segment of a plan (only `integration`'s when given): one read, grouped by integration. */
export async function readSegment(db: Kysely<Database>, segment: Segment, integration: string | undefined): Promise<Map<string, CallCounts>> {
  const narrow: Narrow = (query) => (integration === undefined ? query : query.where('integration', '=', integration));
  const grouped = segmentQuery(db, 'integration_rollups', segment, ['integration', 'volume', 'ok'], narrow)
    .select(['integration', sql<number>`sum(volume)`.as('volume'), sql<number>`sum(ok)`.as('ok')])
    .groupBy('integration');
  const rows = await withSpans(db, 'integration_rollups', segment, narrow, grouped, ['integration', 'volume', 'ok'], { sketches: false }).execute();
  const counts = new Map<string, CallCounts>();
  const add = (id: string, volume: number, ok: number) => {
    const total = counts.get(id);
    if (total) {
      total.volume += volume;
      total.ok += ok;
    } else counts.set(id, { volume, ok });
  };
  for (const row of rows as Array<PackedColumns & { integration: string; volume: unknown; ok: unknown }>) {
    const totals = packedTotals('integration_rollups', segment, row);
    add(row.integration, Number((totals ?? row).volume), Number((totals ?? row).ok));
  }
  return counts;
}

/** Bad calls of a success objective: every call whose outcome is not ok. */
export function successTally(counts: CallCounts | undefined, covered: number): Tally {
  return counts ? { volume: counts.volume, bad: counts.volume - counts.ok, covered } : { volume: 0, bad: 0, covered };
}

/** When each integration sent its first record (integrations_seen), or only `integration`'s. */
export async function firstSeen(db: Kysely<Database>, integration?: string): Promise<Map<string, number>> {
  let query = db.selectFrom('integrations_seen').select(['id', 'first_seen']);
  if (integration !== undefined) query = query.where('id', '=', integration);
  return new Map((await query.execute()).map((row) => [row.id, Number(row.first_seen)]));
}

/** One latency objective to count: an integration's calls, and those slower than `thresholdMs`. */
export interface LatencyTarget {
  integration: string;
  thresholdMs: number;
}

/** Calls and slow calls of a latency target over some time. */
export interface SlowCounts {
  volume: number;
  slow: number;
}

/** The key of a target in WindowLatency's answers. */
export function latencyKey(target: LatencyTarget): string {
  return `${target.integration}\u0000${target.thresholdMs}`;
}

/**
 * Calls slower than each target's threshold, over windows ending now, from the merged latency
 * sketches of the same tiers as WindowCounts (within the sketch's 1 % accuracy of the threshold,
 * a call counts as within it). Slow counts add up across segments, so each segment is read once
 * for all targets, counted, and its settled counts kept (SegmentCache) across cycles.
 */
export class WindowLatency {
  private readonly cache = new SegmentCache<Map<string, SlowCounts>>();

  constructor(private readonly retentionMs: Record<number, number> = {}) {}

  /** Window length → latencyKey(target) → counts. */
  async read(db: Kysely<Database>, now: number, lengths: readonly number[], targets: readonly LatencyTarget[]): Promise<Map<number, Map<string, SlowCounts>>> {
    this.cache.expire(now);
    const answer = new Map<number, Map<string, SlowCounts>>();
    if (targets.length === 0) return answer;
    const end = windowEnd(now);
    const byIntegration = new Map<string, number[]>();
    for (const target of targets) byIntegration.set(target.integration, [...new Set([...(byIntegration.get(target.integration) ?? []), target.thresholdMs])]);
    // The targets decide what a segment's counts mean: a changed threshold is read afresh.
    const scope = createHash('sha1').update([...byIntegration].map(([id, thresholds]) => `${id}=${thresholds.join(',')}`).sort().join(';')).digest('hex');
    for (const length of lengths) {
      const totals = new Map<string, SlowCounts>();
      for (const segment of planWindow({ from: end - length, to: end }, { now, retentionMs: this.retentionMs }).segments) {
        const counts = await this.cache.get(`latency:${scope}`, segment, now, () => readSlowCounts(db, segment, byIntegration));
        for (const [key, part] of counts) {
          const total = totals.get(key);
          if (total) {
            total.volume += part.volume;
            total.slow += part.slow;
          } else totals.set(key, { ...part });
        }
      }
      answer.set(length, totals);
    }
    return answer;
  }
}

/** Each integration's calls and slow calls in one segment, for every threshold it is given (keys: latencyKey). */
export async function readSlowCounts(db: Kysely<Database>, segment: Segment, thresholds: ReadonlyMap<string, readonly number[]>): Promise<Map<string, SlowCounts>> {
  const counts = new Map<string, SlowCounts>();
  for (const chunk of chunksOf([...thresholds.keys()], IDS_PER_STATEMENT)) {
    const narrow: Narrow = (query) => query.where('integration', 'in', chunk);
    const sketches = segmentQuery(db, 'integration_rollups', segment, ['integration', 'latency_sketch'], narrow).select(['integration', 'latency_sketch']);
    const rows = await withSpans(db, 'integration_rollups', segment, narrow, sketches, ['integration', 'latency_sketch'], { sketches: 'merged' }).execute();
    const add = (integration: string, encoded: Uint8Array) => {
      const sketch = LatencySketch.decode(encoded);
      for (const thresholdMs of thresholds.get(integration) ?? []) {
        const key = latencyKey({ integration, thresholdMs });
        const total = counts.get(key) ?? { volume: 0, slow: 0 };
        total.volume += sketch.count;
        total.slow += sketch.countAbove(thresholdMs);
        counts.set(key, total);
      }
    };
    for (const row of rows as Array<PackedColumns & { integration: string; latency_sketch: Uint8Array | null }>) {
      if (forEachPackedBucket('integration_rollups', segment, row, (bucket) => add(row.integration, bucket.latency_sketch!))) continue;
      if (row.latency_sketch) add(row.integration, row.latency_sketch);
    }
  }
  return counts;
}

/** Bad calls of a latency objective: every call slower than its threshold. */
export function latencyTally(counts: SlowCounts | undefined, covered: number): Tally {
  return counts ? { volume: counts.volume, bad: counts.slow, covered } : { volume: 0, bad: 0, covered };
}
