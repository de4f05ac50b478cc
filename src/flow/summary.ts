import { plan, type QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';
import { SHIPMENT_CREATED, TRACKING_UPDATED } from './events.js';
import { exceptionOrigins } from './exception-origins.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { newestBefore, readEventRollups, readLeadTimeRollups, type FlowFilters } from './read.js';
import { EventTally, LeadTimeTally, ageAt, flowEventNames, share, type LeadTimeFigures } from './signals.js';

export interface CarrierFlow {
  integration: string;
  shipments: number;
  labels_created: number;
  labels_failed: number;
  label_success_rate: number | null;
  tracking_updates: number;
  last_tracking_update_at: number | null;
  tracking_age_ms: number | null;
  exceptions: number;
  /** Exceptions it raised per shipment created for it. */
  exception_rate: number | null;
  /** Lead times whose end event it sent. */
  lead_time: LeadTimeFigures;
}

export interface OriginFlow {
  integration: string;
  orders: number;
  /** Exceptions raised (by any integration) for the orders it received. */
  exceptions: number;
  /** Those exceptions per order it received. */
  exception_rate: number | null;
  /** Lead times of the orders it received. */
  lead_time: LeadTimeFigures;
}

export interface FlowSummary {
  from: number;
  to: number;
  lead_time: LeadTimeFigures & { start_event: string; end_event: string };
  orders: number;
  exceptions: number;
  exception_rate: number | null;
  /** Exceptions no order channel could be found for (no order link, or beyond the raw records): the origins' and these add up to `exceptions`. */
  exceptions_unattributed: number;
  labels: { created: number; failed: number; success_rate: number | null };
  tracking: {
    updates: number;
    /** The newest update of any carrier, and its age at the end of the window (or now). */
    last_update_at: number | null;
    age_ms: number | null;
    /** The carrier whose newest update is oldest. */
    stalest: { integration: string; last_update_at: number; age_ms: number } | null;
  };
  carriers: CarrierFlow[];
  origins: OriginFlow[];
}

interface IntegrationTally {
  events: EventTally;
  /** Lead times ending at this integration (a carrier's). */
  ending: LeadTimeTally;
  /** Lead times of orders it received (an origin's). */
  starting: LeadTimeTally;
}

/**
 * The four flow signals over a window, overall and per carrier and origin integration, from the
 * event and lead-time rollups of the tiers that cover it. Tracking freshness also looks before the
 * window, so a carrier silent throughout it still shows how long it has been silent. With
 * `visible`, only those integrations are summed (a caller bound to tenants).
 */
export async function flowSummary(context: QueryContext, window: Window, filters: FlowFilters, visible?: IntegrationFilter): Promise<FlowSummary> {
  const leadTime = context.config.leadTime;
  const { window: used, segments } = plan(context, window);
  const total = new EventTally();
  const totalLeadTimes = new LeadTimeTally();
  const integrations = new Map<string, IntegrationTally>();
  const tallyOf = (id: string) => {
    let tally = integrations.get(id);
    if (!tally) integrations.set(id, (tally = { events: new EventTally(), ending: new LeadTimeTally(), starting: new LeadTimeTally() }));
    return tally;
  };
  for (const row of await readEventRollups(context, segments, flowEventNames(leadTime), filters, visible)) {
    total.add(row);
    tallyOf(row.integration).events.add(row);
  }
  for (const row of await readLeadTimeRollups(context, segments, leadTime, filters, visible)) {
    totalLeadTimes.add(row);
    tallyOf(row.integration).ending.add(row);
    tallyOf(row.start_integration).starting.add(row);
  }
  for (const [id, ts] of await newestBefore(context, used.from, TRACKING_UPDATED, filters, visible)) {
    tallyOf(id).events.noteTracking(ts);
    total.noteTracking(ts);
  }

  const raisers = [...integrations].filter(([, tally]) => tally.events.exceptions > 0).map(([id]) => id);
  const traced = await exceptionOrigins(context.db, used, raisers, filters, leadTime.start, visible);
  for (const origin of traced.byOrigin.keys()) tallyOf(origin);

  const at = Math.min(used.to, context.clock());
  const carriers: CarrierFlow[] = [];
  const origins: OriginFlow[] = [];
  for (const [integration, { events, ending, starting }] of [...integrations].sort(([a], [b]) => a.localeCompare(b))) {
    if (events.sendsCarrierEvents() || ending.count > 0 || events.lastTracking !== null) {
      const shipments = events.count(SHIPMENT_CREATED);
      carriers.push({
        integration,
        shipments,
        labels_created: events.labelsCreated,
        labels_failed: events.labelsFailed,
        label_success_rate: events.labelSuccessRate(),
        tracking_updates: events.count(TRACKING_UPDATED),
        last_tracking_update_at: events.lastTracking,
        tracking_age_ms: ageAt(events.lastTracking, at),
        exceptions: events.exceptions,
        exception_rate: share(events.exceptions, shipments),
        lead_time: ending.figures(),
      });
    }
    const ofItsOrders = traced.byOrigin.get(integration) ?? 0;
    if (events.orders > 0 || events.count(leadTime.start) > 0 || starting.count > 0 || ofItsOrders > 0) {
      origins.push({ integration, orders: events.orders, exceptions: ofItsOrders, exception_rate: share(ofItsOrders, events.orders), lead_time: starting.figures() });
    }
  }
  let stalest: FlowSummary['tracking']['stalest'] = null;
  for (const carrier of carriers) {
    if (carrier.last_tracking_update_at === null) continue;
    if (stalest === null || carrier.last_tracking_update_at < stalest.last_update_at) {
      stalest = { integration: carrier.integration, last_update_at: carrier.last_tracking_update_at, age_ms: carrier.tracking_age_ms! };
    }
  }
  return {
    from: used.from,
    to: used.to,
    lead_time: { start_event: leadTime.start, end_event: leadTime.end, ...totalLeadTimes.figures() },
    orders: total.orders,
    exceptions: total.exceptions,
    exception_rate: share(total.exceptions, total.orders),
    exceptions_unattributed: Math.max(0, total.exceptions - traced.attributed),
    labels: { created: total.labelsCreated, failed: total.labelsFailed, success_rate: total.labelSuccessRate() },
    tracking: { updates: total.count(TRACKING_UPDATED), last_update_at: total.lastTracking, age_ms: ageAt(total.lastTracking, at), stalest },
    carriers,
    origins,
  };
}
