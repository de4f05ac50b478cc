import { sql, type Kysely } from 'kysely';
import type { RetentionConfig } from '../config.js';
import { ROLLUP_TABLES } from '../rollup/tables.js';
import { DAILY_PARENTS, dropExpiredPartitions, ensureAhead, isPostgres, partitionedParents } from './partitions.js';
import type { Database } from './schema.js';
import { deleteOldLogs } from '../logs/retention.js';

/** Rows deleted per statement, so a large backlog never holds the write lock for long. */
const CHUNK = 5_000;

/** Pages given back to the file system per incremental_vacuum step (4 MiB at 4 KiB pages). */
const VACUUM_PAGES = 1_024;

export interface RetentionResult {
  /** Raw records deleted row by row (SQLite). */
  records: number;
  /** Rollup rows deleted row by row (SQLite; the hour and day tiers on PostgreSQL). */
  rollups: number;
  /** Day partitions dropped whole (PostgreSQL: raw records, minute and ten-minute tiers, log lines). */
  partitions: number;
  /** Raw log lines deleted row by row (SQLite; PostgreSQL drops their days: src/logs/retention.ts). */
  logs: number;
}

async function deleteInChunks(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await run();
    total += deleted;
    if (deleted < CHUNK) return total;
  }
}

/**
 * Removes raw records and rollup rows older than their configured retention. On PostgreSQL the
 * daily partitions of records and of the fine tiers go whole once their whole day is past it
 * (so a row stays up to a day longer than its retention), and the coming days' partitions are
 * made here too; rows of the other tiers are deleted. On SQLite rows are deleted and the freed
 * pages handed back to the file system, so the file shrinks as well as stops growing.
 */
export async function enforceRetention(db: Kysely<Database>, retention: RetentionConfig, now: number, checkpointWal?: () => Promise<unknown>): Promise<RetentionResult> {
  const partitioned = await partitionedParents(db);
  let records = 0;
  let partitions = 0;
  if (partitioned.size > 0) {
    await ensureAhead(db, now);
    partitions = await dropExpiredPartitions(db, retention, now);
  }
  if (!partitioned.has('records')) {
    records = await deleteInChunks(async () => {
      const victims = db.selectFrom('records').select('id').where('ts', '<', now - retention.rawMs).limit(CHUNK);
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
      if (DAILY_PARENTS.some((p) => p.table === table && p.resolution === Number(resolution) && partitioned.has(p.parent))) continue;
      rollups += await deleteInChunks(async () => {
        const victims = db
          .selectFrom(table)
          .select('id')
          .where('resolution_ms', '=', Number(resolution))
          .where('bucket', '<', now - keepMs)
          .where('compacted', '=', 1)
          .limit(CHUNK);
        // The bounds again beside the ids: PostgreSQL's rollup tables have no index on id alone.
        const result = await db
          .deleteFrom(table)
          .where('resolution_ms', '=', Number(resolution))
          .where('bucket', '<', now - keepMs)
          .where('id', 'in', victims)
          .executeTakeFirst();
        return Number(result.numDeletedRows);
      });
    }
  }
  const logs = await deleteOldLogs(db, now - retention.logsMs, deleteInChunks, CHUNK, partitioned.has('log_records'));
  // Series values no batch has carried for the raw retention free their place under the
  // cardinality limits (ingest/cardinality.ts).
  await db.deleteFrom('ingest_series').where('last_seen', '<', now - retention.rawMs).execute();
  if (!isPostgres(db) && records + rollups + logs > 0) await releasePages(db, checkpointWal);
  return { records, rollups, partitions, logs };
}

/**
 * Hands the free pages of the SQLite file back to the file system, a step at a time so the write
 * lock is never held long (a no-op on a file still without incremental auto-vacuum). The WAL is
 * checkpointed first: pages freed in it are not free in the file until then. A server gives its
 * own checkpoint (store/wal.ts: off the event loop, the WAL reset without waiting on readers);
 * without one (the CLI, tests) the main connection checkpoints.
 */
async function releasePages(db: Kysely<Database>, checkpointWal?: () => Promise<unknown>): Promise<void> {
  await (checkpointWal?.() ?? sql`pragma wal_checkpoint(passive)`.execute(db));
  for (;;) {
    const free = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(db);
    if (Number(free.rows[0]?.freelist_count ?? 0) === 0) break;
    await sql`pragma incremental_vacuum(${sql.lit(VACUUM_PAGES)})`.execute(db);
    const after = await sql<{ freelist_count: number }>`pragma freelist_count`.execute(db);
    // Nothing released (a reader pins the pages, or auto-vacuum is off): try again next run.
    if (Number(after.rows[0]?.freelist_count ?? 0) >= Number(free.rows[0]?.freelist_count ?? 0)) break;
  }
  await (checkpointWal?.() ?? sql`pragma wal_checkpoint(truncate)`.execute(db));
}
