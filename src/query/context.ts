import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import { planWindow, type Plan, type PlanOptions } from './plan.js';
import type { Window } from './params.js';

export interface QueryContext {
  db: Kysely<Database>;
  config: Config;
  clock: () => number;
}

export function plan(context: QueryContext, window: Window, options: Omit<PlanOptions, 'now' | 'retentionMs'> = {}): Plan {
  return planWindow(window, { now: context.clock(), retentionMs: context.config.retention.rollupMs, ...options });
}
