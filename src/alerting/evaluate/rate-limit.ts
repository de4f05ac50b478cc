import { filtersOf, percent, ratioEvaluation } from './common.js';
import { ratioThreshold } from './usual.js';
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
        describe: (value, threshold, window, word) => `${value ?? 0} rate-limited calls (429) ${word} ${threshold} in ${window}`,
      });
    }
    const fine = context.data.fineView(context.integration, filtersOf(rule));
    const judged = ratioThreshold(rule, context, 'rate_limited', 'volume', 0.1);
    if ('notJudged' in judged) return judged.notJudged;
    return ratioEvaluation({
      rule,
      context,
      numerator: view.outcomes.rate_limited,
      denominator: view.volume,
      fine: fine && { start: fine.start, unitMs: fine.unitMs, numerator: fine.outcomes.rate_limited, denominator: fine.volume },
      threshold: judged.threshold,
      direction: 'above',
      describe: (value, threshold, window, word) => `429 share ${percent(value)} ${word} ${percent(threshold)} in ${window}${judged.words}`,
    });
  },
};
