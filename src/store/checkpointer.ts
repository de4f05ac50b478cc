import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

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

interface Pending {
  resolve: (result: CheckpointResult) => void;
  reject: (error: Error) => void;
}

/** One worker thread, one checkpoint at a time; a worker that fails is replaced on the next call. */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly module = createRequire(import.meta.url).resolve('better-sqlite3');
  private nextId = 0;
  private closed = false;

  constructor(private readonly file: string) {}

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: this.module, file: this.file } });
    worker.on('message', (message: { id: number; result?: CheckpointResult; error?: { message: string; code?: string } }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (this.pending.size === 0) worker.unref();
      if (message.error) pending.reject(Object.assign(new Error(`checkpoint of ${this.file} failed: ${message.error.message}`), { code: message.error.code }));
      else pending.resolve(message.result!);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const pending of this.pending.values()) pending.reject(new Error(`the checkpoint worker for ${this.file} stopped: ${error.message}`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    worker.unref();
    return worker;
  }

  /** `busyMs`: how long to wait for a snapshot or lock in the way before answering `busy: 1`. */
  checkpoint(mode: CheckpointMode, busyMs = 5_000): Promise<CheckpointResult> {
    if (this.closed) return Promise.reject(new Error('the checkpoint worker is closed'));
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Waited on, it keeps the process alive; idle, it does not.
      worker.ref();
      worker.postMessage({ id, mode, busyMs });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
