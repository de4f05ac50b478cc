/**
 * JSON Schemas of the wire records: the single source for ingest validation and for the
 * OpenAPI document, so the two cannot drift apart.
 */
import { RECORD_LIMITS as L } from './limits.js';
import type { RecordKind } from '../store/record.js';

export type { RecordKind };

const shortString = { type: 'string', minLength: 1, maxLength: L.shortText } as const;
const idString = { type: 'string', minLength: 1, maxLength: L.idText } as const;
const errorString = { type: 'string', minLength: 1, maxLength: L.errorText } as const;
/** Finite: JSON cannot say NaN, but 1e309 parses to Infinity. */
const finite = { minimum: -Number.MAX_VALUE, maximum: Number.MAX_VALUE } as const;

const commonProperties = {
  ts: {
    description: 'RFC 3339 timestamp or integer epoch milliseconds; for a run, its finish time.',
    oneOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'integer' }],
    // Its range (raw retention back, the allowed clock skew ahead) is checked after the schema.
  },
  integration: {
    type: 'string',
    pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
    description: 'The catalogue id of the integration.',
  },
  env: { ...shortString, description: 'Defaults to "production".' },
  site: shortString,
  release: shortString,
  tenant: shortString,
  correlation_id: idString,
  order_id: idString,
  shipment_id: idString,
  attrs: {
    type: 'object',
    description: `Flat: string, number or boolean values (strings up to ${L.attrText} characters), keys up to ${L.attrKey} characters.`,
    maxProperties: L.attrs,
    propertyNames: { maxLength: L.attrKey },
    additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: L.attrText, ...finite },
  },
} as const;

const commonRequired = ['kind', 'ts', 'integration'] as const;

function recordSchema(
  kind: string,
  properties: Record<string, unknown>,
  required: readonly string[],
): Record<string, unknown> {
  return {
    type: 'object',
    properties: { kind: { const: kind }, ...commonProperties, ...properties },
    required: [...commonRequired, ...required],
  };
}

export const callSchema = recordSchema(
  'call',
  {
    direction: { enum: ['outbound', 'inbound'] },
    operation: shortString,
    status: { type: 'integer', minimum: 100, maximum: 599 },
    error: errorString,
    latency_ms: { type: 'number', minimum: 0, maximum: L.latencyMs, description: 'At most 24 hours.' },
    attempt: { type: 'integer', minimum: 1, maximum: L.attempt },
  },
  ['direction', 'operation', 'latency_ms'],
);

export const runSchema = recordSchema(
  'run',
  {
    job: shortString,
    status: { enum: ['success', 'failed', 'partial'] },
    duration_ms: { type: 'number', minimum: 0, maximum: L.durationMs, description: 'At most 7 days.' },
    counts: {
      type: 'object',
      maxProperties: L.counts,
      propertyNames: { maxLength: L.attrKey },
      additionalProperties: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    },
    error: errorString,
  },
  ['job', 'status'],
);

export const eventSchema = recordSchema('event', { name: shortString }, ['name']);

export const gaugeSchema = recordSchema('gauge', { name: shortString, value: { type: 'number', minimum: -L.gaugeValue, maximum: L.gaugeValue } }, [
  'name',
  'value',
]);

export const recordSchemas = {
  call: callSchema,
  run: runSchema,
  event: eventSchema,
  gauge: gaugeSchema,
} as const satisfies Record<RecordKind, object>;

export const RECORD_KINDS = Object.keys(recordSchemas) as RecordKind[];
