/**
 * The compactor's worker thread on SQLite (started by rollup/sqlite-compactor.ts): runs
 * `compactTable`, the code every compactor runs, on a connection of its own: `{ ready: true }` once
 * open, then one table's pass per message `{ id, table }`, answering `{ id, result: folded }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, sql } from 'kysely';
import type { Database } from '../store/schema.js';
import { SIDE_WRITER_CACHE_MIB, sqliteDialect } from '../store/sqlite-dialect.js';
import { compactTable } from './compact.js';
import { ROLLUP_TABLES } from './tables.js';

const port = parentPort!;
const db = new Kysely<Database>({ dialect: sqliteDialect((workerData as { file: string }).file, { fileMustExist: true }, SIDE_WRITER_CACHE_MIB) });
// The server's checkpoint worker checkpoints (store/wal.ts): one run here, inside a commit, would
// keep the server's connection waiting while it copies pages.
await sql`pragma wal_autocheckpoint = 0`.execute(db);
port.postMessage({ ready: true });

port.on('message', async ({ id, table }: { id: number; table: string }) => {
  try {
    const spec = ROLLUP_TABLES.find((candidate) => candidate.table === table);
    if (!spec) throw new Error(`no rollup table ${table}`);
    port.postMessage({ id, result: await compactTable(db, spec) });
  } catch (error) {
    port.postMessage({ id, error: { message: (error as Error).message, code: (error as { code?: string }).code } });
  }
});
