import type { AlertRule, RuleKind } from '../rules/types.js';
import { businessExceptionRate, labelSuccessRate } from './business.js';
import { burnRate } from './burn-rate.js';
import { countDrop } from './count-drop.js';
import { errorRate } from './error-rate.js';
import { freshness } from './freshness.js';
import { gauge } from './gauge.js';
import { latency } from './latency.js';
import { leadTime } from './lead-time.js';
import { logErrors } from './log-errors.js';
import { rateLimit } from './rate-limit.js';
import { runFailures } from './run-failures.js';
import type { Evaluation, EvaluationContext, RuleEvaluator } from './types.js';
import { volumeDrop } from './volume-drop.js';

export const EVALUATORS: Record<RuleKind, RuleEvaluator> = {
  error_rate: errorRate,
  latency,
  rate_limit: rateLimit,
  volume_drop: volumeDrop,
  freshness,
  run_failures: runFailures,
  count_drop: countDrop,
  gauge,
  business_exception_rate: businessExceptionRate,
  label_success_rate: labelSuccessRate,
  lead_time: leadTime,
  burn_rate: burnRate,
  log_errors: logErrors,
};

/** Judges one rule for one integration on the cycle's data (in memory, no reads). */
export function evaluate(rule: AlertRule, context: EvaluationContext): Evaluation {
  return EVALUATORS[rule.kind].evaluate(rule, context);
}

export { CycleData, SeriesView, TREND_BUCKETS } from './data.js';
export type { Evaluation, EvaluationContext, RuleEvaluator } from './types.js';
export type { BurnSources } from './burn-data.js';
export type { UsualSources } from './usual-data.js';
