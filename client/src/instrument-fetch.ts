/**
 * A fetch that records each request as a call: status, latency to the response headers, or the
 * class of the error that stopped it. It sends the partner a correlation id and stores the same
 * one. The caller sees exactly what the wrapped fetch gives (the same response, the same error
 * object); when recording cannot work out, the request goes through as if not instrumented.
 */
import { callErrorClass } from './network-errors.js';
import type { AttrValue, CallInput } from './records.js';
import { randomId } from './runtime.js';

export const CORRELATION_HEADER = 'x-correlation-id';

/** What a single request adds to its call record: `fetch(url, { ..., switchboard: { order_id } })`. */
export interface CallContext {
  operation?: string;
  correlation_id?: string;
  order_id?: string;
  shipment_id?: string;
  tenant?: string;
  site?: string;
  attrs?: Record<string, AttrValue>;
}

export interface InstrumentFetchOptions {
  /** The catalogue id of the partner integration these requests belong to. */
  integration: string;
  /** Names the operation, e.g. "label.create"; by default "METHOD /path" with ids replaced by ":id". */
  operation?: (url: URL, init: RequestInit | undefined) => string;
  /** Default "outbound". */
  direction?: 'outbound' | 'inbound';
  /** Default "x-correlation-id". */
  correlationHeader?: string;
  /** Attributes added to every call. */
  attrs?: Record<string, AttrValue>;
}

export type InstrumentedInit = RequestInit & { switchboard?: CallContext };
export type InstrumentedFetch = (input: string | URL | Request, init?: InstrumentedInit) => Promise<Response>;

/** What the call record will say before the answer is known. */
type CallPlan = Omit<CallInput, 'status' | 'error' | 'latency_ms' | 'ts'>;

const ORIGINAL = Symbol.for('@switchboard/client.originalFetch');
const MAX_OPERATION = 200;

/** The plain fetch under any number of instrumentations. */
export function originalFetch<F>(fetchImpl: F): F {
  return ((fetchImpl as { [ORIGINAL]?: F } | undefined)?.[ORIGINAL] ?? fetchImpl) as F;
}

/** Path segments that look like ids (numbers, UUIDs, tokens, e-mail addresses) become ":id". */
function pathTemplate(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      const digits = segment.replace(/\D/g, '').length;
      const idLike = (segment !== '' && digits === segment.length) || digits >= 3 || segment.length >= 24 || /@|%40/.test(segment);
      return idLike ? ':id' : segment;
    })
    .join('/');
}

export function defaultOperation(method: string, url: URL): string {
  return `${method} ${pathTemplate(url.pathname)}`;
}

function operationOf(method: string, url: URL, init: RequestInit, context: CallContext | undefined, options: InstrumentFetchOptions): string {
  let named: unknown = context?.operation;
  if (named === undefined && options.operation) {
    try {
      named = options.operation(url, init);
    } catch {
      named = undefined; // the caller's namer failed: fall back to the default name
    }
  }
  const operation = typeof named === 'string' && named !== '' ? named : defaultOperation(method, url);
  return operation.slice(0, MAX_OPERATION);
}

function plan(input: string | URL | Request, init: InstrumentedInit | undefined, options: InstrumentFetchOptions) {
  const { switchboard: context, ...requestInit } = init ?? {};
  const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : String(input));
  // fetch(request, init) takes init's headers instead of the request's, so start from whichever wins.
  const headers = new Headers(requestInit.headers ?? request?.headers);
  const header = options.correlationHeader ?? CORRELATION_HEADER;
  const correlationId = headers.get(header) ?? context?.correlation_id ?? randomId();
  headers.set(header, correlationId);
  const method = (requestInit.method ?? request?.method ?? 'GET').toUpperCase();
  const attrs = { ...options.attrs, ...context?.attrs };
  const call: CallPlan = {
    integration: options.integration,
    direction: options.direction ?? 'outbound',
    operation: operationOf(method, url, requestInit, context, options),
    correlation_id: correlationId,
    ...(context?.order_id === undefined ? {} : { order_id: context.order_id }),
    ...(context?.shipment_id === undefined ? {} : { shipment_id: context.shipment_id }),
    ...(context?.tenant === undefined ? {} : { tenant: context.tenant }),
    ...(context?.site === undefined ? {} : { site: context.site }),
    ...(Object.keys(attrs).length === 0 ? {} : { attrs }),
  };
  return { init: { ...requestInit, headers }, call };
}

function withoutContext(init: InstrumentedInit | undefined): RequestInit | undefined {
  if (init === undefined || !('switchboard' in init)) return init;
  const { switchboard: _context, ...requestInit } = init;
  return requestInit;
}

function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

export function instrumentFetch(record: (call: CallInput) => void, fetchImpl: typeof fetch, options: InstrumentFetchOptions): InstrumentedFetch {
  const recordQuietly = (call: CallInput) => {
    try {
      record(call);
    } catch {
      // Recording never changes what the caller sees.
    }
  };
  const instrumented: InstrumentedFetch = async (input, init) => {
    let planned: ReturnType<typeof plan> | undefined;
    try {
      planned = plan(input, init, options);
    } catch {
      planned = undefined;
    }
    if (!planned) return fetchImpl(input, withoutContext(init));
    const { call } = planned;
    const ts = Date.now();
    const started = performance.now();
    let response: Response;
    try {
      response = await fetchImpl(input, planned.init);
    } catch (error) {
      recordQuietly({ ...call, ts, latency_ms: elapsedSince(started), error: callErrorClass(error) });
      throw error;
    }
    recordQuietly({ ...call, ts, latency_ms: elapsedSince(started), status: response.status });
    return response;
  };
  Object.defineProperty(instrumented, ORIGINAL, { value: originalFetch(fetchImpl) });
  return instrumented;
}
