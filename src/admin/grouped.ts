import type { Kysely } from 'kysely';
import type { Segment } from '../query/plan.js';
import { segmentQuery, type Narrow, type RollupColumn, type RollupTableName } from '../query/segment-query.js';
import { forEachPackedBucket, withSpans, type PackedColumns } from '../query/packed.js';
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
  const folded = new Map<string, GroupedRow>();
  // `bucket`: one of a span's buckets (its counts and time), `row` then the span's row (its dimensions).
  const fold = (row: Record<string, unknown>, bucket?: Record<string, unknown>) => {
    const value = (column: string) => (bucket !== undefined && bucket[column] !== undefined ? bucket[column] : row[column]);
    const key = read.by.map((column) => String(value(column))).join('\u0000');
    const into = folded.get(key);
    if (!into) {
      const fresh: GroupedRow = {};
      for (const column of read.by) fresh[column] = column === 'bucket' ? Number(value(column)) : String(value(column));
      for (const [column] of measures) fresh[column] = Number(value(column) ?? 0);
      folded.set(key, fresh);
      return;
    }
    for (const [column, fold] of measures) {
      const measured = Number(value(column) ?? 0);
      into[column] = fold === 'sum' ? (into[column] as number) + measured : Math.max(into[column] as number, measured);
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
      if (!forEachPackedBucket(read.table, segment, row, (bucket) => fold(row, bucket))) fold(row);
    }
  }
  return [...folded.values()];
}
