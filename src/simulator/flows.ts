/**
 * Order flows: an order arrives at a shop or marketplace, becomes a shipment, gets a label at a
 * carrier (with retries, and a manual exception when that keeps failing), is picked up and then
 * tracked over the following hours.
 *
 * A flow is a chain of steps kept in a time-ordered queue. Each step is resolved only when the
 * simulated clock reaches it, so an incident started "now" affects the labels and webhooks of orders
 * already under way. Each step draws from its own seed (flow seed + step number) and the queue order
 * is total (time, flow, step), so the output does not depend on how time is cut into windows.
 */
import type { AttrValue, WireRecord } from '../ingest/wire.js';
import { callRecord, describeFailure, eventRecord, isOk, isRetryable, resolveCall, type CallResult, type Links } from './calls.js';
import { operationOf, pickTags, type CompiledIntegration, type SimContext, type Tags } from './context.js';
import { dayFactor } from './daycycle.js';
import { MinHeap } from '../common/heap.js';
import type { CallEffects } from './incidents.js';
import { hashSeed, Random, weightedTableOf, type WeightedTable } from './random.js';

const SECOND = 1_000;
const MINUTE = 60_000;

/**
 * Every flow is finished this long after its order arrived (later steps are dropped). It is also how
 * far back the engine replays silently when it starts, so the first window already has shipments in
 * every stage instead of only fresh orders.
 */
export const FLOW_HORIZON_MS = 6 * 60 * MINUTE;

/** Salt for the seeds of flow starts, apart from the other generators' seeds. */
const FLOW_SALT = 0x0f10;
/** Orders per origin per minute are numbered within this range (ids stay unique up to huge scales). */
const MAX_ORDERS_PER_MINUTE = 100_000;

/** Longer than any call timeout, so no record a silent step skips could have fallen in the window. */
const SILENT_MARGIN_MS = 2 * MINUTE;

type StepKind = 'receive' | 'ship' | 'label' | 'resolve-label' | 'notify' | 'pickup' | 'track' | 'resolve-exception';

interface Flow {
  /** Unique and ordered by start: the queue's tie-break and part of the ids. */
  readonly key: number;
  readonly seed: number;
  readonly startMs: number;
  readonly origin: CompiledIntegration;
  readonly carrier: CompiledIntegration;
  readonly originTags: Tags;
  readonly carrierTags: Tags;
  readonly orderLinks: Links;
  readonly shipmentLinks: Links;
  /** Carrier messages know the shipment (tracking number), not our order. */
  readonly trackingLinks: Links;
  readonly orderAttrs: Record<string, AttrValue>;
  nextStep: number;
  labelRound: number;
  trackingUpdates: number;
}

interface Step {
  readonly ts: number;
  readonly flow: Flow;
  readonly n: number;
  readonly kind: StepKind;
  readonly attempt: number;
  /** Which tracking update this is, for `track` steps. */
  readonly index: number;
}

function stepBefore(a: Step, b: Step): boolean {
  if (a.ts !== b.ts) return a.ts < b.ts;
  if (a.flow.key !== b.flow.key) return a.flow.key < b.flow.key;
  return a.n < b.n;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

export class FlowEngine {
  private readonly queue = new MinHeap<Step>(stepBefore);
  /** Records a step produced beyond the current window, handed out by later windows. */
  private held: WireRecord[] = [];
  /** Minutes before this one have had their orders queued. */
  private nextStartMinute = 0;
  /** End of the last window generated; undefined before the first. */
  private doneUntil: number | undefined;
  private produced: WireRecord[] = [];
  /** Start of the window being generated: steps well before it only advance state (the warm-up). */
  private windowFrom = 0;
  private silent = false;
  private readonly origins: CompiledIntegration[];
  private readonly carriers: WeightedTable<CompiledIntegration>;
  private readonly seedTag: string;

  constructor(private readonly ctx: SimContext) {
    this.origins = ctx.integrations.filter((i) => i.profile.orders !== undefined);
    const carriers = ctx.integrations.filter((i) => (i.profile.shipmentShare ?? 0) > 0);
    if (this.origins.length === 0 || carriers.length === 0) throw new Error('the catalogue needs order channels and carriers');
    this.carriers = weightedTableOf(carriers.map((c) => [c, c.profile.shipmentShare ?? 0] as const));
    // Folded into ids so two simulators with different seeds do not mint the same order numbers.
    this.seedTag = String(1000 + (ctx.seed % 9000));
  }

  /**
   * The flow records with `fromMs ≤ ts < toMs`. Consecutive windows continue the same flows; a window
   * that jumps back or far ahead rebuilds the state by replaying the horizon before it.
   */
  generate(fromMs: number, toMs: number): WireRecord[] {
    if (this.doneUntil === undefined || fromMs < this.doneUntil || fromMs - this.doneUntil > FLOW_HORIZON_MS) {
      this.reset(fromMs);
    }
    this.produced = [...this.held];
    this.held = [];
    this.windowFrom = fromMs;
    const lastMinute = Math.ceil(toMs / MINUTE) - 1;
    for (let minute = this.nextStartMinute; minute <= lastMinute; minute++) this.startOrders(minute);
    this.nextStartMinute = Math.max(this.nextStartMinute, lastMinute + 1);
    for (let step = this.queue.peek(); step !== undefined && step.ts < toMs; step = this.queue.peek()) {
      this.queue.pop();
      this.run(step);
    }
    const out: WireRecord[] = [];
    for (const record of this.produced) {
      const ts = record.ts as number;
      if (ts >= toMs) this.held.push(record);
      else if (ts >= fromMs) out.push(record);
    }
    this.produced = [];
    this.doneUntil = toMs;
    return out;
  }

  private reset(fromMs: number): void {
    this.queue.clear();
    this.held = [];
    this.nextStartMinute = Math.floor((fromMs - FLOW_HORIZON_MS) / MINUTE);
    this.doneUntil = this.nextStartMinute * MINUTE;
  }

  private startOrders(minute: number): void {
    const minuteStart = minute * MINUTE;
    for (const origin of this.origins) {
      const rng = new Random(hashSeed(this.ctx.seed, FLOW_SALT, origin.index, minute));
      const peak = origin.profile.orders?.peakPerMin ?? 0;
      const mean = peak * this.ctx.scale * dayFactor(minuteStart + MINUTE / 2, origin.profile.nightFloor);
      const count = Math.min(MAX_ORDERS_PER_MINUTE - 1, rng.poisson(mean));
      for (let i = 0; i < count; i++) {
        const ts = minuteStart + Math.floor(rng.next() * MINUTE);
        const key = (minute * 8 + origin.index) * MAX_ORDERS_PER_MINUTE + i;
        const flow = this.newFlow(key, rng.uint32(), ts, origin);
        this.schedule(flow, ts, 'receive');
      }
    }
  }

  private newFlow(key: number, seed: number, startMs: number, origin: CompiledIntegration): Flow {
    const rng = new Random(seed);
    const carrier = rng.pickWeighted(this.carriers);
    const originTags = pickTags(rng, origin);
    // One order is handled in one env and site end to end; each connector runs its own release.
    const carrierTags: Tags = { ...originTags, release: rng.pickWeighted(carrier.releases) };
    const digits = String(key).padStart(14, '0');
    const orderId =
      origin.profile.type === 'marketplace'
        ? `${this.seedTag.slice(1)}-${digits.slice(0, 7)}-${digits.slice(7)}`
        : `${this.seedTag}${digits}`;
    const shipmentId = `${carrier.profile.trackingPrefix ?? 'SHP'}${this.seedTag}${digits}`;
    const correlationId = rng.hex(16);
    const items = 1 + Math.floor(rng.lognormal(1, 0.7));
    return {
      key,
      seed,
      startMs,
      origin,
      carrier,
      originTags,
      carrierTags,
      orderLinks: { correlation_id: correlationId, order_id: orderId },
      shipmentLinks: { correlation_id: correlationId, order_id: orderId, shipment_id: shipmentId },
      trackingLinks: { correlation_id: correlationId, shipment_id: shipmentId },
      orderAttrs: {
        channel: origin.profile.partner,
        items,
        total_eur: Math.round(items * rng.lognormal(34, 0.5) * 100) / 100,
      },
      nextStep: 0,
      labelRound: 0,
      trackingUpdates: 2 + Math.floor(rng.next() * 3),
    };
  }

  private schedule(flow: Flow, ts: number, kind: StepKind, attempt = 1, index = 0): void {
    if (ts >= flow.startMs + FLOW_HORIZON_MS) return;
    this.queue.push({ ts: Math.round(ts), flow, n: flow.nextStep++, kind, attempt, index });
  }

  private emit(record: WireRecord): void {
    if (this.ctx.included.has(record.integration)) this.produced.push(record);
  }

  /** Emits a flow event unless the step is part of the silent warm-up. */
  private event(integration: CompiledIntegration, name: string, ts: number, tags: Tags, links: Links, attrs?: Record<string, AttrValue>): void {
    if (!this.silent) this.emit(eventRecord(integration, name, ts, tags, links, attrs));
  }

  private effects(integration: CompiledIntegration, ts: number): CallEffects {
    return this.ctx.incidents.callEffects(integration.profile.id, ts);
  }

  /** Makes one call of the flow and emits its record; the caller decides what the outcome means. */
  private call(integration: CompiledIntegration, operation: string, rng: Random, ts: number, tags: Tags, links: Links, attempt: number): CallResult {
    const op = operationOf(integration, operation);
    const result = resolveCall(rng, op, this.effects(integration, ts));
    if (!this.silent) this.emit(callRecord(integration, op, ts, result, tags, links, attempt));
    return result;
  }

  private run(step: Step): void {
    const rng = new Random(hashSeed(step.flow.seed, step.n));
    // A step's records land at most a call timeout after it; well before the window they would only
    // be thrown away, so the warm-up skips building them (the draws are the same either way).
    this.silent = step.ts < this.windowFrom - SILENT_MARGIN_MS;
    switch (step.kind) {
      case 'receive':
        return this.receive(step, rng);
      case 'ship':
        return this.ship(step, rng);
      case 'label':
        return this.label(step, rng);
      case 'resolve-label':
        return this.resolveLabel(step, rng);
      case 'notify':
        return this.notify(step, rng);
      case 'pickup':
        return this.pickup(step, rng);
      case 'track':
        return this.track(step, rng);
      case 'resolve-exception':
        return this.resolveException(step, rng);
    }
  }

  private receive(step: Step, rng: Random): void {
    const { flow, ts } = step;
    const { origin } = flow;
    let receivedAt = ts;
    if (origin.operationsByName.has('order.webhook')) {
      // A shop pushes the order by webhook: during a gap it holds them back and redelivers afterwards.
      const gapEnd = this.ctx.incidents.webhookGapEnd(origin.profile.id, ts);
      if (gapEnd !== undefined) {
        this.schedule(flow, gapEnd + rng.uniform(5 * SECOND, 3 * MINUTE), 'receive', step.attempt + 1);
        return;
      }
      const result = this.call(origin, 'order.webhook', rng, ts, flow.originTags, flow.orderLinks, step.attempt);
      if (!isOk(result)) {
        if (step.attempt < 5) this.schedule(flow, ts + step.attempt * MINUTE, 'receive', step.attempt + 1);
        return;
      }
      receivedAt = ts + result.latencyMs;
      this.event(origin, 'webhook.received', Math.round(receivedAt), flow.originTags, flow.orderLinks, { topic: 'orders/create' });
    }
    this.event(origin, 'order.received', Math.round(receivedAt), flow.originTags, flow.orderLinks, flow.orderAttrs);
    const pickTime = clamp(rng.lognormal(12 * MINUTE, 0.6), 2 * MINUTE, 90 * MINUTE);
    this.schedule(flow, receivedAt + pickTime, 'ship');
  }

  private ship(step: Step, rng: Random): void {
    const { flow, ts } = step;
    this.event(flow.carrier, 'shipment.created', ts, flow.carrierTags, flow.shipmentLinks, {
      origin: flow.origin.profile.id,
      parcels: 1,
    });
    if (flow.origin.operationsByName.has('order.update')) {
      this.call(flow.origin, 'order.update', rng, ts + 200, flow.originTags, flow.orderLinks, 1);
    }
    this.schedule(flow, ts + rng.uniform(2 * SECOND, 20 * SECOND), 'label');
  }

  private label(step: Step, rng: Random): void {
    const { flow, ts } = step;
    const result = this.call(flow.carrier, 'label.create', rng, ts, flow.carrierTags, flow.shipmentLinks, step.attempt);
    const doneAt = Math.round(ts + result.latencyMs);
    if (isOk(result)) {
      this.event(flow.carrier, 'label.created', doneAt, flow.carrierTags, flow.shipmentLinks, { attempt: step.attempt });
      this.schedule(flow, doneAt + rng.uniform(5 * SECOND, MINUTE), 'notify');
      this.schedule(flow, doneAt + clamp(rng.lognormal(35 * MINUTE, 0.5), 10 * MINUTE, 2 * 60 * MINUTE), 'pickup');
      return;
    }
    const reason = describeFailure(result);
    this.event(flow.carrier, 'label.failed', doneAt, flow.carrierTags, flow.shipmentLinks, { attempt: step.attempt, reason });
    if (isRetryable(result) && step.attempt < 3) {
      this.schedule(flow, doneAt + step.attempt * rng.uniform(30 * SECOND, 2 * MINUTE), 'label', step.attempt + 1);
      return;
    }
    if (flow.labelRound > 0) return; // the manual retry failed too: the exception stays open
    // Out of automatic retries (or rejected outright): somebody has to look at it.
    this.event(flow.carrier, 'exception.raised', doneAt + 1, flow.carrierTags, flow.shipmentLinks, {
      reason: isRetryable(result) ? 'label_failed_repeatedly' : 'label_rejected',
      detail: reason,
    });
    this.schedule(flow, doneAt + clamp(rng.lognormal(35 * MINUTE, 0.4), 10 * MINUTE, 2 * 60 * MINUTE), 'resolve-label');
  }

  private resolveLabel(step: Step, rng: Random): void {
    const { flow, ts } = step;
    this.event(flow.carrier, 'exception.resolved', ts, flow.carrierTags, flow.shipmentLinks, { resolution: 'label re-issued manually' });
    flow.labelRound++;
    this.schedule(flow, ts + rng.uniform(SECOND, 30 * SECOND), 'label');
  }

  /** Tells the sales channel the order shipped. */
  private notify(step: Step, rng: Random): void {
    const { flow, ts } = step;
    const operation = flow.origin.operationsByName.has('fulfillment.create') ? 'fulfillment.create' : 'shipment.confirm';
    const result = this.call(flow.origin, operation, rng, ts, flow.originTags, flow.shipmentLinks, step.attempt);
    if (isRetryable(result) && step.attempt < 3) this.schedule(flow, ts + step.attempt * MINUTE, 'notify', step.attempt + 1);
  }

  /**
   * A carrier message arrives by webhook; during a gap at that carrier it is simply lost (carriers do
   * not redeliver), which is what makes tracking go stale. Returns whether it got through.
   */
  private carrierWebhook(step: Step, rng: Random, status: string): boolean | 'retry' {
    const { flow, ts } = step;
    if (this.effects(flow.carrier, ts).webhookGap) return false;
    const result = this.call(flow.carrier, 'tracking.webhook', rng, ts, flow.carrierTags, flow.trackingLinks, step.attempt);
    if (!isOk(result)) return step.attempt < 3 ? 'retry' : false;
    this.event(flow.carrier, 'webhook.received', Math.round(ts + result.latencyMs), flow.carrierTags, flow.trackingLinks, { topic: `tracking/${status}` });
    return true;
  }

  private pickup(step: Step, rng: Random): void {
    const { flow, ts } = step;
    const delivered = this.carrierWebhook(step, rng, 'picked_up');
    if (delivered === 'retry') {
      this.schedule(flow, ts + 5 * MINUTE, 'pickup', step.attempt + 1);
      return;
    }
    if (delivered) {
      this.event(flow.carrier, 'carrier.confirmed', ts + 1, flow.carrierTags, flow.trackingLinks, { status: 'picked_up' });
    }
    this.schedule(flow, ts + clamp(rng.lognormal(50 * MINUTE, 0.35), 15 * MINUTE, 2 * 60 * MINUTE), 'track', 1, 0);
  }

  private track(step: Step, rng: Random): void {
    const { flow, ts } = step;
    const last = step.index === flow.trackingUpdates - 1;
    const exception = !last && rng.chance(0.01);
    const status = exception ? 'exception' : last ? 'delivered' : step.index === flow.trackingUpdates - 2 ? 'out_for_delivery' : 'in_transit';
    const delivered = this.carrierWebhook(step, rng, status);
    if (delivered === 'retry') {
      this.schedule(flow, ts + 5 * MINUTE, 'track', step.attempt + 1, step.index);
      return;
    }
    if (delivered) {
      this.event(flow.carrier, 'tracking.updated', ts + 1, flow.carrierTags, flow.trackingLinks, { status, update: step.index + 1 });
      if (exception) {
        this.event(flow.carrier, 'exception.raised', ts + 2, flow.carrierTags, flow.trackingLinks, {
          reason: 'delivery_exception',
          detail: rng.pick(['recipient not available', 'address incomplete', 'parcel damaged in transit']),
        });
        this.schedule(flow, ts + clamp(rng.lognormal(60 * MINUTE, 0.4), 15 * MINUTE, 3 * 60 * MINUTE), 'resolve-exception');
      }
    }
    if (!last) {
      this.schedule(flow, ts + clamp(rng.lognormal(50 * MINUTE, 0.35), 15 * MINUTE, 2 * 60 * MINUTE), 'track', 1, step.index + 1);
    }
  }

  private resolveException(step: Step, _rng: Random): void {
    const { flow, ts } = step;
    this.event(flow.carrier, 'exception.resolved', ts, flow.carrierTags, flow.trackingLinks, { resolution: 'carrier re-attempted delivery' });
  }
}
