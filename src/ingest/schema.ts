/**
 * JSON Schemas of the wire records: the single source for ingest validation and for the
 * OpenAPI document, so the two cannot drift apart.
 */
const shortString = { type: 'string', minLength: 1, maxLength: 200 } as const;
const idString = { type: 'string', minLength: 1, maxLength: 128 } as const;

const commonProperties = {
  ts: {
    description: 'RFC 3339 timestamp or integer epoch milliseconds; for a run, its finish time.',
    oneOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'integer' }],
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
    maxProperties: 32,
    additionalProperties: { type: ['string', 'number', 'boolean'] },
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
    error: { type: 'string', minLength: 1, maxLength: 1000 },
    latency_ms: { type: 'number', minimum: 0 },
    attempt: { type: 'integer', minimum: 1 },
  },
  ['direction', 'operation', 'latency_ms'],
);

export const runSchema = recordSchema(
  'run',
  {
    job: shortString,
    status: { enum: ['success', 'failed', 'partial'] },
    duration_ms: { type: 'number', minimum: 0 },
    counts: {
      type: 'object',
      maxProperties: 32,
      additionalProperties: { type: 'integer', minimum: 0 },
    },
    error: { type: 'string', minLength: 1, maxLength: 1000 },
  },
  ['job', 'status'],
);

export const eventSchema = recordSchema('event', { name: shortString }, ['name']);

export const gaugeSchema = recordSchema('gauge', { name: shortString, value: { type: 'number' } }, [
  'name',
  'value',
]);

export const recordSchemas = {
  call: callSchema,
  run: runSchema,
  event: eventSchema,
  gauge: gaugeSchema,
} as const;

export type RecordKind = keyof typeof recordSchemas;
export const RECORD_KINDS = Object.keys(recordSchemas) as RecordKind[];
