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

export function plan(context: QueryContext, window: Window, options: Omit<PlanOptions, 'now' | 'retentionMs'> = {}): Plan {
  return planWindow(window, { now: context.clock(), retentionMs: context.config.retention.rollupMs, ...options });
}
