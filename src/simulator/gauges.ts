/**
 * Queue levels sampled once a minute. They follow the day's traffic and build up a backlog while an
 * incident degrades the integration, then drain after it.
 */
import type { WireGauge } from '../ingest/wire.js';
import type { SimContext } from './context.js';
import { dayFactor } from './daycycle.js';
import { everyMinute } from './minutes.js';
import { hashSeed, Random } from './random.js';

const GAUGE_SALT = 0x6a06;
/** Queues never empty completely at night: retries and slow consumers keep a floor. */
const GAUGE_NIGHT_FLOOR = 0.3;

/** One sample per gauge at every whole minute with `fromMs ≤ ts < toMs`. */
export function gaugesBetween(ctx: SimContext, fromMs: number, toMs: number): WireGauge[] {
  const out: WireGauge[] = [];
  for (const { minute, ts, integration } of everyMinute(ctx, fromMs, toMs)) {
    const { gauges, id } = integration.profile;
    if (!gauges) continue;
    const backlog = ctx.incidents.backlogMinutes(id, ts);
    const site = integration.sites.values[0] ?? 'default';
    gauges.forEach((gauge, gaugeIndex) => {
      const rng = new Random(hashSeed(ctx.seed, GAUGE_SALT, integration.index, gaugeIndex, minute));
      const level = gauge.base * dayFactor(ts, GAUGE_NIGHT_FLOOR) + rng.normal(0, gauge.noise) + gauge.backlogPerMinute * backlog;
      out.push({ kind: 'gauge', ts, integration: id, env: 'production', site, name: gauge.name, value: Math.max(0, Math.round(level)) });
    });
  }
  return out;
}
