import { DAY, HOUR, MINUTE } from '../rollup/tiers.js';

/** Good and bad calls of a window. */
export interface Tally {
  volume: number;
  bad: number;
  /**
   * The share of the window since the integration's first record (1 once it is older). The time
   * before it counts as calls at the same rate, all good: a new integration's first failures are
   * weighed against a whole window's budget, so a two-minute blip in its first minutes is not
   * taken for an hour burning 15× its budget.
   */
  covered: number;
}

/** The share of a window of `lengthMs` ending at `end` that follows the first record (null: none known). */
export function coverage(firstSeen: number | null | undefined, end: number, lengthMs: number): number {
  if (firstSeen === null || firstSeen === undefined) return 1;
  return Math.min(1, Math.max(end - firstSeen, 60_000) / lengthMs);
}

/** The window's calls with the time before the first record filled in at the same rate. */
function fullVolume(tally: Tally): number {
  return tally.volume / tally.covered;
}

/**
 * One pair of a multi-window, multi-burn-rate alert (the SRE workbook, chapter 5): it breaches
 * when the budget burns faster than `factor` over both windows — the long one proves enough of
 * the budget went, the short one that it is still going (so the alert resolves soon after the
 * burning stops).
 */
export interface BurnPair {
  longMs: number;
  shortMs: number;
  factor: number;
}

/** Page: 2 % of a 30-day budget gone in an hour, or 5 % in six hours. */
export const PAGE_PAIRS: readonly BurnPair[] = [
  { longMs: HOUR, shortMs: 5 * MINUTE, factor: 14.4 },
  { longMs: 6 * HOUR, shortMs: 30 * MINUTE, factor: 6 },
];

/** Ticket: 10 % of a 30-day budget gone in a day, or in three days. */
export const TICKET_PAIRS: readonly BurnPair[] = [
  { longMs: DAY, shortMs: 2 * HOUR, factor: 3 },
  { longMs: 3 * DAY, shortMs: 6 * HOUR, factor: 1 },
];

/** Every window the default pairs read, shortest first (the API shows the burn over each). */
export const BURN_WINDOWS: readonly number[] = [...new Set([...PAGE_PAIRS, ...TICKET_PAIRS].flatMap((pair) => [pair.shortMs, pair.longMs]))].sort((a, b) => a - b);

/**
 * How many times faster than the objective allows the budget burns: the bad share over the
 * share the objective leaves bad. 1 spends exactly the budget over the period; null: no calls.
 * Equivalently: the share of the period's budget the window spent, over the window's share of
 * the period.
 */
export function burnRate(tally: Tally, target: number): number | null {
  if (tally.volume === 0) return null;
  return tally.bad / fullVolume(tally) / (1 - target);
}

/**
 * The share of the period's budget not yet spent: 1 − bad ÷ (the calls the objective allows to
 * be bad). Negative once overspent; 1 without calls.
 */
export function budgetLeft(tally: Tally, target: number): number {
  if (tally.volume === 0) return 1;
  return 1 - tally.bad / ((1 - target) * fullVolume(tally));
}
