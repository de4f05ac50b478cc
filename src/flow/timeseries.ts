import type { QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';
import { planSteps } from '../query/timeseries.js';
import { TRACKING_UPDATED } from './events.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { newestBefore, readEventRollups, readLeadTimeRollups, type FlowFilters } from './read.js';
import { EventTally, LeadTimeTally, ageAt, flowEventNames, share } from './signals.js';

type Values = Array<number | null>;

export interface FlowTimeSeries {
  from: number;
  to: number;
  step_ms: number;
  lead_time: { start_event: string; end_event: string };
  /** Columnar, ready for a chart: t[i] is the start of step i. */
  series: {
    t: number[];
    orders: number[];
    exceptions: number[];
    exception_rate: Values;
    labels_created: number[];
    labels_failed: number[];
    label_success_rate: Values;
    lead_times: number[];
    lead_time_p50_ms: Values;
    lead_time_p95_ms: Values;
    /** Age of the newest tracking update of any carrier at the end of each step (or now). */
    tracking_age_ms: Values;
  };
  carriers: Array<{ integration: string; label_success_rate: Values; tracking_age_ms: Values }>;
}

/**
 * Tracking age at the end of each step (null for steps that have not begun): the newest update
 * seen up to that step, starting from the newest one before the window.
 */
function trackingAges(tallies: EventTally[], newestBeforeWindow: number | null, t: number[], step: number, now: number): Values {
  let newest = newestBeforeWindow;
  return tallies.map((tally, i) => {
    if (tally.lastTracking !== null && (newest === null || tally.lastTracking > newest)) newest = tally.lastTracking;
    return t[i]! > now ? null : ageAt(newest, Math.min(t[i]! + step, now));
  });
}

/** The flow signals per step of a window (of the `integrations` given, or of all), overall, with label success and tracking age per carrier. */
export async function flowTimeSeries(
  context: QueryContext,
  window: Window,
  filters: FlowFilters,
  requestedStep?: number,
  integrations?: IntegrationFilter,
): Promise<FlowTimeSeries> {
  const leadTime = context.config.leadTime;
  const { step, from, to, buckets, segments } = planSteps(context, window, requestedStep);
  const steps = Array.from({ length: buckets }, () => ({ events: new EventTally(), leadTimes: new LeadTimeTally() }));
  const carrierSteps = new Map<string, EventTally[]>();
  const stepOf = (bucket: number) => Math.floor((bucket - from) / step);
  for (const row of await readEventRollups(context, segments, flowEventNames(leadTime), filters, integrations)) {
    const i = stepOf(row.bucket);
    const point = steps[i];
    if (!point) continue;
    point.events.add(row);
    let perCarrier = carrierSteps.get(row.integration);
    if (!perCarrier) carrierSteps.set(row.integration, (perCarrier = Array.from({ length: buckets }, () => new EventTally())));
    perCarrier[i]!.add(row);
  }
  for (const row of await readLeadTimeRollups(context, segments, leadTime, filters, integrations)) steps[stepOf(row.bucket)]?.leadTimes.add(row);
  const before = await newestBefore(context, from, TRACKING_UPDATED, filters, integrations);

  const now = context.clock();
  const t = steps.map((_, i) => from + i * step);
  const events = steps.map((point) => point.events);
  let newestOfAll: number | null = null;
  for (const ts of before.values()) if (newestOfAll === null || ts > newestOfAll) newestOfAll = ts;
  const carriers: FlowTimeSeries['carriers'] = [];
  for (const id of [...new Set([...carrierSteps.keys(), ...before.keys()])].sort()) {
    const perStep = carrierSteps.get(id) ?? steps.map(() => new EventTally());
    if (!before.has(id) && !perStep.some((tally) => tally.sendsCarrierEvents())) continue;
    carriers.push({
      integration: id,
      label_success_rate: perStep.map((tally) => tally.labelSuccessRate()),
      tracking_age_ms: trackingAges(perStep, before.get(id) ?? null, t, step, now),
    });
  }
  return {
    from,
    to,
    step_ms: step,
    lead_time: { start_event: leadTime.start, end_event: leadTime.end },
    series: {
      t,
      orders: events.map((tally) => tally.orders),
      exceptions: events.map((tally) => tally.exceptions),
      exception_rate: events.map((tally) => share(tally.exceptions, tally.orders)),
      labels_created: events.map((tally) => tally.labelsCreated),
      labels_failed: events.map((tally) => tally.labelsFailed),
      label_success_rate: events.map((tally) => tally.labelSuccessRate()),
      lead_times: steps.map((point) => point.leadTimes.count),
      lead_time_p50_ms: steps.map((point) => point.leadTimes.quantileMs(0.5)),
      lead_time_p95_ms: steps.map((point) => point.leadTimes.quantileMs(0.95)),
      tracking_age_ms: trackingAges(events, newestOfAll, t, step, now),
    },
    carriers,
  };
}
