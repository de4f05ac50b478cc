import { describeDuration } from '../../catalogue/duration.js';
import { MINUTE } from '../../rollup/tiers.js';
import { NEWEST_LOOKBACK_MS } from './data.js';
import { eventFiltersOf, filtersOf, median, notJudged, percent, round, streak, trendOf, trendTimesOf, windowRange, windowWords } from './common.js';
import type { RuleEvaluator } from './types.js';

const HOUR_MINUTES = 60;

export interface Baseline {
  /** The usual count per window. */
  value: number;
  /** How it was found, in words, for the notification. */
  words: string;
}

/**
 * The usual count per window, honestly: the median of the whole windows of the hour before the
 * window, counting only those after the series' first data (time before it existed is not "zero
 * traffic", and one odd window does not move a median). Null while no whole window of history
 * exists: a fresh series is not judged rather than judged against a diluted average.
 */
export function medianOfWindows(perMinute: ArrayLike<number>, windowMinutes: number): Baseline | null {
  let first = -1;
  for (let i = 0; i < perMinute.length; i++) {
    if ((perMinute[i] ?? 0) > 0) {
      first = i;
      break;
    }
  }
  if (first < 0) return null;
  const length = Math.min(windowMinutes, perMinute.length);
  const counts: number[] = [];
  // Windows end where the judged window starts, going back.
  for (let end = perMinute.length; end - length >= first; end -= length) {
    let total = 0;
    for (let i = end - length; i < end; i++) total += perMinute[i] ?? 0;
    counts.push(total);
  }
  if (counts.length === 0) return null;
  const usual = median(counts);
  // A window longer than the hour: the hour's count stands for its share of the window.
  const value = windowMinutes > length ? (usual * windowMinutes) / length : usual;
  return { value, words: `median of ${counts.length} ${counts.length === 1 ? 'window' : 'windows'} in the previous hour` };
}

/** A steady stream is silent after this many of its usual gaps between records... */
export const SILENT_AFTER_GAPS = 5;
/** ...but never sooner than this: exporters send in batches every few seconds. */
export const SILENCE_FLOOR_MS = 30_000;
/** Steady: records in at least this share of the minutes since its first data in the hour... */
const STEADY_SHARE = 0.9;
/** ...over at least this many minutes. */
const STEADY_MINUTES = 10;

/**
 * How long a steady stream may go without a record before it counts as silent: several of its
 * usual gaps (60 s ÷ the median records per minute), at least SILENCE_FLOOR_MS. Null for a stream
 * that is not steady — one with quiet minutes (a quiet night, a bursty partner) — which only the
 * empty window judges.
 */
export function silentAfter(history: ArrayLike<number>): { limitMs: number; gapMs: number } | null {
  const since: number[] = [];
  for (let i = 0; i < history.length; i++) if (since.length > 0 || (history[i] ?? 0) > 0) since.push(history[i] ?? 0);
  if (since.length < STEADY_MINUTES) return null;
  if (since.filter((count) => count > 0).length < STEADY_SHARE * since.length) return null;
  const gapMs = 60_000 / median(since);
  return { gapMs, limitMs: Math.max(SILENCE_FLOOR_MS, SILENT_AFTER_GAPS * gapMs) };
}

/**
 * Calls (or events of a name) in the window below `fraction` of their baseline: the usual count
 * per window over the previous hour ({@link medianOfWindows}, `trailing`) or the median of the same
 * window in the previous weeks (`last_week`, last-weeks-data.ts). With `fraction: 0` it breaches on silence: no calls at all in the window.
 * The baseline must reach minVolume to judge: a quiet integration's silence is not news.
 */
export const volumeDrop: RuleEvaluator = {
  evaluate(rule, context) {
    const { data, integration } = context;
    const filters = filtersOf(rule);
    const perMinute: ArrayLike<number> = rule.event ? data.events.perMinute(integration, rule.event, eventFiltersOf(rule)) : data.view(integration, filters).volume;
    const [from, to] = windowRange(data, rule.windowMs);
    let volume = 0;
    for (let i = from; i < to; i++) volume += perMinute[i] ?? 0;
    const which = rule.event ? 'trailing' : (rule.baseline ?? 'trailing');
    const windowStart = data.start + from * MINUTE;
    let found: Baseline | null;
    let steady: ReturnType<typeof silentAfter> = null;
    if (which === 'trailing') {
      const hourStart = windowStart - HOUR_MINUTES * MINUTE;
      const history = rule.event
        ? data.events.minutesIn(integration, rule.event, hourStart, HOUR_MINUTES, eventFiltersOf(rule))
        : data.volumeMinutes(integration, filters, hourStart, HOUR_MINUTES);
      found = medianOfWindows(history, to - from);
      if (rule.fraction === 0) steady = silentAfter(history);
    } else {
      found = data.lastWeeks.baseline(integration, filters, rule.windowMs);
    }
    const what = rule.event ? `${rule.event} events` : rule.direction === 'inbound' ? 'inbound calls' : 'calls';
    const window = windowWords(rule.windowMs);
    if (!found) {
      const missing = which === 'trailing' ? `no whole ${window} window since the first data in the previous hour` : 'no week of history at this time of the week';
      return notJudged(rule, `${volume} ${what} in ${window}; too little history for a baseline (${missing})`);
    }
    const baseline = found.value;
    const fraction = rule.fraction ?? 0.5;
    const threshold = fraction * baseline;
    const judged = baseline >= rule.minVolume && baseline > 0;
    if (judged && steady) {
      // Silence of a steady stream, from its last record: known within tens of seconds.
      const recent = data.newestRecord(integration, rule.event ? eventFiltersOf(rule) : filters, rule.event);
      const newest = recent?.newest ?? null;
      const quietMs = newest === null ? NEWEST_LOOKBACK_MS : context.now - newest;
      // A pause as long as one it recently took and came back from is no news: twice that.
      const limitMs = Math.max(steady.limitMs, 2 * (recent?.longestGapMs ?? 0));
      if (quietMs > limitMs) {
        return {
          judged,
          breaching: true,
          value: 0,
          threshold: 0,
          summary: `no ${what} for ${newest === null ? `over ${describeDuration(NEWEST_LOOKBACK_MS)}` : describeDuration(Math.round(quietMs / 1000) * 1000)} (usually one every ${gapWords(steady.gapMs)}; silent after ${describeDuration(Math.round(limitMs / 1000) * 1000)})`,
          trend: trendOf(data, (i) => perMinute[i] ?? 0),
          trendTimes: trendTimesOf(data),
          stepMs: MINUTE,
          windowMs: rule.windowMs,
          // Exact: it has been silent past the limit since the limit ran out after the last record.
          heldMs: quietMs - limitMs,
        };
      }
    }
    const low = (v: number) => (fraction === 0 ? v === 0 : v < threshold);
    const breachingWindow = judged && low(volume);
    const perMinuteBaseline = baseline / Math.max(1, to - from);
    const held = breachingWindow
      ? streak(data, (i) => (fraction === 0 ? (perMinute[i] ?? 0) === 0 : (perMinute[i] ?? 0) < fraction * perMinuteBaseline), context.now)
      : { alive: false, heldMs: 0 };
    const usual = `${Math.round(baseline)} per ${window}, ${found.words}`;
    const summary =
      fraction === 0
        ? `${volume} ${what} in ${window} (usually ${usual})`
        : `${volume} ${what} in ${window}, ${percent(baseline ? volume / baseline : null)} of the usual ${usual}; below ${percent(fraction)}`;
    return {
      judged,
      breaching: held.alive,
      value: volume,
      threshold: round(threshold),
      summary,
      trend: trendOf(data, (i) => perMinute[i] ?? 0),
      trendTimes: trendTimesOf(data),
      stepMs: MINUTE,
      windowMs: rule.windowMs,
      heldMs: held.heldMs,
    };
  },
};

function gapWords(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms / 100) / 10} s` : describeDuration(Math.round(ms / 1000) * 1000);
}
