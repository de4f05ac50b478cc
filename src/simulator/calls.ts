/**
 * How one call turns out (latency and outcome, under whatever incident is active), and the wire
 * records the generators emit. Shared by steady traffic, order flows and job runs so a partner
 * incident shows up the same way whichever of them makes the call.
 */
import type { AttrValue, WireCall, WireEvent } from '../ingest/wire.js';
import type { CompiledIntegration, CompiledOperation, Tags } from './context.js';
import type { CallEffects } from './incidents.js';
import type { Random } from './random.js';

export interface CallResult {
  readonly status?: number;
  readonly error?: string;
  readonly latencyMs: number;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request: payload failed validation',
  401: 'Unauthorized: access token expired or revoked',
  404: 'Not Found',
  409: 'Conflict: resource was modified concurrently',
  422: 'Unprocessable Entity: address could not be validated',
  429: 'Too Many Requests: quota exceeded, retry later',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The partner's gateway gives up before our client does; 504s take about this long. */
const GATEWAY_TIMEOUT_MS = 9_000;

/**
 * Draws a call's outcome. It always takes exactly four numbers from `rng` (two for the latency, one
 * for the incident, one for the ordinary error mix), so an incident never shifts the draws of the
 * calls that come after it.
 */
export function resolveCall(rng: Random, op: CompiledOperation, effects: CallEffects): CallResult {
  const { latency, operation, direction } = op.profile;
  const base = rng.lognormal(latency.medianMs, latency.sigma);
  const incidentDraw = rng.next();
  const errorDraw = rng.next();
  const timeoutMs = latency.timeoutMs;

  if (direction === 'outbound') {
    // Incidents first: during one, the partner's failure dominates the ordinary trickle.
    const authShare = effects.authFailureShare > 0 && operation === 'token.refresh' ? 1 : effects.authFailureShare;
    if (incidentDraw < authShare) return { status: 401, latencyMs: base * 0.5 };
    if (incidentDraw < effects.rateLimitShare) return { status: 429, latencyMs: base * 0.3 };
    if (incidentDraw < effects.serverErrorShare) {
      const within = incidentDraw / effects.serverErrorShare;
      if (within < 0.35) return { status: 502, latencyMs: base * 0.4 };
      if (within < 0.75) return { status: 503, latencyMs: base * 0.3 };
      return { status: 504, latencyMs: Math.min(timeoutMs * 0.95, GATEWAY_TIMEOUT_MS * (0.9 + 0.2 * within)) };
    }
  }

  const latencyMs = base * (direction === 'outbound' ? effects.latencyFactor : 1);
  if (errorDraw < op.errorShare) {
    const outcome = pickOutcome(op, errorDraw / op.errorShare);
    if (outcome.error === 'timeout') return { error: 'timeout', latencyMs: timeoutMs };
    if (outcome.error === 'dns') return { error: 'dns', latencyMs: 2 + base * 0.05 };
    if (outcome.error !== undefined) return { error: outcome.error, latencyMs: Math.min(latencyMs, timeoutMs) * 0.4 };
    const status = outcome.status ?? 500;
    return { status, latencyMs: Math.min(latencyMs, timeoutMs) * (status < 500 ? 0.7 : 0.9) };
  }
  if (latencyMs >= timeoutMs) return { error: 'timeout', latencyMs: timeoutMs };
  return { status: op.profile.okStatus, latencyMs };
}

function pickOutcome(op: CompiledOperation, u: number): { status?: number; error?: string } {
  const { values, cumulative } = op.errorTable;
  for (let i = 0; i < cumulative.length; i++) {
    if (u < (cumulative[i] as number)) return values[i] as { status?: number; error?: string };
  }
  return values[values.length - 1] as { status?: number; error?: string };
}

export function isOk(result: CallResult): boolean {
  return result.status !== undefined && result.status < 400;
}

/** Worth another attempt: throttling, partner failures and transient network trouble. */
export function isRetryable(result: CallResult): boolean {
  if (result.status !== undefined) return result.status === 408 || result.status === 429 || result.status >= 500;
  return result.error === 'timeout' || result.error === 'connection';
}

/** What a caller would log about a failure, as a short human-readable string. */
export function describeFailure(result: CallResult): string {
  if (result.status !== undefined) return `${result.status} ${REASONS[result.status] ?? 'error'}`;
  return result.error ?? 'error';
}

export interface Links {
  readonly correlation_id: string;
  readonly order_id?: string;
  readonly shipment_id?: string;
}

export function callRecord(
  integration: CompiledIntegration,
  op: CompiledOperation,
  ts: number,
  result: CallResult,
  tags: Tags,
  links: Links,
  attempt = 1,
): WireCall {
  const record = {
    kind: 'call',
    ts,
    integration: integration.profile.id,
    env: tags.env,
    site: tags.site,
    release: tags.release,
    correlation_id: links.correlation_id,
  } as WireCall;
  // Assigned in wire order, optional ones only when present, so the JSON reads naturally.
  if (links.order_id !== undefined) record.order_id = links.order_id;
  if (links.shipment_id !== undefined) record.shipment_id = links.shipment_id;
  record.direction = op.profile.direction;
  record.operation = op.profile.operation;
  if (result.status !== undefined) record.status = result.status;
  if (result.error !== undefined) record.error = result.error;
  record.latency_ms = Math.max(0, Math.round(result.latencyMs));
  if (attempt > 1) record.attempt = attempt;
  // Failed calls carry the partner's reason, the way a real client logs an error sample.
  if (result.status !== undefined && result.status >= 400) record.attrs = { reason: REASONS[result.status] ?? 'error' };
  return record;
}

export function eventRecord(
  integration: CompiledIntegration,
  name: string,
  ts: number,
  tags: Tags,
  links: Links,
  attrs?: Record<string, AttrValue>,
): WireEvent {
  const record: WireEvent = {
    kind: 'event',
    ts,
    integration: integration.profile.id,
    env: tags.env,
    site: tags.site,
    release: tags.release,
    correlation_id: links.correlation_id,
    name,
  };
  if (links.order_id !== undefined) record.order_id = links.order_id;
  if (links.shipment_id !== undefined) record.shipment_id = links.shipment_id;
  if (attrs !== undefined) record.attrs = attrs;
  return record;
}
