import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import type { AlertRule } from '../rules/types.js';
import { TREND_BUCKETS, type CycleData } from './data.js';
import type { Evaluation, EvaluationContext } from './types.js';

/** A share as a percentage to one decimal ("2.7 %", "33 %"), two below 1 % so a small share never reads as 0. */
export function percent(share: number | null): string {
  if (share === null) return '–';
  const value = share * 100;
  return `${Math.abs(value) >= 1 ? Math.round(value * 10) / 10 : Math.round(value * 100) / 100} %`;
}

/**
 * The word between a value and its threshold: "over" or "below" only when the value is past it,
 * so that "p95 433 ms over 800 ms" is never written.
 */
export function comparison(value: number | null, threshold: number, direction: 'above' | 'below'): string {
  if (direction === 'above') return value !== null && value <= threshold ? 'within' : 'over';
  return value !== null && value >= threshold ? 'above' : 'below';
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

/** Sub-minute call counts, read from the raw records for the integrations that may be breaching. */
export interface FineSeries {
  /** Start of the first unit. */
  start: number;
  unitMs: number;
  numerator: ArrayLike<number>;
  denominator: ArrayLike<number>;
}

/**
 * A ratio rule: the share over the window is the value; how long it has held is proved on
 * slices of the data's own time ({@link provenHeld}). Calls are proved on sub-minute slices
 * (`fine`; `null` asks the engine to load them, as only breaching windows need them), events on
 * whole minutes.
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
  /** `word` is comparison()'s: whether the value is past the threshold. */
  describe: (value: number | null, threshold: number, window: string, word: string) => string;
  /** Count-based instead of share-based (rate_limit count). */
  absolute?: boolean;
  fine?: FineSeries | null;
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
  const base = {
    judged,
    value: value === null ? null : round(value),
    threshold,
    summary: options.describe(value, threshold, windowWords(rule.windowMs), comparison(value, threshold, direction)),
    trend: trendOf(data, minuteValue),
    trendTimes: trendTimesOf(data),
    stepMs: MINUTE,
    windowMs: rule.windowMs,
  };
  if (!breachingWindow) return { ...base, breaching: false, heldMs: 0 };
  if (options.fine === null) return { ...base, breaching: false, heldMs: 0, needsFine: true };
  let held: Held;
  if (options.fine) {
    // A slice needs enough calls that a share at the threshold would show a failure in it;
    // fewer calls say nothing either way, so they join the next unit's.
    const minCalls = Math.max(1, Math.ceil(1 / Math.max(threshold, 1e-6)));
    held = provenHeld(fineSlices(options.fine, minCalls, context.now, (n, d) => crosses(n / d)), context.now);
  } else {
    // Absolute counts are judged per window (a per-minute count is not comparable to a window count).
    held = streak(data, (i) => (minuteValue(i) === null ? null : options.absolute ? true : crosses(minuteValue(i))), context.now);
  }
  return { ...base, breaching: held.alive, heldMs: held.heldMs };
}

export interface Slice {
  start: number;
  end: number;
  /** null: no data in it (neither proves nor breaks). */
  crosses: boolean | null;
}

export interface Held {
  /** The newest slice with data crosses (or the slice under way does and whole ones do not contradict). */
  alive: boolean;
  heldMs: number;
}

/**
 * How long the data proves the condition has held: from the end of the first crossing slice of
 * the streak to the start of its newest crossing slice. A slice that crosses proves only that
 * something crossed somewhere in it, so neither edge slice counts; this way a burst shorter than
 * `for` can never be held for `for`, wherever it falls against slice boundaries. Empty slices
 * neither break nor start a streak; the slice under way (it ends after `now`) can extend one when
 * it crosses, but its healthy seconds so far neither count nor break it.
 */
export function provenHeld(slices: readonly Slice[], now?: number): Held {
  let newest: Slice | null = null;
  let oldest: Slice | null = null;
  for (let i = slices.length - 1; i >= 0; i--) {
    const slice = slices[i]!;
    if (slice.crosses === null) continue;
    const underWay = now !== undefined && slice.end > now;
    if (!slice.crosses) {
      if (underWay) continue;
      break;
    }
    newest ??= slice;
    oldest = slice;
  }
  if (!newest || !oldest) return { alive: false, heldMs: 0 };
  return { alive: true, heldMs: Math.max(0, newest.start - oldest.end) };
}

/** Whole-minute slices of the cycle's data (event and latency rules, which have no finer data). */
export function streak(data: CycleData, crosses: (i: number) => boolean | null, now: number): Held {
  const slices: Slice[] = [];
  for (let i = 0; i < data.minutes; i++) {
    const start = data.start + i * MINUTE;
    slices.push({ start, end: start + MINUTE, crosses: crosses(i) });
  }
  return provenHeld(slices, now);
}

/** Consecutive units merged until each slice holds `minCalls` (the last may hold fewer: it is under way). */
function fineSlices(fine: FineSeries, minCalls: number, now: number, crosses: (numerator: number, denominator: number) => boolean): Slice[] {
  const slices: Slice[] = [];
  let start = fine.start;
  let num = 0;
  let den = 0;
  for (let i = 0; i < fine.denominator.length; i++) {
    num += fine.numerator[i] ?? 0;
    den += fine.denominator[i] ?? 0;
    const end = fine.start + (i + 1) * fine.unitMs;
    const last = i === fine.denominator.length - 1;
    if (den >= minCalls || last) {
      slices.push({ start, end: last ? Math.max(end, now + 1) : end, crosses: den === 0 ? null : crosses(num, den) });
      start = end;
      num = 0;
      den = 0;
    }
  }
  return slices;
}

/** The start of each minute of `trendOf`'s values, oldest first. */
export function trendTimesOf(data: CycleData): number[] {
  return Array.from({ length: TREND_BUCKETS }, (_, k) => data.start + (data.minutes - TREND_BUCKETS + k) * MINUTE);
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

/** The middle value (the mean of the two middle ones for an even count); values non-empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
