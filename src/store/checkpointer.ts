import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { WorkerCalls } from './worker-calls.js';

/**
 * SQLite checkpoints off the event loop. A checkpoint copies WAL frames into the database file
 * and syncs it: on the main connection (SQLite's automatic checkpoint runs inside the commit that
 * crosses `wal_autocheckpoint`, the WAL reset copies up to its threshold) that is tens to hundreds
 * of milliseconds during which no request, `/healthz` included, is answered. Here they run on a
 * worker thread with its own connection to the file; the server turns the main connection's
 * automatic checkpoint off and has the `store.wal` job call `checkpoint` instead (store/wal.ts).
 *
 * Durability does not depend on checkpoints: a commit is durable once its frames are synced to
 * the WAL (`synchronous=FULL`); a checkpoint only moves committed pages into the main file.
 */

/** The worker: plain JavaScript, evaluated, so that it runs the same from src/ (tsx) and dist/. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const database = new SQLite(workerData.file, { fileMustExist: true });
parentPort.postMessage({ ready: true });
parentPort.on('message', ({ id, mode, busyMs }) => {
  try {
    // How long SQLite's busy handler waits here for a reader's snapshot or the writer's lock.
    database.pragma('busy_timeout = ' + busyMs);
    const [row] = database.pragma('wal_checkpoint(' + mode + ')');
    parentPort.postMessage({ id, result: row });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});
`;

/**
 * PASSIVE copies what no reader still needs and never waits; TRUNCATE waits for the writer and
 * every reader to be done with the WAL, copies all of it and empties the file.
 */
export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';

/** SQLite's answer: `busy` 1 when it could not finish, `log` frames in the WAL, `checkpointed` frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/** One worker thread, one checkpoint at a time; a worker that fails is replaced on the next call. */
export class SqliteCheckpointer {
  private readonly calls: WorkerCalls<{ mode: CheckpointMode; busyMs: number }, CheckpointResult>;

  constructor(file: string) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.calls = new WorkerCalls(`the checkpoint worker for ${file}`, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { module, file } }));
  }

  /** `busyMs`: how long to wait for a snapshot or lock in the way before answering `busy: 1`. */
  checkpoint(mode: CheckpointMode, busyMs = 5_000): Promise<CheckpointResult> {
    return this.calls.call({ mode, busyMs });
  }

  close(): Promise<void> {
    return this.calls.close();
  }
}
