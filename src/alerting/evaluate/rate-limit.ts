import { filtersOf, percent, ratioEvaluation } from './common.js';
import type { RuleEvaluator } from './types.js';

/** 429s: their share above a threshold, or their count in the window above `count`. */
export const rateLimit: RuleEvaluator = {
  evaluate(rule, context) {
    const view = context.data.view(context.integration, filtersOf(rule));
    if (rule.count !== undefined) {
      return ratioEvaluation({
        rule,
        context,
        numerator: view.outcomes.rate_limited,
        denominator: view.volume,
        threshold: rule.count,
        direction: 'above',
        absolute: true,
        minVolume: 1,
        describe: (value, threshold, window) => `${value ?? 0} rate-limited calls (429) over ${threshold} in ${window}`,
      });
    }
    return ratioEvaluation({
      rule,
      context,
      numerator: view.outcomes.rate_limited,
      denominator: view.volume,
      threshold: rule.threshold ?? 0.1,
      direction: 'above',
      describe: (value, threshold, window) => `429 share ${percent(value)} over ${percent(threshold)} in ${window}`,
    });
  },
};
