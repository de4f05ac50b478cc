import { filtersOf } from './common.js';
import { quantileEvaluation } from './quantile.js';
import type { RuleEvaluator } from './types.js';

/** A latency quantile (p95 by default) over the window above a threshold. */
export const latency: RuleEvaluator = {
  evaluate(rule, context) {
    const view = context.data.view(context.integration, filtersOf(rule));
    return quantileEvaluation({ rule, context, view, unitMs: 1, what: '' });
  },
};
