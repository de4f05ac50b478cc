/**
 * How numbers, rates, latencies and times read on screen. Every formatter takes whatever the API
 * holds: a missing value reads "–", a time no calendar can show (NaN, beyond year 275760) reads
 * "invalid date", and none of them throws, so one odd value never blanks a page.
 */

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

const ZONE_KEY = 'switchboard.timeZone';

function chosenZone(): 'UTC' | undefined {
  try {
    return globalThis.localStorage?.getItem(ZONE_KEY) === 'UTC' ? 'UTC' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The zone every time on screen is shown in, tables, headings and chart axes alike: the browser's,
 * or UTC when the reader chose it (stored in this browser).
 */
export const TIME_ZONE: 'UTC' | undefined = chosenZone();

/** Shows every time in UTC (true) or the browser's zone; the page reloads so that every time agrees. */
export function chooseUtc(utc: boolean): void {
  try {
    if (utc) localStorage.setItem(ZONE_KEY, 'UTC');
    else localStorage.removeItem(ZONE_KEY);
  } finally {
    window.location.reload();
  }
}

/** The zone's short name as headings show it: "UTC", "CET", "GMT+1". */
export const ZONE_LABEL: string =
  TIME_ZONE ?? new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(Date.now()).find((part) => part.type === 'timeZoneName')?.value ?? 'local time';

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(undefined, { ...options, ...(TIME_ZONE ? { timeZone: TIME_ZONE } : {}) });
}

/** What a missing value reads as. */
export const MISSING = '–';
export const INVALID_DATE = 'invalid date';

/** A number a chart or table can show. */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An instant a Date can hold (epoch ms within ±8.64e15). */
export function isTime(value: unknown): value is number {
  return isNumber(value) && Math.abs(value) <= 8.64e15;
}

/** For a `<time dateTime>` attribute: the ISO form, or nothing for what is no time. */
export function isoTime(ts: unknown): string | undefined {
  return isTime(ts) ? new Date(ts).toISOString() : undefined;
}

/** "–" for a missing time, "invalid date" for one no calendar can show, else `format(ts)`. */
function whenValid(ts: unknown, format: (ts: number) => string): string {
  if (ts === null || ts === undefined) return MISSING;
  if (!isTime(ts)) return INVALID_DATE;
  try {
    return format(ts);
  } catch {
    return INVALID_DATE;
  }
}

export function formatCount(n: number | null | undefined): string {
  return isNumber(n) ? count.format(n) : MISSING;
}

/**
 * A success rate to a tenth of a percent, never shown as 100 % unless every call succeeded; written
 * "99.1 %" as the server's reasons and summaries write it, so one page never shows two forms.
 */
export function formatRate(rate: number | null | undefined): string {
  if (!isNumber(rate)) return MISSING;
  if (rate >= 1) return '100 %';
  return `${Math.min(99.9, Math.round(rate * 1000) / 10).toFixed(1)} %`;
}

/** Milliseconds below a second, seconds above. */
export function formatLatency(ms: number | null | undefined): string {
  if (!isNumber(ms)) return MISSING;
  if (ms === 0) return '0 ms';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatAgo(ts: number | null | undefined, now: number): string {
  if (ts === null || ts === undefined) return 'never';
  if (!isTime(ts)) return INVALID_DATE;
  const seconds = Math.max(0, Math.round((now - ts) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

const timeOfDay = dateFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const dateAndTime = dateFormat({
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A timestamp in a table: the time of day, with the date when the window spans days. */
export function formatTimestamp(ts: number | null | undefined, withDate: boolean): string {
  return whenValid(ts, (valid) => (withDate ? dateAndTime : timeOfDay).format(valid));
}

const shortTime = dateFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const shortDate = dateFormat({ month: 'short', day: 'numeric' });

/** A window for a heading, with the zone: "19:02 – 20:02 CET", or with dates when it spans days. */
export function formatRange(from: number | null | undefined, to: number | null | undefined): string {
  if (!isTime(from) || !isTime(to)) return `${whenValid(from, (ts) => shortTime.format(ts))} – ${whenValid(to, (ts) => shortTime.format(ts))} ${ZONE_LABEL}`;
  const sameDay = shortDate.format(from) === shortDate.format(to - 1);
  if (sameDay) return `${shortTime.format(from)} – ${shortTime.format(to)} ${ZONE_LABEL}`;
  return `${shortDate.format(from)} ${shortTime.format(from)} – ${shortDate.format(to)} ${shortTime.format(to)} ${ZONE_LABEL}`;
}

/**
 * A chart's time axis labels, in the zone and the 24-hour clock of every other time on screen: the
 * time of day over a day or less, the date (and the time where it is not midnight) over more.
 */
export function formatAxisTimes(splitsMs: readonly number[], spanMs: number): string[] {
  return splitsMs.map((ts) =>
    whenValid(ts, (valid) => {
      if (spanMs <= 86_400_000) return shortTime.format(valid);
      const time = shortTime.format(valid);
      return time === '00:00' ? shortDate.format(valid) : `${shortDate.format(valid)} ${time}`;
    }),
  );
}

export function formatStep(ms: number): string {
  if (!isNumber(ms) || ms <= 0) return MISSING;
  if (ms % 86_400_000 === 0) return ms === 86_400_000 ? 'day' : `${ms / 86_400_000} days`;
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

export const OUTCOME_LABELS = {
  ok: 'OK',
  client_error: 'Client error (4xx)',
  auth_error: 'Auth error (401/403)',
  rate_limited: 'Rate limited (429)',
  server_error: 'Server error (5xx)',
  timeout: 'Timeout',
  network_error: 'Network error',
} as const;

/** A length of time in the largest unit that keeps it whole-ish: "90 s", "15 min", "4 h", "2 d". */
export function formatDuration(ms: number | null | undefined): string {
  if (!isNumber(ms)) return MISSING;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = seconds / 60;
  if (minutes < 10) return `${Math.round(minutes * 10) / 10} min`;
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} d`;
}

/** When something is due: "in 40 s", "due now". */
export function formatIn(ts: number | null | undefined, now: number): string {
  if (ts === null || ts === undefined) return MISSING;
  if (!isTime(ts)) return INVALID_DATE;
  const ms = ts - now;
  if (ms <= 1000) return 'due now';
  return `in ${formatDuration(ms)}`;
}

/** A latency target as written in SLOs: 800 → "800 ms", 1500 → "1.5 s". */
export function formatLatencyTarget(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** A target success rate as written in SLOs: 0.98 → "98 %", 0.995 → "99.5 %". */
export function formatTarget(rate: number): string {
  return `${Math.round(rate * 1000) / 10} %`;
}

/** A relative change: -0.45 → "−45 %", 0.031 → "+3.1 %". */
export function formatChange(change: number): string {
  const pct = Math.abs(change * 100);
  const text = pct < 10 ? pct.toFixed(1).replace(/\.0$/, '') : String(Math.round(pct));
  if (text === '0') return '±0 %';
  return `${change < 0 ? '−' : '+'}${text} %`;
}

/** A count or average with at most one decimal. */
export function formatAverage(n: number): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: n < 100 ? 1 : 0 }).format(n);
}
