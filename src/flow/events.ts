/**
 * The event names the flow signals count (CONTRACT.md reserves them), and the pair a lead time is
 * measured between, which a deployment may choose (SWITCHBOARD_FLOW_START_EVENT / _END_EVENT).
 */
export const ORDER_RECEIVED = 'order.received';
export const SHIPMENT_CREATED = 'shipment.created';
export const LABEL_CREATED = 'label.created';
export const LABEL_FAILED = 'label.failed';
export const CARRIER_CONFIRMED = 'carrier.confirmed';
export const TRACKING_UPDATED = 'tracking.updated';
export const EXCEPTION_RAISED = 'exception.raised';

export interface LeadTimeEvents {
  /** The event that starts an order's lead time (it must carry the order id). */
  start: string;
  /** The event that ends it (carrying the order id, or a shipment id linked to the order). */
  end: string;
}

export const DEFAULT_LEAD_TIME_EVENTS: LeadTimeEvents = { start: ORDER_RECEIVED, end: CARRIER_CONFIRMED };
