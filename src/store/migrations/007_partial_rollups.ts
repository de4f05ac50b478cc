import { sql, type Kysely } from 'kysely';

const ROLLUP_TABLES = ['call_rollups', 'event_rollups', 'lead_time_rollups'] as const;

/**
 * Every read of a coarse tier also takes the partial rows of the finer tiers inside its span
 * (what the compactor has not carried up yet; src/query/segment-query.ts). Partial rows are few,
 * so indexes of them alone find them directly, and a read never walks the compacted rows of the
 * finer tiers, which are most of each table: by integration and bucket for a read of some
 * integrations, by bucket for a read of all of them (the board, the flow view). With only the
 * first, SQLite reads all of them through the (resolution_ms, bucket) index instead, every finer
 * row of every bucket; with only the second, a read of some integrations' events through the
 * (integration, name, resolution_ms, bucket) one, every finer row of those series. Ingest and the
 * compactor pay for them on partial rows only.
 */
export function partialRollups() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const table of ROLLUP_TABLES) {
        await db.schema.createIndex(`${table}_partial_by_integration`).on(table).columns(['integration', 'bucket']).where(sql.ref('compacted'), '=', 0).execute();
        await db.schema.createIndex(`${table}_partial_by_bucket`).on(table).column('bucket').where(sql.ref('compacted'), '=', 0).execute();
      }
    },
  };
}
