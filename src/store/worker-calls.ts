import { Worker } from 'node:worker_threads';

/** Node 20 does not hand the parent's module hooks to a worker: from src/, tsx is registered first. */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();
`;

/**
 * Starts a worker running the module `name` beside the module `base` (its `import.meta.url`): the
 * .ts one when the server runs from src/ (tests), the .js one from dist/. It finds `data` in
 * `workerData`. `heapMiB` caps its V8 old generation: without a cap a worker that allocates fast
 * (a batch of records cloned to it and committed, many times a second) lets garbage pile up to
 * hundreds of megabytes before a full collection, and every such worker's heap adds to the
 * server's memory.
 */
export function moduleWorker(base: string, name: string, data: object, heapMiB?: number): Worker {
  const entry = new URL(`./${name}${base.slice(base.lastIndexOf('.'))}`, base).href;
  const tsx = entry.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : undefined;
  return new Worker(BOOT, { eval: true, workerData: { ...data, entry, tsx }, ...(heapMiB ? { resourceLimits: { maxOldGenerationSizeMb: heapMiB } } : {}) });
}

interface Pending<Result> {
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

interface Answer<Result> {
  /** The worker's first message: its connection is open. */
  ready?: true;
  id: number;
  result?: Result;
  error?: { message: string; code?: string };
}

/**
 * Calls answered by one worker thread of our own (a checkpointer, the compactor): the worker first
 * posts `{ ready: true }` once it can serve; then each message carries an `id`, and the worker
 * answers `{ id, result }` or `{ id, error: { message, code } }`.
 * The worker is started on the first call and, when it fails or exits, replaced on the next; it
 * keeps the process alive only while a call waits on it.
 */
export class WorkerCalls<Request extends object, Result> {
  private worker: Worker | undefined;
  private started: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending<Result>>();
  private nextId = 0;
  private closed = false;

  /** `name`: what the worker is, for error messages ("the checkpoint worker for x.db"). */
  constructor(
    private readonly name: string,
    private readonly start: () => Worker,
  ) {}

  private spawn(): Worker {
    const worker = this.start();
    let ready!: () => void;
    let failed!: (error: Error) => void;
    this.started = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    // Nobody may be waiting for it to start; a failure then reaches the calls, not the process.
    this.started.catch(() => undefined);
    worker.on('message', (answer: Answer<Result>) => {
      if (answer.ready) return ready();
      const pending = this.pending.get(answer.id);
      if (!pending) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (answer.error) pending.reject(Object.assign(new Error(`${this.name} failed: ${answer.error.message}`), { code: answer.error.code }));
      else pending.resolve(answer.result as Result);
    });
    const fail = (error: Error) => {
      failed(new Error(`${this.name} stopped: ${error.message}`));
      // The calls waiting are this worker's, unless a later one has taken its place.
      if (this.worker !== undefined && this.worker !== worker) return;
      this.worker = undefined;
      for (const pending of this.pending.values()) pending.reject(new Error(`${this.name} stopped: ${error.message}`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    worker.unref();
    return worker;
  }

  /**
   * Resolves once the worker (started now if there is none) can serve: a caller that holds
   * something while it waits on a call (the compactor holds the server's connection) waits for
   * this first, not for a worker's start-up.
   */
  async ready(): Promise<void> {
    if (this.closed) throw new Error(`${this.name} is closed`);
    const worker = (this.worker ??= this.spawn());
    worker.ref();
    try {
      await this.started;
    } finally {
      if (this.pending.size === 0) worker.unref();
    }
  }

  call(request: Request): Promise<Result> {
    if (this.closed) return Promise.reject(new Error(`${this.name} is closed`));
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Waited on, it keeps the process alive; idle, it does not.
      worker.ref();
      worker.postMessage({ ...request, id });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
