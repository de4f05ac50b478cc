import { RECORD_LIMITS } from '../limits.js';
import type { AttrValue, WireCall } from '../wire.js';
import { errorOfSpan } from './span-error.js';
import { hostOfUrl, integrationIdFromHost } from './integration-id.js';
import { SPAN_KIND, STATUS_CODE, type Attributes, type OtlpSpan } from './types.js';

/**
 * An HTTP client or server span as a Switchboard call record, by the OpenTelemetry HTTP semantic
 * conventions: the stable attribute names first, then the older ones that many instrumentations
 * still send. `switchboard.*` attributes, on the span or its resource, name what OpenTelemetry
 * has no attribute for (integration, order and shipment ids) or override the derived values.
 */
export type SpanMapping = { call: WireCall } | { skipped: true } | { error: string };

const METHOD_KEYS = ['http.request.method', 'http.method'];
const STATUS_KEYS = ['http.response.status_code', 'http.status_code'];
const SWITCHBOARD_KEYS = {
  integration: 'switchboard.integration',
  operation: 'switchboard.operation',
  correlation_id: 'switchboard.correlation_id',
  order_id: 'switchboard.order_id',
  shipment_id: 'switchboard.shipment_id',
  site: 'switchboard.site',
  tenant: 'switchboard.tenant',
} as const;
const OPERATION_KEYS = [SWITCHBOARD_KEYS.operation, 'http.route', 'url.template'];
/** Attributes whose value a record field already carries, so attrs need not repeat them. */
const MAPPED_KEYS = new Set<string>([...STATUS_KEYS, ...Object.values(SWITCHBOARD_KEYS)]);
const MAX_ATTRS = RECORD_LIMITS.attrs;
const MAX_ATTR_TEXT = RECORD_LIMITS.attrText;
const MAX_ATTR_KEY = RECORD_LIMITS.attrKey;
const MAX_OPERATION = RECORD_LIMITS.shortText;

const HOST_KEYS = {
  [SPAN_KIND.client]: ['server.address', 'net.peer.name', 'http.host'],
  [SPAN_KIND.server]: ['server.address', 'net.host.name', 'http.host'],
};

function first(attributes: Attributes, keys: readonly string[]): AttrValue | undefined {
  for (const key of keys) {
    const value = attributes.get(key);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

const text = (value: AttrValue | undefined) => (value === undefined ? undefined : String(value));

function derivedIntegration(span: OtlpSpan, kind: keyof typeof HOST_KEYS): string | undefined {
  const host = text(first(span.attributes, HOST_KEYS[kind])) ?? hostOfUrl(text(first(span.attributes, ['url.full', 'http.url'])) ?? '');
  return host === undefined ? undefined : integrationIdFromHost(host);
}

function statusOf(span: OtlpSpan): number | string | undefined {
  const value = first(span.attributes, STATUS_KEYS);
  if (value === undefined) return undefined;
  const status = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return Number.isInteger(status) ? (status as number) : `http.response.status_code must be an integer, not ${JSON.stringify(value)}`;
}

/** Trace and span ids are required by OTLP; an all-zero id is its "invalid". */
function idProblem(span: OtlpSpan): string | undefined {
  if (!/^[0-9a-f]{32}$/.test(span.traceId) || /^0+$/.test(span.traceId)) return `traceId must be 16 bytes (32 hex digits), not all zero; got "${span.traceId}"`;
  if (!/^[0-9a-f]{16}$/.test(span.spanId) || /^0+$/.test(span.spanId)) return `spanId must be 8 bytes (16 hex digits), not all zero; got "${span.spanId}"`;
  if (span.startNs === 0n) return 'startTimeUnixNano is missing';
  if (span.endNs < span.startNs) return 'endTimeUnixNano is before startTimeUnixNano';
  return undefined;
}

function attrsOf(resource: Attributes, span: OtlpSpan, correlationId: string): Record<string, AttrValue> {
  const attrs = new Map<string, AttrValue>();
  // What a record's attrs cannot hold is fitted, not refused: a span is kept for its call.
  const add = (key: string, value: AttrValue | undefined) => {
    if (value === undefined || attrs.size >= MAX_ATTRS || attrs.has(key) || key.length > MAX_ATTR_KEY) return;
    if (typeof value === 'string') attrs.set(key, value.slice(0, MAX_ATTR_TEXT));
    // Protobuf doubles may be NaN or infinite; OTLP/JSON spells those as text, and so do attrs.
    else if (typeof value === 'number' && !Number.isFinite(value)) attrs.set(key, String(value));
    else attrs.set(key, value);
  };
  add('service.name', resource.get('service.name'));
  add('otel.span_id', span.spanId);
  if (correlationId !== span.traceId) add('otel.trace_id', span.traceId);
  for (const [key, value] of span.attributes) if (!MAPPED_KEYS.has(key)) add(key, value);
  // fromEntries defines own properties, so a key such as "__proto__" stays a plain key.
  return Object.fromEntries(attrs);
}

export function callFromSpan(resource: Attributes, span: OtlpSpan): SpanMapping {
  const kind = span.kind;
  if (kind !== SPAN_KIND.client && kind !== SPAN_KIND.server) return { skipped: true };
  const method = text(first(span.attributes, METHOD_KEYS));
  if (method === undefined) return { skipped: true };
  const problem = idProblem(span);
  if (problem) return { error: problem };

  const pick = (key: string) => text(span.attributes.get(key) ?? resource.get(key));
  const integration = pick(SWITCHBOARD_KEYS.integration) ?? derivedIntegration(span, kind);
  if (integration === undefined) {
    return { error: 'no integration: set the switchboard.integration attribute on the span or its resource (the span has no server.address, net.peer.name or URL host to derive one from)' };
  }
  const status = statusOf(span);
  if (typeof status === 'string') return { error: status };
  if (status === undefined && span.status.code !== STATUS_CODE.error) {
    return { error: 'an HTTP span needs http.response.status_code (or http.status_code), or span status ERROR when no response came' };
  }

  const correlationId = pick(SWITCHBOARD_KEYS.correlation_id) ?? span.traceId;
  const resendCount = span.attributes.get('http.request.resend_count');
  const call: WireCall = {
    kind: 'call',
    ts: Number(span.startNs / 1_000_000n),
    integration,
    direction: kind === SPAN_KIND.client ? 'outbound' : 'inbound',
    operation: (text(first(span.attributes, OPERATION_KEYS)) ?? (span.name || method)).slice(0, MAX_OPERATION),
    latency_ms: Number(span.endNs - span.startNs) / 1e6,
    correlation_id: correlationId,
    attrs: attrsOf(resource, span, correlationId),
  };
  if (status !== undefined) call.status = status;
  else call.error = errorOfSpan(span);
  if (typeof resendCount === 'number' && Number.isInteger(resendCount) && resendCount >= 0) call.attempt = resendCount + 1;
  const optional = {
    env: text(first(resource, ['deployment.environment.name', 'deployment.environment'])),
    release: text(resource.get('service.version')),
    site: pick(SWITCHBOARD_KEYS.site),
    tenant: pick(SWITCHBOARD_KEYS.tenant),
    order_id: pick(SWITCHBOARD_KEYS.order_id),
    shipment_id: pick(SWITCHBOARD_KEYS.shipment_id),
  };
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) call[field as keyof typeof optional] = value;
  return { call };
}
