import type { Kysely } from 'kysely';
import type { Segment } from '../query/plan.js';
import { segmentQuery, type Narrow, type RollupColumn, type RollupTableName } from '../query/segment-query.js';
import { forEachPackedBucket, packedTotals, withSpans, type PackedColumns } from '../query/packed.js';
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
  /** Further conditions (a gauge name). */
  narrow?: Narrow;
}

export type GroupedRow = Record<string, number | string>;

/**
 * A rollup table's measures over a plan's segments, grouped in the store (so a read of 1,000
 * integrations over a year brings back one row per group and segment, not every rollup row), then
 * folded across segments and across the chunks of a tenant's integration list.
 */
export async function readGrouped<T extends RollupTableName>(db: Kysely<Database>, segments: readonly Segment[], read: GroupedRead<T>): Promise<GroupedRow[]> {
  const measures = Object.entries(read.measures) as Array<[string, Fold]>;
  const keys = read.by.filter((column) => column !== 'bucket') as Array<RollupColumn<T>>;
  const columns = [...new Set([...keys, ...(measures.map(([column]) => column) as Array<RollupColumn<T>>)])];
  const byBucket = read.by.includes('bucket');
  // Grouped by time alone (the overview's trends: a visit a bucket of every integration's spans), the bucket is the key itself.
  const folded = new Map<string | number, GroupedRow>();
  /** The group of a row's keys (`bucket`: its time, when grouped by time), made on first sight. */
  const groupOf = (row: Record<string, unknown>, bucket: number): GroupedRow => {
    let key: string | number = bucket;
    if (keys.length > 0) {
      key = byBucket ? String(bucket) : '';
      for (const column of keys) key += `\u0000${row[column] as string}`;
    }
    let group = folded.get(key);
    if (!group) {
      group = {};
      for (const column of read.by) group[column] = column === 'bucket' ? bucket : String(row[column]);
      for (const [column, fold] of measures) group[column] = fold === 'sum' ? 0 : -Infinity;
      folded.set(key, group);
    }
    return group;
  };
  const add = (group: GroupedRow, values: Record<string, unknown>) => {
    for (const [column, fold] of measures) {
      const measured = Number(values[column] ?? 0);
      group[column] = fold === 'sum' ? (group[column] as number) + measured : Math.max(group[column] as number, measured);
    }
  };
  for (const segment of segments) {
    const rows = await readConfined(read.integrations, (chunk) => {
      const narrow: Narrow = (query) => whereIn(read.narrow ? read.narrow(query) : query, 'integration', chunk);
      const grouped = segmentQuery(db, read.table, segment, columns, narrow)
        .select([...read.by] as string[])
        .select((eb) => measures.map(([column, fold]) => (fold === 'sum' ? eb.fn.sum(column) : eb.fn.max(column)).as(column)))
        .groupBy([...read.by]);
      const output = [...read.by, ...measures.map(([column]) => column)] as string[];
      return withSpans(db, read.table, segment, narrow, grouped, output, { sketches: false }).execute() as Promise<Array<GroupedRow & PackedColumns>>;
    });
    for (const row of rows) {
      // A span's buckets share its row's dimensions: without time in the groups, their sum is one addition.
      const totals = byBucket ? undefined : packedTotals(read.table, segment, row);
      if (totals) add(groupOf(row, 0), totals);
      else if (!forEachPackedBucket(read.table, segment, row, (bucket) => add(groupOf(row, bucket.bucket), bucket))) add(groupOf(row, byBucket ? Number(row['bucket']) : 0), row);
    }
  }
  return [...folded.values()];
}
