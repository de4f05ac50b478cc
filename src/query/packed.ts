import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Outcome } from '../common/outcome.js';
import { COUNTS_WIDTH, PACKED_TABLES, addSpanCounts, forEachBucket, isPacked, namedCounts, packs, spanLength, totalsTable, type PackedBucket } from '../rollup/spans.js';
import { isPostgres } from '../store/partitions.js';
import type { Database } from '../store/schema.js';
import type { Segment } from './plan.js';
import type { Narrow, RollupTableName } from './segment-query.js';

/** The columns a read with spans ends with: null on the caller's own rows, the span's on span rows. */
export interface PackedColumns {
  packed_span: number | string | null;
  packed_counts: Uint8Array | null;
  packed_sketches: Uint8Array | null;
  /** Read with `sketches: 'merged'`: a span wholly inside the segment with a total, its buckets' sketches merged (and no `packed_sketches`). */
  packed_total?: Uint8Array | null;
  /** Read end to end (`endToEnd`): the lengths of the spans' counts in `packed_counts`, in order, as a comma-separated list. */
  packed_lengths?: string | null;
}

/**
 * Every span's counts of a group end to end, and their lengths in the same order: the one place
 * the two engines are asked differently (PostgreSQL's string_agg takes bytea as it is; SQLite's
 * group_concat keeps a blob's bytes as text, so it is cast back, and its two aggregates visit the
 * group's rows in one order).
 */
function countsEndToEnd(db: Kysely<any>) {
  return isPostgres(db)
    ? { counts: sql`string_agg(counts, ''::bytea order by id)`, lengths: sql`string_agg(length(counts)::text, ',' order by id)` }
    : { counts: sql`cast(group_concat(counts, '') as blob)`, lengths: sql`group_concat(length(counts))` };
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
 * `sketches: 'merged'`: the reader only adds up what it reads, so a span wholly inside the segment
 * whose tier keeps totals (spans.ts) answers its total instead (`packed_total`), and none of its
 * buckets' sketches are read; `forEachPackedBucket` visits it as one bucket.
 */
export function withSpans(
  db: Kysely<Database>,
  table: RollupTableName,
  segment: Segment,
  narrow: Narrow,
  query: SelectQueryBuilder<any, any, any>,
  output: readonly string[],
  options: { sketches: boolean | 'merged'; endToEnd?: boolean },
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
  if (options.endToEnd) {
    // The spans of a start are joined across their series: a dimension asked for would have no one value.
    const dimension = output.find((column) => dimensions.has(column));
    if (dimension !== undefined) throw new Error(`spans read end to end cannot answer the dimension ${dimension}`);
    // A read grouped by time alone (the overview's trends): the spans of each start as one row. The
    // store then sends a row per span start, not per integration (a day of ten-minute trends at
    // 1,000 integrations: 25 rows, not 24,000, in 12–16 ms instead of 110–200 on SQLite).
    const { counts, lengths } = countsEndToEnd(db as unknown as Kysely<any>);
    const joined = spans
      .select([...output.map((column) => sql`null`.as(column)), sql.ref('span').as('packed_span'), counts.as('packed_counts'), sql`null`.as('packed_sketches'), lengths.as('packed_lengths')])
      .groupBy('span');
    return query.select([sql`null`.as('packed_span'), sql`null`.as('packed_counts'), sql`null`.as('packed_sketches'), sql`null`.as('packed_lengths')]).unionAll(joined);
  }
  const totals = options.sketches === 'merged' ? totalsTable(packed, segment.resolution) : undefined;
  const common = [...output.map((column) => (dimensions.has(column) ? sql.ref(column).as(column) : sql`null`.as(column))), sql.ref('span').as('packed_span'), sql.ref('counts').as('packed_counts')];
  const nulls = [sql`null`.as('packed_span'), sql`null`.as('packed_counts'), sql`null`.as('packed_sketches')];
  if (totals !== undefined) {
    const span = sql.ref(`${packed.table}.span`);
    const whole = sql`${span} >= ${sql.lit(segment.from)} and ${span} + ${sql.lit(spanLength(packed, segment.resolution))} <= ${sql.lit(segment.to)}`;
    const total = sql.ref(`${totals}.total`);
    // The days' sketches only of spans answered without a total: a subquery, not a join, so a
    // whole week's are not even looked up (SQLite would read the first page of each).
    const ownSketches = sql`(select sketches from ${sql.table(packed.sketchTable)} where span_id = ${sql.ref(`${packed.table}.id`)})`;
    const answered = spans
      .leftJoin(totals, `${totals}.span_id`, `${packed.table}.id`)
      .select([...common, sql`case when ${whole} and ${total} is not null then null else ${ownSketches} end`.as('packed_sketches'), sql`case when ${whole} then ${total} end`.as('packed_total')]);
    return query.select([...nulls, sql`null`.as('packed_total')]).unionAll(answered);
  }
  // The packer writes a span and its sketches in one transaction, so every span has its row there.
  if (options.sketches) spans = spans.innerJoin(packed.sketchTable, `${packed.sketchTable}.span_id`, `${packed.table}.id`);
  const answered = spans.select([...common, options.sketches ? sql.ref('sketches').as('packed_sketches') : sql`null`.as('packed_sketches')]);
  return query.select(nulls).unionAll(answered);
}

/** Where a span row's counts are in `packed_counts`: the one span's, or read end to end, each series' span of the start in turn. */
function* countParts(row: PackedColumns & { packed_counts: Uint8Array }): Generator<{ start: number; end: number }> {
  if (!row.packed_lengths) {
    yield { start: 0, end: row.packed_counts.length };
    return;
  }
  let start = 0;
  for (const length of row.packed_lengths.split(',')) {
    const end = start + Number(length);
    yield { start, end };
    start = end;
  }
}

function isSpan(row: Partial<PackedColumns>): row is PackedColumns & { packed_counts: Uint8Array } {
  return row.packed_counts !== null && row.packed_counts !== undefined;
}

/**
 * For a row of a read made by `withSpans`: if it is a span, calls `visit` with each of its
 * buckets inside the segment and answers true; a row of the caller's own, false.
 */
export function forEachPackedBucket(table: RollupTableName, segment: Segment, row: Partial<PackedColumns>, visit: (bucket: PackedBucket) => void): boolean {
  if (!isPacked(table) || !isSpan(row)) return false;
  const span = Number(row.packed_span);
  if (row.packed_total) {
    visit(wholeSpan(segment, row, row.packed_total));
    return true;
  }
  const sketches = row.packed_lengths ? null : (row.packed_sketches ?? null);
  for (const { start, end } of countParts(row)) forEachBucket(PACKED_TABLES[table], segment.resolution, span, row.packed_counts.subarray(start, end), sketches, segment.from, segment.to, visit);
  return true;
}

/** A span read with its total, as one bucket: the span's counts added up, and the total as its sketch. */
function wholeSpan(segment: Segment, row: PackedColumns & { packed_counts: Uint8Array }, total: Uint8Array): PackedBucket {
  const span = Number(row.packed_span);
  const counts = new Float64Array(COUNTS_WIDTH);
  addSpanCounts(segment.resolution, span, row.packed_counts, { start: 0, end: row.packed_counts.length }, segment, counts, false);
  return { ...namedCounts(counts, 0), bucket: span, latency_sketch: total };
}

/** A span row's counts (`addSpanCounts`'s layout): per bucket of the span, or added up at index 0; and which buckets it holds. */
export interface SpanCounts {
  span: number;
  counts: Float64Array;
  present: Uint8Array;
}

/**
 * For a row of a read made by `withSpans`: if it is a span (or, read end to end, every series'
 * span of one start), its buckets' counts inside the segment, added up bucket by bucket
 * (`byBucket`) or all together; a row of the caller's own, undefined. A row's buckets come back
 * once each, however many series were joined into it.
 */
export function packedCounts(table: RollupTableName, segment: Segment, row: Partial<PackedColumns>, byBucket: boolean): SpanCounts | undefined {
  if (!isPacked(table) || !isSpan(row)) return undefined;
  const span = Number(row.packed_span);
  const buckets = byBucket ? spanLength(PACKED_TABLES[table], segment.resolution) / segment.resolution : 1;
  const counts = new Float64Array(buckets * COUNTS_WIDTH);
  const present = new Uint8Array(buckets);
  for (const part of countParts(row)) addSpanCounts(segment.resolution, span, row.packed_counts, part, segment, counts, byBucket, present);
  return { span, counts, present };
}

/** For a row of a read made by `withSpans`: if it is a span, its buckets' counts inside the segment added up, by name; a row of the caller's own, undefined. */
export function packedTotals(table: RollupTableName, segment: Segment, row: Partial<PackedColumns>): Record<Outcome | 'volume', number> | undefined {
  const totals = packedCounts(table, segment, row, false);
  return totals && namedCounts(totals.counts, 0);
}
