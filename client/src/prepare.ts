/**
 * Turns what a caller hands the client into the JSON of one wire record, or into the reason it
 * cannot be sent. The checks are the structural ones that would make the server reject the record
 * anyway (a missing field, a wrong type, a value JSON cannot carry); the server stays the judge
 * of the rest and names what it rejects in its answer.
 */
import type { RecordKind, Timestamp } from './records.js';
import { utf8Length } from './runtime.js';

/** Values the client fills in when a record leaves them out. */
export interface RecordDefaults {
  env?: string;
  site?: string;
  release?: string;
  tenant?: string;
}

export type Prepared = { ok: true; json: string; bytes: number } | { ok: false; error: string };

const INTEGRATION = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const DEFAULTED_FIELDS = ['env', 'site', 'release', 'tenant'] as const;

type Fields = Record<string, unknown>;

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function oneOf(field: string, value: unknown, allowed: readonly string[]): string | null {
  return allowed.includes(value as string) ? null : `${field} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`;
}

function required(fields: Fields, names: readonly string[]): string | null {
  const missing = names.find((name) => !isText(fields[name]));
  return missing === undefined ? null : `${missing} must be a non-empty string`;
}

function kindProblem(kind: RecordKind, fields: Fields): string | null {
  switch (kind) {
    case 'call': {
      const problem = oneOf('direction', fields.direction, ['outbound', 'inbound']) ?? required(fields, ['operation']);
      if (problem) return problem;
      if (!isNumber(fields.latency_ms) || fields.latency_ms < 0) return 'latency_ms must be a finite number >= 0';
      if (fields.status !== undefined && !Number.isInteger(fields.status)) return 'status must be an integer HTTP status';
      if (fields.status === undefined && !isText(fields.error)) return 'a call needs "status" or "error"';
      return null;
    }
    case 'run':
      return required(fields, ['job']) ?? oneOf('status', fields.status, ['success', 'failed', 'partial']);
    case 'event':
      return required(fields, ['name']);
    case 'gauge':
      return required(fields, ['name']) ?? (isNumber(fields.value) ? null : 'value must be a finite number');
  }
}

function wireTs(ts: Timestamp | undefined, now: number): string | number | null {
  if (ts === undefined) return now;
  if (ts instanceof Date) return Number.isNaN(ts.getTime()) ? null : ts.getTime();
  if (typeof ts === 'number') return Number.isFinite(ts) ? Math.floor(ts) : null;
  return typeof ts === 'string' && ts.length > 0 ? ts : null;
}

export function prepareRecord(kind: RecordKind, input: unknown, defaults: RecordDefaults, now: number, maxBytes: number): Prepared {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: `a ${kind} record must be an object` };
  }
  const fields = input as Fields;
  if (typeof fields.integration !== 'string' || !INTEGRATION.test(fields.integration)) {
    return { ok: false, error: 'integration must match ^[a-z0-9][a-z0-9._-]{0,63}$ (the catalogue id)' };
  }
  const problem = kindProblem(kind, fields);
  if (problem) return { ok: false, error: problem };
  const ts = wireTs(fields.ts as Timestamp | undefined, now);
  if (ts === null) return { ok: false, error: 'ts must be an RFC 3339 string, epoch milliseconds or a valid Date' };

  const wire: Fields = { kind, ...fields, ts };
  wire.kind = kind;
  for (const field of DEFAULTED_FIELDS) {
    if (wire[field] === undefined && defaults[field] !== undefined) wire[field] = defaults[field];
  }
  return serialised(wire, maxBytes, 'record');
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/** A log line in the wire's snake_case spelling (POST /api/v1/logs), or why it cannot be sent. */
export function prepareLog(input: unknown, defaults: RecordDefaults, now: number, maxBytes: number): Prepared {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, error: 'a log line must be an object' };
  const fields = input as Fields;
  if (typeof fields.integration !== 'string' || !INTEGRATION.test(fields.integration)) {
    return { ok: false, error: 'integration must match ^[a-z0-9][a-z0-9._-]{0,63}$ (the catalogue id)' };
  }
  const problem = oneOf('level', fields.level, LOG_LEVELS);
  if (problem) return { ok: false, error: problem };
  const ts = wireTs(fields.ts as Timestamp | undefined, now);
  if (ts === null) return { ok: false, error: 'ts must be an RFC 3339 string, epoch milliseconds or a valid Date' };
  const tenant = fields.tenant ?? defaults.tenant;
  const wire: Fields = {
    timestamp: ts,
    level: fields.level,
    integration_id: fields.integration,
    ...(tenant !== undefined ? { tenant_id: tenant } : {}),
    ...Object.fromEntries((['message', 'operation', 'service', 'metadata'] as const).filter((name) => fields[name] !== undefined).map((name) => [name, fields[name]])),
  };
  return serialised(wire, maxBytes, 'log line');
}

function serialised(wire: Fields, maxBytes: number, what: string): Prepared {
  let json: string;
  try {
    json = JSON.stringify(wire);
  } catch (error) {
    return { ok: false, error: `the ${what} cannot be serialised as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const bytes = utf8Length(json);
  if (bytes > maxBytes) return { ok: false, error: `the ${what} is ${bytes} bytes of JSON, more than maxBatchBytes (${maxBytes})` };
  return { ok: true, json, bytes };
}
