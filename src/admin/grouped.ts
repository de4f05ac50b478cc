import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { cutEvery, presentApart, type Segment } from '../query/plan.js';
import type { Kept } from '../query/segment-cache.js';
import { segmentQuery, type Narrow, type RollupColumn, type RollupTableName } from '../query/segment-query.js';
import { packedCounts, withSpans, type PackedColumns } from '../query/packed.js';
import { COUNTS_WIDTH, countOffset, isPacked } from '../rollup/spans.js';
import { DAY, HOUR, MINUTE, TEN_MINUTES } from '../rollup/tiers.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { Database } from '../store/schema.js';

/** How a measure folds across rows: counts and totals add up, a largest value keeps the largest. */
export type Fold = 'sum' | 'max';

export interface GroupedRead<T extends RollupTableName> {
  table: T;
  /** The columns rows are grouped by (`bucket`: one row per bucket of the segment's tier). */
  by: ReadonlyArray<RollupColumn<T> | 'bucket'>;
  measures: Partial<Record<RollupColumn<T>, Fold>>;
  integrations: IntegrationFilter;
  /** Further conditions (a gauge name). A read with them is not kept in a cache. */
  narrow?: Narrow;
}

export type GroupedRow = Record<string, number | string>;

/** Where the settled parts of grouped reads are kept (the overview's own: OverviewReads), and the time of the read. */
export type GroupedCache = Kept<GroupedRow[]>;

/**
 * Groups of a read being folded: the measures of every row and span bucket added into their group.
 * A span's counts are taken by position from its typed array (`packedCounts`): the overview's
 * trends fold a day of ten-minute buckets of 1,000 integrations, and a visit of each, with its
 * measures looked up by name, cost more than the decoding.
 */
class Groups {
  private readonly folded = new Map<string | number, GroupedRow>();
  private readonly keys: string[];
  private readonly names: string[];
  private readonly sums: boolean[];
  /** Where each measure is in a span's counts (`COUNTS_WIDTH` layout); -1: not a count (a table without spans). */
  private readonly inCounts: number[];
  readonly byBucket: boolean;

  constructor(private readonly read: GroupedRead<RollupTableName>) {
    this.keys = read.by.filter((column) => column !== 'bucket') as string[];
    const measures = Object.entries(read.measures) as Array<[string, Fold]>;
    this.names = measures.map(([column]) => column);
    this.sums = measures.map(([, fold]) => fold === 'sum');
    this.inCounts = this.names.map(countOffset);
    const notCount = this.inCounts.indexOf(-1);
    if (notCount !== -1 && isPacked(read.table)) throw new Error(`a grouped read of ${read.table} folds its counts only, not ${this.names[notCount]}`);
    this.byBucket = read.by.includes('bucket');
  }

  /** The group of `row`'s keys (and of `bucket`, when grouped by time). */
  private groupOf(row: Record<string, unknown>, bucket: number): GroupedRow {
    // Grouped by time alone (the overview's trends), the bucket is the key itself.
    let key: string | number = bucket;
    if (this.keys.length > 0) {
      key = this.byBucket ? String(bucket) : '';
      for (const column of this.keys) key += `\u0000${row[column] as string}`;
    }
    let group = this.folded.get(key);
    if (!group) {
      group = {};
      for (const column of this.read.by) group[column] = column === 'bucket' ? bucket : String(row[column]);
      for (let i = 0; i < this.names.length; i++) group[this.names[i]!] = this.sums[i] ? 0 : -Infinity;
      this.folded.set(key, group);
    }
    return group;
  }

  private fold(group: GroupedRow, i: number, measured: number): void {
    const name = this.names[i]!;
    group[name] = this.sums[i] ? (group[name] as number) + measured : Math.max(group[name] as number, measured);
  }

  /** Adds `values`' measures (named) into the group of `row`'s keys (and of `bucket`). */
  add(row: Record<string, unknown>, bucket: number, values: Record<string, unknown>): void {
    const group = this.groupOf(row, bucket);
    for (let i = 0; i < this.names.length; i++) this.fold(group, i, Number(values[this.names[i]!] ?? 0));
  }

  /** Adds a span's counts at `at` (`packedCounts`) into the group of `row`'s keys (and of `bucket`). */
  private addCounts(row: Record<string, unknown>, bucket: number, counts: Float64Array, at: number): void {
    const group = this.groupOf(row, bucket);
    for (let i = 0; i < this.names.length; i++) this.fold(group, i, counts[at + this.inCounts[i]!]!);
  }

  /** Folds rows read with `withSpans` from `segment`; `into` picks the groups of a bucket (the same for every one but when a read is cut into parts). */
  addAnswer(segment: Segment, rows: ReadonlyArray<Record<string, unknown> & Partial<PackedColumns>>, into: (bucket: number) => Groups = () => this): void {
    for (const row of rows) {
      // A span's buckets share its row's dimensions: without time in the groups, their sum is one
      // addition; with it, one a bucket of the span, however many series' spans the row joins.
      const span = packedCounts(this.read.table, segment, row, this.byBucket);
      if (!span) {
        const bucket = this.byBucket ? Number(row['bucket']) : 0;
        into(bucket).add(row, bucket, row);
      } else if (!this.byBucket) this.addCounts(row, 0, span.counts, 0);
      else {
        for (let index = 0; index < span.present.length; index++) {
          if (!span.present[index]) continue;
          const bucket = span.span + index * segment.resolution;
          into(bucket).addCounts(row, bucket, span.counts, index * COUNTS_WIDTH);
        }
      }
    }
  }

  /** Adds the rows of another fold of the same read (a kept part). */
  addRows(rows: readonly GroupedRow[]): void {
    for (const row of rows) this.add(row, this.byBucket ? Number(row['bucket']) : 0, row);
  }

  rows(): GroupedRow[] {
    return [...this.folded.values()];
  }
}

/** One statement's answer: the read's rows of a segment, its spans' among them. */
function readSegment(db: Kysely<Database>, segment: Segment, read: GroupedRead<RollupTableName>) {
  const measures = Object.entries(read.measures) as Array<[string, Fold]>;
  const keys = read.by.filter((column) => column !== 'bucket') as string[];
  const columns = [...new Set([...keys, ...measures.map(([column]) => column)])] as Array<RollupColumn<RollupTableName>>;
  return readConfined(read.integrations, (chunk) => {
    const narrow: Narrow = (query) => whereIn(read.narrow ? read.narrow(query) : query, 'integration', chunk);
    const grouped = segmentQuery(db, read.table, segment, columns, narrow)
      .select([...read.by] as string[])
      .select((eb) => measures.map(([column, fold]) => (fold === 'sum' ? eb.fn.sum(column) : eb.fn.max(column)).as(column)))
      .groupBy([...read.by]);
    const output = [...read.by, ...measures.map(([column]) => column)] as string[];
    // Grouped by time alone, the spans' counts come end to end, a row per span start.
    return withSpans(db, read.table, segment, narrow, grouped, output, { sketches: false, endToEnd: keys.length === 0 }).execute() as Promise<Array<GroupedRow & PackedColumns>>;
  });
}

/** How long a part of a segment read by time is, by its tier: an hour of minutes or of ten minutes, a day of hours. */
const PART_LENGTH: ReadonlyMap<number, number> = new Map([
  [MINUTE, HOUR],
  [TEN_MINUTES, HOUR],
  [HOUR, DAY],
]);

/**
 * Where a segment is cut into parts a cache keeps: at the present bucket's start (presentApart),
 * and, for a read by time, into hours of the finer tiers and days of hours, so that a window
 * sliding by a minute finds every part but the newest kept. A read not by time keeps a segment
 * whole but for the present (each part is a statement of its own: its groups hold no time to
 * split an answer by).
 */
function partsOf(segment: Segment, now: number, byBucket: boolean): Segment[] {
  const every = byBucket ? PART_LENGTH.get(segment.resolution) : undefined;
  return presentApart(segment, now).flatMap((stretch) => cutEvery(stretch, every));
}

/** What names the integrations of a read in a cache key: every one, or a digest of the list. */
export function scopeKey(integrations: IntegrationFilter): string {
  return integrations === undefined ? '*' : createHash('sha1').update(integrations.join('\u0000')).digest('base64');
}

/** What names a read in a cache: its table, groups, measures and integrations. */
function readKey(read: GroupedRead<RollupTableName>): string {
  return JSON.stringify([read.table, read.by, read.measures, scopeKey(read.integrations)]);
}

/**
 * A rollup table's measures over a plan's segments, grouped in the store (so a read of 1,000
 * integrations over a year brings back one row per group and segment, not every rollup row), then
 * folded across segments and across the chunks of a tenant's integration list.
 *
 * With `cached`, the settled parts of the segments are kept and found there by the next read
 * (partsOf): grouped by time, a run of parts not kept is read in one statement, or two side by
 * side for a long run, its answer split by bucket. The overview's requests then re-read the hour at their edges, not the day.
 */
export async function readGrouped<T extends RollupTableName>(db: Kysely<Database>, segments: readonly Segment[], typed: GroupedRead<T>, cached?: GroupedCache): Promise<GroupedRow[]> {
  // The columns were checked against the table by the caller's type; from here any table's read.
  const read = typed as unknown as GroupedRead<RollupTableName>;
  const all = new Groups(read);
  if (!cached || read.narrow) {
    for (const segment of segments) all.addAnswer(segment, await readSegment(db, segment, read));
    return all.rows();
  }
  const key = readKey(read);
  for (const segment of segments) {
    const parts = partsOf(segment, cached.now, all.byBucket);
    for (let i = 0; i < parts.length; ) {
      const kept = cached.cache.peek(key, parts[i]!, cached.renewBefore);
      if (kept !== undefined) {
        all.addRows(kept);
        i += 1;
        continue;
      }
      // The run of parts not kept, read at once.
      let end = i + 1;
      while (all.byBucket && end < parts.length && cached.cache.peek(key, parts[end]!, cached.renewBefore) === undefined) end += 1;
      const run = parts.slice(i, end);
      const groups = run.map(() => new Groups(read));
      // The part that holds a bucket: the last to start at or before it (a run may be a year of days, its buckets many).
      const partOf = (bucket: number) => {
        let low = 0;
        let high = run.length - 1;
        while (low < high) {
          const middle = (low + high + 1) >> 1;
          if (run[middle]!.from <= bucket) low = middle;
          else high = middle - 1;
        }
        return groups[low]!;
      };
      // A long run in two statements side by side (SQLite's two read workers, two PostgreSQL connections).
      const middle = Math.floor(run.length / 2);
      const lanes = run.length >= 4 ? [run.slice(0, middle), run.slice(middle)] : [run];
      await Promise.all(
        lanes.map(async (lane) => {
          const range = { ...segment, from: lane[0]!.from, to: lane[lane.length - 1]!.to };
          groups[0]!.addAnswer(range, await readSegment(db, range, read), run.length === 1 ? undefined : partOf);
        }),
      );
      run.forEach((part, j) => {
        const rows = groups[j]!.rows();
        cached.cache.keep(key, part, cached.now, rows);
        all.addRows(rows);
      });
      i = end;
    }
  }
  return all.rows();
}
