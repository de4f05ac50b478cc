import { Kysely, sql } from 'kysely';
import { engineOf } from './engine.js';
import { postgresDialect } from './open.js';
import type { Database } from './schema.js';
import { sqliteDialect } from './sqlite-dialect.js';

/** Where a worker thread of the server (the ingest writer, the compactor) opens the server's store: plain data for `workerData`. */
export type WorkerStore =
  /** `cacheMiB`: the connection's page cache; `checkpointed`: the server's checkpoint worker checkpoints, so this connection must not. */
  | { engine: 'sqlite'; file: string; cacheMiB: number; checkpointed: boolean }
  /** `schema`: the server connection's schema, so that the worker's connections work beside it. */
  | { engine: 'postgres'; url: string; schema: string | undefined; poolSize: number };

/** The store `database` (a SQLite file or a PostgreSQL URL) as the server's connection `db` sees it, for a worker to open. */
export async function workerStoreOf(
  db: Kysely<Database>,
  database: string,
  options: { cacheMiB: number; checkpointed: boolean; poolSize: number },
): Promise<WorkerStore> {
  if (engineOf(database) === 'sqlite') return { engine: 'sqlite', file: database, cacheMiB: options.cacheMiB, checkpointed: options.checkpointed };
  // The server's pool may be in a schema of its own (tests; a search_path in the URL).
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return { engine: 'postgres', url: database, schema: rows[0]?.schema, poolSize: options.poolSize };
}

/** Opens the store in the worker: a connection of its own on SQLite, a pool of its own on PostgreSQL. */
export async function openWorkerStore(store: WorkerStore): Promise<Kysely<Database>> {
  if (store.engine === 'postgres') {
    return new Kysely<Database>({ dialect: postgresDialect(store.url, { poolSize: store.poolSize, ...(store.schema ? { schema: store.schema } : {}) }) });
  }
  const db = new Kysely<Database>({ dialect: sqliteDialect(store.file, { fileMustExist: true }, store.cacheMiB) });
  // A checkpoint inside a commit here would keep the server's connection held while it copies pages.
  if (store.checkpointed) await sql`pragma wal_autocheckpoint = 0`.execute(db);
  return db;
}

/** Where a worker's failures name it: the file, or PostgreSQL (its URL may hold a password). */
export function placeOf(store: WorkerStore): string {
  return store.engine === 'sqlite' ? store.file : 'PostgreSQL';
}
