import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { outcomeOf, type Outcome } from './outcome.js';
import { redactAttrs, redactText } from './redact.js';
import { RECORD_KINDS, recordSchemas, type RecordKind } from './schema.js';
import type { WireCall, WireRecord, WireRun } from './wire.js';
import type { Selectable } from 'kysely';
import type { RecordsTable } from '../store/schema.js';

/** A validated, redacted record in the shape the store keeps. */
export type NormalizedRecord = Omit<Selectable<RecordsTable>, 'id' | 'received_at' | 'kind' | 'outcome'> & {
  kind: RecordKind;
  outcome: Outcome | null;
};

export interface TimeBounds {
  /** Oldest accepted timestamp, epoch ms. */
  notBefore: number;
  /** Newest accepted timestamp, epoch ms (now plus the allowed clock skew). */
  notAfter: number;
}

export type Validation = { ok: true; record: NormalizedRecord } | { ok: false; error: string };

const RFC3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = Object.fromEntries(
  RECORD_KINDS.map((kind) => [kind, ajv.compile(recordSchemas[kind])]),
) as Record<RecordKind, ValidateFunction>;

function describe(error: ErrorObject): string {
  const field = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') return `missing required field "${String(error.params.missingProperty)}"`;
  if (error.keyword === 'oneOf' && field === 'ts') {
    return 'ts must be an RFC 3339 string or integer epoch milliseconds';
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
    return `${field} must be one of ${allowed}`;
  }
  if (error.keyword === 'maxProperties') return `${field} has more than ${String(error.params.limit)} keys`;
  if (error.keyword === 'pattern' && field === 'integration') {
    return 'integration must match ^[a-z0-9][a-z0-9._-]{0,63}$ (lower-case letters, digits, ".", "_", "-")';
  }
  return `${field || 'record'} ${error.message ?? 'is invalid'}`;
}

function parseTs(ts: string | number): number | string {
  if (typeof ts === 'number') return ts;
  if (!RFC3339.test(ts)) return `ts "${ts.slice(0, 40)}" is not an RFC 3339 timestamp`;
  const ms = Date.parse(ts.replace(' ', 'T'));
  return Number.isNaN(ms) ? `ts "${ts.slice(0, 40)}" is not a valid date` : ms;
}

function checkBounds(ms: number, bounds: TimeBounds): string | null {
  if (ms > bounds.notAfter) {
    return `ts ${new Date(ms).toISOString()} is in the future beyond the allowed clock skew (latest accepted ${new Date(bounds.notAfter).toISOString()})`;
  }
  if (ms < bounds.notBefore) {
    return `ts ${new Date(ms).toISOString()} is older than the raw retention allows (oldest accepted ${new Date(bounds.notBefore).toISOString()})`;
  }
  return null;
}

function text(value: string | undefined): string | null {
  return value === undefined ? null : redactText(value);
}

export function normalizeRecord(input: unknown, bounds: TimeBounds): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'a record must be a JSON object' };
  }
  const kind = (input as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(RECORD_KINDS as string[]).includes(kind)) {
    return {
      ok: false,
      error:
        kind === undefined
          ? 'missing required field "kind"'
          : `unknown kind ${JSON.stringify(kind)}; expected one of ${RECORD_KINDS.join(', ')}`,
    };
  }
  const validate = validators[kind as RecordKind];
  if (!validate(input)) return { ok: false, error: describe(validate.errors![0]!) };

  const wire = input as WireRecord;
  const ts = parseTs(wire.ts);
  if (typeof ts === 'string') return { ok: false, error: ts };
  const outOfBounds = checkBounds(ts, bounds);
  if (outOfBounds) return { ok: false, error: outOfBounds };

  const record: NormalizedRecord = {
    kind: wire.kind,
    ts,
    integration: wire.integration,
    env: wire.env ?? 'production',
    site: wire.site ?? null,
    release: wire.release ?? null,
    tenant: wire.tenant ?? null,
    correlation_id: wire.correlation_id ?? null,
    order_id: wire.order_id ?? null,
    shipment_id: wire.shipment_id ?? null,
    direction: null,
    operation: null,
    http_status: null,
    outcome: null,
    error: null,
    latency_ms: null,
    attempt: null,
    job: null,
    run_status: null,
    duration_ms: null,
    counts: null,
    name: null,
    value: null,
    attrs: wire.attrs ? JSON.stringify(redactAttrs(wire.attrs)) : null,
  };

  switch (wire.kind) {
    case 'call':
      return normalizeCall(wire, record);
    case 'run':
      return normalizeRun(wire, record);
    case 'event':
      record.name = wire.name;
      return { ok: true, record };
    case 'gauge':
      record.name = wire.name;
      record.value = wire.value;
      return { ok: true, record };
  }
}

function normalizeCall(call: WireCall, record: NormalizedRecord): Validation {
  if (call.status === undefined && call.error === undefined) {
    return { ok: false, error: 'a call needs "status" (its HTTP status) or "error" (e.g. "timeout")' };
  }
  record.direction = call.direction;
  record.operation = call.operation;
  record.http_status = call.status ?? null;
  record.outcome = outcomeOf(call.status, call.error);
  record.error = text(call.error);
  record.latency_ms = call.latency_ms;
  record.attempt = call.attempt ?? 1;
  return { ok: true, record };
}

function normalizeRun(run: WireRun, record: NormalizedRecord): Validation {
  record.job = run.job;
  record.run_status = run.status;
  record.duration_ms = run.duration_ms ?? null;
  record.counts = run.counts ? JSON.stringify(run.counts) : null;
  record.error = text(run.error);
  return { ok: true, record };
}
