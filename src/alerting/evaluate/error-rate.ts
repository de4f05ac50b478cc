import type { RuleEvaluator } from './types.js';
import { filtersOf, percent, ratioEvaluation } from './common.js';
import { ratioThreshold } from './usual.js';

const WORDS: Record<string, string> = { server_error: '5xx', timeout: 'timeout', auth_error: 'auth error (401/403)', network_error: 'network error' };

/** Share of one outcome class (5xx by default) above a threshold. */
export const errorRate: RuleEvaluator = {
  evaluate(rule, context) {
    const view = context.data.view(context.integration, filtersOf(rule));
    const fine = context.data.fineView(context.integration, filtersOf(rule));
    const outcome = rule.outcome ?? 'server_error';
    const judged = ratioThreshold(rule, context, outcome, 'volume', 0.05);
    if ('notJudged' in judged) return judged.notJudged;
    return ratioEvaluation({
      rule,
      context,
      numerator: view.outcomes[outcome],
      denominator: view.volume,
      fine: fine && { start: fine.start, unitMs: fine.unitMs, numerator: fine.outcomes[outcome], denominator: fine.volume },
      threshold: judged.threshold,
      direction: 'above',
      describe: (value, threshold, window, word) => `${WORDS[outcome]} share ${percent(value)} ${word} ${percent(threshold)} in ${window}${judged.words}`,
    });
  },
};
