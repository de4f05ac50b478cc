import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../store/schema.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { HealthMonitor } from '../health/monitor.js';
import { planWindow, type Plan, type PlanOptions } from './plan.js';
import type { Window } from './params.js';

export interface QueryContext {
  db: Kysely<Database>;
  config: Config;
  clock: () => number;
  /** The board shows catalogued integrations (even silent ones) with their owners, */
  catalogue?: Catalogue;
  /** and each one's current health. */
  health?: HealthMonitor;
}

export function plan(context: QueryContext, window: Window, options: Omit<PlanOptions, 'now' | 'retentionMs'> = {}): Plan {
  return planWindow(window, { now: context.clock(), retentionMs: context.config.retention.rollupMs, ...options });
}
