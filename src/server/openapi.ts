import { OUTCOMES } from '../ingest/outcome.js';
import { recordSchemas } from '../ingest/schema.js';
import { alertingPaths, alertingSchemas } from '../alerting/openapi.js';
import { flowPaths, flowSchemas } from '../flow/openapi.js';
import { traceIdParameters, tracePaths, traceSchemas } from '../trace/openapi.js';
import { busyErrors, errorResponse, integrationParameter, nextProperty, ok, pageParameters, readErrors, stepParameter, stepProperties, windowParameters } from './openapi-parts.js';
import { MAX_POINTS, STEPS } from '../query/timeseries.js';
import { BOARD_LIMIT } from '../query/board.js';
import { JOBS_LIMIT, JOBS_MAX_LIMIT } from '../query/jobs.js';
import { CATALOGUE_LIMIT, CATALOGUE_MAX_LIMIT } from '../catalogue/routes.js';
import { CHECKS_LIMIT, CHECKS_MAX_LIMIT } from '../checks/routes.js';
import { HEALTH_LIMIT, HEALTH_MAX_LIMIT } from '../health/routes.js';

const filterParameters = ['env', 'site', 'release', 'operation', 'direction'].map((name) => ({
  name,
  in: 'query',
  schema: name === 'direction' ? { enum: ['inbound', 'outbound'] } : { type: 'string', maxLength: 512 },
  description: `Only calls with this ${name}.`,
}));

const nullableNumber = { type: ['number', 'null'] };
const signals = {
  type: 'object',
  properties: {
    volume: { type: 'integer' },
    ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, { type: 'integer' }])),
    success_rate: { ...nullableNumber, description: 'ok / volume; null without calls.' },
    p50_ms: nullableNumber,
    p95_ms: nullableNumber,
    p99_ms: nullableNumber,
  },
};
const otlpStatus = (description: string) => ({
  description,
  content: {
    'application/json': { schema: { $ref: '#/components/schemas/RpcStatus' } },
    'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: 'google.rpc.Status' } },
  },
});

/** The API reference, served at /api/v1/openapi.json and kept in docs/openapi.json. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version: '1',
      description: 'Ingest calls, runs, events and gauges of partner integrations; read their golden signals, time series and traces.',
    },
    paths: {
      '/api/v1/ingest': {
        post: {
          summary: 'Ingest records',
          description:
            'A JSON array of records, or one record per line (NDJSON). Every valid record is committed before the answer; each invalid one is named with its index and reason. Secret-looking values are redacted before storage.',
          security: [{ ingestKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Record' } } },
              'application/x-ndjson': { schema: { $ref: '#/components/schemas/Record' } },
            },
          },
          responses: {
            '200': ok({
              type: 'object',
              properties: {
                accepted: { type: 'integer' },
                rejected: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, error: { type: 'string' } } } },
              },
            }),
            '400': errorResponse('The body cannot be parsed at all; the message says where. Nothing is stored.'),
            '401': errorResponse('No ingest key, or an unknown or revoked one.'),
            '413': errorResponse('The body or its record count is over the configured limit. Nothing is stored.'),
            '415': errorResponse('Content-Type is neither application/json nor application/x-ndjson.'),
          },
        },
      },
      '/v1/traces': {
        post: {
          summary: 'OTLP/HTTP traces: HTTP client and server spans become call records',
          description:
            'The standard OTLP/HTTP path, for OpenTelemetry SDK and Collector exporters (see docs/opentelemetry.md). The body is an ExportTraceServiceRequest in either encoding, optionally gzip or deflate encoded; the answer uses the request\'s encoding. Spans are mapped by the HTTP semantic conventions and stored as if posted to /api/v1/ingest; other spans are skipped. A 200 is sent after the commit; rejected spans are counted and explained in partialSuccess.',
          security: [{ ingestKey: [] }],
          parameters: [
            { name: 'Content-Encoding', in: 'header', schema: { enum: ['gzip', 'deflate', 'identity'] }, description: 'The body limit applies after decompression too.' },
          ],
          requestBody: {
            required: true,
            content: {
              'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest' } },
              'application/json': {
                schema: {
                  type: 'object',
                  description: 'ExportTraceServiceRequest in OTLP/JSON: lowerCamelCase keys, hex trace and span ids, 64-bit integers as decimal strings or numbers, enums as integers.',
                  properties: { resourceSpans: { type: 'array', items: { type: 'object' } } },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Committed. partialSuccess is set only when spans were rejected. The Switchboard-Spans header counts accepted, rejected and skipped spans.',
              headers: { 'Switchboard-Spans': { schema: { type: 'string' }, description: 'e.g. "accepted=18, rejected=1, skipped=40"' } },
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/ExportTraceServiceResponse' } },
                'application/x-protobuf': { schema: { type: 'string', format: 'binary', description: 'ExportTraceServiceResponse' } },
              },
            },
            '400': otlpStatus('The body cannot be decoded; the message says where. Nothing is stored.'),
            '401': otlpStatus('No ingest key, or an unknown or revoked one.'),
            '413': otlpStatus('The body, before or after decompression, or its count of HTTP spans is over the configured limit. Nothing is stored.'),
            '415': otlpStatus('Content-Type is neither application/x-protobuf nor application/json, or the Content-Encoding is not supported.'),
          },
        },
      },
      '/api/v1/integrations': {
        get: {
          summary: 'The board: every integration with its signals, health and trend over a window',
          description: `A page of at most \`limit\` integrations in id order (default and maximum ${BOARD_LIMIT}); \`next\` gives the page after. Each trend has at most 200 points.`,
          parameters: [...windowParameters, ...filterParameters.filter((p) => p.name !== 'operation' && p.name !== 'direction'), ...pageParameters(BOARD_LIMIT, BOARD_LIMIT)],
          responses: {
            '200': ok({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, integrations: { type: 'array', items: { type: 'object' } }, ...nextProperty } }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/integrations/{id}': {
        get: {
          summary: 'One integration as the board shows it: signals, health status and reason, trend',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: { '200': ok({ type: 'object' }), ...readErrors, '404': errorResponse('No record of this integration has been stored.'), ...busyErrors },
        },
      },
      '/api/v1/integrations/{id}/summary': {
        get: {
          summary: 'Golden signals of one integration over a window (the contract summary)',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: {
            '200': ok({ allOf: [{ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' } } }, signals] }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/integrations/{id}/timeseries': {
        get: {
          summary: 'Bucketed outcome counts and latency quantiles for charts (columnar)',
          parameters: [
            integrationParameter,
            ...windowParameters,
            ...filterParameters,
            stepParameter(STEPS, MAX_POINTS),
          ],
          responses: {
            '200': ok({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, ...stepProperties, series: { type: 'object', description: 't, volume, success_rate, p50_ms, p95_ms and one array per outcome class.' } } }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/integrations/{id}/operations': {
        get: {
          summary: 'Signals broken down by operation and direction',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: { '200': ok({ type: 'object' }), ...readErrors, ...busyErrors },
        },
      },
      '/api/v1/integrations/{id}/failures': {
        get: {
          summary: 'Recent failed calls with status, error, latency and ids, newest first',
          parameters: [
            integrationParameter,
            ...windowParameters,
            ...filterParameters,
            ...pageParameters(50, 500),
            { name: 'outcome', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Comma-separated outcome classes to list; default every class but ok.' },
          ],
          responses: {
            '200': ok({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, failures: { type: 'array', items: { type: 'object' } }, ...nextProperty } }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/dimensions': {
        get: {
          summary: 'The envs, sites, releases and operations seen in a window (filter values)',
          parameters: [...windowParameters, { name: 'integration', in: 'query', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } }],
          responses: { '200': ok({ type: 'object' }), ...readErrors, ...busyErrors },
        },
      },
      '/api/v1/trace': {
        get: {
          summary: 'Every record linked to an order, shipment or correlation id, oldest first',
          description: "An order's trace includes the records of its shipments and the calls sharing their correlation ids. At most 5,000 records: `truncated` is true when the id has more.",
          parameters: traceIdParameters,
          responses: { '200': ok({ type: 'object' }), ...readErrors, ...busyErrors },
        },
      },
      '/api/v1/jobs': {
        get: {
          summary: 'Feeds and jobs: last run and success, failure streak, history and record-count trends',
          description: 'A page of jobs in (integration, job) order, the jobs in trouble first within it; history and trends from the newest 200 runs of each in the window (default the last 7 days).',
          parameters: [...windowParameters, { name: 'integration', in: 'query', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } }, ...pageParameters(JOBS_LIMIT, JOBS_MAX_LIMIT)],
          responses: {
            '200': ok({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, jobs: { type: 'array', items: { type: 'object' } }, ...nextProperty } }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/catalogue': {
        get: {
          summary: 'Every catalogue record, and the ids that send data without one',
          description: 'A page of both lists together, in id order: at most `limit` ids between them.',
          parameters: pageParameters(CATALOGUE_LIMIT, CATALOGUE_MAX_LIMIT),
          responses: {
            '200': ok({ type: 'object', properties: { integrations: { type: 'array', items: { type: 'object' } }, uncatalogued: { type: 'array', items: { type: 'string' } }, ...nextProperty } }),
            ...readErrors,
          },
        },
      },
      '/api/v1/catalogue.csv': {
        get: { summary: 'The catalogue as CSV', responses: { '200': { description: 'text/csv' } } },
      },
      '/api/v1/catalogue/{id}': {
        get: {
          summary: 'One catalogue record (or {id, uncatalogued: true})',
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object' }), ...readErrors, '404': errorResponse('Neither in the catalogue nor in the data.') },
        },
      },
      '/api/v1/runbooks': { get: { summary: 'The runbooks: name, title, summary', responses: { '200': ok({ type: 'object' }) } } },
      '/api/v1/runbooks/{name}': {
        get: {
          summary: "A runbook's Markdown, filled from an integration's catalogue record when one is named",
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'integration', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': ok({ type: 'object' }), '404': errorResponse('No such runbook or integration.') },
        },
      },
      '/api/v1/health': {
        get: {
          summary: 'Current health of every integration, with reasons',
          parameters: pageParameters(HEALTH_LIMIT, HEALTH_MAX_LIMIT),
          responses: { '200': ok({ type: 'object', properties: { integrations: { type: 'array', items: { type: 'object' } }, ...nextProperty } }), ...readErrors },
        },
      },
      '/api/v1/integrations/{id}/health': {
        get: {
          summary: 'Current health of one integration and the history of its status changes',
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object' }), ...readErrors, '404': errorResponse('Neither in the catalogue nor in the data.') },
        },
      },
      '/api/v1/checks': {
        get: {
          summary: 'Latest state of every active check and heartbeat, in (integration, name) order',
          parameters: pageParameters(CHECKS_LIMIT, CHECKS_MAX_LIMIT),
          responses: { '200': ok({ type: 'object', properties: { checks: { type: 'array', items: { type: 'object' } }, ...nextProperty } }), ...readErrors },
        },
      },
      '/api/v1/integrations/{id}/checks': {
        get: {
          summary: "An integration's checks with their latest results and history",
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object' }), ...readErrors, '404': errorResponse('No such integration in the catalogue.') },
        },
      },
      '/api/v1/integrations/{id}/checks/{name}/run': {
        post: {
          summary: 'Run a check now (at most once every 10 s per check)',
          parameters: [integrationParameter, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': ok({ type: 'object' }),
            '404': errorResponse('No such check.'),
            '429': errorResponse('Asked too often; Retry-After says when to try again.'),
          },
        },
      },
      '/api/v1/heartbeats/{id}/{check}': {
        post: {
          summary: "A job's heartbeat ping; also stored as a run record of the job",
          security: [{ ingestKey: [] }],
          parameters: [integrationParameter, { name: 'check', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: { enum: ['success', 'failed', 'partial'] },
                    counts: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
                    duration_ms: { type: 'number', minimum: 0 },
                    error: { type: 'string' },
                  },
                },
              },
            },
          },
          responses: {
            '200': ok({ type: 'object', properties: { recorded: { const: true } } }),
            '400': errorResponse('Invalid status, counts or fields.'),
            '401': errorResponse('No ingest key, or an unknown or revoked one.'),
            '404': errorResponse('No such heartbeat check.'),
          },
        },
      },
      '/api/v1/stream': {
        get: { summary: 'Server-sent events: `ingest` with the integrations that got new data', responses: { '200': { description: 'text/event-stream' } } },
      },
      '/healthz': { get: { summary: 'Ready to ingest and serve', responses: { '200': ok({ type: 'object' }) } } },
      ...alertingPaths(),
      ...flowPaths(),
      ...tracePaths(),
    },
    components: {
      securitySchemes: { ingestKey: { type: 'http', scheme: 'bearer', description: 'An ingest key from `switchboard keys create`.' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' } }, required: ['error', 'code'] },
        RpcStatus: { type: 'object', description: 'google.rpc.Status, as OTLP/HTTP error bodies carry it.', properties: { code: { type: 'integer', description: 'gRPC status code' }, message: { type: 'string' } } },
        ExportTraceServiceResponse: {
          type: 'object',
          properties: {
            partialSuccess: { type: 'object', properties: { rejectedSpans: { type: 'string', description: 'int64, as a decimal string' }, errorMessage: { type: 'string' } } },
          },
        },
        Record: { oneOf: Object.keys(recordSchemas).map((kind) => ({ $ref: `#/components/schemas/${kind[0]!.toUpperCase()}${kind.slice(1)}Record` })) },
        ...Object.fromEntries(Object.entries(recordSchemas).map(([kind, schema]) => [`${kind[0]!.toUpperCase()}${kind.slice(1)}Record`, schema])),
        ...alertingSchemas(),
        ...flowSchemas(),
        ...traceSchemas(),
      },
    },
  };
}
