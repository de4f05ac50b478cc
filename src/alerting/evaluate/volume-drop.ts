import { MINUTE } from '../../rollup/tiers.js';
import { eventFiltersOf, filtersOf, percent, round, streak, trendOf, windowRange, windowWords } from './common.js';
import type { RuleEvaluator } from './types.js';

const HOUR = 60 * MINUTE;

/**
 * Calls (or events of a name) in the window below `fraction` of their baseline: the previous hour's
 * average (`trailing`) or the same window a week earlier (`last_week`). With `fraction: 0` it
 * breaches on silence: no calls at all in the window. The baseline must reach minVolume (scaled to
 * the window) to judge: a quiet integration's silence is not news.
 */
export const volumeDrop: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration } = context;
    const filters = filtersOf(rule);
    const perMinute: ArrayLike<number> = rule.event ? data.events.perMinute(integration, rule.event, eventFiltersOf(rule)) : data.view(integration, filters).volume;
    const [from, to] = windowRange(data, rule.windowMs);
    let volume = 0;
    for (let i = from; i < to; i++) volume += perMinute[i] ?? 0;
    const which = rule.baseline ?? 'trailing';
    let baseline: number;
    if (rule.event) {
      // Events: the hour before the window (or the same window a week ago is not read: trailing only).
      const windowStart = data.start + from * MINUTE;
      baseline = (data.events.count(integration, rule.event, windowStart - HOUR, windowStart, eventFiltersOf(rule)) * (to - from)) / 60;
    } else if (which === 'trailing') {
      baseline = (data.baselineVolume(integration, filters, 'trailing') * rule.windowMs) / HOUR;
    } else {
      baseline = data.baselineVolume(integration, filters, 'last_week');
    }
    const fraction = rule.fraction ?? 0.5;
    const threshold = fraction * baseline;
    const judged = baseline >= rule.minVolume && baseline > 0;
    const low = (v: number) => (fraction === 0 ? v === 0 : v < threshold);
    const breachingWindow = judged && low(volume);
    const perMinuteBaseline = baseline / Math.max(1, to - from);
    const heldMs = breachingWindow
      ? streak(data, (i) => (fraction === 0 ? (perMinute[i] ?? 0) === 0 : (perMinute[i] ?? 0) < fraction * perMinuteBaseline), context.now)
      : 0;
    const what = rule.event ? `${rule.event} events` : rule.direction === 'inbound' ? 'inbound calls' : 'calls';
    const summary =
      fraction === 0
        ? `${volume} ${what} in ${windowWords(rule.windowMs)} (usually ${Math.round(baseline)})`
        : `${volume} ${what} in ${windowWords(rule.windowMs)}, ${percent(baseline ? volume / baseline : null)} of the ${which === 'trailing' ? 'previous hour' : 'same time last week'} (${Math.round(baseline)}), below ${percent(fraction)}`;
    return {
      judged,
      breaching: breachingWindow && heldMs > 0,
      value: volume,
      threshold: round(threshold),
      summary,
      trend: trendOf(data, (i) => perMinute[i] ?? 0),
      stepMs: MINUTE,
      windowMs: rule.windowMs,
      heldUncertaintyMs: MINUTE,
      heldMs: breachingWindow ? Math.max(heldMs, 0) : 0,
    };
  },
};
