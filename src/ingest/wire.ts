/**
 * The records of the public wire contract (shared/CONTRACT.md, "Ingest"), as a client sends them.
 * Validation turns these into the stored form (see ingest/normalize.ts).
 */
export type AttrValue = string | number | boolean;

export interface WireRecordBase {
  ts: string | number;
  integration: string;
  env?: string;
  site?: string;
  release?: string;
  tenant?: string;
  correlation_id?: string;
  order_id?: string;
  shipment_id?: string;
  attrs?: Record<string, AttrValue>;
}

export interface WireCall extends WireRecordBase {
  kind: 'call';
  direction: 'outbound' | 'inbound';
  operation: string;
  status?: number;
  error?: string;
  latency_ms: number;
  attempt?: number;
}

export interface WireRun extends WireRecordBase {
  kind: 'run';
  job: string;
  status: 'success' | 'failed' | 'partial';
  duration_ms?: number;
  counts?: Record<string, number>;
  error?: string;
}

export interface WireEvent extends WireRecordBase {
  kind: 'event';
  name: string;
}

export interface WireGauge extends WireRecordBase {
  kind: 'gauge';
  name: string;
  value: number;
}

export type WireRecord = WireCall | WireRun | WireEvent | WireGauge;

/** The flow event names the contract reserves for order and shipment tracking. */
export const FLOW_EVENTS = [
  'order.received',
  'shipment.created',
  'label.created',
  'label.failed',
  'carrier.confirmed',
  'tracking.updated',
  'exception.raised',
  'exception.resolved',
  'webhook.received',
] as const;
