import { MINUTE } from '../../rollup/tiers.js';
import type { RuleEvaluator } from './types.js';

/** The latest sample of a gauge (e.g. queue depth) above a threshold. */
export const gauge: RuleEvaluator = {
  evaluate(rule, context) {
    const samples = context.data.gauges.get(`${context.integration}\u0000${rule.gauge}`) ?? [];
    const above = rule.above ?? 0;
    const latest = samples[0];
    if (!latest) {
      return { judged: false, breaching: false, value: null, threshold: above, summary: `no ${rule.gauge} sample in the last hour`, trend: [], stepMs: MINUTE, windowMs: 0, heldMs: null };
    }
    // How long it has been above: the run of newest samples above the threshold.
    let since = latest.ts;
    for (const sample of samples) {
      if (sample.value <= above) break;
      since = sample.ts;
    }
    const breaching = latest.value > above;
    return {
      judged: true,
      breaching,
      value: latest.value,
      threshold: above,
      summary: `${rule.gauge} ${latest.value} over ${above}`,
      trend: samples.map((s) => s.value).reverse(),
      trendTimes: samples.map((s) => s.ts).reverse(),
      stepMs: 0,
      windowMs: context.now - (samples.at(-1)?.ts ?? latest.ts),
      heldMs: breaching ? context.now - since : 0,
    };
  },
};
