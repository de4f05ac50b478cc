import { burnRate as burnOf, type BurnPair, type Tally } from '../../budget/burn.js';
import { LATENCY_OBJECTIVE } from '../../budget/objectives.js';
import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import type { AlertRule } from '../rules/types.js';
import { latencyThresholdOf, type BurnData } from './burn-data.js';
import { notJudged, percent, round } from './common.js';
import type { RuleEvaluator } from './types.js';

interface PairReading {
  pair: BurnPair;
  long: number | null;
  short: number | null;
  failing: number | null;
}

function times(rate: number | null): string {
  return rate === null ? '–' : `${rate >= 10 ? Math.round(rate * 10) / 10 : Math.round(rate * 100) / 100}×`;
}

/** What a burn-rate rule judges an integration by: its objective, how a call is bad, and its tallies. */
interface Budget {
  target: number;
  /** "error budget" / "latency budget". */
  name: string;
  /** "of calls failing" / "of calls slower than 800 ms". */
  bad: string;
  /** "a 99.9 % objective" / "95 % within 800 ms". */
  promise: string;
  tally: (lengthMs: number) => Tally;
}

function budgetOf(rule: AlertRule, integration: string, burn: BurnData): Budget | string {
  if (rule.slo === 'latency') {
    const thresholdMs = latencyThresholdOf(rule, integration, burn);
    if (thresholdMs === undefined) return 'no latency SLO (p95 target) to keep a latency budget for';
    const target = rule.objective ?? LATENCY_OBJECTIVE;
    const within = describeDuration(thresholdMs);
    return { target, name: 'latency budget', bad: `of calls slower than ${within}`, promise: `${percent(target)} within ${within}`, tally: (length) => burn.latencyTally(integration, thresholdMs, length) };
  }
  const target = rule.objective ?? burn.objectiveOf(integration);
  if (target === undefined || target >= 1) return 'no SLO success rate below 100 % to keep an error budget for';
  return { target, name: 'error budget', bad: 'of calls failing', promise: `a ${percent(target)} objective`, tally: (length) => burn.tally(integration, length) };
}

/**
 * Multi-window, multi-burn-rate: breaches while any pair burns the budget faster than its factor
 * over both its long and its short window (the long one judged only with minVolume calls). The
 * budget is the success SLO's (calls not ok) or, with `slo: latency`, the latency SLO's (calls
 * slower than the threshold).
 */
export const burnRate: RuleEvaluator = {
  evaluate(rule, context) {
    const budget = budgetOf(rule, context.integration, context.data.burn);
    if (typeof budget === 'string') return notJudged(rule, budget);
    const { target } = budget;
    const readings: PairReading[] = [];
    for (const pair of rule.burnPairs ?? []) {
      const long = budget.tally(pair.longMs);
      if (long.volume < rule.minVolume || long.volume === 0) continue;
      const short = budget.tally(pair.shortMs);
      readings.push({ pair, long: burnOf(long, target), short: burnOf(short, target), failing: long.bad / long.volume });
    }
    if (readings.length === 0) return notJudged(rule, `fewer than ${rule.minVolume} calls in every long window`);
    const crossing = readings.find((r) => r.long !== null && r.short !== null && r.long > r.pair.factor && r.short > r.pair.factor);
    // Otherwise the pair nearest to breaching, so the value says how close it came.
    const shown = crossing ?? readings.reduce((a, b) => (Math.min(b.long ?? 0, b.short ?? 0) / b.pair.factor > Math.min(a.long ?? 0, a.short ?? 0) / a.pair.factor ? b : a));
    const { pair } = shown;
    return {
      judged: true,
      breaching: crossing !== undefined,
      value: shown.long === null ? null : round(shown.long),
      threshold: pair.factor,
      summary:
        `${budget.name} burning ${times(shown.long)} over ${describeDuration(pair.longMs)} and ${times(shown.short)} over ${describeDuration(pair.shortMs)} ` +
        `(${crossing ? 'above' : 'limit'} ${times(pair.factor)} on both): ${percent(shown.failing)} ${budget.bad} against ${budget.promise}`,
      trend: [],
      stepMs: MINUTE,
      windowMs: pair.longMs,
      // `for` (0 s unless written) runs on the cycles' clock: the short window proves the burning goes on.
      heldMs: null,
    };
  },
};
