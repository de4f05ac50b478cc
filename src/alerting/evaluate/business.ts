import { EXCEPTION_RAISED, LABEL_CREATED, LABEL_FAILED, ORDER_RECEIVED } from '../../flow/events.js';
import { eventFiltersOf, percent, ratioEvaluation } from './common.js';
import { ratioThreshold } from './usual.js';
import type { RuleEvaluator } from './types.js';

/** exception.raised events per order.received above a threshold (manual-intervention rate). */
export const businessExceptionRate: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration } = context;
    const filters = eventFiltersOf(rule);
    const judged = ratioThreshold(rule, context, EXCEPTION_RAISED, ORDER_RECEIVED, 0.05);
    if ('notJudged' in judged) return judged.notJudged;
    return ratioEvaluation({
      rule,
      context,
      numerator: data.events.perMinute(integration, EXCEPTION_RAISED, filters),
      denominator: data.events.perMinute(integration, ORDER_RECEIVED, filters),
      threshold: judged.threshold,
      direction: 'above',
      describe: (value, threshold, window, word) => `exception rate ${percent(value)} of orders ${word} ${percent(threshold)} in ${window}${judged.words}`,
    });
  },
};

/** label.created / (label.created + label.failed) below a threshold. */
export const labelSuccessRate: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration } = context;
    const filters = eventFiltersOf(rule);
    const created = data.events.perMinute(integration, LABEL_CREATED, filters);
    const failed = data.events.perMinute(integration, LABEL_FAILED, filters);
    return ratioEvaluation({
      rule,
      context,
      numerator: created,
      denominator: created.map((n, i) => n + failed[i]!),
      threshold: rule.threshold ?? 0.95,
      direction: 'below',
      describe: (value, threshold, window, word) => `label success ${percent(value)} ${word} ${percent(threshold)} in ${window}`,
    });
  },
};
