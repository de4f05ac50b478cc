import type { Kysely } from 'kysely';
import type { RetentionConfig } from '../config.js';
import { ROLLUP_TABLES } from '../rollup/tables.js';
import type { Database } from './schema.js';

/** Rows deleted per statement, so a large backlog never holds the write lock for long. */
const CHUNK = 5_000;

export interface RetentionResult {
  records: number;
  rollups: number;
}

async function deleteInChunks(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await run();
    total += deleted;
    if (deleted < CHUNK) return total;
  }
}

/** Deletes raw records and rollup rows older than their configured retention. */
export async function enforceRetention(db: Kysely<Database>, retention: RetentionConfig, now: number): Promise<RetentionResult> {
  // Per integration, so the (integration, ts) index serves: a ts index of its own would cost
  // every ingest more than this job ever saves.
  let records = 0;
  for (const { id } of await db.selectFrom('integrations_seen').select('id').execute()) {
    records += await deleteInChunks(async () => {
      const victims = db
        .selectFrom('records')
        .select('id')
        .where('integration', '=', id)
        .where('ts', '<', now - retention.rawMs)
        .limit(CHUNK);
      const result = await db.deleteFrom('records').where('id', 'in', victims).executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
  // Every rollup table keeps each tier as long as the calls' tier: a 30-day flow view needs the
  // same tiers a 30-day call view does. Only compacted rows go: a partial row past its tier's age
  // (a late record) holds calls no coarser tier has yet, and stays until the compactor carries it.
  let rollups = 0;
  for (const { table } of ROLLUP_TABLES) {
    for (const [resolution, keepMs] of Object.entries(retention.rollupMs)) {
      rollups += await deleteInChunks(async () => {
        const victims = db
          .selectFrom(table)
          .select('id')
          .where('resolution_ms', '=', Number(resolution))
          .where('bucket', '<', now - keepMs)
          .where('compacted', '=', 1)
          .limit(CHUNK);
        const result = await db.deleteFrom(table).where('id', 'in', victims).executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    }
  }
  // Series values no batch has carried for the raw retention free their place under the
  // cardinality limits (ingest/cardinality.ts).
  await db.deleteFrom('ingest_series').where('last_seen', '<', now - retention.rawMs).execute();
  return { records, rollups };
}
