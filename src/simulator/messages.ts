/**
 * Service-bus message counts, reported once a minute per queue as the `message.processed` and
 * `message.failed` events the Prometheus message counters are derived from (docs/prometheus.md):
 * each carries the minute's messages in `attrs.count`, as a worker reporting its batches would.
 * Throughput follows the day; while an incident degrades the integration, fewer messages get
 * through and many fail (the queue builds up, gauges.ts), and afterwards the backlog is worked off
 * at twice the usual pace.
 */
import { MESSAGE_FAILED_EVENT, MESSAGE_PROCESSED_EVENT } from '../metrics/signals.js';
import type { WireEvent } from '../ingest/wire.js';
import type { SimContext } from './context.js';
import { dayFactor } from './daycycle.js';
import { everyMinute } from './minutes.js';
import { hashSeed, Random } from './random.js';

const MESSAGE_SALT = 0x3e55;
/** While a backlog builds: the share of the usual throughput that still gets through, and the share of it that fails. */
const DEGRADED_THROUGHPUT = 0.5;
const DEGRADED_FAILURE_SHARE = 0.3;
/** While the backlog drains: the usual throughput times this. */
const DRAIN_THROUGHPUT = 2;

/** One `message.processed` and one `message.failed` event per queue at every whole minute with `fromMs ≤ ts < toMs`. */
export function messagesBetween(ctx: SimContext, fromMs: number, toMs: number): WireEvent[] {
  const out: WireEvent[] = [];
  for (const { minute, ts, integration } of everyMinute(ctx, fromMs, toMs)) {
    const { messages, id, nightFloor } = integration.profile;
    if (!messages) continue;
    const rng = new Random(hashSeed(ctx.seed, MESSAGE_SALT, integration.index, minute));
    const degraded = ctx.incidents.buildsBacklog(id, ts);
    const draining = !degraded && ctx.incidents.backlogMinutes(id, ts) > 0;
    const pace = degraded ? DEGRADED_THROUGHPUT : draining ? DRAIN_THROUGHPUT : 1;
    const handled = rng.poisson(messages.peakPerMin * ctx.scale * dayFactor(ts, nightFloor) * pace);
    const failed = Math.min(handled, rng.poisson(handled * (degraded ? DEGRADED_FAILURE_SHARE : messages.failureShare)));
    const site = integration.sites.values[0] ?? 'default';
    const event = (name: string, count: number): WireEvent => ({ kind: 'event', ts, integration: id, env: 'production', site, name, attrs: { queue: messages.queue, count } });
    out.push(event(MESSAGE_PROCESSED_EVENT, handled - failed), event(MESSAGE_FAILED_EVENT, failed));
  }
  return out;
}
