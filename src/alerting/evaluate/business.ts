import { percent, ratioEvaluation } from './common.js';
import type { RuleEvaluator } from './types.js';

/** exception.raised events per order.received above a threshold (manual-intervention rate). */
export const businessExceptionRate: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration } = context;
    const empty = new Float64Array(data.minutes);
    return ratioEvaluation({
      rule,
      context,
      numerator: data.events.get(`${integration}\u0000exception.raised`)?.perMinute ?? empty,
      denominator: data.events.get(`${integration}\u0000order.received`)?.perMinute ?? empty,
      threshold: rule.threshold ?? 0.05,
      direction: 'above',
      describe: (value, threshold, window) => `exception rate ${percent(value)} of orders over ${percent(threshold)} in ${window}`,
    });
  },
};

/** label.created / (label.created + label.failed) below a threshold. */
export const labelSuccessRate: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration } = context;
    const created = data.events.get(`${integration}\u0000label.created`)?.perMinute ?? new Float64Array(data.minutes);
    const failed = data.events.get(`${integration}\u0000label.failed`)?.perMinute ?? new Float64Array(data.minutes);
    const total = Array.from({ length: data.minutes }, (_, i) => created[i]! + failed[i]!);
    return ratioEvaluation({
      rule,
      context,
      numerator: created,
      denominator: total,
      threshold: rule.threshold ?? 0.95,
      direction: 'below',
      describe: (value, threshold, window) => `label success ${percent(value)} below ${percent(threshold)} in ${window}`,
    });
  },
};
