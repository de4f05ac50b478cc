/**
 * Spacing of a check's runs. A healthy check runs every interval; while it fails (consecutive
 * `down` results) the gap doubles per failure up to 4 × the interval, and never beyond an hour
 * unless the interval itself is longer: a failing partner is not hammered, and its recovery is
 * still seen within four intervals. Never faster than the interval. Every gap gets ±10 % jitter
 * so checks declared together drift apart instead of firing in bursts.
 */
export const MAX_DOUBLINGS = 2;
export const MAX_BACKOFF_MS = 3_600_000;
/** No check runs more often than this, whatever its interval says. */
export const MIN_INTERVAL_MS = 100;

export function backoffDelay(intervalMs: number, consecutiveFailures: number): number {
  const interval = Math.max(intervalMs, MIN_INTERVAL_MS);
  if (consecutiveFailures <= 0) return interval;
  const backedOff = interval * 2 ** Math.min(consecutiveFailures, MAX_DOUBLINGS);
  return Math.max(interval, Math.min(backedOff, MAX_BACKOFF_MS));
}

export function withJitter(ms: number, random: () => number = Math.random, share = 0.1): number {
  return Math.round(ms * (1 - share + 2 * share * random()));
}
