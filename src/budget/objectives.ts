import type { CatalogueEntry } from '../catalogue/types.js';
import { DAY } from '../rollup/tiers.js';

/** The period an error budget is kept over when the catalogue does not say (`slo.period`). */
export const DEFAULT_BUDGET_PERIOD_MS = 30 * DAY;

/**
 * What an SLO promises: the share of calls that must be good over its period. `success`: a call
 * is good when its outcome is ok (the contract's success rate); `latency`: when it is no slower
 * than `thresholdMs` (a p95 target promises 95 % of calls within it).
 */
export interface Objective {
  kind: 'success' | 'latency';
  /** Share of calls that must be good, below 1 (an objective of 1 leaves no budget to keep). */
  target: number;
  thresholdMs?: number;
  periodMs: number;
}

/** The share of calls a p95 latency target promises within it. */
export const LATENCY_OBJECTIVE = 0.95;

/** The integration's objectives with a budget to keep: its SLO success rate and p95 latency target. */
export function objectivesOf(entry: CatalogueEntry | undefined): Objective[] {
  if (!entry) return [];
  const periodMs = entry.slo.periodMs ?? DEFAULT_BUDGET_PERIOD_MS;
  const objectives: Objective[] = [];
  const success = entry.slo.successRate;
  if (success !== undefined && success < 1) objectives.push({ kind: 'success', target: success, periodMs });
  if (entry.slo.latencyP95Ms !== undefined) objectives.push({ kind: 'latency', target: LATENCY_OBJECTIVE, thresholdMs: entry.slo.latencyP95Ms, periodMs });
  return objectives;
}
