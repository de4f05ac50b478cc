/**
 * The rollup tiers: every call lands in one bucket of each. Dashboards read the coarsest tier that
 * still resolves their window, so a 30-day view merges hundreds of rows, not hundreds of thousands.
 */
export const MINUTE = 60_000;
export const TEN_MINUTES = 10 * MINUTE;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const RESOLUTIONS = [MINUTE, TEN_MINUTES, HOUR, DAY] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

export function floorTo(ms: number, resolution: number): number {
  return Math.floor(ms / resolution) * resolution;
}
