import type { Kysely } from 'kysely';
import type { CatalogueEntry } from '../catalogue/types.js';
import type { Database } from '../store/schema.js';
import { BURN_WINDOWS, budgetLeft, burnRate, coverage, type Tally } from './burn.js';
import { objectivesOf, type Objective } from './objectives.js';
import { WindowLatency, firstSeen, latencyKey, latencyTally, successTally, windowEnd, type WindowCounts } from './totals.js';

export interface BurnReading {
  window_ms: number;
  volume: number;
  bad: number;
  /** How many times faster than the objective allows the budget burns over this window; null: no calls. */
  burn_rate: number | null;
}

export interface ObjectiveBudget {
  kind: Objective['kind'];
  /** The share of calls that must be good. */
  target: number;
  /** latency: a call slower than this is bad. */
  threshold_ms: number | null;
  period_ms: number;
  /** Calls of the period, and how many were bad. */
  volume: number;
  bad: number;
  /** Bad calls the objective allows over the period (its calls, the time before the first record filled in at the same rate). */
  allowed_bad: number;
  /** Share of the budget not spent: 1 untouched, 0 spent, negative overspent. */
  budget_left: number;
  burn_rates: BurnReading[];
}

export interface BudgetReport {
  integration: string;
  /** End of every window (the minute under way included), epoch ms. */
  to: number;
  objectives: ObjectiveBudget[];
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** What an objective's calls over some time did to its budget: the bad calls, those it allows, the share left. */
export function budgetSpend(target: number, tally: Tally): { volume: number; bad: number; allowed_bad: number; budget_left: number } {
  return {
    volume: tally.volume,
    bad: tally.bad,
    allowed_bad: round(((1 - target) * tally.volume) / tally.covered),
    budget_left: round(budgetLeft(tally, target)),
  };
}

function present(objective: Objective, period: Tally, windows: Map<number, Tally>): ObjectiveBudget {
  return {
    kind: objective.kind,
    target: objective.target,
    threshold_ms: objective.thresholdMs ?? null,
    period_ms: objective.periodMs,
    ...budgetSpend(objective.target, period),
    burn_rates: BURN_WINDOWS.map((length) => {
      const tally = windows.get(length)!;
      const rate = burnRate(tally, objective.target);
      return { window_ms: length, volume: tally.volume, bad: tally.bad, burn_rate: rate === null ? null : round(rate) };
    }),
  };
}

/**
 * The error budget of each SLO of an integration over its period, and how fast it burns over the
 * windows the burn-rate rules read: success from the per-integration counts, latency from the
 * merged latency sketches of the same tiers.
 */
export async function budgetReport(db: Kysely<Database>, counts: WindowCounts, retentionMs: Record<number, number>, entry: CatalogueEntry, now: number): Promise<BudgetReport> {
  const objectives: ObjectiveBudget[] = [];
  const first = (await firstSeen(db, entry.id)).get(entry.id);
  const end = windowEnd(now);
  for (const objective of objectivesOf(entry)) {
    const lengths = [objective.periodMs, ...BURN_WINDOWS];
    let tallies: Map<number, Tally>;
    if (objective.kind === 'success') {
      const read = await counts.read(db, now, lengths, entry.id);
      tallies = new Map(lengths.map((length) => [length, successTally(read.get(length)?.get(entry.id), coverage(first, end, length))]));
    } else {
      const target = { integration: entry.id, thresholdMs: objective.thresholdMs! };
      const read = await new WindowLatency(retentionMs).read(db, now, lengths, [target]);
      tallies = new Map(lengths.map((length) => [length, latencyTally(read.get(length)?.get(latencyKey(target)), coverage(first, end, length))]));
    }
    objectives.push(present(objective, tallies.get(objective.periodMs)!, tallies));
  }
  return { integration: entry.id, to: end, objectives };
}
