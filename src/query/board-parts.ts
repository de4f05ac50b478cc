import type { Kysely } from 'kysely';
import { LATE_MARKS_KEPT_MS, LATE_MARKS_OVERLAP_MS, LATE_MARKS_READ, lateMarksSince, widen, type LateSpans } from '../rollup/late-calls.js';
import type { OutcomeCounts } from '../rollup/series.js';
import { HOUR } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import type { IntegrationFilter } from '../store/in-list.js';
import type { Segment } from './plan.js';
import { SegmentCache, hasSettled } from './segment-cache.js';

/** What is kept of one settled segment: each integration's value, `null` for one that had nothing in it. */
interface Part<T> {
  segment: Segment;
  /** When the first of these was read: the whole part expires an hour after it (BOARD_PARTS_KEPT_MS). */
  at: number;
  /** Every integration was read (an absent one had nothing), not a list of them. */
  all: boolean;
  values: Map<string, T | null>;
}

/**
 * What each kind keeps weighs this much at most, in bytes as a value's size and its map entry
 * roughly cost: 36 MiB in all. The whole boards of 1,000 integrations over an hour, a day, 7 and
 * 30 days keep some 2 MiB of counts, 8 of sketches and 10 of trend points.
 */
const KEPT_BYTES = 12 * 1024 * 1024;
/** A map entry, a value's object and its part of the part's map, roughly. */
const ENTRY_BYTES = 100;
/**
 * A part's own objects, map and cache key, roughly: it also bounds how many parts there are
 * (12,288 of each kind at most), which every expiry and every late call's forgetting visit.
 */
const PART_BYTES = 1024;
/**
 * How long a part is kept. What a settled segment holds changes only by late calls, which the
 * parts forget as soon as they are committed (`BoardParts.catchUp`), so an hour is only a bound on
 * what else might (a tier's retention reaching a custom window's edge); the board keeper renews
 * the console's windows before then (board-keeper.ts).
 */
export const BOARD_PARTS_KEPT_MS = HOUR;
/**
 * Forgettings remembered for the reads under way, and the integrations they name in all (each
 * catch-up's may name every integration); a read that began before the oldest keeps nothing.
 */
const KEPT_FORGETTINGS = 256;
const KEPT_FORGOTTEN = 10_000;


function overlaps(stamped: { first: number; last: number }, segment: Segment): boolean {
  return stamped.first < segment.to && stamped.last >= segment.from;
}

/**
 * The board's reads of settled segments, kept per integration (src/query/board.ts). An
 * integration's counts, sketch or trend over a segment are the same whoever asks, so every page,
 * search and tenant of the board shares them: the console's board refreshes every few seconds
 * while calls arrive, and each refresh read its whole window again (the whole board of 1,000
 * integrations over 30 days merged some 47,000 sketches and decoded 30,000 day spans). Kept an
 * hour (BOARD_PARTS_KEPT_MS), the least recently used going first past the bound; the newest
 * minutes are read each time, and a late call makes the parts that may hold it forget its
 * integration (`catchUp`).
 */
export class BoardParts {
  /** When the marks of late calls were last read (rollup/late-calls.ts); undefined: never. */
  private caughtUpAt: number | undefined;
  /** The marks read since LATE_MARKS_OVERLAP_MS before then, by id, with when each was noted. */
  private readonly marksRead = new Map<number, number>();

  /**
   * Before each board read: a call committed late (stamped more than a minute before its commit),
   * by this instance or any other on the store, makes the parts that may hold it forget
   * its integration, so the board reads it again and counts the call at once, as the integration
   * pages do. Each commit marks its late calls in its own transaction; this reads the marks noted
   * since its last catch-up (less an overlap for commits under way then) and applies each once.
   * More than LATE_MARKS_READ of them at once (a flood of late batches): everything kept goes.
   */
  async catchUp(db: Kysely<Database>, now: number): Promise<void> {
    const since = this.caughtUpAt === undefined ? now - LATE_MARKS_KEPT_MS : Math.min(this.caughtUpAt, now) - LATE_MARKS_OVERLAP_MS;
    // Marks of late calls since then may be gone already (kept ten minutes; eight without a catch-up, less the overlap): nothing kept can be trusted.
    const stale = since < now - LATE_MARKS_KEPT_MS;
    const marks = await lateMarksSince(db, since);
    // Only once read: a catch-up that failed leaves the next one to read from the same moment.
    this.caughtUpAt = now;
    for (const [id, notedAt] of this.marksRead) if (notedAt < since) this.marksRead.delete(id);
    if (stale || marks.length > LATE_MARKS_READ) {
      for (const kept of this.kinds) kept.forgetAll();
      return;
    }
    const late: LateSpans = new Map();
    for (const mark of marks) {
      if (this.marksRead.has(mark.id)) continue;
      this.marksRead.set(mark.id, mark.notedAt);
      widen(late, mark.integration, mark.first, mark.last);
    }
    if (late.size > 0) for (const kept of this.kinds) kept.forget(late);
  }

  readonly counts = new KeptById<OutcomeCounts>(() => 8 * 8);
  /** Merged latency sketches, encoded (a tenth of a decoded sketch's memory; merged into a tile's as they are). */
  readonly sketches = new KeptById<Uint8Array>((sketch) => sketch.length);
  /** Trend points `[t, volume, ok, …]` per integration, by step: off the heap, sized to what they hold (a 1,000-integration board's are some 900,000 numbers). */
  readonly trends = new KeptById<Float64Array>((points) => points.byteLength);
  private readonly kinds = [this.counts, this.sketches, this.trends];
}

/** A cache of integrations' values per settled segment, filled as pages ask for more integrations. */
export class KeptById<T> {
  private readonly cache: SegmentCache<Part<T>>;

  /** `bytes`: what a value holds beyond its entry. */
  constructor(bytes: (value: T) => number) {
    this.cache = new SegmentCache<Part<T>>({
      keepMs: BOARD_PARTS_KEPT_MS,
      maxWeight: KEPT_BYTES,
      weigh: (part) => {
        let weight = PART_BYTES;
        for (const value of part.values.values()) weight += ENTRY_BYTES + (value === null ? 0 : bytes(value));
        return weight;
      },
    });
  }

  /** The latest forgettings, numbered, for the reads under way meanwhile (a few hundred at most), and the integrations they name. */
  private readonly forgettings: Array<{ seq: number; late: LateSpans }> = [];
  private forgotten = 0;
  private seq = 0;

  /** Each part that may hold one of an integration's late calls forgets that integration. */
  forget(late: LateSpans): void {
    this.forgettings.push({ seq: ++this.seq, late });
    this.forgotten += late.size;
    while (this.forgettings.length > KEPT_FORGETTINGS || this.forgotten > KEPT_FORGOTTEN) this.forgotten -= this.forgettings.shift()!.late.size;
    this.cache.forEach((part) => {
      for (const [integration, stamped] of late) {
        if (!overlaps(stamped, part.segment)) continue;
        // A read of every integration held one that had nothing only by leaving it out.
        part.all = false;
        part.values.delete(integration);
      }
    });
  }

  /** Everything kept goes, and every read under way keeps nothing. */
  forgetAll(): void {
    this.cache.clear();
    // No forgetting listed, and one since every read under way began: forgotSince says "overlaps".
    this.forgettings.length = 0;
    this.forgotten = 0;
    this.seq += 1;
  }

  /** Whether a late call committed after forgetting `since` may be in a read of `segment` for `integrations`. */
  private forgotSince(since: number, segment: Segment, integrations: IntegrationFilter): boolean {
    if (since === this.seq) return false;
    // Forgettings older than those still listed: as if every one overlapped.
    if ((this.forgettings[0]?.seq ?? Infinity) > since + 1) return true;
    const asked = integrations === undefined ? undefined : new Set(integrations);
    for (const { seq, late } of this.forgettings) {
      if (seq <= since) continue;
      for (const [integration, stamped] of late) if ((asked === undefined || asked.has(integration)) && overlaps(stamped, segment)) return true;
    }
    return false;
  }

  /**
   * The values of `integrations` (undefined: every one) over `segment`, from what is kept and
   * `read` for the rest, confined to the integrations not kept; `keepAs` turns a value read into
   * the form kept. A segment that has not settled is read whole, and nothing is kept. A part kept
   * from a read before `renewBefore` (the keeper's) counts as not kept.
   */
  async read<R>(
    key: string,
    segment: Segment,
    now: number,
    integrations: IntegrationFilter,
    read: (integrations: IntegrationFilter) => Promise<Map<string, R>>,
    keepAs: (value: R) => T,
    renewBefore?: number,
  ): Promise<Map<string, R | T>> {
    if (!hasSettled(segment, now)) return read(integrations);
    this.cache.expire(now);
    const kept = this.cache.peek(key, segment, renewBefore);
    if (kept?.all || (kept && integrations !== undefined && integrations.every((id) => kept.values.has(id)))) return present(kept.values, integrations);
    // Every integration, read again whole; or those of the list not kept yet, added to the part.
    const missing = integrations?.filter((id) => !kept?.values.has(id));
    // What is kept of the others, taken now: a late call may make the part forget one while this reads.
    const known: Map<string, R | T> = kept && missing !== undefined ? present(kept.values, integrations) : new Map();
    const since = this.seq;
    const fresh = await read(missing);
    // A late call committed meanwhile into what was read may or may not be in it: keep none of it.
    if (!this.forgotSince(since, segment, missing)) {
      // Added to the part kept now, not to the one found before the read: another read may have
      // replaced that one meanwhile, and only the part in the cache had the forgettings since.
      const current = missing === undefined ? undefined : this.cache.peek(key, segment, renewBefore);
      const part: Part<T> = current ? { segment, at: current.at, all: current.all, values: new Map(current.values) } : { segment, at: now, all: missing === undefined, values: new Map() };
      for (const [id, value] of fresh) part.values.set(id, keepAs(value));
      for (const id of missing ?? []) if (!fresh.has(id)) part.values.set(id, null);
      this.cache.keep(key, segment, part.at, part);
    }
    if (missing === undefined) return fresh;
    for (const [id, value] of fresh) known.set(id, value);
    return known;
  }
}

/** The values kept of `integrations` (undefined: every one), leaving out those that had nothing. */
function present<T>(values: ReadonlyMap<string, T | null>, integrations: IntegrationFilter): Map<string, T> {
  const answer = new Map<string, T>();
  for (const id of integrations ?? values.keys()) {
    const value = values.get(id);
    if (value !== undefined && value !== null) answer.set(id, value);
  }
  return answer;
}
