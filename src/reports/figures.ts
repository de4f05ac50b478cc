import type { CatalogueEntry } from '../catalogue/types.js';
import { coverage } from '../budget/burn.js';
import { objectivesOf } from '../budget/objectives.js';
import { budgetSpend } from '../budget/report.js';
import { addCounts, latencyKey, latencyTally, readSegment, readSlowCounts, successTally, type CallCounts, type SlowCounts } from '../budget/totals.js';
import type { IntegrationIncidents } from '../incidents/routes.js';
import type { Figures } from '../incidents/spells.js';
import { plan, type QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';

/** What the success objective's budget did over the report's window. */
export interface WindowBudget {
  target: number;
  volume: number;
  bad: number;
  allowed_bad: number;
  /** Share of the window's budget spent: 0 untouched, 1 spent, above 1 overspent. */
  budget_spent: number;
  budget_left: number;
}

/** What the latency objective's budget did over the window: the calls slower than its threshold are the bad ones. */
export interface LatencyWindowBudget extends WindowBudget {
  threshold_ms: number;
}

/** Availability of one integration over the window against its SLO's success rate. */
export interface Availability {
  volume: number;
  ok: number;
  /** ok ÷ calls, as the summary API rounds it; null without calls. */
  success_rate: number | null;
  slo_target: number | null;
  /** null without an SLO or without calls. */
  meets_slo: boolean | null;
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** Calls per integration over the window: one read per segment of its plan (only `integration`'s when given). */
export async function callCountsOver(context: QueryContext, window: Window, integration?: string): Promise<Map<string, CallCounts>> {
  const totals = new Map<string, CallCounts>();
  for (const segment of plan(context, window).segments) addCounts(totals, await readSegment(context.db, segment, integration));
  return totals;
}

/** The latency threshold of each integration that declares one (a p95 target), among `integrations`. */
export function latencyThresholds(integrations: readonly string[], entryOf: (id: string) => CatalogueEntry | undefined): Map<string, number[]> {
  const thresholds = new Map<string, number[]>();
  for (const id of integrations) {
    const objective = objectivesOf(entryOf(id)).find((candidate) => candidate.kind === 'latency');
    if (objective) thresholds.set(id, [objective.thresholdMs!]);
  }
  return thresholds;
}

/**
 * Calls and slow calls per integration over the window (keys: latencyKey), from the latency
 * sketches of the same segments the budget API reads for a period ending at the window's end.
 */
export async function slowCountsOver(context: QueryContext, window: Window, thresholds: ReadonlyMap<string, readonly number[]>): Promise<Map<string, SlowCounts>> {
  const totals = new Map<string, SlowCounts>();
  if (thresholds.size === 0) return totals;
  for (const segment of plan(context, window).segments) {
    for (const [key, part] of await readSlowCounts(context.db, segment, thresholds)) {
      const total = totals.get(key) ?? { volume: 0, slow: 0 };
      total.volume += part.volume;
      total.slow += part.slow;
      totals.set(key, total);
    }
  }
  return totals;
}

export function availabilityOf(counts: CallCounts | undefined, entry: CatalogueEntry | undefined): Availability {
  const volume = counts?.volume ?? 0;
  const ok = counts?.ok ?? 0;
  const successRate = volume === 0 ? null : round(ok / volume);
  const target = entry?.slo.successRate ?? null;
  return { volume, ok, success_rate: successRate, slo_target: target, meets_slo: target === null || successRate === null ? null : ok / volume >= target };
}

/**
 * The success objective's budget over the window, computed as the budget API computes its period
 * (budgetSpend): the time before the integration's first record counts as good calls at the same rate.
 */
export function windowBudget(counts: CallCounts | undefined, entry: CatalogueEntry | undefined, firstSeen: number | undefined, window: Window): WindowBudget | null {
  const objective = objectivesOf(entry).find((candidate) => candidate.kind === 'success');
  if (!objective) return null;
  const tally = successTally(counts, coverage(firstSeen, window.to, window.to - window.from));
  const spend = budgetSpend(objective.target, tally);
  return { target: objective.target, ...spend, budget_spent: round(1 - spend.budget_left) };
}

/** The latency objective's budget over the window, as the budget API computes its period; null without a latency SLO. */
export function latencyWindowBudget(slow: ReadonlyMap<string, SlowCounts>, entry: CatalogueEntry | undefined, firstSeen: number | undefined, window: Window): LatencyWindowBudget | null {
  const objective = objectivesOf(entry).find((candidate) => candidate.kind === 'latency');
  if (!objective || !entry) return null;
  const thresholdMs = objective.thresholdMs!;
  const tally = latencyTally(slow.get(latencyKey({ integration: entry.id, thresholdMs })), coverage(firstSeen, window.to, window.to - window.from));
  const spend = budgetSpend(objective.target, tally);
  return { target: objective.target, threshold_ms: thresholdMs, ...spend, budget_spent: round(1 - spend.budget_left) };
}

/** One integration's headline figures: the row of the tenant report, the top of the integration report. */
export interface Headline {
  integration: string;
  tenant: string | null;
  availability: Availability;
  budget: WindowBudget | null;
  /** The latency SLO's budget over the window; null without one. */
  latency_budget: LatencyWindowBudget | null;
  figures: Figures;
}

/** One integration's headline figures over the window, from its calls, slow calls and incidents. */
export function headlineOf(
  integration: string,
  entry: CatalogueEntry | undefined,
  counts: CallCounts | undefined,
  slow: ReadonlyMap<string, SlowCounts>,
  firstSeen: number | undefined,
  window: Window,
  found: IntegrationIncidents,
): Headline {
  return {
    integration,
    tenant: entry?.tenant ?? null,
    availability: availabilityOf(counts, entry),
    budget: windowBudget(counts, entry, firstSeen, window),
    latency_budget: latencyWindowBudget(slow, entry, firstSeen, window),
    figures: found.figures,
  };
}
