import type { Kysely } from 'kysely';
import type { Window } from '../query/params.js';
import { whereFilters } from '../query/rollups.js';
import { IDS_PER_STATEMENT, inChunks } from '../store/chunks.js';
import type { IntegrationFilter } from '../store/in-list.js';
import type { Database } from '../store/schema.js';
import { EXCEPTION_RAISED, ORDER_RECEIVED } from './events.js';
import type { FlowFilters } from './read.js';

/** Most exception records one summary traces back to their orders: past it the rest count as unattributed. */
export const MAX_TRACED_EXCEPTIONS = 5_000;

export interface ExceptionOrigins {
  /** Exceptions per order channel: the integration that received the order they were raised for. */
  byOrigin: Map<string, number>;
  /** Exceptions traced to an order channel, of those read. */
  attributed: number;
}

/**
 * Which order channel each exception belongs to. A carrier raises the exception, but it is an
 * order's: the raw records link it to its order (its own order_id, or its shipment's), and the
 * order to the channel that received it. Exceptions with no such link (a shipment never linked to
 * an order, an order received before the raw retention, a channel the caller may not see) stay
 * unattributed, so the channels' counts and the unattributed ones add up to the headline.
 */
export async function exceptionOrigins(
  db: Kysely<Database>,
  window: Window,
  raisedBy: readonly string[],
  filters: FlowFilters,
  startEvent: string,
  visible: IntegrationFilter,
): Promise<ExceptionOrigins> {
  const exceptions = (
    await inChunks(raisedBy, IDS_PER_STATEMENT, (chunk) =>
      whereFilters(
        db
          .selectFrom('records')
          .select(['order_id', 'shipment_id'])
          .where('kind', '=', 'event')
          .where('integration', 'in', chunk)
          .where('name', '=', EXCEPTION_RAISED)
          .where('ts', '>=', window.from)
          .where('ts', '<', window.to),
        filters,
      )
        .limit(MAX_TRACED_EXCEPTIONS)
        .execute(),
    )
  ).slice(0, MAX_TRACED_EXCEPTIONS);

  const orderOfShipment = new Map<string, string>();
  const unlinked = [...new Set(exceptions.filter((row) => row.order_id === null && row.shipment_id !== null).map((row) => row.shipment_id!))];
  for (const row of await inChunks(unlinked, IDS_PER_STATEMENT, (chunk) =>
    db.selectFrom('records').select(['shipment_id', 'order_id']).distinct().where('shipment_id', 'in', chunk).where('order_id', 'is not', null).execute(),
  )) {
    if (!orderOfShipment.has(row.shipment_id!)) orderOfShipment.set(row.shipment_id!, row.order_id!);
  }
  const orderOf = (row: { order_id: string | null; shipment_id: string | null }) => row.order_id ?? (row.shipment_id === null ? undefined : orderOfShipment.get(row.shipment_id));

  const orders = [...new Set(exceptions.map(orderOf).filter((id): id is string => id !== undefined))];
  const channelOf = new Map<string, { integration: string; ts: number }>();
  const starts = [...new Set([ORDER_RECEIVED, startEvent])];
  for (const row of await inChunks(orders, IDS_PER_STATEMENT, (chunk) =>
    db.selectFrom('records').select(['order_id', 'integration', 'ts']).where('kind', '=', 'event').where('name', 'in', starts).where('order_id', 'in', chunk).execute(),
  )) {
    const seen = channelOf.get(row.order_id!);
    if (!seen || Number(row.ts) < seen.ts) channelOf.set(row.order_id!, { integration: row.integration, ts: Number(row.ts) });
  }

  const byOrigin = new Map<string, number>();
  let attributed = 0;
  for (const row of exceptions) {
    const order = orderOf(row);
    const channel = order === undefined ? undefined : channelOf.get(order)?.integration;
    if (channel === undefined || (visible !== undefined && !visible.includes(channel))) continue;
    byOrigin.set(channel, (byOrigin.get(channel) ?? 0) + 1);
    attributed += 1;
  }
  return { byOrigin, attributed };
}
