import type { Kysely } from 'kysely';
import type { CommitBatch, RecordBatch } from '../ingest/commit.js';
import type { LeadTimeEvents } from '../flow/events.js';
import type { Database } from '../store/schema.js';
import { WorkerCalls, moduleWorker } from '../store/worker-calls.js';

/**
 * Ingest's commits off the event loop on SQLite. better-sqlite3 runs each statement to its end on
 * the thread that asks: on the main thread a batch's inserts, its rollups' and lead times' work
 * and the commit's fsync (`synchronous=FULL`) held every request, `/healthz` included, for tens to
 * hundreds of milliseconds a batch. Here the route parses and normalises the batch and hands it,
 * as plain data, to a worker thread with its own connection to the file, which runs the same
 * `commitRecords` (commit steps included) the server's connection runs on PostgreSQL; the route
 * answers once the worker has committed, so a 2xx still means durable.
 *
 * SQLite has one writer. While the worker's transaction runs, the server's connection is held
 * (Kysely's connection lock), as the compactor's worker holds it (rollup/sqlite-compactor.ts):
 * writers on the main connection and the compactor wait their turn as promises, never in SQLite's
 * busy handler, which would sleep on the event loop; and reads on the main connection that follow
 * a 2xx see the batch.
 */
export class SqliteWriter {
  private readonly calls: WorkerCalls<RecordBatch, null>;

  /**
   * `db`: the server's connection, held during each commit; `file`: the store the worker opens;
   * `checkpointed`: the server's checkpoint worker checkpoints, so the writer's connection must not.
   */
  constructor(
    private readonly db: Kysely<Database>,
    file: string,
    options: { leadTime: LeadTimeEvents; checkpointed: boolean },
  ) {
    this.calls = new WorkerCalls(`the ingest writer for ${file}`, () => moduleWorker(import.meta.url, 'write-worker', { file, ...options }));
  }

  /** Commits a batch on the worker, the server's connection held meanwhile. */
  readonly commit: CommitBatch = async (batch) => {
    if (batch.records.length === 0) return;
    await this.calls.ready();
    await this.db.connection().execute(() => this.calls.call(batch));
  };

  close(): Promise<void> {
    return this.calls.close();
  }
}
