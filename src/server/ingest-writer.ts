import type { Kysely } from 'kysely';
import type { CommitBatch, RecordBatch } from '../ingest/commit.js';
import type { LeadTimeEvents } from '../flow/events.js';
import type { Database } from '../store/schema.js';
import { WRITER_CACHE_MIB } from '../store/sqlite-dialect.js';
import { WorkerCalls, moduleWorker } from '../store/worker-calls.js';
import { placeOf, workerStoreOf, type WorkerStore } from '../store/worker-store.js';

/**
 * Connections of a PostgreSQL ingest writer: batches commit side by side on them, as they did on
 * the server's pool, whose connections are left to reads and the jobs.
 */
export const POSTGRES_WRITER_CONNECTIONS = 4;

/**
 * The writer thread's heap. Four batches of the largest size (SWITCHBOARD_INGEST_MAX_RECORDS,
 * 10,000 records, with errors and attributes) committing at once on PostgreSQL fit in 160 MiB and
 * not in 96; the writer is sent no more batches than it has connections.
 */
export const WRITER_HEAP_MIB = 256;

/**
 * Ingest's commits off the event loop, on either engine. A batch's commit is JavaScript work
 * before it is the database's: its partial rollups (latency sketches per minute bucket), lead
 * times, statements with tens of thousands of parameters, and on SQLite every insert and the
 * commit's fsync (`synchronous=FULL`) run on the thread that asks. On the main thread they held
 * every request, `/healthz` included, for tens to hundreds of milliseconds a batch. Here the route
 * parses and normalises the batch and hands it, as plain data, to a worker thread with a
 * connection (SQLite) or pool (PostgreSQL) of its own, which runs the same `commitRecords`
 * (commit steps included) the server's connection would; the route answers once the worker has
 * committed, so a 2xx still means durable, and a read after it sees the batch.
 *
 * SQLite has one writer. While the worker's transaction runs, the server's connection is held
 * (Kysely's connection lock), as the compactor's worker holds it (rollup/compactor-thread.ts):
 * writers on the main connection and the compactor wait their turn as promises, never in SQLite's
 * busy handler, which would sleep on the event loop. PostgreSQL takes batches side by side.
 */
export class IngestWriter {
  private readonly calls: WorkerCalls<RecordBatch, null>;
  /** Batches sent to the worker and not answered yet, and the ones waiting for a place (PostgreSQL). */
  private sent = 0;
  private readonly waiting: Array<() => void> = [];

  /** `db`: the server's connection (held during each SQLite commit). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: WorkerStore,
    leadTime: LeadTimeEvents,
  ) {
    this.calls = new WorkerCalls(`the ingest writer for ${placeOf(store)}`, () => moduleWorker(import.meta.url, 'write-worker', { store, leadTime }, WRITER_HEAP_MIB));
  }

  /** The writer of the server's store `database` (a SQLite file or a PostgreSQL URL), on `db`, the server's connection to it. */
  static async of(db: Kysely<Database>, database: string, options: { leadTime: LeadTimeEvents; checkpointed: boolean }): Promise<IngestWriter> {
    const store = await workerStoreOf(db, database, { cacheMiB: WRITER_CACHE_MIB, checkpointed: options.checkpointed, poolSize: POSTGRES_WRITER_CONNECTIONS });
    return new IngestWriter(db, store, options.leadTime);
  }

  /** Commits a batch on the worker (on SQLite with the server's connection held meanwhile). */
  readonly commit: CommitBatch = async (batch) => {
    if (batch.records.length === 0) return;
    await this.calls.ready();
    if (this.store.engine === 'sqlite') await this.db.connection().execute(() => this.calls.call(batch));
    else await this.sendWhenFree(batch, this.store.poolSize);
  };

  /** A batch waits here, not in the worker's heap, while the worker's connections are all busy. */
  private async sendWhenFree(batch: RecordBatch, most: number): Promise<void> {
    while (this.sent >= most) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.sent++;
    try {
      await this.calls.call(batch);
    } finally {
      this.sent--;
      this.waiting.shift()?.();
    }
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
