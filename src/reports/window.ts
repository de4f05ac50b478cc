import { withinMaxSpan } from '../incidents/routes.js';
import { parseWindow, type QueryParams, type Window, type WindowBounds } from '../query/params.js';
import { DAY } from '../rollup/tiers.js';

/** The month before the one `now` falls in, in UTC: what a monthly report covers by default. */
export function lastFullMonth(now: number): Window {
  const date = new Date(now);
  return { from: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1), to: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) };
}

/**
 * The report's window: `from`/`to` when given (a missing `from` is 30 days before `to`), else the
 * last full calendar month in UTC; clamped to what the rollups keep like every read, and no
 * longer than the incident figures are computed over (400 days).
 */
export function reportWindow(query: QueryParams, now: number, bounds: WindowBounds): Window {
  if (!query.from && !query.to) {
    const month = lastFullMonth(now);
    return withinMaxSpan(parseWindow({ from: String(month.from), to: String(month.to) }, now, bounds));
  }
  return withinMaxSpan(parseWindow(query, now, { ...bounds, defaultSpan: 30 * DAY }));
}
