import type { AlertRule } from '../rules/types.js';
import { notJudged, percent } from './common.js';
import type { Evaluation, EvaluationContext } from './types.js';

/**
 * A ratio rule's threshold. In baseline mode (`usual: N`) the rule's threshold is a floor, and
 * the share must also be above N × its usual level at this time of day; the higher of the two is
 * the threshold every slice is judged against too, so "held for" means the spike held.
 */
export function ratioThreshold(
  rule: AlertRule,
  context: EvaluationContext,
  numerator: string,
  denominator: string,
  fallback: number,
): { threshold: number; words: string } | { notJudged: Evaluation } {
  const floor = rule.threshold ?? fallback;
  if (rule.usual === undefined) return { threshold: floor, words: '' };
  const usual = context.data.usual.level(rule, context.integration, numerator, denominator);
  if (!usual) return { notJudged: notJudged(rule, `no usual level for this time of day yet (no such window in the previous 7 days with ${rule.minVolume} or more)`, floor) };
  const spike = rule.usual * usual.share;
  return { threshold: Math.max(floor, spike), words: ` (floor ${percent(floor)}; ${rule.usual}× its usual ${percent(usual.share)}, ${usual.how})` };
}
