import { HISTORY_LIMIT, HISTORY_MAX_LIMIT, HISTORY_RUNS_LIMIT } from '../health/routes.js';
import { MAX_POINTS, STEPS } from '../query/timeseries.js';
import { busyErrors, errorResponse, integrationParameter, nextProperty, ok, pageParameters, readErrors, stepParameters, stepProperties, windowParameters, limitParameter } from '../common/openapi-parts.js';
import {
  ACTIVITY_LIMIT,
  ACTIVITY_MAX_LIMIT,
  ADMIN_HEALTH_LIMIT,
  ADMIN_HEALTH_MAX_LIMIT,
  ADMIN_PREFIXES,
  ERRORS_LIMIT,
  ERRORS_MAX_LIMIT,
  RUN_STATUSES,
  TOP_LIMIT,
  TOP_MAX_LIMIT,
} from './routes.js';
import { ERROR_TYPES } from './by-integration.js';
import { HEALTH_STATUSES } from '../health/evaluate.js';

const count = { type: 'integer' };
const rate = { type: ['number', 'null'] };
const series = (items: object) => ({ type: 'array', items });
const counts = (names: readonly string[]) => ({ type: 'object', properties: Object.fromEntries(names.map((name) => [name, count])) });
const trend = (fields: Record<string, object>) => ({
  type: 'object',
  properties: { from: count, to: count, ...stepProperties, t: series(count), ...fields },
  description: 'One point per step (t[i] is the start of step i), read from the rollup tiers.',
});
const errorTrend = trend({ volume: series(count), errors: series(count), error_rate: series(rate), runs: series(count), failed_runs: series(count) });
const runTrend = trend({ runs: series(count), failed: series(count), records: series(count), avg_duration_ms: series(rate), records_per_second: series(rate) });
const run = {
  type: 'object',
  properties: {
    id: count,
    ts: count,
    integration: { type: 'string' },
    job: { type: 'string' },
    status: { type: 'string', enum: [...RUN_STATUSES] },
    duration_ms: rate,
    records: { ...count, description: 'The sum of its counts.' },
    counts: { type: ['object', 'null'] },
    error: { type: ['string', 'null'] },
  },
};
const integrationFilter = { name: 'integration', in: 'query', schema: { type: 'string' }, description: 'Only this integration.' };
const window24h = windowParameters.map((parameter) => (parameter.name === 'from' ? { ...parameter, description: parameter.description.replace('one hour', '24 hours') } : parameter));
const step = stepParameters(STEPS, MAX_POINTS);

const adminOperations = {
  '/stats': {
    summary: 'System overview: integrations by health status, runs by status, top integrations by volume, the error-rate trend',
    parameters: [...window24h, ...step, { ...limitParameter(TOP_LIMIT, TOP_MAX_LIMIT), name: 'top', description: `Top integrations listed (default ${TOP_LIMIT}, at most ${TOP_MAX_LIMIT}).` }],
    schema: {
      type: 'object',
      properties: {
        from: count,
        to: count,
        integrations: { type: 'object', properties: { total: count, by_status: counts(HEALTH_STATUSES) } },
        jobs: counts(['runs', ...RUN_STATUSES]),
        top_integrations: series({ type: 'object', properties: { integration: { type: 'string' }, calls: count, errors: count, error_rate: rate, runs: count, failed_runs: count, records: count } }),
        error_trend: errorTrend,
      },
    },
  },
  '/health': {
    summary: 'Health of every integration, a page at a time in id order, with its last successful run and its last 24 hours of calls and runs',
    parameters: [...pageParameters(ADMIN_HEALTH_LIMIT, ADMIN_HEALTH_MAX_LIMIT), { name: 'status', in: 'query', schema: { type: 'string', enum: [...HEALTH_STATUSES] }, description: 'Only integrations in this status.' }],
    schema: {
      type: 'object',
      properties: {
        from: count,
        to: count,
        counts: counts(HEALTH_STATUSES),
        integrations: series({
          type: 'object',
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: [...HEALTH_STATUSES] },
            reasons: series({ type: 'string' }),
            since: rate,
            catalogued: { type: 'boolean' },
            adapter: { type: ['string', 'null'] },
            last_success: { ...rate, description: 'Its newest successful run still kept (raw retention), epoch ms.' },
            runs: count,
            failed_runs: count,
            calls: count,
            errors: count,
          },
        }),
        ...nextProperty,
      },
    },
  },
  '/sync-activity': {
    summary: 'The newest runs (default the last 100 of 24 hours), their totals and their trend',
    parameters: [...window24h, ...step, ...pageParameters(ACTIVITY_LIMIT, ACTIVITY_MAX_LIMIT), integrationFilter, { name: 'status', in: 'query', schema: { type: 'string', enum: [...RUN_STATUSES] } }],
    schema: { type: 'object', properties: { from: count, to: count, totals: counts(['runs', 'failed', 'records']), runs: series(run), ...nextProperty, trend: runTrend } },
  },
  '/errors': {
    summary: 'Errors by integration and by type (outcome classes and failed runs), their trend, and the newest failed runs',
    parameters: [...window24h, ...step, limitParameter(ERRORS_LIMIT, ERRORS_MAX_LIMIT), integrationFilter],
    schema: {
      type: 'object',
      properties: {
        from: count,
        to: count,
        by_integration: series({ type: 'object', properties: { integration: { type: 'string' }, calls: count, errors: count, error_rate: rate, by_type: counts(ERROR_TYPES), runs: count, failed_runs: count } }),
        by_type: counts([...ERROR_TYPES, 'failed_runs']),
        trend: errorTrend,
        failed_runs: series(run),
      },
    },
  },
  '/performance': {
    summary: 'Average run duration by integration, records processed per second, queue depth trends, call latency by adapter',
    parameters: [...window24h, ...step, limitParameter(TOP_LIMIT, TOP_MAX_LIMIT), integrationFilter],
    schema: {
      type: 'object',
      properties: {
        from: count,
        to: count,
        run_duration: series({ type: 'object', properties: { integration: { type: 'string' }, timed_runs: count, avg_duration_ms: rate, records_per_second: rate } }),
        records: count,
        records_per_second: { ...rate, description: 'Records of the runs that gave a duration, per second of their duration.' },
        throughput: runTrend,
        queue_depth: trend({ queue_depth_max: series(rate), queue_depth_mean: series(rate), dlq_depth_max: series(rate), dlq_depth_mean: series(rate) }),
        latency_by_adapter: series({ type: 'object', properties: { adapter: { type: ['string', 'null'] }, integrations: count, calls: count, p50_ms: rate, p95_ms: rate, p99_ms: rate } }),
      },
    },
  },
};

/** The admin overview's routes (both prefixes) and the per-integration health routes (both paths). */
export function adminPaths() {
  const paths: Record<string, object> = {};
  for (const prefix of ADMIN_PREFIXES) {
    for (const [path, { summary, parameters, schema }] of Object.entries(adminOperations)) {
      paths[`${prefix}${path}`] = {
        get: {
          summary,
          description: `Admin permission; a caller bound to tenants sees their integrations only. Also at ${ADMIN_PREFIXES.filter((other) => other !== prefix).map((other) => other + path).join(', ')}. See docs/api.md.`,
          parameters,
          responses: { '200': ok(schema), ...readErrors, ...busyErrors },
        },
      };
    }
  }
  for (const base of ['/api/v1/integrations/{id}/health', '/api/integrations/{id}/health']) {
    const notFound = { '404': errorResponse('Neither in the catalogue nor in the data, or of another tenant.') };
    paths[base] = {
      get: { summary: 'Current health of one integration, its newest status changes (`history`) and the recovery runs of the span they cover (`recovery_runs`)', parameters: [integrationParameter], responses: { '200': ok({ $ref: '#/components/schemas/IntegrationHealthHistory' }), ...readErrors, ...notFound } },
    };
    paths[`${base}/history`] = {
      get: {
        summary: "An integration's changes of health status, newest first, a page at a time",
        parameters: [integrationParameter, ...pageParameters(HISTORY_LIMIT, HISTORY_MAX_LIMIT)],
        responses: {
          '200': ok({
            type: 'object',
            properties: {
              integration: { type: 'string' },
              changes: series({ $ref: '#/components/schemas/HealthChange' }),
              recovery_runs: {
                ...series({ $ref: '#/components/schemas/RecoveryRunSummary' }),
                description: `The recovery runs (one-click and automatic) from the page's oldest change up to the change before the page (on the last page, back to the first run), newest first, at most ${HISTORY_RUNS_LIMIT}: paging through the changes meets every run once.`,
              },
              ...nextProperty,
            },
          }),
          ...readErrors,
          ...notFound,
        },
      },
    };
    paths[`${base}/check`] = {
      post: {
        summary: "Run every check the catalogue gives the integration now, then judge its health again (each check at most once every 10 s)",
        parameters: [integrationParameter],
        responses: { '200': ok({ $ref: '#/components/schemas/IntegrationHealthChecked', description: 'Its health as judged now, with `checks`: each check and its result.' }), ...notFound },
      },
    };
  }
  return paths;
}
