import { recordSchemas } from '../ingest/schema.js';
import { alertingPaths, alertingSchemas } from '../alerting/openapi.js';
import { budgetPaths, budgetSchemas } from '../budget/openapi.js';
import { accessPaths, accessSchemas } from '../access/openapi.js';
import type { DeclaredRoute } from '../access/registry.js';
import { withRequiredAnswerProperties } from './openapi-answers.js';
import { flowPaths, flowSchemas } from '../flow/openapi.js';
import { metricsPaths } from '../metrics/openapi.js';
import { adminPaths } from '../admin/openapi.js';
import { recoveryPaths, recoverySchemas } from '../recovery/openapi.js';
import { incidentPaths, incidentSchemas } from '../incidents/openapi.js';
import { reportPaths, reportSchemas } from '../reports/openapi.js';
import { traceIdParameters, tracePaths, traceSchemas } from '../trace/openapi.js';
import { logPaths, logSchemas } from '../logs/openapi.js';
import { querySchemas } from '../query/openapi.js';
import { healthSchemas } from '../health/openapi.js';
import { checkSchemas } from '../checks/openapi.js';
import { catalogueSchemas } from '../catalogue/openapi.js';
import { runbookSchemas } from '../runbooks/openapi.js';
import { busyErrors, errorResponse, integrationParameter, nextProperty, ok, otlpStatus, pageParameters, readErrors, stepParameters, windowParameters } from '../common/openapi-parts.js';
import { MAX_POINTS, STEPS } from '../query/timeseries.js';
import { BOARD_LIMIT, MAX_QUERY_CHARS, MAX_TREND_POINTS } from '../query/board.js';
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

/** The API reference, served at /api/v1/openapi.json and kept in docs/openapi.json. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard API',
      version: '1',
      description:
        'Ingest calls, runs, events and gauges of partner integrations; read their golden signals, time series and traces. Every operation but the public ones needs a caller: a bearer token or a console session (writes with a session also need its X-CSRF-Token). Each operation names what it needs in `x-permission`: `public` (no caller), `signed-in` (any caller), or a scope (`ingest`, `read`, `respond`, `admin`) the token must have or the user\'s role must give; `x-rate-limit`, when present, is its own limit per caller (per address without one).',
    },
    paths: {
      '/api/v1/ingest': {
        post: {
          summary: 'Ingest records',
          description:
            'A JSON array of records, or one record per line (NDJSON). Every valid record is committed before the answer; each invalid one is named with its index and reason. Secret-looking values are redacted before storage.',
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
      '/api/v1/ingest/limits': {
        get: {
          summary: 'Cardinality limits: what they are, what is used of them, and what they refused',
          description:
            'Records past a limit are rejected one by one with the reason (docs/api.md, "Cardinality limits"). Rejections are counted per reason and integration since this instance started; refused new integrations share one count (integration null). A tenant-bound caller sees only its integrations.',
          responses: {
            '200': ok({
              type: 'object',
              properties: {
                limits: {
                  type: 'object',
                  description: '0: no limit.',
                  properties: { integrations: { type: 'integer' }, operations_per_integration: { type: 'integer' }, label_values_per_integration: { type: 'integer' } },
                },
                usage: {
                  type: 'object',
                  properties: {
                    integrations: { type: 'integer' },
                    busiest: {
                      type: 'array',
                      description: 'The 20 integrations nearest a limit, nearest first: distinct values of each kind.',
                      items: {
                        type: 'object',
                        properties: { integration: { type: 'string' }, operation: { type: 'integer' }, event: { type: 'integer' }, env: { type: 'integer' }, site: { type: 'integer' }, release: { type: 'integer' }, log_operation: { type: 'integer', description: 'Distinct operations of its log lines (docs/logs.md).' } },
                      },
                    },
                  },
                },
                rejections: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      reason: { enum: ['integrations', 'operation', 'event', 'env', 'site', 'release', 'log_operation'] },
                      integration: { type: ['string', 'null'] },
                      rejected: { type: 'integer' },
                      first_at: { type: 'integer' },
                      last_at: { type: 'integer' },
                      example: { type: 'string', description: 'The last value refused, shortened to 64 characters.' },
                    },
                  },
                },
                since: { type: 'integer', description: 'Epoch ms this instance started counting.' },
              },
            }),
          },
        },
      },
      '/v1/traces': {
        post: {
          summary: 'OTLP/HTTP traces: HTTP client and server spans become call records',
          description:
            'The standard OTLP/HTTP path, for OpenTelemetry SDK and Collector exporters (see docs/opentelemetry.md). The body is an ExportTraceServiceRequest in either encoding, optionally gzip or deflate encoded; the answer uses the request\'s encoding. Spans are mapped by the HTTP semantic conventions and stored as if posted to /api/v1/ingest; other spans are skipped. A 200 is sent after the commit; rejected spans are counted and explained in partialSuccess.',
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
          description:
            `A page of at most \`limit\` integrations (default and maximum ${BOARD_LIMIT}), worst first: current status (down, degraded, unknown, healthy), then the window's error rate ` +
            `(1 − success rate), then id; \`next\` gives the page after. \`q\` keeps the integrations whose id, title, owner, partner or tenant contains it (any case). Each trend has at most ${MAX_TREND_POINTS} points. ` +
            'A degraded or down integration carries `advice` ({message, next, action}): what its worst firing alert means, the next step and the recovery action that fits, as its notification said; null otherwise.',
          parameters: [
            ...windowParameters,
            ...filterParameters.filter((p) => p.name !== 'operation' && p.name !== 'direction'),
            { name: 'q', in: 'query', schema: { type: 'string', maxLength: MAX_QUERY_CHARS }, description: 'Search: id, title, owner, partner or tenant contains this (any case).' },
            ...pageParameters(BOARD_LIMIT, BOARD_LIMIT),
          ],
          responses: {
            '200': ok({ $ref: '#/components/schemas/Board' }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/integrations/{id}': {
        get: {
          summary: 'One integration as the board shows it: signals, health status and reason, trend',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: { '200': ok({ $ref: '#/components/schemas/IntegrationTile' }), ...readErrors, '404': errorResponse('No record of this integration has been stored.'), ...busyErrors },
        },
      },
      '/api/v1/integrations/{id}/summary': {
        get: {
          summary: 'Golden signals of one integration over a window (the contract summary)',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: {
            '200': ok({ $ref: '#/components/schemas/Summary' }),
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
            ...stepParameters(STEPS, MAX_POINTS),
          ],
          responses: {
            '200': ok({ $ref: '#/components/schemas/TimeSeries' }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/integrations/{id}/operations': {
        get: {
          summary: 'Signals broken down by operation and direction',
          parameters: [integrationParameter, ...windowParameters, ...filterParameters],
          responses: { '200': ok({ $ref: '#/components/schemas/Operations' }), ...readErrors, ...busyErrors },
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
            '200': ok({ $ref: '#/components/schemas/Failures' }),
            ...readErrors,
            ...busyErrors,
          },
        },
      },
      '/api/v1/dimensions': {
        get: {
          summary: 'The envs, sites, releases and operations seen in a window (filter values)',
          parameters: [...windowParameters, { name: 'integration', in: 'query', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } }],
          responses: { '200': ok({ $ref: '#/components/schemas/Dimensions' }), ...readErrors, ...busyErrors },
        },
      },
      '/api/v1/trace': {
        get: {
          summary: 'Every record linked to an order, shipment or correlation id, oldest first',
          description: "An order's trace includes the records of its shipments and the calls sharing their correlation ids. At most 5,000 records: `truncated` is true when the id has more.",
          parameters: traceIdParameters,
          responses: { '200': ok({ $ref: '#/components/schemas/Trace' }), ...readErrors, ...busyErrors },
        },
      },
      '/api/v1/jobs': {
        get: {
          summary: 'Feeds and jobs: last run and success, failure streak, history and record-count trends',
          description: 'A page of jobs in (integration, job) order, the jobs in trouble first within it; history and trends from the newest 200 runs of each in the window (default the last 7 days).',
          parameters: [...windowParameters, { name: 'integration', in: 'query', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } }, ...pageParameters(JOBS_LIMIT, JOBS_MAX_LIMIT)],
          responses: {
            '200': ok({ $ref: '#/components/schemas/Jobs' }),
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
            '200': ok({ $ref: '#/components/schemas/Catalogue' }),
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
          responses: { '200': ok({ oneOf: [{ $ref: '#/components/schemas/CatalogueEntry' }, { $ref: '#/components/schemas/UncataloguedIntegration' }] }), ...readErrors, '404': errorResponse('Neither in the catalogue nor in the data.') },
        },
      },
      '/api/v1/runbooks': { get: { summary: 'The runbooks: name, title, summary', responses: { '200': ok({ $ref: '#/components/schemas/Runbooks' }) } } },
      '/api/v1/runbooks/{name}': {
        get: {
          summary: "A runbook's Markdown, filled from an integration's catalogue record when one is named",
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'integration', in: 'query', schema: { type: 'string' } },
          ],
          responses: { '200': ok({ $ref: '#/components/schemas/Runbook' }), '404': errorResponse('No such runbook or integration.') },
        },
      },
      '/api/v1/health': {
        get: {
          summary: 'Current health of every integration, with reasons',
          parameters: pageParameters(HEALTH_LIMIT, HEALTH_MAX_LIMIT),
          responses: { '200': ok({ type: 'object', properties: { integrations: { type: 'array', items: { $ref: '#/components/schemas/IntegrationHealth' } }, ...nextProperty } }), ...readErrors },
        },
      },
      '/api/v1/checks': {
        get: {
          summary: 'Latest state of every active check and heartbeat, in (integration, name) order',
          parameters: pageParameters(CHECKS_LIMIT, CHECKS_MAX_LIMIT),
          responses: { '200': ok({ type: 'object', properties: { checks: { type: 'array', items: { $ref: '#/components/schemas/CheckState' } }, ...nextProperty } }), ...readErrors },
        },
      },
      '/api/v1/integrations/{id}/checks': {
        get: {
          summary: "An integration's checks with their latest results and history",
          parameters: [integrationParameter],
          responses: { '200': ok({ type: 'object', properties: { checks: { type: 'array', items: { $ref: '#/components/schemas/IntegrationCheck' } } } }), ...readErrors, '404': errorResponse('No such integration in the catalogue.') },
        },
      },
      '/api/v1/integrations/{id}/checks/{name}/run': {
        post: {
          summary: 'Run a check now (at most once every 10 s per check)',
          parameters: [integrationParameter, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': ok({ $ref: '#/components/schemas/CheckRun' }),
            '404': errorResponse('No such check.'),
            '429': errorResponse('Asked too often; Retry-After says when to try again.'),
          },
        },
      },
      '/api/v1/heartbeats/{id}/{check}': {
        get: {
          summary: "A job's heartbeat ping for cron one-liners (`curl -H 'Authorization: Bearer …' …?status=failed`); as POST, with the fields in the query",
          parameters: [
            integrationParameter,
            { name: 'check', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { enum: ['success', 'failed', 'partial'] } },
            { name: 'duration_ms', in: 'query', schema: { type: 'number', minimum: 0 } },
            { name: 'error', in: 'query', schema: { type: 'string' } },
          ],
          responses: {
            '200': ok({ type: 'object', properties: { recorded: { const: true } } }),
            '400': errorResponse('Invalid status, counts or fields.'),
            '404': errorResponse('No such heartbeat check.'),
          },
        },
        post: {
          summary: "A job's heartbeat ping; also stored as a run record of the job",
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
      '/healthz': {
        get: {
          summary: 'Ready to ingest and serve',
          description:
            'Answers within about 50 ms: 200 while the store has answered a read in the last 10 s (a read started by the probe, or the last one when the store is busy with a write), 503 `store_unavailable` with Retry-After once it has not.',
          responses: { '200': ok({ $ref: '#/components/schemas/Healthz' }), '503': errorResponse('The store has not answered a read for 10 s') },
        },
      },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { '200': ok({ $ref: '#/components/schemas/OpenApiDocument' }) } } },
      ...accessPaths(),
      ...alertingPaths(),
      ...budgetPaths(),
      ...flowPaths(),
      ...metricsPaths(),
      ...adminPaths(),
      ...tracePaths(),
      ...logPaths(),
      ...recoveryPaths(),
      ...incidentPaths(),
      ...reportPaths(),
    },
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token with scopes (ingest, read, respond, admin) from an administrator (Tokens, or `switchboard tokens create`); an ingest key (`switchboard keys create`) is a token with the ingest scope; SWITCHBOARD_ADMIN_TOKEN has every scope.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sb_session',
          description: 'A console session, from POST /api/v1/auth/sign-in; its role (viewer: read; responder: read, respond; admin: read, respond, admin) gives its scopes.',
        },
        csrfToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description: "The session's csrf_token (from sign-in or GET /api/v1/auth/session): every write made with the session cookie must send it, from the console's own origin.",
        },
      },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, code: { type: 'string' } }, required: ['error', 'code'] },
        RpcStatus: { type: 'object', description: 'google.rpc.Status, as OTLP/HTTP error bodies carry it.', properties: { code: { type: 'integer', description: 'gRPC status code' }, message: { type: 'string' } } },
        ExportTraceServiceResponse: {
          type: 'object',
          required: [],
          properties: {
            partialSuccess: { type: 'object', properties: { rejectedSpans: { type: 'string', description: 'int64, as a decimal string' }, errorMessage: { type: 'string' } } },
          },
        },
        Healthz: { type: 'object', properties: { status: { const: 'ok' } } },
        OpenApiDocument: {
          type: 'object',
          description: 'An OpenAPI 3.1 document (this one); its parts are as the OpenAPI specification defines them.',
          properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
          required: ['openapi', 'info', 'paths', 'components'],
          additionalProperties: true,
        },
        Record: { oneOf: Object.keys(recordSchemas).map((kind) => ({ $ref: `#/components/schemas/${kind[0]!.toUpperCase()}${kind.slice(1)}Record` })) },
        ...Object.fromEntries(Object.entries(recordSchemas).map(([kind, schema]) => [`${kind[0]!.toUpperCase()}${kind.slice(1)}Record`, schema])),
        ...accessSchemas(),
        ...alertingSchemas(),
        ...budgetSchemas(),
        ...flowSchemas(),
        ...traceSchemas(),
        ...logSchemas(),
        ...recoverySchemas(),
        ...incidentSchemas(),
        ...reportSchemas(),
        ...querySchemas(),
        ...healthSchemas(),
        ...checkSchemas(),
        ...catalogueSchemas(),
        ...runbookSchemas(),
      },
    },
  };
}

type Operation = { responses: Record<string, unknown> } & Record<string, unknown>;
type Paths = Record<string, Record<string, Operation>>;

/** Fastify's /a/:id from the document's /a/{id}. */
export function routeUrlOf(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/**
 * Whether a route belongs in the API document: everything but HEAD (every GET answers it too)
 * and the console's files (public GETs outside /api/, /v1/, /healthz and /metrics).
 */
export function isApiRoute(route: Pick<DeclaredRoute, 'method' | 'url'>): boolean {
  return route.method !== 'HEAD' && (route.url.startsWith('/api/') || route.url.startsWith('/v1/') || route.url === '/healthz' || route.url === '/metrics');
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

function securityOf(permission: DeclaredRoute['permission'], write: boolean): Array<Record<string, string[]>> {
  if (permission === 'public') return [];
  if (permission === 'ingest') return [{ bearerToken: [] }];
  return [{ bearerToken: [] }, write ? { sessionCookie: [], csrfToken: [] } : { sessionCookie: [] }];
}

function refusalOf(permission: DeclaredRoute['permission'], write: boolean): string | undefined {
  const reasons: string[] = [];
  if (permission !== 'signed-in') reasons.push(`the caller lacks the "${permission}" scope (a token without it, or a role that does not give it)`);
  // Console sessions never carry the ingest scope: the session-only refusals do not apply there.
  if (permission !== 'ingest') {
    if (write) reasons.push('a write with the session cookie came without its X-CSRF-Token, or from another origin (`csrf`)');
    if (permission === 'admin') reasons.push('the console session signed in too long ago (`step_up_required`) or without a required second factor (`totp_required`)');
    if (permission !== 'signed-in') reasons.push('a one-time password must be changed first (`password_change_required`)');
  }
  if (reasons.length === 0) return undefined;
  return `Refused: ${reasons.join('; or ')}.`;
}

const pascal = (text: string) => text.replace(/(^|-)(\w)/g, (_match, _dash, letter: string) => letter.toUpperCase());

/**
 * The document as served and kept in docs/openapi.json: each operation's `x-permission` (and
 * `x-rate-limit`, security and 401/403/429 answers) taken from the declaration of the route the
 * server registered, so the document cannot say something else than the guard does. An operation
 * whose route the server does not have is left without `x-permission`; the route-walk test
 * (test/access-routes.test.ts) fails on it, and on any route the document does not describe.
 */
export function servedOpenApiDocument(routes: readonly DeclaredRoute[]) {
  const document = withRequiredAnswerProperties(openApiDocument());
  const byKey = new Map(routes.map((route) => [`${route.method} ${route.url}`, route]));
  const paths = document.paths as unknown as Paths;
  const shared: Record<string, unknown> = {};
  const sharedResponse = (name: string, response: object) => {
    shared[name] ??= response;
    return { $ref: `#/components/responses/${name}` };
  };
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const route = byKey.get(`${method.toUpperCase()} ${routeUrlOf(path)}`);
      if (!route?.permission) continue;
      const { permission, rateLimit } = route;
      const write = WRITE_METHODS.has(method);
      // The OTLP/HTTP paths refuse with google.rpc.Status, as OpenTelemetry exporters expect.
      const otlp = path.startsWith('/v1/');
      const refusalResponse = otlp ? otlpStatus : errorResponse;
      const sharedRefusal = (name: string, description: string) => sharedResponse(otlp ? `${name}Otlp` : name, refusalResponse(description));
      const added: Record<string, unknown> = {};
      if (permission !== 'public') {
        added['401'] =
          permission === 'ingest'
            ? sharedRefusal('UnauthorizedIngest', 'No ingest key (Authorization: Bearer …), or an unknown or revoked one.')
            : sharedRefusal('Unauthorized', 'No credentials (Authorization: Bearer <token>, or a console session), or a token or session that is unknown, expired or revoked.');
        const refusal = refusalOf(permission, write);
        if (refusal) added['403'] = sharedRefusal(`Forbidden${pascal(permission)}${write && permission !== 'ingest' ? 'Write' : ''}`, refusal);
      }
      if (permission !== 'public' || rateLimit) {
        const description = rateLimit
          ? permission === 'public'
            ? "More requests from this address than the operation's x-rate-limit allows."
            : "More requests from this caller than the operation's x-rate-limit allows, or this address sent too many bad credentials and is refused for a while."
          : 'This address sent too many bad credentials (tokens, keys or passwords) and is refused for a while.';
        const name = rateLimit ? (permission === 'public' ? 'RateLimitedAddress' : 'RateLimited') : 'TooManyFailures';
        added['429'] = sharedResponse(otlp ? `${name}Otlp` : name, {
          ...refusalResponse(`${description} Retry-After says when to try again.`),
          headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait.' } },
        });
      }
      const responses = { ...added, ...operation.responses };
      operations[method] = {
        'x-permission': permission,
        ...(rateLimit ? { 'x-rate-limit': { max: rateLimit.max, window_seconds: rateLimit.timeWindow / 1000 } } : {}),
        security: securityOf(permission, write),
        ...operation,
        responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
      };
    }
  }
  return { ...document, components: { ...document.components, responses: Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b))) } };
}

/**
 * What the document and the server disagree on: routes the document does not describe, and
 * operations it describes that the server does not have (or has without a permission).
 */
export function documentCoverage(document: { paths: object }, routes: readonly DeclaredRoute[]): { undocumented: string[]; unserved: string[] } {
  const documented = new Map<string, unknown>();
  for (const [path, operations] of Object.entries(document.paths as Paths)) {
    for (const [method, operation] of Object.entries(operations)) documented.set(`${method.toUpperCase()} ${routeUrlOf(path)}`, operation['x-permission']);
  }
  const served = new Map(routes.filter(isApiRoute).map((route) => [`${route.method} ${route.url}`, route.permission]));
  return {
    undocumented: [...served.keys()].filter((key) => !documented.has(key)).sort(),
    unserved: [...documented].filter(([key, permission]) => !served.has(key) || permission === undefined || served.get(key) !== permission).map(([key]) => key).sort(),
  };
}
