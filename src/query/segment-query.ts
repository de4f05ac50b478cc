import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { RESOLUTIONS } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import type { Segment } from './plan.js';

export type RollupTableName = 'call_rollups' | 'integration_rollups' | 'event_rollups' | 'lead_time_rollups' | 'run_rollups' | 'gauge_rollups' | 'log_rollups' | 'log_error_rollups';

/** A column of a rollup table a reader may take (bucket comes with every row). */
export type RollupColumn<T extends RollupTableName> = Exclude<keyof Database[T] & string, 'id' | 'bucket' | 'resolution_ms' | 'compacted'>;

/** A read of a rollup table being built; the table is named by the caller, so it is untyped. */
export type RollupQuery = SelectQueryBuilder<any, any, {}>;

/** Conditions of the caller (integration, filters, names), added to both halves of the read. */
export type Narrow = (query: RollupQuery) => RollupQuery;

const FINEST = RESOLUTIONS[0];

/**
 * The rows that hold the calls (events, lead times) of one segment of a plan, each exactly once,
 * as a query for the caller to select from (the rows are the derived table `r`: `bucket` and
 * `columns`).
 *
 * The compactor keeps this invariant: a call is in a partial row (compacted = 0) at exactly one
 * tier, its frontier; in compacted rows at every finer tier; at no coarser tier. So the calls of
 * a segment at tier R over [from, to) are (a) every row of tier R there, partial or compacted, and
 * (b) every partial row of a finer tier there, whose calls the compactor has not carried up to R
 * yet: ingest writes minutes only, so without (b) a late call (a client's buffer flushed after an
 * outage, a backfill) would be missing from every coarser tier until the compactor caught up.
 * Both halves are one statement, so one snapshot on either engine: a compaction committing in
 * between cannot move a call from (b) to (a), to be counted twice, or the other way, to be missed.
 * Rows of (b) carry their finer bucket floored to R, so callers group and place rows by the
 * segment's own buckets. Partial rows are few (the compactor runs every second), and partial
 * indexes of them alone (migration 006) find those of a window directly, without walking the
 * compacted rows of the finer tiers.
 */
export function segmentQuery<T extends RollupTableName>(
  db: Kysely<Database>,
  table: T,
  segment: Segment,
  columns: ReadonlyArray<RollupColumn<T>>,
  narrow: Narrow = (query) => query,
): SelectQueryBuilder<any, 'r', {}> {
  const store = db as unknown as Kysely<any>;
  const R = sql.lit(segment.resolution);
  const read = columns as readonly string[];
  const inSpan = (query: RollupQuery): RollupQuery => query.where('bucket', '>=', segment.from).where('bucket', '<', segment.to);
  const own = narrow(inSpan(store.selectFrom(table as string).where('resolution_ms', '=', R))).select(['bucket', ...read]);
  if (segment.resolution <= FINEST) return store.selectFrom(own.as('r'));
  const finer = narrow(inSpan(store.selectFrom(table as string).where('compacted', '=', sql.lit(0)).where('resolution_ms', '<', R))).select([
    sql<number>`(bucket / ${R}) * ${R}`.as('bucket'),
    ...read,
  ]);
  return store.selectFrom(own.unionAll(finer).as('r'));
}
