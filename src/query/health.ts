import type { GoldenSignals } from './rollups.js';

export type HealthStatus = 'healthy' | 'degraded' | 'down' | 'idle';

/** Below this many calls a window says too little to call an integration degraded or down. */
const MIN_VOLUME = 10;

/**
 * A first, signal-only health judgement until the catalogue supplies per-integration SLOs:
 * client errors (4xx other than auth and 429) are the caller's own and do not count against
 * the partner.
 */
export function judgeHealth(signals: GoldenSignals): { status: HealthStatus; reason: string } {
  const { volume } = signals;
  if (volume === 0) return { status: 'idle', reason: 'no calls in this window' };
  const failed = volume - signals.ok - signals.client_error;
  const share = failed / volume;
  const worst = (['server_error', 'timeout', 'network_error', 'rate_limited', 'auth_error'] as const)
    .map((outcome) => ({ outcome, count: signals[outcome] }))
    .sort((a, b) => b.count - a.count)[0]!;
  const calls = volume.toLocaleString('en-US');
  const reason = `${percent(share)} of ${calls} calls failed, mostly ${worst.outcome.replace('_', ' ')}`;
  if (volume < MIN_VOLUME) return { status: 'healthy', reason: `only ${calls} calls in this window` };
  if (share >= 0.25) return { status: 'down', reason };
  if (share >= 0.05) return { status: 'degraded', reason };
  return { status: 'healthy', reason: `${percent(signals.success_rate ?? 0)} success over ${calls} calls` };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
