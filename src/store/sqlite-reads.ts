import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Database } from './schema.js';

/**
 * SQLite reads off the event loop. better-sqlite3 runs a statement to its end on the thread that
 * asks, so one long read (a year of a chart, the board of every integration) would hold every
 * other request, /healthz and ingest answers included. The expensive reads run on worker threads
 * instead, each with its own read-only connection to the file: with WAL they see every committed
 * write (read-your-writes holds: the ingest commits before it answers) and never block the writer.
 *
 * A statement that runs past its time is stopped for real, unlike on the main thread. The worker
 * reads its answer row by row and ends the statement itself at the deadline, so its read snapshot
 * is let go of at once (a snapshot kept would stop the WAL from ever being reset). A statement that
 * returns nothing until it is done (an aggregate, a sort) cannot be interrupted through
 * better-sqlite3: its worker is terminated and a fresh one takes its place.
 */

/** The worker: plain JavaScript, evaluated, so that it runs the same from src/ (tsx) and dist/. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const database = new SQLite(workerData.file, { readonly: true, fileMustExist: true });
database.pragma('busy_timeout = 5000');
database.pragma('cache_size = -' + workerData.cacheKiB);
const statements = new Map();
parentPort.postMessage({ ready: true });
const asBuffer = (value) => value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
// Every blob of an answer (a board's thousands of sketches) goes over in one transferred buffer:
// cloned one by one, each would be an allocation on both sides and most of the answer's cost.
const send = (id, rows) => {
  const columns = new Set();
  let bytes = 0;
  for (const row of rows) for (const key in row) if (row[key] instanceof Uint8Array) { columns.add(key); bytes += row[key].byteLength; }
  if (columns.size === 0) return parentPort.postMessage({ id, rows });
  const blobColumns = [...columns];
  const blobs = new Uint8Array(bytes);
  const lengths = new Int32Array(rows.length * blobColumns.length);
  let at = 0;
  let slot = 0;
  for (const row of rows) {
    for (const key of blobColumns) {
      const value = row[key];
      if (value instanceof Uint8Array) {
        blobs.set(value, at);
        at += value.byteLength;
        lengths[slot] = value.byteLength;
        row[key] = null;
      } else lengths[slot] = -1;
      slot++;
    }
  }
  parentPort.postMessage({ id, rows, blobs: { columns: blobColumns, data: blobs.buffer, lengths: lengths.buffer } }, [blobs.buffer, lengths.buffer]);
};
parentPort.on('message', ({ id, sql, parameters, deadline }) => {
  try {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = database.prepare(sql);
      if (statements.size >= 256) statements.delete(statements.keys().next().value);
      statements.set(sql, statement);
    }
    if (!statement.reader) throw new Error('the read workers only read: ' + sql.slice(0, 60));
    if (!deadline) {
      send(id, statement.all(...parameters.map(asBuffer)));
      return;
    }
    // Row by row, so that a statement past its deadline is ended here and its snapshot let go of
    // at once; a worker terminated from outside would run its statement on to the end natively.
    const rows = [];
    for (const row of statement.iterate(...parameters.map(asBuffer))) {
      rows.push(row);
      if ((rows.length & 63) === 0 && Date.now() > deadline) {
        // Leaving the loop resets the statement, which ends its read transaction.
        parentPort.postMessage({ id, timedOut: true });
        return;
      }
    }
    send(id, rows);
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});
`;

/** How long a statement past its deadline has to end itself before its worker is replaced. */
const OVERRUN_GRACE_MS = 1_000;

/** Thrown when a statement ran past its time and was stopped. */
export class ReadStatementTimedOut extends Error {
  readonly code = 'SQLITE_READ_TIMEOUT';
  constructor(ms: number) {
    super(`the statement ran longer than ${ms} ms and was stopped`);
    this.name = 'ReadStatementTimedOut';
  }
}

interface Job {
  sql: string;
  parameters: readonly unknown[];
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Its connection is open: a statement's time starts only then, not while a worker starts. */
  ready: boolean;
  job?: Job & { timer?: NodeJS.Timeout };
}

/** An answer's blobs, as the worker sends them: one buffer, and each row's length per blob column (-1: not a blob). */
interface PackedBlobs {
  columns: string[];
  data: ArrayBuffer;
  lengths: ArrayBuffer;
}

/** Puts each blob back into its row, as a Buffer over the one transferred buffer (no copy). */
function restoreBlobs(rows: unknown[], blobs: PackedBlobs | undefined): unknown[] {
  if (!blobs) return rows;
  const lengths = new Int32Array(blobs.lengths);
  let at = 0;
  let slot = 0;
  for (const row of rows) {
    const record = row as Record<string, unknown>;
    for (const column of blobs.columns) {
      const length = lengths[slot++]!;
      if (length < 0) continue;
      record[column] = Buffer.from(blobs.data, at, length);
      at += length;
    }
  }
  return rows;
}

export interface SqliteReadOptions {
  file: string;
  workers: number;
  /** A statement running longer than this stops its worker; 0: no limit. */
  statementTimeoutMs: number;
  /** Page cache of each worker's connection. */
  cacheKiB?: number;
  /**
   * The most heap a worker may hold: a statement whose answer needs more stops its worker (and
   * fails with ERR_WORKER_OUT_OF_MEMORY) instead of growing the server without bound.
   */
  heapMiB?: number;
}

/** A few worker threads, one statement at a time each, and a queue in front of them. */
export class SqliteReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly module = createRequire(import.meta.url).resolve('better-sqlite3');
  private nextId = 0;
  private closed = false;
  /** While set, no statement starts: the writer is resetting the WAL (see `whileIdle`). */
  private holding: Promise<void> | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: SqliteReadOptions) {
    for (let i = 0; i < Math.max(1, options.workers); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: this.module, file: this.options.file, cacheKiB: this.options.cacheKiB ?? 8_192 },
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMiB ?? 96, maxYoungGenerationSizeMb: 16 },
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (message: { ready?: boolean; rows?: unknown[]; blobs?: PackedBlobs; timedOut?: boolean; error?: { message: string; code?: string } }) => {
      if (message.ready) {
        slot.ready = true;
        slot.worker.unref();
        this.dispatch();
        return;
      }
      const job = slot.job;
      if (!job) return;
      clearTimeout(job.timer);
      slot.job = undefined;
      slot.worker.unref();
      if (message.timedOut) job.reject(new ReadStatementTimedOut(this.options.statementTimeoutMs));
      else if (message.error) job.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
      else job.resolve(restoreBlobs(message.rows ?? [], message.blobs));
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, error));
    worker.on('exit', () => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, new Error('a read worker stopped'));
    });
    // Idle, it keeps nothing alive; while a read waits for it (starting or busy) it does.
    if (this.queue.length === 0) worker.unref();
    return slot;
  }

  /**
   * Fails the slot's statement (if any) and puts a new worker in its place. A worker that could
   * not even open the store (the file is gone, unreadable) fails the reads waiting too, and the
   * next one is tried a second later rather than at once, so a missing file is an error, not a
   * loop of workers.
   */
  private replace(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    void slot.worker.terminate();
    if (this.closed) return;
    if (slot.ready) {
      this.slots[at] = this.spawn();
      this.dispatch();
      return;
    }
    const cannotOpen = Object.assign(new Error(`the read workers cannot open ${this.options.file}: ${error.message}`), { code: 'SQLITE_READER_UNAVAILABLE' });
    for (const waiting of this.queue.splice(0)) waiting.reject(cannotOpen);
    this.slots[at] = { worker: slot.worker, ready: false };
    const retry = setTimeout(() => {
      if (this.closed || this.slots[at]?.worker !== slot.worker) return;
      this.slots[at] = this.spawn();
      this.dispatch();
    }, 1_000);
    retry.unref();
  }

  private dispatch(): void {
    if (this.slots.every((slot) => !slot.job)) for (const idle of this.idleWaiters.splice(0)) idle();
    if (this.holding) return;
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      const { statementTimeoutMs } = this.options;
      const timer = statementTimeoutMs > 0 ? setTimeout(() => this.overrun(slot), statementTimeoutMs) : undefined;
      slot.job = { ...job, ...(timer ? { timer } : {}) };
      // An idle worker must not keep the process alive; a busy one must, or a caller could wait
      // on an answer (or an out-of-memory stop) the event loop no longer waits for.
      slot.worker.ref();
      const deadline = statementTimeoutMs > 0 ? Date.now() + statementTimeoutMs : 0;
      slot.worker.postMessage({ id: this.nextId++, sql: job.sql, parameters: job.parameters, deadline });
    }
  }

  /**
   * A statement past its time: its caller is answered now. A statement that returns rows as it
   * goes ends itself in the worker at its deadline, letting go of its snapshot, and the worker
   * serves the next read; one that is still running a moment later (an aggregate or a sort, which
   * returns nothing until it is done) has its worker replaced.
   */
  private overrun(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    job.reject(new ReadStatementTimedOut(this.options.statementTimeoutMs));
    job.resolve = job.reject = () => undefined;
    job.timer = setTimeout(() => this.replace(slot, new ReadStatementTimedOut(this.options.statementTimeoutMs)), OVERRUN_GRACE_MS);
  }

  /**
   * Runs `work` once no statement is running, starting none meanwhile. A WAL can only be reset
   * while no reader holds a snapshot in it; readers that never all pause at once (health, alert
   * rules, the console) would let it grow without end, and every read would slow with it.
   */
  async whileIdle<T>(work: () => Promise<T>): Promise<T> {
    while (this.holding) await this.holding;
    let release!: () => void;
    this.holding = new Promise((resolve) => (release = resolve));
    try {
      if (this.slots.some((slot) => slot.job)) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      return await work();
    } finally {
      this.holding = undefined;
      release();
      this.dispatch();
    }
  }

  query(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('the read workers are closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ sql, parameters, resolve, reject });
      // A read is waiting: the workers still opening the store must keep the process alive.
      for (const slot of this.slots) if (!slot.ready) slot.worker.ref();
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the read workers are closed'));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly pool: SqliteReadPool) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return { rows: (await this.pool.query(compiled.sql, compiled.parameters)) as R[] };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the read workers do not stream; page the read instead');
  }
}

function readOnly(): never {
  throw new Error('the read workers only read: transactions belong on the main connection');
}

class WorkerDriver implements Driver {
  constructor(private readonly pool: SqliteReadPool) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new WorkerConnection(this.pool);
  }
  async beginTransaction(): Promise<void> {
    readOnly();
  }
  async commitTransaction(): Promise<void> {
    readOnly();
  }
  async rollbackTransaction(): Promise<void> {
    readOnly();
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await this.pool.close();
  }
}

/** A Kysely instance whose statements run on the read workers (for reads only), and its pool. */
export function sqliteReads(options: SqliteReadOptions): { db: Kysely<Database>; pool: SqliteReadPool } {
  const pool = new SqliteReadPool(options);
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new WorkerDriver(pool),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
  return { db: new Kysely<Database>({ dialect }), pool };
}
