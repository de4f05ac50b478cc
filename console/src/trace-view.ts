/** The trace page's URL and the shapes of GET /api/v1/trace/timeline and /api/v1/trace/search. */
import type { LogLine } from './logs';

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

export interface TraceStep {
  type: 'step';
  record_id: number;
  ts: number;
  gap_ms: number | null;
  integration: string;
  kind: string;
  name: string | null;
  direction: string | null;
  outcome: string | null;
  status: number | string | null;
  error: string | null;
  latency_ms: number | null;
  attempt: number | null;
  failed: boolean;
  retry: boolean;
  retried: boolean;
  milestone: string | null;
  order_id: string | null;
  shipment_id: string | null;
  correlation_id: string | null;
  attrs: Record<string, unknown> | null;
}

export interface TraceGroup {
  type: 'group';
  count: number;
  first_ts: number;
  last_ts: number;
  gap_ms: number | null;
  integration: string;
  kind: 'call';
  name: string | null;
  direction: string | null;
  outcome: string | null;
  statuses: number[];
  errors: string[];
  latency_min_ms: number | null;
  latency_max_ms: number | null;
  failed: boolean;
  retries: number;
  steps: TraceStep[];
  steps_omitted: number;
}

export type TraceEntry = TraceStep | TraceGroup;

export type ExpectationState = 'met' | 'late' | 'waiting' | 'missing';

export interface Expectation {
  rule: string;
  step: string;
  after: string;
  shipment_id: string | null;
  state: ExpectationState;
  since_ts: number;
  at_ts: number | null;
  within_ms: number | null;
  elapsed_ms: number;
  message: string;
}

export interface Milestone {
  name: string;
  label: string;
  state: 'reached' | 'missing' | 'waiting';
  failure: boolean;
  count: number;
  first_ts: number | null;
  last_ts: number | null;
  detail: string | null;
  integrations: string[];
}

export interface TimelineAnswer {
  kind: TraceIdKind;
  id: string;
  truncated: boolean;
  max_records: number;
  as_of: number;
  judged_at: number;
  first_ts: number;
  last_ts: number;
  summary: { records: number; calls: number; events: number; runs: number; gauges: number; failures: number; retries: number };
  integrations: Array<{ id: string; records: number; failures: number }>;
  related: { order_ids: string[]; shipment_ids: string[]; correlation_ids: string[] };
  milestones: Milestone[];
  missing: string[];
  expectations: Expectation[];
  steps: TraceEntry[];
  /** The log lines carrying the trace's ids, oldest first (docs/logs.md). */
  logs?: LogLine[];
  logs_truncated?: boolean;
}

export interface TraceMatch {
  kind: TraceIdKind;
  id: string;
  records: number;
  more: boolean;
  first_ts: number;
  last_ts: number;
}

export interface TraceSearchAnswer {
  q: string;
  ambiguous: boolean;
  matches: TraceMatch[];
}
