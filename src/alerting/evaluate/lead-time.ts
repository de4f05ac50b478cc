import { eventFiltersOf } from './common.js';
import { quantileEvaluation } from './quantile.js';
import type { RuleEvaluator } from './types.js';

/**
 * The order lead time's quantile (p95 by default) over the window above a threshold, for the
 * orders an integration received or shipped. Lead-time sketches hold seconds.
 */
export const leadTime: RuleEvaluator = {
  evaluate(rule, context) {
    const view = context.data.leadTimes.view(context.integration, {
      ...eventFiltersOf(rule),
      ...(rule.startEvent !== undefined ? { startEvent: rule.startEvent } : {}),
      ...(rule.endEvent !== undefined ? { endEvent: rule.endEvent } : {}),
    });
    return quantileEvaluation({ rule, context, view, unitMs: 1000, what: 'lead time ' });
  },
};
