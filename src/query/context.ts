import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { HealthMonitor } from '../health/monitor.js';
import { planWindow, type Plan, type PlanOptions } from './plan.js';
import type { Window } from './params.js';
import type { ReadGate } from './gate.js';

export interface QueryContext {
  db: Kysely<Database>;
  config: Config;
  clock: () => number;
  /** The board shows catalogued integrations (even silent ones) with their owners, */
  catalogue?: Catalogue;
  /** and each one's current health. */
  health?: HealthMonitor;
  /** The slots and deadline of expensive reads; without one (tests, benchmarks), reads run unbounded in time. */
  reads?: ReadGate;
}

/**
 * Runs an expensive read in one of the instance's slots, with its deadline: `work` gets a context
 * whose `db` it must read through (503 with Retry-After when no slot frees up in time, or when the
 * read runs past its time).
 */
export function expensive<C extends QueryContext, T>(context: C, work: (context: C) => Promise<T>): Promise<T> {
  if (!context.reads) return work(context);
  return context.reads.run(context.db, (db) => work({ ...context, db }));
}

/**
 * As `expensive`, for work of the instance's own (the overview's keeper): when every slot is taken,
 * `undefined` at once, with no place taken in the queue and no refusal counted.
 */
export function expensiveIfFree<C extends QueryContext, T>(context: C, work: (context: C) => Promise<T>): Promise<T | undefined> {
  if (!context.reads) return work(context);
  return context.reads.runIfFree(context.db, (db) => work({ ...context, db }));
}

/** How soon the instance's own work asks again for a read slot that requests held. */
const SLOT_RETRY_MS = 250;

/**
 * As `expensiveIfFree`, asking again every SLOT_RETRY_MS while requests hold every slot, until
 * `giveUpAt` (of `performance.now()`: the wait is the instance's own, whatever its clock says);
 * `undefined` if no slot came free by then. A keeper's pass must neither queue behind the console's
 * loads nor be lost to the loads of a fresh instance's first seconds.
 */
export async function expensiveWhenFree<C extends QueryContext, T>(context: C, work: (context: C) => Promise<T>, giveUpAt: number): Promise<T | undefined> {
  let done = await expensiveIfFree(context, work);
  while (done === undefined && performance.now() < giveUpAt) {
    await sleep(SLOT_RETRY_MS);
    done = await expensiveIfFree(context, work);
  }
  return done;
}

/**
 * A keeper's pass: `read` for each item, one after the other, each in a slot free by `giveUpAt`
 * (expensiveWhenFree); none came free, the pass ends there and the next one goes on. An item whose
 * read fails (past the read deadline) does not stop the others: the first error is thrown once
 * all are done. Answers how many were read.
 */
export async function readEachWhenFree<C extends QueryContext, I>(context: C, items: Iterable<I>, read: (context: C, item: I) => Promise<unknown>, giveUpAt: number): Promise<number> {
  let done = 0;
  let failed: unknown;
  for (const item of items) {
    let ran: true | undefined;
    try {
      ran = await expensiveWhenFree(context, async (ctx) => (await read(ctx, item), true as const), giveUpAt);
    } catch (error) {
      failed ??= error;
      continue;
    }
    if (ran === undefined) break;
    done += 1;
  }
  if (failed !== undefined) throw failed;
  return done;
}

export function plan(context: QueryContext, window: Window, options: Omit<PlanOptions, 'now' | 'retentionMs'> = {}): Plan {
  return planWindow(window, { now: context.clock(), retentionMs: context.config.retention.rollupMs, ...options });
}
