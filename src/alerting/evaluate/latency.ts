import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import { filtersOf, streak, trendOf, windowRange, windowWords } from './common.js';
import type { RuleEvaluator } from './types.js';

/** A latency quantile (p95 by default) over the window above a threshold. */
export const latency: RuleEvaluator = {
  evaluate(rule, context) {
    const { data } = context;
    const view = data.view(context.integration, filtersOf(rule));
    const q = rule.quantile ?? 0.95;
    const threshold = rule.thresholdMs ?? 0;
    const [from, to] = windowRange(data, rule.windowMs);
    const volume = view.sum(view.volume, from, to);
    const judged = volume >= rule.minVolume && volume > 0;
    const value = judged ? view.sketch(from, to).quantile(q) : null;
    const minute = (i: number) => (view.volume[i] ? view.sketch(i, i + 1).quantile(q) : null);
    const breachingWindow = value !== null && value > threshold;
    const heldMs = breachingWindow ? streak(data, (i) => (view.volume[i] ? (minute(i) ?? 0) > threshold : null), context.now) : 0;
    const label = `p${Math.round(q * 1000) / 10}`;
    return {
      judged,
      breaching: breachingWindow && heldMs > 0,
      value: value === null ? null : Math.round(value),
      threshold,
      summary: `${label} ${value === null ? '–' : describeDuration(value)} over ${describeDuration(threshold)} in ${windowWords(rule.windowMs)}`,
      trend: trendOf(data, minute).map((v) => (v === null ? null : Math.round(v))),
      stepMs: MINUTE,
      windowMs: rule.windowMs,
      heldUncertaintyMs: MINUTE,
      heldMs,
    };
  },
};
