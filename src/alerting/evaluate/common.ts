import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import type { AlertRule } from '../rules/types.js';
import { TREND_BUCKETS, type CycleData } from './data.js';
import type { Evaluation, EvaluationContext } from './types.js';

export function percent(share: number | null): string {
  if (share === null) return '–';
  const value = share * 100;
  return `${value >= 10 || Number.isInteger(value) ? Math.round(value * 10) / 10 : Math.round(value * 100) / 100} %`;
}

export function windowWords(ms: number): string {
  return describeDuration(ms);
}

export function filtersOf(rule: AlertRule) {
  return {
    ...(rule.env !== undefined ? { env: rule.env } : {}),
    ...(rule.site !== undefined ? { site: rule.site } : {}),
    ...(rule.operation !== undefined ? { operation: rule.operation } : {}),
    ...(rule.direction !== undefined ? { direction: rule.direction } : {}),
  };
}

/** The rule's filters that apply to events and lead times (operation and direction describe calls). */
export function eventFiltersOf(rule: AlertRule) {
  return {
    ...(rule.env !== undefined ? { env: rule.env } : {}),
    ...(rule.site !== undefined ? { site: rule.site } : {}),
  };
}

/** Minute buckets [from, to) of the rule's window, ending with the current (partial) minute. */
export function windowRange(data: CycleData, windowMs: number): [number, number] {
  const minutes = Math.max(1, Math.ceil(windowMs / MINUTE));
  return [data.minutes - minutes, data.minutes];
}

/**
 * A ratio rule judged minute by minute: the share over the window is the value; the streak of
 * minutes (ending now) whose own share crosses the threshold says how long it has held, so a
 * one-minute blip that lingers in a five-minute window is not mistaken for a sustained problem.
 */
export function ratioEvaluation(options: {
  rule: AlertRule;
  context: EvaluationContext;
  numerator: ArrayLike<number>;
  denominator: ArrayLike<number>;
  threshold: number;
  /** 'above' breaches when share > threshold; 'below' when share < threshold. */
  direction: 'above' | 'below';
  /** Minimum volume in the window to judge; defaults to the rule's minVolume. */
  minVolume?: number;
  describe: (value: number | null, threshold: number, window: string) => string;
  /** Count-based instead of share-based (rate_limit count). */
  absolute?: boolean;
}): Evaluation {
  const { rule, context, numerator, denominator, threshold, direction } = options;
  const { data } = context;
  const [from, to] = windowRange(data, rule.windowMs);
  let num = 0;
  let den = 0;
  for (let i = from; i < to; i++) {
    num += numerator[i] ?? 0;
    den += denominator[i] ?? 0;
  }
  const value = options.absolute ? num : den === 0 ? null : num / den;
  const crosses = (v: number | null) => v !== null && (direction === 'above' ? v > threshold : v < threshold);
  const minuteValue = (i: number): number | null => {
    const d = denominator[i] ?? 0;
    if (options.absolute) return d === 0 ? null : (numerator[i] ?? 0);
    return d === 0 ? null : (numerator[i] ?? 0) / d;
  };
  const judged = den >= (options.minVolume ?? rule.minVolume) && den > 0;
  const breachingWindow = judged && crosses(value);
  // Absolute counts are judged per window (a per-minute count is not comparable to a window count).
  const perMinuteCrosses = (i: number): boolean | null => {
    const v = minuteValue(i);
    if (v === null) return null;
    if (options.absolute) return true;
    return crosses(v);
  };
  const heldMs = breachingWindow ? streak(data, perMinuteCrosses, context.now) : 0;
  return {
    judged,
    breaching: breachingWindow && heldMs > 0,
    value: value === null ? null : round(value),
    threshold,
    summary: options.describe(value, threshold, windowWords(rule.windowMs)),
    trend: trendOf(data, minuteValue),
    stepMs: MINUTE,
    windowMs: rule.windowMs,
    heldUncertaintyMs: MINUTE,
    heldMs,
  };
}

/**
 * How long (to now) the minutes have crossed: empty minutes neither break nor start a streak, and
 * neither does the minute still under way when it does not cross: its first few calls are too
 * little evidence to end a streak that whole minutes built.
 */
export function streak(data: CycleData, crosses: (i: number) => boolean | null, now: number): number {
  let earliest: number | null = null;
  for (let i = data.minutes - 1; i >= 0; i--) {
    const c = crosses(i);
    if (c === null) continue;
    const partial = data.start + (i + 1) * MINUTE > now;
    if (!c && partial) continue;
    if (!c) break;
    earliest = i;
  }
  return earliest === null ? 0 : now - (data.start + earliest * MINUTE);
}

export function trendOf(data: CycleData, valueAt: (i: number) => number | null): Array<number | null> {
  const values: Array<number | null> = [];
  for (let i = data.minutes - TREND_BUCKETS; i < data.minutes; i++) {
    const v = i < 0 ? null : valueAt(i);
    values.push(v === null ? null : round(v));
  }
  return values;
}

export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function notJudged(rule: AlertRule, summary: string, threshold: number | null = null): Evaluation {
  return { judged: false, breaching: false, value: null, threshold, summary, trend: [], stepMs: MINUTE, windowMs: rule.windowMs, heldMs: null };
}
