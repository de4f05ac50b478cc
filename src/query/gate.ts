import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { ReadLimits } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import type { Engine } from '../store/engine.js';
import type { Database } from '../store/schema.js';

/** Thrown between statements once a read has run past its time. */
class DeadlinePassed extends Error {
  constructor() {
    super('the read ran past its time');
    this.name = 'DeadlinePassed';
  }
}

/**
 * Checks a read's deadline before each statement it sends and after each answer: better-sqlite3
 * runs a statement to its end on the event loop and cannot be interrupted, so on SQLite this is
 * what bounds a read made of many statements. (On PostgreSQL the statement timeout also cuts one
 * long statement short.)
 */
class DeadlinePlugin implements KyselyPlugin {
  constructor(private readonly deadline: number) {}

  private check(): void {
    if (performance.now() > this.deadline) throw new DeadlinePassed();
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.check();
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.check();
    return args.result;
  }
}

/** PostgreSQL's "canceling statement due to statement timeout", or a SQLite read worker stopped for running too long. */
function isStatementTimeout(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === '57014' || code === 'SQLITE_READ_TIMEOUT';
}

/** A SQLite read worker stopped because the read's answer outgrew the heap a worker may hold. */
function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

export interface GateStats {
  running: number;
  waiting: number;
  /** Reads answered 503 because every slot and the queue were taken, or the wait ran out. */
  refused: number;
  /** Reads answered 503 because they ran past their time. */
  timedOut: number;
}

/**
 * The expensive reads of one instance (charts, the board, failures, traces, flow, jobs): at most
 * `concurrency` at once, at most `queue` more waiting, each for at most `queueWaitMs`; anything
 * past that is answered 503 with Retry-After at once instead of piling up. Each read runs with a
 * deadline of `timeoutMs`: on PostgreSQL in a transaction with `SET LOCAL statement_timeout`, on
 * both engines checked between its statements.
 */
export class ReadGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private refused = 0;
  private timedOut = 0;

  /**
   * @param readDb where the reads run instead of the `db` given to run(), when the engine has a
   *   separate reader (SQLite's read workers, store/sqlite-reads.ts)
   */
  constructor(
    private readonly limits: Pick<ReadLimits, 'concurrency' | 'queue' | 'queueWaitMs' | 'timeoutMs'>,
    private readonly engine: Engine,
    private readonly readDb?: Kysely<Database>,
  ) {}

  stats(): GateStats {
    return { running: this.running, waiting: this.waiting.length, refused: this.refused, timedOut: this.timedOut };
  }

  private retryAfter(): number {
    return Math.max(1, Math.ceil(Math.min(this.limits.queueWaitMs || 1000, 30_000) / 1000));
  }

  private busy(): ServiceUnavailableError {
    this.refused++;
    return new ServiceUnavailableError(
      `the server is busy with other expensive reads (${this.limits.concurrency} at once, ${this.limits.queue} waiting); try again in ${this.retryAfter()} s`,
      this.retryAfter(),
      'busy',
    );
  }

  /** Gives a taken slot back once: to the first read waiting, else free. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }

  private async acquire(): Promise<() => void> {
    const release = this.releaser();
    if (this.running < this.limits.concurrency) {
      this.running++;
      return release;
    }
    if (this.waiting.length >= this.limits.queue) throw this.busy();
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(this.busy());
      }, this.limits.queueWaitMs);
      this.waiting.push(grant);
    });
    // The slot of the read that finished passes to this one: `running` stays as it was.
    return release;
  }

  /** Runs `work` in a slot, with the deadline; `work` must read through the `db` it is given. */
  async run<T>(mainDb: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    return this.runIn(await this.acquire(), mainDb, work);
  }

  /**
   * Runs `work` as `run` does if a slot is free now; else answers `undefined` at once, taking no
   * place in the queue and counting no refusal: for work of the instance's own (the overview's
   * keeper), which must never stand in a request's way.
   */
  async runIfFree<T>(mainDb: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T | undefined> {
    if (this.running >= this.limits.concurrency) return undefined;
    this.running++;
    return this.runIn(this.releaser(), mainDb, work);
  }

  private async runIn<T>(release: () => void, mainDb: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const db = this.readDb ?? mainDb;
    const { timeoutMs } = this.limits;
    try {
      if (timeoutMs <= 0) return await work(db);
      const bounded = db.withPlugin(new DeadlinePlugin(performance.now() + timeoutMs));
      if (this.engine !== 'postgres') return await work(bounded);
      return await bounded.transaction().execute(async (trx) => {
        await sql`select set_config('statement_timeout', ${String(Math.ceil(timeoutMs))}, true)`.execute(trx);
        return work(trx);
      });
    } catch (error) {
      if (error instanceof DeadlinePassed || isStatementTimeout(error)) {
        this.timedOut++;
        const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
        throw new ServiceUnavailableError(
          `the read took longer than ${seconds} s and was stopped; ask for a shorter window or fewer items, or try again in ${seconds} s`,
          seconds,
          'read_timeout',
        );
      }
      if (isTooLarge(error)) {
        throw new ServiceUnavailableError('the read needed more memory than one read may take and was stopped; ask for a shorter window or fewer items', 1, 'read_too_large');
      }
      throw error;
    } finally {
      release();
    }
  }
}
