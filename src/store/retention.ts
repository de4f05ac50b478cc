import { sql, type Kysely } from 'kysely';
import type { RetentionConfig } from '../config.js';
import { LATE_MARKS_KEPT_MS } from '../rollup/late-calls.js';
import { PACKED_TABLES, packs, spanLength, totalsTable } from '../rollup/spans.js';
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
  /** Rows of alert and health history deleted (see pruneHistory). */
  history: number;
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
  // Packed spans go once their whole span is past the tier's retention: the newest of them keep
  // buckets up to a span longer (an hour of minutes, a week of hours), a few rows a series.
  for (const packed of Object.values(PACKED_TABLES)) {
    const { table, sketchTable } = packed;
    for (const [resolution, keepMs] of Object.entries(retention.rollupMs)) {
      if (!packs(packed, Number(resolution))) continue;
      const expiredBefore = now - keepMs - spanLength(packed, Number(resolution));
      rollups += await deleteInChunks(() =>
        db.transaction().execute(async (tx) => {
          const victims = (await tx.selectFrom(table).select('id').where('resolution_ms', '=', Number(resolution)).where('span', '<=', expiredBefore).limit(CHUNK).execute()).map((row) => row.id);
          if (victims.length === 0) return 0;
          await tx.deleteFrom(sketchTable).where('span_id', 'in', victims).execute();
          const result = await tx.deleteFrom(table).where('id', 'in', victims).executeTakeFirst();
          // After the spans, as the packer does (takeSpans): a total being written for one of them meanwhile is then committed and seen.
          const totals = totalsTable(packed, Number(resolution));
          if (totals !== undefined) await tx.deleteFrom(totals).where('span_id', 'in', victims).execute();
          return Number(result.numDeletedRows);
        }),
      );
    }
  }
  const logs = await deleteOldLogs(db, now - retention.logsMs, deleteInChunks, CHUNK, partitioned.has('log_records'));
  // Series values no batch has carried for the raw retention free their place under the
  // cardinality limits (ingest/cardinality.ts).
  await db.deleteFrom('ingest_series').where('last_seen', '<', now - retention.rawMs).execute();
  // Marks of late calls outlive what a board keeps without reading them (rollup/late-calls.ts).
  // Here, not in the commits that write them, where the delete's locks would hold one late batch behind another.
  await deleteInChunks(async () => {
    const victims = db.selectFrom('late_calls').select('id').where('noted_at', '<', now - LATE_MARKS_KEPT_MS).limit(CHUNK);
    return Number((await db.deleteFrom('late_calls').where('id', 'in', victims).executeTakeFirst()).numDeletedRows);
  });
  const history = await pruneHistory(db, now - retention.historyMs);
  if (!isPostgres(db) && records + rollups + logs + history > 0) await releasePages(db, checkpointWal);
  return { records, rollups, partitions, logs, history };
}

/**
 * Deletes the alert and health history older than `cutoff`, which grows with every firing, repeat
 * and status change however few integrations there are. Alert rows themselves stay (one per
 * fingerprint, reused by each firing); notifications still pending stay whatever their age; each
 * integration keeps its newest health change, which says the status it is in; a silence goes once it
 * ended (or was expired) before the cutoff.
 */
async function pruneHistory(db: Kysely<Database>, cutoff: number): Promise<number> {
  const counted = (remove: () => Promise<{ numDeletedRows: bigint }>) => () => deleteInChunks(async () => Number((await remove()).numDeletedRows));
  const tables = [
    counted(() =>
      db.deleteFrom('alert_events').where('id', 'in', db.selectFrom('alert_events').select('id').where('ts', '<', cutoff).limit(CHUNK)).executeTakeFirst(),
    ),
    counted(() =>
      db
        .deleteFrom('notifications')
        .where('id', 'in', db.selectFrom('notifications').select('id').where('status', 'in', ['delivered', 'dead']).where('next_attempt_at', '<', cutoff).limit(CHUNK))
        .executeTakeFirst(),
    ),
    counted(() =>
      db.deleteFrom('recovery_runs').where('id', 'in', db.selectFrom('recovery_runs').select('id').where('started_at', '<', cutoff).limit(CHUNK)).executeTakeFirst(),
    ),
    counted(() =>
      db.deleteFrom('customer_reports').where('id', 'in', db.selectFrom('customer_reports').select('id').where('reported_at', '<', cutoff).limit(CHUNK)).executeTakeFirst(),
    ),
    counted(() =>
      db
        .deleteFrom('health_changes')
        .where(
          'id',
          'in',
          db
            .selectFrom('health_changes as old')
            .select('old.id')
            .where('old.ts', '<', cutoff)
            .where((eb) => eb.exists(eb.selectFrom('health_changes as newer').select('newer.id').whereRef('newer.integration', '=', 'old.integration').whereRef('newer.ts', '>', 'old.ts')))
            .limit(CHUNK),
        )
        .executeTakeFirst(),
    ),
    counted(() =>
      db
        .deleteFrom('silences')
        .where('id', 'in', db.selectFrom('silences').select('id').where((eb) => eb.or([eb('ends_at', '<', cutoff), eb('expired_at', '<', cutoff)])).limit(CHUNK))
        .executeTakeFirst(),
    ),
  ];
  let deleted = 0;
  // One table after another: each holds the write lock for a chunk at a time, never several at once.
  for (const prune of tables) deleted += await prune();
  return deleted;
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
