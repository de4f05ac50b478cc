import { MAX_TRACED_EXCEPTIONS } from './exception-origins.js';
import { MAX_POINTS, STEPS } from '../query/timeseries.js';
import { busyErrors, ok, readErrors, stepParameters, stepProperties, windowParameters } from '../common/openapi-parts.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const count = { type: 'integer' };
const nullableNumber = { type: ['number', 'null'] };
const nullableInteger = { type: ['integer', 'null'] };
const series = (items: object, description?: string) => ({ type: 'array', items, ...(description ? { description } : {}) });

const filterParameters = ['env', 'site', 'release'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  description: `Only events with this ${name} (a lead time counts under its end event's).`,
}));

/** The flow routes of the OpenAPI document. */
export function flowPaths() {
  return {
    '/api/v1/flow': {
      get: {
        summary: 'End-to-end flow: order lead time p50/p95, exception rate, label success and tracking freshness, overall and per carrier and order channel',
        description: 'Read from the event and lead-time rollups (docs/flow.md). `operation` and `direction` are refused: they filter calls.',
        parameters: [...windowParameters, ...filterParameters],
        responses: { '200': ok(ref('FlowSummary')), ...readErrors, ...busyErrors },
      },
    },
    '/api/v1/flow/timeseries': {
      get: {
        summary: 'The flow signals per step, overall, with label success and tracking age per carrier (columnar, for charts)',
        parameters: [
          ...windowParameters,
          ...filterParameters,
          ...stepParameters(STEPS, MAX_POINTS),
        ],
        responses: { '200': ok(ref('FlowTimeSeries')), ...readErrors, ...busyErrors },
      },
    },
  };
}

const leadTime = {
  type: 'object',
  properties: { count: { ...count, description: 'Lead times whose end event fell in the window.' }, p50_ms: nullableInteger, p95_ms: nullableInteger },
};

export function flowSchemas() {
  return {
    FlowSummary: {
      type: 'object',
      properties: {
        from: count,
        to: { ...count, description: 'The window actually used, epoch ms.' },
        lead_time: { allOf: [leadTime, { type: 'object', properties: { start_event: { type: 'string' }, end_event: { type: 'string' } } }] },
        orders: { ...count, description: 'order.received events.' },
        exceptions: { ...count, description: 'exception.raised events.' },
        exception_rate: { ...nullableNumber, description: 'exceptions / orders; null without orders.' },
        exceptions_unattributed: {
          ...count,
          description: `Exceptions no order channel was found for: no link from the exception to an order's order.received in the raw records, or past the first ${MAX_TRACED_EXCEPTIONS} read. The origins' exceptions and these add up to exceptions.`,
        },
        labels: { type: 'object', properties: { created: count, failed: count, success_rate: { ...nullableNumber, description: 'created / (created + failed).' } } },
        tracking: {
          type: 'object',
          properties: {
            updates: count,
            last_update_at: nullableInteger,
            age_ms: { ...nullableInteger, description: 'Age of the newest tracking.updated of any carrier at the end of the window (or now).' },
            stalest: { type: ['object', 'null'], properties: { integration: { type: 'string' }, last_update_at: count, age_ms: count } },
          },
        },
        carriers: { type: 'array', items: ref('CarrierFlow') },
        origins: { type: 'array', items: ref('OriginFlow') },
      },
    },
    CarrierFlow: {
      type: 'object',
      properties: {
        integration: { type: 'string' },
        shipments: count,
        labels_created: count,
        labels_failed: count,
        label_success_rate: nullableNumber,
        tracking_updates: count,
        last_tracking_update_at: { ...nullableInteger, description: 'The newest tracking.updated, looking back up to 30 days before the window.' },
        tracking_age_ms: nullableInteger,
        exceptions: count,
        exception_rate: { ...nullableNumber, description: 'Exceptions it raised per shipment created for it.' },
        lead_time: { ...leadTime, description: 'Lead times whose end event it sent.' },
      },
    },
    OriginFlow: {
      type: 'object',
      properties: {
        integration: { type: 'string' },
        orders: count,
        exceptions: { ...count, description: 'Exceptions raised, by any integration (usually a carrier), for the orders it received: linked by order_id, or by shipment_id to a record naming the order.' },
        exception_rate: { ...nullableNumber, description: 'Those exceptions per order it received.' },
        lead_time: { ...leadTime, description: 'Lead times of the orders it received.' },
      },
    },
    FlowTimeSeries: {
      type: 'object',
      properties: {
        from: count,
        to: count,
        ...stepProperties,
        lead_time: { type: 'object', properties: { start_event: { type: 'string' }, end_event: { type: 'string' } } },
        series: {
          type: 'object',
          description: 'Columnar: t[i] is the start of step i.',
          properties: {
            t: series(count),
            orders: series(count),
            exceptions: series(count),
            exception_rate: series(nullableNumber),
            labels_created: series(count),
            labels_failed: series(count),
            label_success_rate: series(nullableNumber),
            lead_times: series(count),
            lead_time_p50_ms: series(nullableInteger),
            lead_time_p95_ms: series(nullableInteger),
            tracking_age_ms: series(nullableInteger, 'Age of the newest tracking update of any carrier at the end of each step; null for steps not begun.'),
          },
        },
        carriers: {
          type: 'array',
          items: { type: 'object', properties: { integration: { type: 'string' }, label_success_rate: series(nullableNumber), tracking_age_ms: series(nullableInteger) } },
        },
      },
    },
  };
}
