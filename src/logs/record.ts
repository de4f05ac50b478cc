import type { Selectable } from 'kysely';
import type { LogRecordsTable } from '../store/schema.js';
import { checkBounds, parseTs, preview, type TimeBounds } from '../ingest/normalize.js';
import { RECORD_LIMITS } from '../ingest/limits.js';
import { operationName, redactName, redactText } from '../ingest/redact.js';
import { fingerprintOf, GROUPED_LEVELS, patternOf } from './fingerprint.js';
import { MetadataProblem, redactMetadata } from './metadata.js';

/**
 * A validated, redacted log line in the shape the store keeps, with what is worked out from it on
 * the way in: its error pattern (if grouped) and its redacted metadata as an object (derive.ts
 * reads it without parsing the JSON again).
 */
export type NormalizedLog = Omit<Selectable<LogRecordsTable>, 'id' | 'received_at'> & { pattern: string | null; details: Record<string, unknown> | null };

export type LogValidation = { ok: true; log: NormalizedLog } | { ok: false; error: string };

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Bounds of a log line besides those every record has (docs/logs.md, "Rejections"). */
export const LOG_LIMITS = {
  message: 4_000,
  /** The metadata object as JSON. */
  metadataChars: 16_384,
  metadataDepth: 5,
  metadataKeys: 64,
} as const;

/**
 * The keys of a line in the integration-monitoring shape and its snake_case twin: the stored
 * field each one fills. A line uses one spelling per field.
 */
const FIELDS = {
  timestamp: ['timestamp'],
  level: ['level'],
  service: ['service'],
  operation: ['operation'],
  message: ['message'],
  tenant: ['tenantId', 'tenant_id'],
  integration: ['integrationId', 'integration_id'],
  metadata: ['metadata'],
} as const;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];
/** Each known key and the position of its field in FIELD_NAMES. */
const KNOWN_KEYS = new Map<string, number>(FIELD_NAMES.flatMap((field, position) => FIELDS[field].map((key) => [key, position] as const)));

/** Ids found in metadata under either spelling: they tie a line to the trace of an order. */
const METADATA_IDS = {
  correlation_id: ['correlationId', 'correlation_id'],
  order_id: ['orderId', 'order_id'],
  shipment_id: ['shipmentId', 'shipment_id'],
  trace_id: ['traceId', 'trace_id'],
  span_id: ['spanId', 'span_id'],
} as const;

const INTEGRATION = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const LEVEL_ALIASES: Record<string, LogLevel> = { warning: 'warn', err: 'error', critical: 'fatal' };

class LogProblem extends Error {}

function problem(message: string): never {
  throw new LogProblem(message);
}

function fieldsOf(input: Record<string, unknown>): Partial<Record<Field, unknown>> {
  // Slots by field position: every line fills the same few, so no object changes shape per line.
  const spelled: Array<string | undefined> = new Array(FIELD_NAMES.length);
  const values: unknown[] = new Array(FIELD_NAMES.length);
  for (const key of Object.keys(input)) {
    const position = KNOWN_KEYS.get(key);
    if (position === undefined) {
      problem(`unknown field ${preview(key)}; a log line has ${[...KNOWN_KEYS.keys()].join(', ')} (put anything else in metadata)`);
    }
    if (spelled[position] !== undefined) problem(`both "${spelled[position]}" and "${key}" are given; use one spelling`);
    spelled[position] = key;
    values[position] = input[key];
  }
  // In the order of FIELDS, whose positions fill `values`.
  const [timestamp, level, service, operation, message, tenant, integration, metadata] = values;
  return { timestamp, level, service, operation, message, tenant, integration, metadata };
}

/** A string field: absent is null; too long, not a string or holding NUL is a reason. */
function stringField(name: string, value: unknown, limit: number, required = false): string | null {
  if (value === undefined || value === null) {
    if (required) problem(`missing required field "${name}"`);
    return null;
  }
  if (typeof value !== 'string') problem(`${name} must be a string, not ${preview(value)}`);
  if (value.length > limit) problem(`${name} is ${value.length} characters long; the limit is ${limit}`);
  if (value.includes('\u0000')) problem(`${name} contains a NUL character (\\u0000), which cannot be stored`);
  return value;
}

function levelOf(value: unknown): LogLevel {
  if (value === undefined) problem('missing required field "level"');
  if (typeof value !== 'string') problem(`level must be one of ${LOG_LEVELS.join(', ')}, not ${preview(value)}`);
  const lower = value.toLowerCase();
  const level = (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : LEVEL_ALIASES[lower];
  if (!level) problem(`level ${preview(value)} is not one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function idOf(metadata: Record<string, unknown> | null, keys: readonly string[]): string | null {
  if (!metadata) return null;
  for (const key of keys) {
    const value = metadata[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number') problem(`metadata.${key} must be a string or a number, not ${preview(value)}`);
    return stringField(`metadata.${key}`, String(value), RECORD_LIMITS.idText);
  }
  return null;
}

function timeOf(value: unknown, bounds: TimeBounds): number {
  if (value === undefined) problem('missing required field "timestamp"');
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
    problem(`timestamp must be an RFC 3339 string or integer epoch milliseconds, not ${preview(value)}`);
  }
  const ts = parseTs(value);
  if (typeof ts === 'string') problem(ts.replace(/^ts /, 'timestamp '));
  const outside = checkBounds(ts, bounds);
  if (outside) problem(outside.replace(/^ts /, 'timestamp ').replace('the raw retention', 'the log retention'));
  return ts;
}

/** What a line says: its message, else the error its metadata names. */
function messageOf(message: string | null, metadata: Record<string, unknown> | null): string | null {
  if (message !== null) return message;
  const error = metadata?.error;
  if (typeof error === 'string') return error.slice(0, LOG_LIMITS.message);
  return null;
}

/**
 * One log line checked against its bounds and redacted: the document's camelCase shape or its
 * snake_case twin, `timestamp` an RFC 3339 string or epoch ms within the accepted window.
 */
export function normalizeLog(input: unknown, bounds: TimeBounds): LogValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, error: 'a log line must be a JSON object' };
  try {
    return { ok: true, log: build(fieldsOf(input as Record<string, unknown>), bounds) };
  } catch (error) {
    if (error instanceof LogProblem || error instanceof MetadataProblem) return { ok: false, error: error.message };
    throw error;
  }
}

function build(fields: Partial<Record<Field, unknown>>, bounds: TimeBounds): NormalizedLog {
  const integration = stringField('integrationId', fields.integration, 64, true)!;
  if (!INTEGRATION.test(integration)) problem('integrationId must match ^[a-z0-9][a-z0-9._-]{0,63}$ (lower-case letters, digits, ".", "_", "-")');
  if (redactName(integration) !== integration) problem('integrationId looks like a credential (an API key or token); lines are not stored under it');
  const ts = timeOf(fields.timestamp, bounds);
  const level = levelOf(fields.level);
  const metadata = redactMetadata(fields.metadata, LOG_LIMITS);
  const rawOperation = stringField('operation', fields.operation, RECORD_LIMITS.shortText);
  const operation = rawOperation === null ? null : operationName(rawOperation) || null;
  const rawMessage = stringField('message', fields.message, LOG_LIMITS.message);
  const message = messageOf(rawMessage === null ? null : redactText(rawMessage), metadata?.redacted ?? null);
  const tenant = stringField('tenantId', fields.tenant, RECORD_LIMITS.shortText);
  const service = stringField('service', fields.service, RECORD_LIMITS.shortText);
  const pattern = GROUPED_LEVELS.has(level) ? patternOf(message ?? operation ?? level) : null;
  // Read from the redacted metadata: an id is stored as the metadata holds it.
  const details = metadata?.redacted ?? null;
  return {
    ts,
    integration,
    tenant: tenant === null ? null : redactName(tenant),
    level,
    service: service === null ? null : redactName(service),
    operation,
    message,
    fingerprint: pattern === null ? null : fingerprintOf(pattern),
    pattern,
    correlation_id: idOf(details, METADATA_IDS.correlation_id),
    order_id: idOf(details, METADATA_IDS.order_id),
    shipment_id: idOf(details, METADATA_IDS.shipment_id),
    trace_id: idOf(details, METADATA_IDS.trace_id),
    span_id: idOf(details, METADATA_IDS.span_id),
    metadata: metadata?.json ?? null,
    details,
  };
}
