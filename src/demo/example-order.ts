/**
 * An order of the demo's history to trace first: one that went from order to delivery without a
 * failure, a late step or a missing one. Found from the newest deliveries (an indexed read of the
 * carriers' tracking events), then judged by the timeline itself.
 */
import type { QueryContext } from '../query/context.js';
import type { MilestoneName } from '../trace/milestones.js';
import { traceTimeline } from '../trace/timeline.js';

const CANDIDATES = 40;
const WHOLE_FLOW: MilestoneName[] = ['order.received', 'shipment.created', 'label.created', 'carrier.confirmed', 'tracking.updated'];

export async function exampleOrder(context: QueryContext, carriers: readonly string[]): Promise<string | undefined> {
  const now = context.clock();
  const deliveries = await context.db
    .selectFrom('records')
    .select(['shipment_id', 'attrs'])
    .where('kind', '=', 'event')
    .where('integration', 'in', carriers)
    .where('name', '=', 'tracking.updated')
    .where('ts', '>=', now - 3 * 3_600_000)
    .where('ts', '<', now)
    .orderBy('ts', 'desc')
    .limit(CANDIDATES * 4)
    .execute();
  const shipments = deliveries.filter((d) => d.shipment_id && d.attrs?.includes('"delivered"')).map((d) => d.shipment_id!);
  for (const shipment of shipments.slice(0, CANDIDATES)) {
    const byShipment = await traceTimeline(context, { kind: 'shipment_id', id: shipment });
    const order = byShipment.related.order_ids[0];
    if (!order) continue;
    const timeline = await traceTimeline(context, { kind: 'order_id', id: order });
    const clean = timeline.summary.failures === 0 && timeline.expectations.every((e) => e.state === 'met');
    const reached = new Set(timeline.milestones.filter((m) => m.state === 'reached').map((m) => m.name));
    if (clean && WHOLE_FLOW.every((m) => reached.has(m))) return order;
  }
  return undefined;
}
