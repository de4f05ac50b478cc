import { busyErrors, errorResponse, integrationParameter, limitParameter, nextProperty, ok, otlpStatus, pageParameters, readErrors, windowParameters } from '../common/openapi-parts.js';
import { GROUPS_LIMIT, GROUPS_MAX_LIMIT } from './groups-read.js';
import { LOG_LEVELS, LOG_LIMITS } from './record.js';
import { LOGS_LIMIT, LOGS_MAX_LIMIT, MAX_LOG_SEARCH_CHARS } from './search.js';

const ingestAnswer = ok({
  type: 'object',
  properties: {
    accepted: { type: 'integer' },
    rejected: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, error: { type: 'string' } } } },
    derived: {
      type: 'object',
      description: 'The runs and calls committed with the lines they were derived from (docs/logs.md, "Derived signals"); skipped: derived records that did not validate or were past a cardinality limit (their lines are kept).',
      properties: { runs: { type: 'integer' }, calls: { type: 'integer' }, skipped: { type: 'integer' } },
    },
  },
});

/** The log routes of the OpenAPI document (docs/logs.md). */
export function logPaths() {
  return {
    '/api/v1/logs': {
      post: {
        summary: 'Ingest structured log lines of the integrations',
        description:
          'A JSON array of log lines, or one per line (NDJSON), in the integration-monitoring shape (camelCase: timestamp, level, service, operation, tenantId, integrationId, metadata; optional message) or its snake_case twin (tenant_id, integration_id). The keys, limits, per-line rejections, redaction and durability of /api/v1/ingest: every valid line is committed before the answer. See docs/logs.md.',
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/LogLine' } } },
            'application/x-ndjson': { schema: { $ref: '#/components/schemas/LogLine' } },
          },
        },
        responses: {
          '200': ingestAnswer,
          '400': errorResponse('The body cannot be parsed at all; the message says where. Nothing is stored.'),
          '413': errorResponse('The body or its line count is over the configured limit. Nothing is stored.'),
          '415': errorResponse('Content-Type is neither application/json nor application/x-ndjson.'),
        },
      },
    },
    '/v1/logs': {
      post: {
        summary: 'OTLP/HTTP logs: log records become log lines',
        description:
          'The standard OTLP/HTTP logs path, for OpenTelemetry SDK and Collector exporters. The body is an ExportLogsServiceRequest in either encoding, optionally gzip or deflate encoded; the answer uses the request\'s encoding. Each record is mapped to a line of POST /api/v1/logs (severity to level, body to message, attributes to metadata, the integration from the attribute switchboard.integration of the record or its resource, service.name to service, trace and span ids kept; docs/logs.md, "OTLP") and stored the same way. A 200 is sent after the commit; rejected records are counted and explained in partialSuccess.',
        parameters: [{ name: 'Content-Encoding', in: 'header', schema: { enum: ['gzip', 'deflate', 'identity'] }, description: 'The body limit applies after decompression too.' }],
        requestBody: {
          required: true,
          content: {
            'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest' } },
            'application/json': { schema: { type: 'object', description: 'ExportLogsServiceRequest in OTLP/JSON.', properties: { resourceLogs: { type: 'array', items: { type: 'object' } } } } },
          },
        },
        responses: {
          '200': {
            description: 'Committed. partialSuccess is set only when records were rejected. The Switchboard-Logs header counts accepted and rejected records and the runs and calls derived.',
            headers: { 'Switchboard-Logs': { schema: { type: 'string' }, description: 'e.g. "accepted=18, rejected=1, derived_runs=2, derived_calls=5"' } },
            content: {
              'application/json': { schema: { type: 'object', required: [], properties: { partialSuccess: { type: 'object', properties: { rejectedLogRecords: { type: 'string' }, errorMessage: { type: 'string' } } } } } },
              'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: 'ExportLogsServiceResponse' } },
            },
          },
          '400': otlpStatus('The body cannot be decoded; the message says where. Nothing is stored.'),
          '413': otlpStatus('The body, before or after decompression, or its count of records is over the configured limit. Nothing is stored.'),
          '415': otlpStatus('Content-Type is neither application/x-protobuf nor application/json, or the Content-Encoding is not supported.'),
        },
      },
    },
    '/api/v1/integrations/{id}/logs': {
      get: {
        summary: "An integration's log lines, newest first: by level, operation and text, in a window",
        description: `Lines of the window (default: the last hour; as far back as SWITCHBOARD_RETENTION_LOGS_DAYS), newest first, a page at a time. Text search is case-insensitive over the message, the operation and the metadata. Audited as a read of partner records.`,
        parameters: [
          integrationParameter,
          ...windowParameters,
          { name: 'level', in: 'query', schema: { type: 'string', maxLength: 64 }, description: `Only these levels, comma-separated (${LOG_LEVELS.join(', ')}).` },
          { name: 'operation', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Only this operation.' },
          { name: 'q', in: 'query', schema: { type: 'string', maxLength: MAX_LOG_SEARCH_CHARS }, description: 'Only lines containing this text (case-insensitive).' },
          { name: 'fingerprint', in: 'query', schema: { type: 'string', pattern: '^[0-9a-f]{16}$' }, description: 'Only the lines of this error type (GET …/logs/errors).' },
          ...pageParameters(LOGS_LIMIT, LOGS_MAX_LIMIT),
        ],
        responses: {
          '200': ok({
            type: 'object',
            properties: { from: { type: 'integer' }, to: { type: 'integer' }, logs: { type: 'array', items: { $ref: '#/components/schemas/StoredLogLine' } }, ...nextProperty },
          }),
          ...readErrors,
          '404': errorResponse('No such integration, or one the caller may not see.'),
          ...busyErrors,
        },
      },
    },
    '/api/v1/integrations/{id}/logs/errors': {
      get: {
        summary: "An integration's top error types: warn, error and fatal lines grouped by their normalised message",
        description: `Groups ordered by their lines in the window (default: the last 24 hours), each with its pattern (numbers, ids, quoted values, hex and UUIDs replaced), newest sample, first and last seen, lines in the window before (as long), trend (new: first seen in the window; rising: twice the window before or more; falling: half or less; else steady) and a trend line of about 24 points. See docs/logs.md, "Error groups". Audited as a read of partner records.`,
        parameters: [integrationParameter, ...windowParameters, limitParameter(GROUPS_LIMIT, GROUPS_MAX_LIMIT)],
        responses: {
          '200': ok({
            type: 'object',
            properties: {
              from: { type: 'integer' },
              to: { type: 'integer' },
              step_ms: { type: 'integer' },
              t: { type: 'array', items: { type: 'integer' }, description: 'The start of each point of the trend lines.' },
              groups: { type: 'array', items: { $ref: '#/components/schemas/LogErrorGroup' } },
            },
          }),
          ...readErrors,
          '404': errorResponse('No such integration, or one the caller may not see.'),
          ...busyErrors,
        },
      },
    },
  };
}

export function logSchemas() {
  const text = (maxLength: number) => ({ type: 'string', maxLength });
  return {
    LogLine: {
      type: 'object',
      required: ['timestamp', 'level'],
      description: 'integrationId (or integration_id) is required too. Ids in metadata (orderId / order_id, shipmentId, correlationId, traceId, spanId) tie the line to traces.',
      properties: {
        timestamp: { oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }] },
        level: { enum: [...LOG_LEVELS, 'warning'] },
        service: text(200),
        operation: text(200),
        message: text(LOG_LIMITS.message),
        tenantId: text(200),
        tenant_id: text(200),
        integrationId: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
        integration_id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
        metadata: { type: 'object', description: `Any JSON object, nested at most ${LOG_LIMITS.metadataDepth} levels, ${LOG_LIMITS.metadataKeys} keys per object, ${LOG_LIMITS.metadataChars} characters as JSON.` },
      },
    },
    LogErrorGroup: {
      type: 'object',
      properties: {
        fingerprint: { type: 'string', description: '16 hex digits: the lines of the group are GET …/logs?fingerprint=….' },
        level: { enum: ['warn', 'error', 'fatal'], description: 'The worst level seen.' },
        pattern: { type: 'string' },
        sample: { type: 'string', description: 'The newest line of the group (redacted as stored).' },
        sample_ts: { type: 'integer' },
        first_seen: { type: 'integer' },
        last_seen: { type: 'integer' },
        total_lines: { type: 'integer', description: 'Since first seen.' },
        lines: { type: 'integer', description: 'In the window.' },
        previous_lines: { type: 'integer', description: 'In the window before, as long.' },
        trend: { enum: ['new', 'rising', 'falling', 'steady'] },
        points: { type: 'array', items: { type: 'integer' } },
      },
    },
    StoredLogLine: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        ts: { type: 'integer' },
        integration: { type: 'string' },
        level: { enum: LOG_LEVELS },
        service: { type: ['string', 'null'] },
        operation: { type: ['string', 'null'] },
        message: { type: ['string', 'null'], description: 'The message, else metadata.error.' },
        fingerprint: { type: ['string', 'null'], description: 'The error type of a warn, error or fatal line.' },
        tenant: { type: ['string', 'null'] },
        correlation_id: { type: ['string', 'null'] },
        order_id: { type: ['string', 'null'] },
        shipment_id: { type: ['string', 'null'] },
        trace_id: { type: ['string', 'null'] },
        span_id: { type: ['string', 'null'] },
        metadata: { type: ['object', 'null'], additionalProperties: true, description: 'As sent, redacted.' },
      },
    },
  };
}
