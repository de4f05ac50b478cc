import { busyErrors, errorResponse, ok, readErrors } from '../common/openapi-parts.js';

/** The three ids a trace is asked for by: exactly one of them. */
export const traceIdParameters = ['order_id', 'shipment_id', 'correlation_id'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', maxLength: 128 },
  description: 'Give exactly one of the three.',
}));

const traceStepProperties = {
  gap_ms: { type: ['integer', 'null'], description: 'Since the step (or group) before; null for the first.' },
  integration: { type: 'string' },
  kind: { enum: ['call', 'run', 'event', 'gauge'] },
  name: { type: ['string', 'null'], description: 'The operation of a call, the job of a run, the name of an event or gauge.' },
  direction: { type: ['string', 'null'] },
  outcome: { type: ['string', 'null'], description: "A call's outcome class or a run's status." },
  failed: { type: 'boolean', description: 'A call that was not ok, a run that did not succeed, a label.failed or exception.raised event.' },
};

/** The timeline and search routes of the OpenAPI document (GET /api/v1/trace stays with the read API). */
export function tracePaths() {
  return {
    '/api/v1/trace/timeline': {
      get: {
        summary: 'A trace read as a timeline: steps, repeats grouped, retries and failures, milestones, missing steps',
        description:
          'The records of GET /api/v1/trace for the same id, oldest first, as steps (each with the gap to the one before) and groups of the same call repeated in a row with the same outcome. Each flow step (order.received, shipment.created, label.created, carrier.confirmed, tracking.updated, exception.resolved) is expected within a configurable time after the one before it; `expectations` judges each (met, late, waiting, missing) and `missing` says in words what is overdue. See docs/tracing.md.',
        parameters: traceIdParameters,
        responses: {
          '200': ok({
            type: 'object',
            required: ['kind', 'id', 'truncated', 'max_records', 'as_of', 'judged_at', 'first_ts', 'last_ts', 'summary', 'integrations', 'related', 'milestones', 'missing', 'expectations', 'steps', 'logs', 'logs_truncated'],
            properties: {
              kind: { enum: ['order_id', 'shipment_id', 'correlation_id'] },
              id: { type: 'string' },
              ...Object.fromEntries(['order_id', 'shipment_id', 'correlation_id'].map((kind) => [kind, { type: 'string', description: 'The id again under its own name, as GET /api/v1/trace answers it: only the one asked for.' }])),
              truncated: { type: 'boolean', description: 'More records than `max_records`: the first ones are shown and judged.' },
              max_records: { type: 'integer' },
              as_of: { type: 'integer', description: 'The time of the answer, epoch ms.' },
              judged_at: { type: 'integer', description: 'The time expectations are judged at: `as_of`, or the last record shown when truncated.' },
              first_ts: { type: ['integer', 'null'], description: 'Of the first record; null when only log lines carry the id.' },
              last_ts: { type: ['integer', 'null'] },
              summary: {
                type: 'object',
                description: 'Counts of records, calls, events, runs, gauges, failures and retries.',
                properties: Object.fromEntries(['records', 'calls', 'events', 'runs', 'gauges', 'failures', 'retries'].map((name) => [name, { type: 'integer' }])),
              },
              integrations: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, records: { type: 'integer' }, failures: { type: 'integer' } } } },
              related: {
                type: 'object',
                description: 'The order, shipment and correlation ids the records carry (at most 20 of each).',
                properties: { order_ids: { type: 'array', items: { type: 'string' } }, shipment_ids: { type: 'array', items: { type: 'string' } }, correlation_ids: { type: 'array', items: { type: 'string' } } },
              },
              milestones: { type: 'array', items: { $ref: '#/components/schemas/TraceMilestone' } },
              missing: { type: 'array', items: { type: 'string' }, description: 'What is overdue, in words: "no carrier confirmation 2 h 10 min after the label was created".' },
              expectations: { type: 'array', items: { $ref: '#/components/schemas/TraceExpectation' } },
              steps: { type: 'array', items: { oneOf: [{ $ref: '#/components/schemas/TraceStep' }, { $ref: '#/components/schemas/TraceGroup' }] } },
              logs: { type: 'array', items: { $ref: '#/components/schemas/StoredLogLine' }, description: 'The log lines carrying the trace\'s order, shipment or correlation ids (docs/logs.md), oldest first, at most 500.' },
              logs_truncated: { type: 'boolean' },
            },
          }),
          ...readErrors,
          '404': errorResponse('No stored record carries the id.'),
          ...busyErrors,
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
          ...busyErrors,
        },
      },
    },
  };
}

export function traceSchemas() {
  return {
    TraceStep: {
      type: 'object',
      properties: {
        type: { const: 'step' },
        record_id: { type: 'integer' },
        ts: { type: 'integer' },
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
  };
}
