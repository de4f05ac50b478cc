import { Ajv, type ErrorObject } from 'ajv';
import { SchemaValidators } from '../common/schema-validators.js';
import { outcomeOf } from '../common/outcome.js';
import { operationName, redactAttrs, redactName, redactText } from './redact.js';
import { RECORD_KINDS, recordSchemas, type RecordKind } from './schema.js';
import type { AttrValue, WireCall, WireRecord, WireRun } from './wire.js';
import type { NormalizedRecord } from '../store/record.js';

export interface TimeBounds {
  /** Oldest accepted timestamp, epoch ms. */
  notBefore: number;
  /** Newest accepted timestamp, epoch ms (now plus the allowed clock skew). */
  notAfter: number;
}

export type Validation = { ok: true; record: NormalizedRecord } | { ok: false; error: string };

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const ajv = new Ajv({ allErrors: false, strict: false });
const validators = new SchemaValidators(ajv, recordSchemas);

/** A bad value of a record, found after its schema passed; the message names the field. */
class RecordProblem extends Error {}

/** A value for a message: short, and safe whatever it is (a huge string, a deeply nested object). */
export function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}

function valueAt(input: unknown, instancePath: string): unknown {
  let value = input;
  for (const part of instancePath.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

const UNITS: Record<string, string> = { latency_ms: ' (24 hours)', duration_ms: ' (7 days)' };

function describe(error: ErrorObject, input: unknown): string {
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
  if (error.propertyName !== undefined) {
    return `${field} has a key longer than ${String(error.params.limit)} characters (${preview(error.propertyName)})`;
  }
  const value = valueAt(input, error.instancePath);
  if ((error.keyword === 'maximum' || error.keyword === 'minimum') && typeof value === 'number' && !Number.isFinite(value)) {
    return `${field} must be a finite number, not ${value > 0 ? '' : '-'}infinity (a number such as 1e309 is too large for JSON's doubles)`;
  }
  if (error.keyword === 'maximum' || error.keyword === 'minimum') {
    return `${field} must be ${error.keyword === 'maximum' ? '<=' : '>='} ${String(error.params.limit)}${UNITS[field] ?? ''}, not ${preview(value)}`;
  }
  if (error.keyword === 'type' && /^(attrs|counts)\./.test(field)) {
    const wanted = field.startsWith('attrs.') ? 'a string, number or boolean' : 'an integer';
    return `${field} must be ${wanted}, not ${preview(value)}${typeof value === 'object' && value !== null ? ` (${field.split('.')[0]} are flat: one value per key)` : ''}`;
  }
  return `${field || 'record'} ${error.message ?? 'is invalid'}`;
}

/** Date.parse rolls 2026-02-31 over into March; a timestamp that names no real day is refused instead. */
function realDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseTs(ts: string | number): number | string {
  if (typeof ts === 'number') return Number.isFinite(ts) ? ts : 'ts must be a finite integer of epoch milliseconds';
  const match = RFC3339.exec(ts);
  if (!match) return `ts ${preview(ts)} is not an RFC 3339 timestamp`;
  const ms = Date.parse(ts.replace(' ', 'T'));
  return Number.isNaN(ms) || !realDay(Number(match[1]), Number(match[2]), Number(match[3])) ? `ts ${preview(ts)} is not a valid date` : ms;
}

/** Time as a message shows it; past the range of a Date, the number itself. */
function timeText(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

export function checkBounds(ms: number, bounds: TimeBounds): string | null {
  if (ms > bounds.notAfter) {
    return `ts ${timeText(ms)} is in the future beyond the allowed clock skew (latest accepted ${timeText(bounds.notAfter)})`;
  }
  if (ms < bounds.notBefore) {
    return `ts ${timeText(ms)} is older than the raw retention allows (oldest accepted ${timeText(bounds.notBefore)})`;
  }
  return null;
}

/** PostgreSQL cannot store a NUL character in text; no client means one. */
function noNul(field: string, value: string): void {
  if (value.indexOf('\u0000') >= 0) throw new RecordProblem(`${field} contains a NUL character (\\u0000), which cannot be stored`);
}

/** A string field as stored: checked and redacted. */
function text(field: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  noNul(field, value);
  return redactText(value);
}

function attrsText(attrs: Record<string, AttrValue>): string {
  for (const key of Object.keys(attrs)) {
    noNul('attrs key', key);
    const value = attrs[key];
    if (typeof value === 'string') noNul(`attrs.${key}`, value);
  }
  return JSON.stringify(redactAttrs(attrs));
}

function countsText(counts: Record<string, number>): string {
  let changed = false;
  for (const key of Object.keys(counts)) {
    noNul('counts key', key);
    if (redactText(key) !== key) changed = true;
  }
  if (!changed) return JSON.stringify(counts);
  return JSON.stringify(Object.fromEntries(Object.entries(counts).map(([key, value]) => [redactText(key), value])));
}

function integrationId(id: string): string {
  if (redactName(id) !== id) throw new RecordProblem('integration looks like a credential (an API key or token); records are not stored under it');
  return id;
}

/** The fields of one kind of record or another, none set: each kind fills its own. */
export const NO_KIND_FIELDS = {
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
} as const satisfies Partial<NormalizedRecord>;

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
          : typeof kind === 'string'
            ? `unknown kind ${preview(kind)}; expected one of ${RECORD_KINDS.join(', ')}`
            : `kind must be one of ${RECORD_KINDS.join(', ')}, not ${preview(kind)}`,
    };
  }
  const validate = validators.get(kind as RecordKind);
  if (!validate(input)) return { ok: false, error: describe(validate.errors![0]!, input) };

  const wire = input as WireRecord;
  const ts = parseTs(wire.ts);
  if (typeof ts === 'string') return { ok: false, error: ts };
  const outOfBounds = checkBounds(ts, bounds);
  if (outOfBounds) return { ok: false, error: outOfBounds };

  try {
    return build(wire, ts);
  } catch (error) {
    if (error instanceof RecordProblem) return { ok: false, error: error.message };
    throw error;
  }
}

function build(wire: WireRecord, ts: number): Validation {
  const record: NormalizedRecord = {
    kind: wire.kind,
    ts,
    integration: integrationId(wire.integration),
    env: wire.env === undefined ? 'production' : text('env', wire.env)!,
    site: text('site', wire.site),
    release: text('release', wire.release),
    tenant: text('tenant', wire.tenant),
    correlation_id: text('correlation_id', wire.correlation_id),
    order_id: text('order_id', wire.order_id),
    shipment_id: text('shipment_id', wire.shipment_id),
    ...NO_KIND_FIELDS,
    attrs: wire.attrs ? attrsText(wire.attrs) : null,
  };

  switch (wire.kind) {
    case 'call':
      return normalizeCall(wire, record);
    case 'run':
      return normalizeRun(wire, record);
    case 'event':
      record.name = text('name', wire.name);
      return { ok: true, record };
    case 'gauge':
      record.name = text('name', wire.name);
      record.value = wire.value;
      return { ok: true, record };
  }
}

function normalizeCall(call: WireCall, record: NormalizedRecord): Validation {
  if (call.status === undefined && call.error === undefined) {
    return { ok: false, error: 'a call needs "status" (its HTTP status) or "error" (e.g. "timeout")' };
  }
  noNul('operation', call.operation);
  // The operation becomes a rollup series: its query string is cut, never stored.
  const operation = operationName(call.operation);
  if (operation.trim() === '') return { ok: false, error: `operation ${preview(call.operation)} is empty without its query string` };
  record.direction = call.direction;
  record.operation = operation;
  record.http_status = call.status ?? null;
  record.outcome = outcomeOf(call.status, call.error);
  record.error = text('error', call.error);
  record.latency_ms = call.latency_ms;
  record.attempt = call.attempt ?? 1;
  return { ok: true, record };
}

function normalizeRun(run: WireRun, record: NormalizedRecord): Validation {
  record.job = text('job', run.job);
  record.run_status = run.status;
  record.duration_ms = run.duration_ms ?? null;
  record.counts = run.counts ? countsText(run.counts) : null;
  record.error = text('error', run.error);
  return { ok: true, record };
}
