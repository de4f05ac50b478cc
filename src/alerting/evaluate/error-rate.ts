import type { RuleEvaluator } from './types.js';
import { filtersOf, percent, ratioEvaluation } from './common.js';

const WORDS: Record<string, string> = { server_error: '5xx', timeout: 'timeout', auth_error: 'auth error (401/403)', network_error: 'network error' };

/** Share of one outcome class (5xx by default) above a threshold. */
export const errorRate: RuleEvaluator = {
  evaluate(rule, context) {
    const view = context.data.view(context.integration, filtersOf(rule));
    const outcome = rule.outcome ?? 'server_error';
    return ratioEvaluation({
      rule,
      context,
      numerator: view.outcomes[outcome],
      denominator: view.volume,
      threshold: rule.threshold ?? 0.05,
      direction: 'above',
      describe: (value, threshold, window) => `${WORDS[outcome]} share ${percent(value)} over ${percent(threshold)} in ${window}`,
    });
  },
};
