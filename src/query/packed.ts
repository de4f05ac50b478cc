import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Outcome } from '../common/outcome.js';
import { PACKED_TABLES, forEachBucket, isPacked, packs, spanLength, sumBuckets, type PackedBucket } from '../rollup/spans.js';
import type { Database } from '../store/schema.js';
import type { Segment } from './plan.js';
import type { Narrow, RollupTableName } from './segment-query.js';

/** The columns a read with spans ends with: null on the caller's own rows, the span's on span rows. */
export interface PackedColumns {
  packed_span: number | string | null;
  packed_counts: Uint8Array | null;
  packed_sketches: Uint8Array | null;
}

/**
 * A read of a segment of the call or per-integration rollups (`query`, built on `segmentQuery`
 * and selecting `output` in that order) with the segment's packed spans added to its answer, in
 * the same statement: so one snapshot on either engine, and a span the packer writes meanwhile
 * (taking the rows it packs away in the same transaction) is seen either as its rows or as the
 * span, never both. Span rows give the dimensions among `output` and null for the rest (sums,
 * times), the span's start, its counts, and its sketches if `sketches` (joined from their own
 * table; else null, and a reader of counts reads none of their bytes). The caller folds them with
 * `forEachPackedBucket`. `narrow` is the segment's: the span tables have the same dimension columns.
 * Other rollup tables, and tiers kept as rows, have no spans: the query is given back as it is.
 */
export function withSpans(
  db: Kysely<Database>,
  table: RollupTableName,
  segment: Segment,
  narrow: Narrow,
  query: SelectQueryBuilder<any, any, any>,
  output: readonly string[],
  options: { sketches: boolean },
): SelectQueryBuilder<any, any, any> {
  if (!isPacked(table) || !packs(PACKED_TABLES[table], segment.resolution)) return query;
  const packed = PACKED_TABLES[table];
  const dimensions = new Set<string>(packed.rollups.dimensions);
  let spans = narrow(
    (db as unknown as Kysely<any>)
      .selectFrom(packed.table)
      .where('resolution_ms', '=', sql.lit(segment.resolution))
      .where('span', '>', segment.from - spanLength(packed, segment.resolution))
      .where('span', '<', segment.to),
  );
  // The packer writes a span and its sketches in one transaction, so every span has its row there.
  if (options.sketches) spans = spans.innerJoin(packed.sketchTable, `${packed.sketchTable}.span_id`, `${packed.table}.id`);
  const answered = spans.select([
    ...output.map((column) => (dimensions.has(column) ? sql.ref(column).as(column) : sql`null`.as(column))),
    sql.ref('span').as('packed_span'),
    sql.ref('counts').as('packed_counts'),
    options.sketches ? sql.ref('sketches').as('packed_sketches') : sql`null`.as('packed_sketches'),
  ]);
  return query.select([sql`null`.as('packed_span'), sql`null`.as('packed_counts'), sql`null`.as('packed_sketches')]).unionAll(answered);
}

/**
 * For a row of a read made by `withSpans`: if it is a span, calls `visit` with each of its
 * buckets inside the segment and answers true; a row of the caller's own, false.
 */
export function forEachPackedBucket(table: RollupTableName, segment: Segment, row: Partial<PackedColumns>, visit: (bucket: PackedBucket) => void): boolean {
  if (row.packed_counts === null || row.packed_counts === undefined || !isPacked(table)) return false;
  const span = Number(row.packed_span);
  forEachBucket(PACKED_TABLES[table], segment.resolution, span, row.packed_counts, row.packed_sketches ?? null, segment.from, segment.to, visit);
  return true;
}

/** For a row of a read made by `withSpans`: if it is a span, its buckets' counts inside the segment added up; a row of the caller's own, undefined. */
export function packedTotals(table: RollupTableName, segment: Segment, row: Partial<PackedColumns>): Record<Outcome | 'volume', number> | undefined {
  if (row.packed_counts === null || row.packed_counts === undefined || !isPacked(table)) return undefined;
  return sumBuckets(segment.resolution, Number(row.packed_span), row.packed_counts, segment.from, segment.to);
}
