import { MINUTE } from '../../rollup/tiers.js';
import type { RuleEvaluator } from './types.js';

/** The last N runs of a job all failed. */
export const runFailures: RuleEvaluator = {
  evaluate(rule, context) {
    const entry = context.data.runs.get(`${context.integration}\u0000${rule.job}`);
    const n = rule.consecutive ?? 2;
    const runs = entry?.runs ?? [];
    if (runs.length === 0) {
      return { judged: false, breaching: false, value: null, threshold: n, summary: `no runs of ${rule.job} yet`, trend: [], stepMs: MINUTE, windowMs: 0, heldMs: null };
    }
    const firstGood = runs.findIndex((run) => run.status !== 'failed');
    const failures = firstGood === -1 ? runs.length : firstGood;
    const breaching = failures >= n;
    const shown = runs.slice(0, 12).reverse();
    const trend = shown.map((run) => (run.status === 'failed' ? 1 : 0));
    return {
      judged: true,
      breaching,
      value: failures,
      threshold: n,
      summary: `${failures} consecutive failed run${failures === 1 ? '' : 's'} of ${rule.job} (limit ${n})`,
      trend,
      trendTimes: shown.map((run) => run.ts),
      stepMs: 0,
      windowMs: runs.length > 0 ? context.now - runs[Math.min(runs.length, Math.max(failures, 1)) - 1]!.ts : 0,
      heldMs: breaching ? context.now - runs[n - 1]!.ts : 0,
    };
  },
};
