import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { WorkerCalls, moduleWorker } from '../store/worker-calls.js';
import type { TablePass } from './compact.js';

/**
 * The compactor off the event loop on SQLite. better-sqlite3 runs each statement to its end on
 * the thread that asks, so on the main thread a pass (its reads, deletes and inserts, and the
 * merging of sketches between them) held every request for its whole length, `/healthz` included:
 * a third of the main thread's time in a soak. Here each table's pass runs on a worker thread with
 * its own connection to the file, the same `compactTable` PostgreSQL's compactor runs on the pool.
 *
 * SQLite has one writer. While the worker's transaction runs, the server's connection is held
 * (Kysely's connection lock), so an ingest commit arriving meanwhile waits as a promise; unheld, it
 * would wait for the write lock in SQLite's busy handler, which sleeps on the event loop. Each
 * pass is one table and a bounded number of rows, and the connection is let go of between passes,
 * so ingest commits in between.
 */

/** The compactor thread's heap: a pass reads and writes a bounded number of rows (a thousand, with their sketches). */
const COMPACTOR_HEAP_MIB = 128;

export class SqliteCompactor {
  private readonly calls: WorkerCalls<{ table: string }, number>;

  /** `db`: the server's connection, held during each pass; `file`: the store the worker opens. */
  constructor(
    private readonly db: Kysely<Database>,
    file: string,
  ) {
    this.calls = new WorkerCalls(`the compactor worker for ${file}`, () => moduleWorker(import.meta.url, 'compact-worker', { file }, COMPACTOR_HEAP_MIB));
  }

  /** One table's pass on the worker, the server's connection held meanwhile. */
  readonly pass: TablePass = async (spec) => {
    await this.calls.ready();
    return this.db.connection().execute(() => this.calls.call({ table: spec.table }));
  };

  close(): Promise<void> {
    return this.calls.close();
  }
}
