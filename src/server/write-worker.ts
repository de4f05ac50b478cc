/**
 * SQLite's ingest writer thread (started by server/sqlite-writer.ts): commits each batch it is sent
 * with `commitRecords` on a connection of its own: `{ ready: true }` once open, then one batch per
 * message `{ id, records, receivedAt, series }`, answering `{ id, result: null }` once committed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, sql } from 'kysely';
import { committerOn, type RecordBatch } from '../ingest/commit.js';
import type { LeadTimeEvents } from '../flow/events.js';
import type { Database } from '../store/schema.js';
import { sqliteDialect } from '../store/sqlite-dialect.js';
import { commitSteps } from './commit-steps.js';

const port = parentPort!;
const { file, leadTime, checkpointed } = workerData as { file: string; leadTime: LeadTimeEvents; checkpointed: boolean };
const db = new Kysely<Database>({ dialect: sqliteDialect(file, { fileMustExist: true }) });
// A checkpoint inside a commit here would keep the server's connection held while it copies pages.
if (checkpointed) await sql`pragma wal_autocheckpoint = 0`.execute(db);
const commit = committerOn(db, commitSteps(leadTime));
port.postMessage({ ready: true });

port.on('message', async ({ id, ...batch }: RecordBatch & { id: number }) => {
  try {
    await commit(batch);
    port.postMessage({ id, result: null });
  } catch (error) {
    port.postMessage({ id, error: { message: (error as Error).message, code: (error as { code?: string }).code } });
  }
});
