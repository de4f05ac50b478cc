import { OUTCOMES, type Outcome } from '../common/outcome.js';

/** The dimensions that make one call series (VISION.md: integration × operation × … × release). */
export interface SeriesKey {
  integration: string;
  operation: string;
  direction: string;
  env: string;
  site: string;
  release: string;
}

export type OutcomeCounts = Record<Outcome, number> & { volume: number };

export function emptyCounts(): OutcomeCounts {
  return { volume: 0, ok: 0, client_error: 0, auth_error: 0, rate_limited: 0, server_error: 0, timeout: 0, network_error: 0 };
}

export function addCounts(into: OutcomeCounts, from: OutcomeCounts): void {
  into.volume += from.volume;
  for (const outcome of OUTCOMES) into[outcome] += from[outcome];
}
