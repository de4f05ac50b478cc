/**
 * The daily rhythm of commerce traffic: quiet in the small hours, busiest mid-afternoon. Hours are
 * UTC, which puts the peak in a European afternoon, where the demo integrations are based.
 */

const HOUR_MS = 3_600_000;
const QUIETEST_HOUR = 3.5;

/**
 * Share of the peak rate at `ms`, between `nightFloor` (03:30 UTC) and 1 (15:30 UTC). The curve is
 * smooth so minute-to-minute volume never jumps, and it never reaches zero for a busy integration.
 */
export function dayFactor(ms: number, nightFloor: number): number {
  if (nightFloor >= 1) return 1;
  const hour = (((ms / HOUR_MS) % 24) + 24) % 24;
  const wave = (1 - Math.cos((2 * Math.PI * (hour - QUIETEST_HOUR)) / 24)) / 2;
  // A power above 1 keeps the night flat and the afternoon plateau broad, as real order traffic is.
  return nightFloor + (1 - nightFloor) * wave ** 1.4;
}
