/** The trace page's URL and the shapes of GET /api/v1/trace/timeline and /api/v1/trace/search. */
import type { components } from './api-types';
import type { Answer } from './types';

export const TRACE_ID_KINDS = ['order_id', 'shipment_id', 'correlation_id'] as const;
export type TraceIdKind = (typeof TRACE_ID_KINDS)[number];

export const ID_KIND_LABELS: Record<TraceIdKind, string> = { order_id: 'Order', shipment_id: 'Shipment', correlation_id: 'Correlation' };

/** What the trace page's URL asks for: one id of a known kind, or a string to look up. */
export type TraceRequest = { kind: TraceIdKind; id: string } | { q: string } | null;

export function readTraceRequest(search: string): TraceRequest {
  const query = new URLSearchParams(search);
  for (const kind of TRACE_ID_KINDS) {
    const id = query.get(kind);
    if (id) return { kind, id };
  }
  const q = query.get('q')?.trim();
  return q ? { q } : null;
}

export function traceHref(kind: TraceIdKind, id: string): string {
  return `/trace?${new URLSearchParams({ [kind]: id }).toString()}`;
}

export function traceSearchHref(q: string): string {
  return `/trace?${new URLSearchParams({ q }).toString()}`;
}

type Schemas = components['schemas'];

export type TraceStep = Schemas['TraceStep'];
export type TraceGroup = Schemas['TraceGroup'];
export type TraceEntry = TraceStep | TraceGroup;
export type Expectation = Schemas['TraceExpectation'];
export type ExpectationState = Expectation['state'];
export type Milestone = Schemas['TraceMilestone'];
export type TimelineAnswer = Answer<'/api/v1/trace/timeline'>;
export type TraceSearchAnswer = Answer<'/api/v1/trace/search'>;
export type TraceMatch = TraceSearchAnswer['matches'][number];
