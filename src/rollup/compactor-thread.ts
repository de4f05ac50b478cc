import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { SIDE_WRITER_CACHE_MIB } from '../store/sqlite-dialect.js';
import { WorkerCalls, moduleWorker } from '../store/worker-calls.js';
import { placeOf, workerStoreOf, type WorkerStore } from '../store/worker-store.js';
import type { TablePass } from './compact.js';
import type { PackPass } from './pack.js';

/**
 * The compactor off the event loop, on either engine. A pass reads partial rollup rows, merges
 * their counts and sketches and writes them back: on SQLite every statement runs to its end on the
 * thread that asks, and on both engines the merging is JavaScript. On the main thread a pass held
 * every request for its whole length, `/healthz` included (a third of the main thread's time in a
 * SQLite soak). Here each table's pass runs on a worker thread with its own connection (SQLite)
 * or a one-connection pool (PostgreSQL: passes run one after another), the same `compactTable`.
 *
 * SQLite has one writer. While the worker's transaction runs, the server's connection is held
 * (Kysely's connection lock), so an ingest commit arriving meanwhile waits as a promise; unheld, it
 * would wait for the write lock in SQLite's busy handler, which sleeps on the event loop. Each
 * pass is one table and a bounded number of rows, and the connection is let go of between passes,
 * so ingest commits in between.
 */

/** The compactor thread's heap: a pass reads and writes a bounded number of rows (up to 20,000 on PostgreSQL, with their sketches). */
const COMPACTOR_HEAP_MIB = 128;

/** What the worker is asked (rollup/compact-worker.ts): a table's compaction pass, or its packing pass of a tier. */
type PassMessage = { table: string; pack?: { resolution: number; now: number } };

export class CompactorThread {
  private readonly calls: WorkerCalls<PassMessage, number>;

  /** `db`: the server's connection (held during each SQLite pass); `store`: where the worker compacts. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: WorkerStore,
  ) {
    this.calls = new WorkerCalls(`the compactor worker for ${placeOf(store)}`, () => moduleWorker(import.meta.url, 'compact-worker', { store }, COMPACTOR_HEAP_MIB));
  }

  /** The compactor of the server's store `database` (a SQLite file or a PostgreSQL URL), on `db`, the server's connection to it. */
  static async of(db: Kysely<Database>, database: string): Promise<CompactorThread> {
    // The server's checkpoint worker checkpoints (store/wal.ts): one here, inside a pass, would keep the server's connection waiting while it copies pages.
    return new CompactorThread(db, await workerStoreOf(db, database, { cacheMiB: SIDE_WRITER_CACHE_MIB, checkpointed: true, poolSize: 1 }));
  }

  /** One table's pass on the worker (on SQLite with the server's connection held meanwhile). */
  readonly pass: TablePass = (spec) => this.run({ table: spec.table });

  /** One packer pass (rollup/pack.ts) on the worker, the same way. */
  readonly pack: PackPass = (name, resolution, now) => this.run({ table: name, pack: { resolution, now } });

  private async run(message: PassMessage): Promise<number> {
    await this.calls.ready();
    if (this.store.engine === 'postgres') return this.calls.call(message);
    return this.db.connection().execute(() => this.calls.call(message));
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
