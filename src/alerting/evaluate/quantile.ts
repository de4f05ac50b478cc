import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import type { AlertRule } from '../rules/types.js';
import { comparison, streak, trendOf, trendTimesOf, windowRange, windowWords } from './common.js';
import type { SketchView } from './sketch-view.js';
import type { Evaluation, EvaluationContext } from './types.js';

/**
 * A quantile of a sketched duration (call latency, lead time) over the rule's window above its
 * threshold. The window's value decides; the streak of minutes whose own quantile is above says
 * how long it has held. `unitMs` is what one unit of the sketch is worth in ms.
 */
export function quantileEvaluation(options: { rule: AlertRule; context: EvaluationContext; view: SketchView; unitMs: number; what: string }): Evaluation {
  const { rule, context, view, unitMs } = options;
  const { data } = context;
  const q = rule.quantile ?? 0.95;
  const threshold = rule.thresholdMs ?? 0;
  const [from, to] = windowRange(data, rule.windowMs);
  const volume = view.sum(view.volume, from, to);
  const judged = volume >= rule.minVolume && volume > 0;
  const inMs = (value: number | null) => (value === null ? null : value * unitMs);
  const value = judged ? inMs(view.sketch(from, to).quantile(q)) : null;
  const minute = (i: number) => (view.volume[i] ? inMs(view.sketch(i, i + 1).quantile(q)) : null);
  const breachingWindow = value !== null && value > threshold;
  const held = breachingWindow ? streak(data, (i) => (view.volume[i] ? (minute(i) ?? 0) > threshold : null), context.now) : { alive: false, heldMs: 0 };
  const label = `${options.what}p${Math.round(q * 1000) / 10}`;
  return {
    judged,
    breaching: held.alive,
    value: value === null ? null : Math.round(value),
    threshold,
    summary: `${label} ${value === null ? '–' : describeDuration(value)} ${comparison(value, threshold, 'above')} ${describeDuration(threshold)} in ${windowWords(rule.windowMs)}`,
    trend: trendOf(data, minute).map((v) => (v === null ? null : Math.round(v))),
    trendTimes: trendTimesOf(data),
    stepMs: MINUTE,
    windowMs: rule.windowMs,
    heldMs: held.heldMs,
  };
}
