import { OUTCOMES } from '../ingest/outcome.js';
import { recordSchemas } from '../ingest/schema.js';

const timeParameter = (name: string, description: string) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  description: `${description} RFC 3339 or epoch milliseconds; aligned down to a whole minute.`,
});

const windowParameters = [timeParameter('from', 'Start of the window (inclusive); default one hour before `to`.'), timeParameter('to', 'End of the window (exclusive); default now.')];
const filterParameters = ['env', 'site', 'release', 'operation', 'direction'].map((name) => ({
  name,
  in: 'query',
  schema: name === 'direction' ? { enum: ['inbound', 'outbound'] } : { type: 'string' },
  description: `Only calls with this ${name}.`,
}));
const integrationParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } };

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
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const ok = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const readErrors = { '400': errorResponse('A parameter is invalid; the message names it.') };
const traceIdParameters = ['order_id', 'shipment_id', 'correlation_id'].map((name) => ({ name, in: 'query', schema: { type: 'string' }, description: 'Give exactly one of the three.' }));
const traceStepProperties = {
  ts: { type: 'integer' },
  gap_ms: { type: ['integer', 'null'], description: 'Since the step (or group) before; null for the first.' },
  integration: { type: 'string' },
  kind: { enum: ['call', 'run', 'event', 'gauge'] },
  name: { type: ['string', 'null'], description: 'The operation of a call, the job of a run, the name of an event or gauge.' },
  direction: { type: ['string', 'null'] },
  outcome: { type: ['string', 'null'], description: "A call's outcome class or a run's status." },
  failed: { type: 'boolean', description: 'A call that was not ok, a run that did not succeed, a label.failed or exception.raised event.' },
};

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
      '/api/v1/integrations': {
        get: {
          summary: 'The board: every integration with its signals, health and trend over a window',
          parameters: [...windowParameters, ...filterParameters.filter((p) => p.name !== 'operation' && p.name !== 'direction')],
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/integrations/{id}': {
        get: {
          summary: 'One integration as the board shows it: signals, health status and reason, trend',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: { '200': ok({ type: 'object' }), ...readErrors, '404': errorResponse('No record of this integration has been stored.') },
        },
      },
      '/api/v1/integrations/{id}/summary': {
        get: {
          summary: 'Golden signals of one integration over a window (the contract summary)',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: {
            '200': ok({ allOf: [{ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' } } }, signals] }),
            ...readErrors,
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
            { name: 'step', in: 'query', schema: { type: 'integer' }, description: 'Bucket width in ms; chosen for about 200 points when absent.' },
          ],
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/integrations/{id}/operations': {
        get: {
          summary: 'Signals broken down by operation and direction',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/integrations/{id}/failures': {
        get: {
          summary: 'Recent failed calls with status, error, latency and ids, newest first',
          parameters: [
            integrationParameter,
            ...windowParameters,
            ...filterParameters,
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } },
            { name: 'outcome', in: 'query', schema: { type: 'string' }, description: 'Comma-separated outcome classes to list; default every class but ok.' },
          ],
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/dimensions': {
        get: {
          summary: 'The envs, sites, releases and operations seen in a window (filter values)',
          parameters: [...windowParameters, { name: 'integration', in: 'query', schema: { type: 'string' } }],
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/trace': {
        get: {
          summary: 'Every record linked to an order, shipment or correlation id, oldest first',
          description: "An order's trace includes the records of its shipments and the calls sharing their correlation ids.",
          parameters: traceIdParameters,
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/trace/timeline': {
        get: {
          summary: 'A trace read as a timeline: steps, repeats grouped, retries and failures, milestones, missing steps',
          description:
            'The records of GET /api/v1/trace for the same id, oldest first, as steps (each with the gap to the one before) and groups of the same call repeated in a row with the same outcome. Each flow step (order.received, shipment.created, label.created, carrier.confirmed, tracking.updated, exception.resolved) is expected within a configurable time after the one before it; `expectations` judges each (met, late, waiting, missing) and `missing` says in words what is overdue. See docs/tracing.md.',
          parameters: traceIdParameters,
          responses: {
            '200': ok({
              type: 'object',
              required: ['kind', 'id', 'truncated', 'summary', 'milestones', 'missing', 'expectations', 'steps'],
              properties: {
                kind: { enum: ['order_id', 'shipment_id', 'correlation_id'] },
                id: { type: 'string' },
                truncated: { type: 'boolean', description: 'More records than `max_records`: the first ones are shown and judged.' },
                max_records: { type: 'integer' },
                as_of: { type: 'integer', description: 'The time of the answer, epoch ms.' },
                judged_at: { type: 'integer', description: 'The time expectations are judged at: `as_of`, or the last record shown when truncated.' },
                first_ts: { type: 'integer' },
                last_ts: { type: 'integer' },
                summary: { type: 'object', description: 'Counts of records, calls, events, runs, gauges, failures and retries.' },
                integrations: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, records: { type: 'integer' }, failures: { type: 'integer' } } } },
                related: { type: 'object', description: 'The order, shipment and correlation ids the records carry (at most 20 of each).' },
                milestones: { type: 'array', items: { $ref: '#/components/schemas/TraceMilestone' } },
                missing: { type: 'array', items: { type: 'string' }, description: 'What is overdue, in words: "no carrier confirmation 2 h 10 min after the label was created".' },
                expectations: { type: 'array', items: { $ref: '#/components/schemas/TraceExpectation' } },
                steps: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/TraceStep' }, { $ref: '#/components/schemas/TraceGroup' }] } },
              },
            }),
            ...readErrors,
            '404': errorResponse('No stored record carries the id.'),
          },
        },
      },
      '/api/v1/trace/search': {
        get: {
          summary: 'Which kind of id a string is: order, shipment or correlation id (one indexed lookup each)',
          parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 128 }, description: 'The id; surrounding spaces are ignored.' }],
          responses: {
            '200': ok({
              type: 'object',
              properties: {
                q: { type: 'string' },
                ambiguous: { type: 'boolean', description: 'The string is more than one kind of id.' },
                matches: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      kind: { enum: ['order_id', 'shipment_id', 'correlation_id'] },
                      id: { type: 'string' },
                      records: { type: 'integer', description: 'Records carrying the id, counted up to 5,000.' },
                      more: { type: 'boolean' },
                      first_ts: { type: 'integer' },
                      last_ts: { type: 'integer' },
                    },
                  },
                },
              },
            }),
            '400': errorResponse('q is missing, empty or longer than 128 characters.'),
            '404': errorResponse('The string is no kind of id of any stored record.'),
          },
        },
      },
      '/api/v1/jobs': {
        get: {
          summary: 'Feeds and jobs: last run and success, failure streak, history and record-count trends',
          parameters: [...windowParameters, { name: 'integration', in: 'query', schema: { type: 'string' } }],
          responses: { '200': ok({ type: 'object' }), ...readErrors },
        },
      },
      '/api/v1/catalogue': {
        get: { summary: 'Every catalogue record, and the ids that send data without one', responses: { '200': ok({ type: 'object' }) } },
      },
      '/api/v1/catalogue.csv': {
        get: { summary: 'The catalogue as CSV', responses: { '200': { description: 'text/csv' } } },
      },
      '/api/v1/catalogue/{id}': {
        get: {
          summary: 'One catalogue record (or {id, uncatalogued: true})',
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object' }), '404': errorResponse('Neither in the catalogue nor in the data.') },
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
      '/api/v1/health': { get: { summary: 'Current health of every integration, with reasons', responses: { '200': ok({ type: 'object' }) } } },
      '/api/v1/integrations/{id}/health': {
        get: {
          summary: 'Current health of one integration and the history of its status changes',
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object' }), '404': errorResponse('Neither in the catalogue nor in the data.') },
        },
      },
      '/api/v1/checks': { get: { summary: 'Latest state of every active check and heartbeat', responses: { '200': ok({ type: 'object' }) } } },
      '/api/v1/integrations/{id}/checks': {
        get: {
          summary: "An integration's checks with their latest results and history",
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object' }), '404': errorResponse('No such integration in the catalogue.') },
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
    },
    components: {
      securitySchemes: { ingestKey: { type: 'http', scheme: 'bearer', description: 'An ingest key from `switchboard keys create`.' } },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' } }, required: ['error', 'code'] },
        TraceStep: {
          type: 'object',
          properties: {
            type: { const: 'step' },
            record_id: { type: 'integer' },
            ...traceStepProperties,
            status: { type: ['integer', 'string', 'null'], description: "A call's HTTP status or a run's status." },
            error: { type: ['string', 'null'] },
            latency_ms: { type: ['number', 'null'], description: "A call's latency or a run's duration." },
            attempt: { type: ['integer', 'null'] },
            retry: { type: 'boolean', description: 'attempt > 1, or the same call (integration, direction, operation) failed just before.' },
            retried: { type: 'boolean', description: 'A failed call made again later in the trace.' },
            milestone: { type: ['string', 'null'], description: 'The flow signal this event is, if it is one.' },
            order_id: { type: ['string', 'null'] },
            shipment_id: { type: ['string', 'null'] },
            correlation_id: { type: ['string', 'null'] },
            attrs: { type: ['object', 'null'] },
          },
        },
        TraceGroup: {
          type: 'object',
          description: 'The same call repeated in a row with the same outcome.',
          properties: {
            type: { const: 'group' },
            ...traceStepProperties,
            count: { type: 'integer' },
            first_ts: { type: 'integer' },
            last_ts: { type: 'integer' },
            statuses: { type: 'array', items: { type: 'integer' } },
            errors: { type: 'array', items: { type: 'string' } },
            latency_min_ms: { type: ['number', 'null'] },
            latency_max_ms: { type: ['number', 'null'] },
            retries: { type: 'integer' },
            steps: { type: 'array', items: { $ref: '#/components/schemas/TraceStep' }, description: 'The first 100 calls.' },
            steps_omitted: { type: 'integer' },
          },
        },
        TraceMilestone: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            label: { type: 'string' },
            state: { enum: ['reached', 'missing', 'waiting'] },
            failure: { type: 'boolean' },
            count: { type: 'integer' },
            first_ts: { type: ['integer', 'null'] },
            last_ts: { type: ['integer', 'null'] },
            detail: { type: ['string', 'null'], description: 'The last status or reason, e.g. "delivered".' },
            integrations: { type: 'array', items: { type: 'string' } },
          },
        },
        TraceExpectation: {
          type: 'object',
          properties: {
            rule: { enum: ['shipment', 'label', 'confirmation', 'tracking', 'tracking_stale', 'exception', 'recorded'] },
            step: { type: 'string' },
            after: { type: 'string' },
            shipment_id: { type: ['string', 'null'] },
            state: { enum: ['met', 'late', 'waiting', 'missing'] },
            since_ts: { type: 'integer' },
            at_ts: { type: ['integer', 'null'] },
            within_ms: { type: ['integer', 'null'] },
            elapsed_ms: { type: 'integer' },
            message: { type: 'string' },
          },
        },
        Record: { oneOf: Object.keys(recordSchemas).map((kind) => ({ $ref: `#/components/schemas/${kind[0]!.toUpperCase()}${kind.slice(1)}Record` })) },
        ...Object.fromEntries(Object.entries(recordSchemas).map(([kind, schema]) => [`${kind[0]!.toUpperCase()}${kind.slice(1)}Record`, schema])),
      },
    },
  };
}
