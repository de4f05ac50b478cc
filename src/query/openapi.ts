/** The read API's answers as OpenAPI component schemas: the console's types are generated from them. */
import { OUTCOMES } from '../common/outcome.js';
import { HEALTH_STATUSES } from '../health/evaluate.js';
import { nextProperty, stepProperties } from '../common/openapi-parts.js';
import { MAX_TREND_POINTS } from './board.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const integer = { type: 'integer' };
const nullableInteger = { type: ['integer', 'null'] };
const nullableNumber = { type: ['number', 'null'] };
const nullableString = { type: ['string', 'null'] };
const strings = { type: 'array', items: { type: 'string' } };
const window = { from: { ...integer, description: 'Start of the window used (epoch ms, inclusive).' }, to: { ...integer, description: 'End of the window used (epoch ms, exclusive).' } };
const direction = { enum: ['inbound', 'outbound'] };

/** Counts per outcome class, volume, success rate and latency quantiles: what every summary answers. */
const signalProperties = {
  volume: integer,
  ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, integer])),
  success_rate: { ...nullableNumber, description: 'ok / volume; null without calls.' },
  p50_ms: nullableNumber,
  p95_ms: nullableNumber,
  p99_ms: nullableNumber,
};

const tileProperties = {
  id: { type: 'string' },
  status: { ...ref('HealthStatus'), description: 'Current health (not the window\'s).' },
  status_reason: { type: 'string', description: 'The first of status_reasons.' },
  status_reasons: { ...strings, description: 'Every reason behind the status, worst first.' },
  title: { ...nullableString, description: 'From the catalogue; null for an uncatalogued id.' },
  owner: nullableString,
  uncatalogued: { type: 'boolean' },
  last_seen: { ...nullableInteger, description: 'Epoch ms of its newest record.' },
  trend: {
    type: 'object',
    description: `The sparkline: at most ${MAX_TREND_POINTS} points from \`start\`, \`step_ms\` apart.`,
    properties: { step_ms: integer, start: integer, volume: { type: 'array', items: integer }, success_rate: { type: 'array', items: nullableNumber } },
  },
  ...signalProperties,
};

const runProperties = {
  ts: integer,
  status: { enum: ['success', 'failed', 'partial'] },
  counts: { type: ['object', 'null'], additionalProperties: integer },
  duration_ms: nullableNumber,
  error: nullableString,
};

/** What every stored record carries, as GET /api/v1/trace answers it (the wire fields, null when not given). */
const storedRecordProperties = {
  id: { ...integer, description: 'The store id.' },
  ts: integer,
  integration: { type: 'string' },
  env: { type: 'string' },
  site: nullableString,
  release: nullableString,
  tenant: nullableString,
  correlation_id: nullableString,
  order_id: nullableString,
  shipment_id: nullableString,
  attrs: { type: ['object', 'null'], additionalProperties: { type: ['string', 'number', 'boolean'] } },
};
const storedRecord = (kind: string, properties: object) => ({ type: 'object', properties: { kind: { const: kind }, ...storedRecordProperties, ...properties } });

const tileAdvice = {
  oneOf: [{ type: 'object', properties: { message: { type: 'string' }, next: { type: 'string' }, action: { type: ['string', 'null'] } } }, { type: 'null' }],
  description: 'On a degraded or down integration: what its worst firing alert means, the next step and the recovery action that fits, as its notification said (docs/recovery.md); null otherwise.',
};

export function querySchemas() {
  return {
    Outcome: { enum: [...OUTCOMES] },
    HealthStatus: { enum: [...HEALTH_STATUSES], description: "An integration's health; unknown: no evidence to judge it by." },
    Signals: { type: 'object', properties: signalProperties },
    Summary: { type: 'object', properties: { ...window, ...signalProperties } },
    BoardTile: {
      type: 'object',
      properties: {
        ...tileProperties,
        advice: tileAdvice,
      },
    },
    Board: {
      type: 'object',
      properties: {
        ...window,
        integrations: { type: 'array', items: ref('BoardTile') },
        total: { ...integer, description: 'Integrations on every page of this board (after `q`).' },
        statuses: { type: 'object', description: 'How many of them are in each current status.', properties: Object.fromEntries(HEALTH_STATUSES.map((status) => [status, integer])) },
        ...nextProperty,
      },
    },
    IntegrationTile: { type: 'object', properties: { ...window, ...tileProperties, advice: tileAdvice } },
    TimeSeries: {
      type: 'object',
      properties: {
        ...window,
        ...stepProperties,
        series: {
          type: 'object',
          description: 'Columnar, ready for a chart: t[i] is the start of bucket i.',
          properties: {
            t: { type: 'array', items: integer },
            volume: { type: 'array', items: integer },
            ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, { type: 'array', items: integer }])),
            success_rate: { type: 'array', items: nullableNumber },
            p50_ms: { type: 'array', items: nullableNumber },
            p95_ms: { type: 'array', items: nullableNumber },
          },
        },
      },
    },
    OperationSignals: { type: 'object', properties: { operation: { type: 'string' }, direction, ...signalProperties } },
    Operations: { type: 'object', properties: { ...window, operations: { type: 'array', items: ref('OperationSignals') } } },
    Failure: {
      type: 'object',
      properties: {
        id: integer,
        ts: integer,
        operation: { type: 'string' },
        direction,
        status: nullableInteger,
        error: nullableString,
        outcome: ref('Outcome'),
        latency_ms: { type: 'number' },
        attempt: integer,
        correlation_id: nullableString,
        order_id: nullableString,
        shipment_id: nullableString,
        env: { type: 'string' },
        site: nullableString,
        release: nullableString,
      },
    },
    Failures: { type: 'object', properties: { ...window, failures: { type: 'array', items: ref('Failure') }, ...nextProperty } },
    Dimensions: { type: 'object', properties: { ...window, envs: strings, sites: strings, releases: strings, operations: strings } },
    JobRun: { type: 'object', properties: runProperties },
    CountTrend: {
      type: 'object',
      properties: {
        points: { type: 'array', description: 'Oldest first.', items: { type: 'object', properties: { ts: integer, value: integer } } },
        last: nullableInteger,
        trailing_average: nullableNumber,
        change: { ...nullableNumber, description: 'Last vs trailing average: -0.45 is 45 % below.' },
        drop: { type: 'boolean', description: 'The last value fell 30 % or more below its trailing average.' },
      },
    },
    JobReport: {
      type: 'object',
      properties: {
        integration: { type: 'string' },
        job: { type: 'string' },
        last_run: { oneOf: [ref('JobRun'), { type: 'null' }] },
        last_success: nullableInteger,
        runs: integer,
        failures: integer,
        consecutive_failures: integer,
        expected_within_ms: { ...nullableInteger, description: 'How old its last success may get (freshness SLO, else heartbeat period + grace).' },
        late: { type: 'boolean', description: 'Its last success is older than that (or it never succeeded).' },
        history: { type: 'array', description: 'Newest first, at most 50.', items: ref('JobRun') },
        counts: { type: 'object', additionalProperties: ref('CountTrend') },
      },
    },
    Jobs: { type: 'object', properties: { ...window, jobs: { type: 'array', items: ref('JobReport') }, ...nextProperty } },
    StoredCall: storedRecord('call', {
      direction,
      operation: { type: 'string' },
      status: nullableInteger,
      outcome: ref('Outcome'),
      error: nullableString,
      latency_ms: { type: 'number' },
      attempt: integer,
    }),
    StoredRun: storedRecord('run', { ...runProperties, job: { type: 'string' } }),
    StoredEvent: storedRecord('event', { name: { type: 'string' } }),
    StoredGauge: storedRecord('gauge', { name: { type: 'string' }, value: { type: 'number' } }),
    StoredRecord: { oneOf: [ref('StoredCall'), ref('StoredRun'), ref('StoredEvent'), ref('StoredGauge')], description: 'One of the four kinds, told apart by `kind`.' },
    Trace: {
      type: 'object',
      description: 'The id asked for under its own name (order_id, shipment_id or correlation_id), and its records.',
      properties: {
        order_id: { type: 'string' },
        shipment_id: { type: 'string' },
        correlation_id: { type: 'string' },
        truncated: { type: 'boolean', description: 'The id has more than 5,000 records: the first 5,000 are listed.' },
        records: { type: 'array', description: 'Oldest first.', items: ref('StoredRecord') },
      },
      required: ['truncated', 'records'],
      minProperties: 3,
      maxProperties: 3,
    },
  };
}
