import { statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { SqliteCheckpointer } from './checkpointer.js';
import type { Database } from './schema.js';
import type { SqliteReadPool } from './sqlite-reads.js';

/** A WAL past this is reset by the next `store.wal` run. */
export const WAL_RESET_BYTES = 64 * 1024 * 1024;

/**
 * How often `store.wal` runs. The main connection's automatic checkpoint is off while it does;
 * at the most the server ingests, a second of WAL is a few MB for the next checkpoint to copy.
 */
export const WAL_CHECKPOINT_EVERY_MS = 1_000;

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * While the main connection is held for the reset, a snapshot still in the way (a reader in
 * another process, a read worker stopped while its statement ran on) is waited for this long at
 * most: every write waits meanwhile. The reset is tried again on the next run.
 */
const RESET_BUSY_MS = 100;

/**
 * SQLite, one run of the `store.wal` job, every checkpoint on the checkpoint worker so the event
 * loop never copies pages: a PASSIVE checkpoint carries what the readers no longer need into the
 * database. Once the WAL file has grown past `maxBytes` it is reset, with the read workers held
 * between statements (a WAL is only reset when no reader holds a snapshot in it; with reads always
 * under way it would otherwise grow without end) and the main connection held (a write beginning
 * meanwhile would wait for its lock in SQLite's busy handler, which sleeps on the event loop; held
 * here, it waits as a promise): a PASSIVE checkpoint copies what was committed since this job's
 * last copy, a second before, and a TRUNCATE empties the file.
 * Returns the bytes the WAL had when reset, or 0 when it was not.
 */
export async function checkpointWal(db: Kysely<Database>, file: string, readers: SqliteReadPool, checkpointer: SqliteCheckpointer, maxBytes = WAL_RESET_BYTES): Promise<number> {
  await checkpointer.checkpoint('PASSIVE');
  const size = walBytes(file);
  if (size < maxBytes) return 0;
  // The main connection first, the readers then: a compactor or packer pass can hold the
  // connection for seconds, and the reads must not wait behind it. Writes wait instead, for the
  // reads under way to end and for what was committed since the last run's copy.
  const reset = await db.connection().execute(() =>
    readers.whileIdle(async () => {
      await checkpointer.checkpoint('PASSIVE');
      return checkpointer.checkpoint('TRUNCATE', RESET_BUSY_MS);
    }),
  );
  return reset.busy === 0 ? size : 0;
}
