import type { SimContext } from './context.js';

const MINUTE = 60_000;

/**
 * Each integration of the run (those `ctx` includes) at every whole minute with
 * `fromMs ≤ ts < toMs`: the once-a-minute reports (queue gauges, message counts). `minute` is the
 * minute's number since the epoch, the seed of its draws, so a window cut anywhere gives the same.
 */
export function* everyMinute(ctx: SimContext, fromMs: number, toMs: number): Generator<{ minute: number; ts: number; integration: SimContext['integrations'][number] }> {
  const lastMinute = Math.ceil(toMs / MINUTE) - 1;
  for (let minute = Math.ceil(fromMs / MINUTE); minute <= lastMinute; minute++) {
    for (const integration of ctx.integrations) {
      if (ctx.included.has(integration.profile.id)) yield { minute, ts: minute * MINUTE, integration };
    }
  }
}
