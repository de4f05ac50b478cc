import { MINUTE } from '../../rollup/tiers.js';
import type { RuleEvaluator } from './types.js';
import { median, round } from './common.js';

/** Counts where fewer is better: a fall is good news, never a drop. */
const FEWER_IS_BETTER = /error|fail|reject|invalid|dead|skip|retr/i;

/**
 * The newest successful run's count (one name, or each count of the job) more than `percent` below
 * the median of the K successful runs before it: one odd run (a half-finished sync, a holiday)
 * moves an average but not a median. The median must reach minVolume.
 */
export const countDrop: RuleEvaluator = {
  evaluate(rule, context) {
    const entry = context.data.runs.get(`${context.integration}\u0000${rule.job}`);
    const k = rule.runs ?? 5;
    const pct = rule.percent ?? 30;
    const successful = (entry?.runs ?? []).filter((run) => run.status !== 'failed' && run.counts);
    const latest = successful[0];
    const before = successful.slice(1, k + 1);
    const none = { judged: false, breaching: false, value: null, threshold: pct, trend: [], stepMs: 0, windowMs: 0, heldMs: null };
    if (!latest || before.length === 0) return { ...none, summary: `too few runs of ${rule.job} to judge its counts` };
    const names = rule.countName ? [rule.countName] : Object.keys(latest.counts!).filter((name) => !FEWER_IS_BETTER.test(name)).sort();
    let worst: { name: string; last: number; usual: number; change: number } | null = null;
    for (const name of names) {
      const last = latest.counts![name];
      const values = before.map((run) => run.counts![name]).filter((v): v is number => typeof v === 'number');
      if (last === undefined || values.length === 0) continue;
      const usual = median(values);
      if (usual < rule.minVolume || usual === 0) continue;
      const change = (last / usual - 1) * 100;
      if (!worst || change < worst.change) worst = { name, last, usual, change };
    }
    if (!worst) return { ...none, summary: `no count of ${rule.job} large enough to judge` };
    const breaching = worst.change <= -pct;
    const shown = successful.slice(0, 12).reverse();
    const points = shown.map((run) => run.counts![worst!.name] ?? null);
    return {
      judged: true,
      breaching,
      value: round(-worst.change),
      threshold: pct,
      summary: `${rule.job} ${worst.name} ${worst.last} is ${Math.round(-worst.change)} % below the median of the last ${before.length} runs (${Math.round(worst.usual)}); limit ${pct} %`,
      trend: points,
      trendTimes: shown.map((run) => run.ts),
      stepMs: 0,
      windowMs: MINUTE * 0 + (context.now - latest.ts),
      heldMs: breaching ? context.now - latest.ts : 0,
    };
  },
};
