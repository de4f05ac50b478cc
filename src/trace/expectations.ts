/**
 * What a flow should have done by now, judged from the milestones a trace reached: each step is
 * expected within a set time after the one before it (config.trace), a step the flow went past
 * without recording is missing whatever the time, and an open exception is due to be resolved.
 * Steps are judged per shipment, so an order with two shipments says which one is stuck.
 */
import { formatDuration } from '../alerting/notify/format.js';
import type { TraceExpectations } from '../config.js';
import type { TraceIdKind, TraceRecord } from '../query/trace.js';
import { detailOf, milestoneOf, type MilestoneName } from './milestones.js';

export type ExpectationRule = 'shipment' | 'label' | 'confirmation' | 'tracking' | 'tracking_stale' | 'exception' | 'recorded';
/** met: on time; late: happened, after its time; waiting: not yet, still in time; missing: not there and overdue, or skipped. */
export type ExpectationState = 'met' | 'late' | 'waiting' | 'missing';

export interface Expectation {
  rule: ExpectationRule;
  /** The milestone expected. */
  step: MilestoneName;
  /** The milestone it is expected after (for a skipped step: the later one that came without it). */
  after: MilestoneName;
  shipment_id: string | null;
  state: ExpectationState;
  /** When `after` happened. */
  since_ts: number;
  /** When `step` happened, if it did. */
  at_ts: number | null;
  /** The time allowed; null where no time applies (a skipped step). */
  within_ms: number | null;
  /** From `since_ts` to `at_ts`, or to the time the trace is judged at. */
  elapsed_ms: number;
  message: string;
}

/** The chain each shipment goes through, with the rule that times each step after the one before. */
const SHIPMENT_CHAIN: ReadonlyArray<{ step: MilestoneName; rule: ExpectationRule; within: keyof TraceExpectations }> = [
  { step: 'shipment.created', rule: 'shipment', within: 'shipmentAfterOrderMs' },
  { step: 'label.created', rule: 'label', within: 'labelAfterShipmentMs' },
  { step: 'carrier.confirmed', rule: 'confirmation', within: 'confirmationAfterLabelMs' },
  { step: 'tracking.updated', rule: 'tracking', within: 'trackingAfterConfirmationMs' },
];

/** "no {STEP} 2 h after …". */
const STEP: Partial<Record<MilestoneName, string>> = {
  'order.received': 'order.received event',
  'shipment.created': 'shipment',
  'label.created': 'label',
  'carrier.confirmed': 'carrier confirmation',
  'tracking.updated': 'tracking update',
};

/** "… 2 h after {DONE}". */
const DONE: Partial<Record<MilestoneName, string>> = {
  'order.received': 'the order was received',
  'shipment.created': 'the shipment was created',
  'label.created': 'the label was created',
  'carrier.confirmed': 'the carrier confirmed the pickup',
  'tracking.updated': 'the tracking was updated',
};

const duration = (ms: number) => formatDuration(ms);

interface Scope {
  shipmentId: string | null;
  events: Map<MilestoneName, TraceRecord[]>;
}

function addTo(scope: Scope, name: MilestoneName, record: TraceRecord): void {
  const list = scope.events.get(name);
  if (list) list.push(record);
  else scope.events.set(name, [record]);
}

/**
 * The order's own milestones (the order arriving, exceptions that name no shipment), and one
 * scope per shipment. Shipment steps that name no shipment share one unnamed scope.
 */
function scopesOf(records: readonly TraceRecord[]): { order: Scope; shipments: Scope[] } {
  const order: Scope = { shipmentId: null, events: new Map() };
  const shipments = new Map<string, Scope>();
  for (const record of records) {
    const name = milestoneOf(record);
    if (name === null) continue;
    const orderLevel = name === 'order.received' || (record.shipment_id === null && name.startsWith('exception.'));
    if (orderLevel) {
      addTo(order, name, record);
      continue;
    }
    const id = record.shipment_id ?? '';
    let scope = shipments.get(id);
    if (!scope) shipments.set(id, (scope = { shipmentId: record.shipment_id, events: new Map() }));
    addTo(scope, name, record);
  }
  return { order, shipments: [...shipments.values()] };
}

interface Judge {
  rules: TraceExpectations;
  asOf: number;
  /** Said before each message when the order has several shipments. */
  prefix: (scope: Scope) => string;
}

/** Times `step` after `after`; undefined when the rule is off and there is nothing to say. */
function timed(
  judge: Judge,
  scope: Scope,
  rule: ExpectationRule,
  step: MilestoneName,
  after: MilestoneName,
  sinceTs: number,
  atTs: number | null,
  withinMs: number,
  extra = '',
): Expectation | undefined {
  if (withinMs <= 0 && atTs === null) return undefined;
  const elapsed = Math.max(0, (atTs ?? judge.asOf) - sinceTs);
  const within = withinMs > 0 ? withinMs : null;
  const state: ExpectationState =
    atTs !== null ? (within !== null && elapsed > within ? 'late' : 'met') : within !== null && elapsed > within ? 'missing' : 'waiting';
  const allowed = within === null ? '' : ` (expected within ${duration(within)})`;
  const words: Record<ExpectationState, string> = {
    met: `the ${STEP[step]} came ${duration(elapsed)} after ${DONE[after]}`,
    late: `the ${STEP[step]} came ${duration(elapsed)} after ${DONE[after]}${allowed}`,
    waiting: `waiting for the ${STEP[step]}: ${DONE[after]} ${duration(elapsed)} ago${allowed}`,
    missing: `no ${STEP[step]} ${duration(elapsed)} after ${DONE[after]}`,
  };
  const message = `${judge.prefix(scope)}${words[state]}${state === 'missing' || state === 'waiting' ? extra : ''}`;
  return { rule, step, after, shipment_id: scope.shipmentId, state, since_ts: sinceTs, at_ts: atTs, within_ms: within, elapsed_ms: elapsed, message };
}

/** A step the flow went past without recording it: missing, whatever the time. */
function skipped(judge: Judge, scope: Scope, step: MilestoneName, later: TraceRecord, laterName: MilestoneName): Expectation {
  const ago = Math.max(0, judge.asOf - later.ts);
  return {
    rule: 'recorded',
    step,
    after: laterName,
    shipment_id: scope.shipmentId,
    state: 'missing',
    since_ts: later.ts,
    at_ts: null,
    within_ms: null,
    elapsed_ms: ago,
    message: `${judge.prefix(scope)}no ${STEP[step]} was recorded, though ${DONE[laterName]} ${duration(ago)} ago`,
  };
}

function labelFailures(scope: Scope): string {
  const failures = scope.events.get('label.failed') ?? [];
  if (failures.length === 0) return '';
  const last = detailOf(failures[failures.length - 1]!);
  return `; ${failures.length} label attempt${failures.length === 1 ? '' : 's'} failed${last ? `, the last: ${last}` : ''}`;
}

function judgeShipment(judge: Judge, scope: Scope, orderReceived: TraceRecord | undefined): Expectation[] {
  const out: Expectation[] = [];
  const firsts = SHIPMENT_CHAIN.map(({ step }) => scope.events.get(step)?.[0]);
  SHIPMENT_CHAIN.forEach(({ step, rule, within }, i) => {
    const at = firsts[i];
    const laterIndex = firsts.findIndex((record, j) => j > i && record !== undefined);
    if (!at && laterIndex >= 0) {
      out.push(skipped(judge, scope, step, firsts[laterIndex]!, SHIPMENT_CHAIN[laterIndex]!.step));
      return;
    }
    const before = i === 0 ? orderReceived : firsts[i - 1];
    if (!before) return;
    const after = i === 0 ? 'order.received' : SHIPMENT_CHAIN[i - 1]!.step;
    const found = timed(judge, scope, rule, step, after, before.ts, at?.ts ?? null, judge.rules[within], rule === 'label' ? labelFailures(scope) : '');
    if (found) out.push(found);
  });

  const updates = scope.events.get('tracking.updated') ?? [];
  const last = updates[updates.length - 1];
  const status = last ? detailOf(last) : null;
  if (last && status !== 'delivered' && judge.rules.trackingStaleMs > 0) {
    const elapsed = Math.max(0, judge.asOf - last.ts);
    const within = judge.rules.trackingStaleMs;
    const state: ExpectationState = elapsed > within ? 'missing' : 'waiting';
    const what = status ? ` (${status})` : '';
    out.push({
      rule: 'tracking_stale',
      step: 'tracking.updated',
      after: 'tracking.updated',
      shipment_id: scope.shipmentId,
      state,
      since_ts: last.ts,
      at_ts: null,
      within_ms: within,
      elapsed_ms: elapsed,
      message:
        judge.prefix(scope) +
        (state === 'missing'
          ? `no tracking update ${duration(elapsed)} after the last one${what}, and no delivery`
          : `waiting for the next tracking update: the last one${what} came ${duration(elapsed)} ago (expected within ${duration(within)} until delivery)`),
    });
  }
  return out;
}

/** Each exception raised is resolved by the next resolution after it. */
function judgeExceptions(judge: Judge, scope: Scope): Expectation[] {
  const raised = scope.events.get('exception.raised') ?? [];
  const resolutions = [...(scope.events.get('exception.resolved') ?? [])];
  const within = judge.rules.exceptionResolvedMs;
  return raised.flatMap((exception) => {
    const at = resolutions.findIndex((resolution) => resolution.ts >= exception.ts);
    const resolved = at >= 0 ? resolutions.splice(at, 1)[0]! : undefined;
    if (!resolved && within <= 0) return [];
    const elapsed = Math.max(0, (resolved?.ts ?? judge.asOf) - exception.ts);
    const limit = within > 0 ? within : null;
    const over = limit !== null && elapsed > limit;
    const state: ExpectationState = resolved ? (over ? 'late' : 'met') : over ? 'missing' : 'waiting';
    const what = detailOf(exception);
    const about = what ? ` (${what})` : '';
    const allowed = limit === null ? '' : ` (expected within ${duration(limit)})`;
    const words: Record<ExpectationState, string> = {
      met: `the exception${about} was resolved ${duration(elapsed)} after it was raised`,
      late: `the exception${about} was resolved ${duration(elapsed)} after it was raised${allowed}`,
      waiting: `an exception is open${about}: raised ${duration(elapsed)} ago${allowed}`,
      missing: `the exception raised ${duration(elapsed)} ago${about} is not resolved`,
    };
    return [
      {
        rule: 'exception' as const,
        step: 'exception.resolved' as const,
        after: 'exception.raised' as const,
        shipment_id: scope.shipmentId,
        state,
        since_ts: exception.ts,
        at_ts: resolved?.ts ?? null,
        within_ms: limit,
        elapsed_ms: elapsed,
        message: judge.prefix(scope) + words[state],
      },
    ];
  });
}

/**
 * Every expectation the trace's milestones set, judged at `asOf`: the time of the answer, or the
 * last record shown when the trace was cut short (nothing later was looked at).
 */
export function judgeExpectations(records: readonly TraceRecord[], kind: TraceIdKind, rules: TraceExpectations, asOf: number): Expectation[] {
  const { order, shipments } = scopesOf(records);
  const named = shipments.filter((s) => s.shipmentId !== null).length;
  const judge: Judge = { rules, asOf, prefix: (scope) => (named > 1 && scope.shipmentId ? `shipment ${scope.shipmentId}: ` : '') };
  const received = order.events.get('order.received')?.[0];
  const out: Expectation[] = [];

  const firstShipment = shipments
    .map((s) => s.events.get('shipment.created')?.[0])
    .filter((r): r is TraceRecord => r !== undefined)
    .sort((a, b) => a.ts - b.ts)[0];
  if (received && shipments.length === 0) {
    const found = timed(judge, order, 'shipment', 'shipment.created', 'order.received', received.ts, null, rules.shipmentAfterOrderMs);
    if (found) out.push(found);
  }
  // Only an order's trace promises the order itself; a shipment's need not hold it.
  if (!received && kind === 'order_id' && firstShipment) out.push(skipped(judge, order, 'order.received', firstShipment, 'shipment.created'));

  for (const scope of shipments) for (const judged of judgeShipment(judge, scope, received)) out.push(judged);
  for (const scope of [order, ...shipments]) for (const judged of judgeExceptions(judge, scope)) out.push(judged);
  return out;
}
