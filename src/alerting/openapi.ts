import { errorResponse, nextProperty, ok, pageParameters, readErrors, windowParameters } from '../common/openapi-parts.js';
import { ACK_BODY, ASSIGN_BODY, SILENCE_BODY } from './routes.js';
import { RULE_KINDS } from './rules/types.js';
import { CHANNEL_SCHEMAS } from './notify/schema.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullableInteger = { type: ['integer', 'null'] };
const nullableNumber = { type: ['number', 'null'] };
const idParameter = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: `The ${what} id.` });
const integrationFilter = { name: 'integration', in: 'query', schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' }, description: 'Only alerts of this integration.' };

/** The alerting routes of the OpenAPI document. */
export function alertingPaths() {
  return {
    '/api/v1/alerts': {
      get: {
        summary: 'Alerts: firing first, then pending, then resolved',
        parameters: [
          { name: 'state', in: 'query', schema: { enum: ['firing', 'pending', 'resolved', 'active'] }, description: '`active` is firing and pending; without it, every alert that ever left inactive.' },
          integrationFilter,
          ...pageParameters(500, 5_000),
        ],
        responses: { '200': ok({ type: 'object', properties: { alerts: { type: 'array', items: ref('Alert') }, ...nextProperty } }), ...readErrors },
      },
    },
    '/api/v1/alerts/history': {
      get: {
        summary: 'Firings that began in the window, newest first, with when they resolved and how long they lasted',
        parameters: [...windowParameters, integrationFilter, ...pageParameters(200, 2_000)],
        responses: { '200': ok({ type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, episodes: { type: 'array', items: ref('AlertEpisode') }, ...nextProperty } }), ...readErrors },
      },
    },
    '/api/v1/alerts/rules': {
      get: {
        summary: 'The rules in force (the defaults of every catalogued integration and the alerting file), its channels (name and type only) and routes, and the problems of its last load',
        responses: { '200': ok(ref('AlertRules')) },
      },
    },
    '/api/v1/alerts/{id}': {
      get: {
        summary: 'One alert with its state history and the delivery of each of its notifications',
        parameters: [idParameter('alert')],
        responses: {
          '200': ok({
            type: 'object',
            properties: { alert: ref('Alert'), events: { type: 'array', items: ref('AlertEvent') }, deliveries: { type: 'array', items: ref('Delivery') } },
          }),
          ...readErrors,
          '404': errorResponse('No such alert.'),
        },
      },
    },
    '/api/v1/alerts/{id}/ack': {
      post: {
        summary: 'Acknowledge a firing alert: its repeat notifications stop until it resolves or is unacknowledged',
        description:
          'Needs the respond permission; audited as alert.acknowledge. Who is the caller (a username, or token:<name>#<id>); `note` is optional. Acknowledging again replaces who and the note. The resolution still goes out, and ends the acknowledgement: the next firing pages again. Recorded in the alert\'s state history.',
        parameters: [idParameter('alert')],
        requestBody: { required: false, content: { 'application/json': { schema: ACK_BODY } } },
        responses: {
          '200': ok(ref('Alert')),
          ...readErrors,
          '404': errorResponse('No such alert.'),
          '409': errorResponse('The alert is not firing (code alert_not_firing): only a firing alert can be acknowledged.'),
        },
      },
      delete: {
        summary: 'Take an acknowledgement back: the alert repeats again every repeatInterval while it fires',
        description: 'Needs the respond permission; audited as alert.unacknowledge.',
        parameters: [idParameter('alert')],
        responses: {
          '200': ok(ref('Alert')),
          ...readErrors,
          '404': errorResponse('No such alert.'),
          '409': errorResponse('The alert is not acknowledged (code alert_not_acknowledged).'),
        },
      },
    },
    '/api/v1/alerts/pagerduty': {
      post: {
        summary: 'PagerDuty v3 webhook: mirror an incident acknowledgement onto its alert',
        description:
          'Public: the caller proves itself with X-PagerDuty-Signature (v1=<hex HMAC-SHA256 of the raw body>, with SWITCHBOARD_PAGERDUTY_WEBHOOK_SECRET). An incident.acknowledged event whose incident_key is a firing alert\'s fingerprint acknowledges it, by pagerduty:<agent>, audited as alert.acknowledge. Other events are answered 200 and ignored. Body at most 64 KiB.',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': ok({
            type: 'object',
            required: ['mirrored'],
            properties: {
              mirrored: { type: 'boolean' },
              alert: { type: 'integer', description: 'The alert acknowledged (when mirrored).' },
              reason: { type: 'string', description: 'Why nothing was mirrored (when not).' },
            },
          }),
          '400': errorResponse('Not JSON, or not a v3 webhook event.'),
          '401': errorResponse('The signature does not verify (code bad_signature).'),
          '404': errorResponse('No webhook secret is configured.'),
          '413': errorResponse('The body is over 64 KiB.'),
        },
      },
    },
    '/api/v1/alerts/{id}/assignee': {
      put: {
        summary: 'Assign a firing or pending alert to a person',
        description:
          'Needs the respond permission; audited as alert.assign. Replaces whoever had it; recorded in the alert\'s state history. Its later notifications (repeats, the resolution) say who has it. A resolution ends the assignment.',
        parameters: [idParameter('alert')],
        requestBody: { required: true, content: { 'application/json': { schema: ASSIGN_BODY } } },
        responses: {
          '200': ok(ref('Alert')),
          ...readErrors,
          '404': errorResponse('No such alert.'),
          '409': errorResponse('The alert is neither firing nor pending (code alert_not_active).'),
        },
      },
      delete: {
        summary: 'Take an alert\'s assignment away',
        description: 'Needs the respond permission; audited as alert.unassign.',
        parameters: [idParameter('alert')],
        responses: {
          '200': ok(ref('Alert')),
          ...readErrors,
          '404': errorResponse('No such alert.'),
          '409': errorResponse('The alert is not assigned (code alert_not_assigned).'),
        },
      },
    },
    '/api/v1/silences': {
      get: {
        summary: 'Silences and maintenance windows, newest first',
        parameters: [{ name: 'active', in: 'query', schema: { enum: ['true', 'false'] }, description: '`true`: only those in force now.' }, ...pageParameters(200, 2_000)],
        responses: { '200': ok({ type: 'object', properties: { silences: { type: 'array', items: ref('Silence') }, ...nextProperty } }), ...readErrors },
      },
      post: {
        summary: 'Create a silence (matchers on alert labels) or a maintenance window (an integration)',
        description:
          'A silenced alert still changes state and is recorded; its notifications are held back while the silence is in force, and a firing one goes out once it ends. Give `ends_at` or a `duration` (30m, 2h, 1d); `starts_at` defaults to now. A silence lasts at most 90 days and a maintenance window 366 (SWITCHBOARD_SILENCE_MAX_DAYS, SWITCHBOARD_MAINTENANCE_MAX_DAYS); longer is refused with code silence_too_long.',
        requestBody: { required: true, content: { 'application/json': { schema: SILENCE_BODY } } },
        responses: { '201': ok(ref('Silence'), 'Created'), '400': errorResponse('A field is missing or invalid; the message names it. Nothing is stored.') },
      },
    },
    '/api/v1/silences/{id}': {
      delete: {
        summary: 'Expire a silence now',
        parameters: [idParameter('silence')],
        responses: { '200': ok(ref('Silence')), ...readErrors, '404': errorResponse('No such silence.') },
      },
    },
    '/api/v1/notifications/dead': {
      get: {
        summary: 'Dead-lettered notifications: refused by their receiver, or failed on every attempt',
        parameters: pageParameters(100, 1_000),
        responses: { '200': ok({ type: 'object', properties: { notifications: { type: 'array', items: ref('Delivery') }, ...nextProperty } }), ...readErrors },
      },
    },
    '/api/v1/notifications/{id}/retry': {
      post: {
        summary: 'Send a dead-lettered notification again, from a fresh start',
        parameters: [idParameter('notification')],
        responses: {
          '200': ok({ type: 'object', description: 'The notification, queued again.', properties: { id: { type: 'integer' }, status: { const: 'pending' } } }),
          ...readErrors,
          '404': errorResponse('No dead-lettered notification with this id.'),
        },
      },
    },
  };
}

/** The alerting schemas of the OpenAPI document's components. */
const severity = { enum: ['critical', 'warning', 'info'] };
const alertState = { enum: ['inactive', 'pending', 'firing', 'resolved'] };
const nullableString = { type: ['string', 'null'] };

/** What a notification carried, kept with the alert; fields added later are absent from older ones. */
const notificationContext = {
  type: 'object',
  properties: {
    kind: { enum: ['firing', 'repeat', 'resolved'] },
    alert: {
      type: 'object',
      required: ['id', 'fingerprint', 'rule', 'ruleKind', 'state', 'severity', 'labels', 'summary', 'value', 'threshold', 'windowMs', 'startedAt', 'resolvedAt', 'durationMs'],
      properties: {
        id: { type: 'integer' },
        fingerprint: { type: 'string' },
        rule: { type: 'string' },
        ruleKind: { type: 'string', description: "The rule's kind, e.g. error_rate, latency, freshness." },
        state: alertState,
        severity,
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        summary: { type: 'string' },
        value: nullableNumber,
        threshold: nullableNumber,
        windowMs: { type: 'integer', description: 'The window the value was measured over.' },
        startedAt: { type: 'integer' },
        resolvedAt: { type: ['integer', 'null'] },
        durationMs: { type: ['integer', 'null'] },
        assignee: { ...nullableString, description: 'The person on-call assigned it to (absent from older notifications).' },
      },
    },
    integration: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, partner: nullableString, owner: nullableString, escalation: nullableString } },
    trend: {
      type: 'object',
      required: ['stepMs', 'values', 'sparkline'],
      properties: {
        stepMs: { type: 'integer' },
        values: { type: 'array', items: nullableNumber },
        sparkline: { type: 'string' },
        times: { type: 'array', items: { type: 'integer' }, description: 'When each value was measured, oldest first (absent from older notifications).' },
      },
    },
    links: {
      type: 'object',
      required: ['console', 'runbook'],
      properties: {
        console: { type: 'string' },
        runbook: nullableString,
        acknowledge: { type: 'string', description: "The alert's console page, where on-call acknowledges it; absent on resolution and in older notifications." },
      },
    },
    firstSteps: { type: 'array', items: { type: 'string' } },
    advice: {
      oneOf: [ref('Advice'), { type: 'null' }],
      description: 'What the failure means in plain words and the next step (absent in older notifications).',
    },
    recovery: {
      oneOf: [
        {
          type: 'object',
          required: ['runs', 'total', 'failuresStoppedAt'],
          properties: {
            runs: {
              type: 'array',
              description: 'The latest runs of the integration\'s actions since the alert fired, oldest first (at most five).',
              items: {
                type: 'object',
                properties: {
                  action: { type: 'string' },
                  trigger: { enum: ['manual', 'automatic'] },
                  actor: { type: 'string' },
                  attempt: { type: 'integer' },
                  at: { type: 'integer', description: 'When it started (epoch ms).' },
                  ms: { type: 'number' },
                  outcome: { type: 'string' },
                  status: { type: ['integer', 'null'] },
                  error: nullableString,
                },
              },
            },
            total: { type: 'integer', description: 'Runs in all (more than `runs` holds when it was cut to five).' },
            failuresStoppedAt: { type: ['integer', 'null'], description: 'After the last run that acted: when the failures the alert judges stopped; null without such a run, and while firing until a minute has passed without a failure.' },
            nextAttemptAt: { type: ['integer', 'null'], description: 'On the update an automatic attempt sends: when the next attempt is due, or null when none will follow.' },
            update: { type: 'boolean', description: 'True on the update sent because an automatic attempt finished.' },
          },
        },
        { type: 'null' },
      ],
      description: 'What recovery actions did while the alert fired (docs/recovery.md); absent when none could have run and in older notifications.',
    },
    samples: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ts: { type: 'integer' }, operation: nullableString, status: { type: ['integer', 'null'] }, error: nullableString, correlation_id: nullableString, order_id: nullableString },
      },
    },
    grouped: { type: 'array', items: { type: 'object', properties: { rule: { type: 'string' }, summary: { type: 'string' }, severity } } },
    errorType: {
      type: 'object',
      required: ['fingerprint', 'pattern', 'sample'],
      properties: { fingerprint: { type: 'string' }, pattern: { type: 'string' }, sample: { type: 'string' } },
      description: 'log_errors: the error type the alert fired on (its summary names it while it breaches; a resolved alert keeps it). Absent for other kinds and in older notifications.',
    },
  },
  required: ['kind', 'alert', 'integration', 'trend', 'links', 'firstSteps', 'samples', 'grouped'],
};

/** A rule in force as GET /api/v1/alerts/rules shows it: durations in ms, defaults filled in, each kind's own fields only on its rules. */
const alertRule = {
  type: 'object',
  required: ['name', 'kind', 'integration', 'severity', 'labels', 'forMs', 'keepFiringForMs', 'minVolume', 'windowMs', 'repeatIntervalMs', 'source'],
  properties: {
    name: { type: 'string' },
    kind: { enum: [...RULE_KINDS] },
    integration: { type: 'string', description: 'A catalogue id, or "*" for every integration.' },
    env: { type: 'string' },
    site: { type: 'string' },
    operation: { type: 'string' },
    direction: { enum: ['inbound', 'outbound'] },
    severity,
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    forMs: { type: 'integer' },
    keepFiringForMs: { type: 'integer' },
    minVolume: { type: 'integer' },
    windowMs: { type: 'integer' },
    repeatIntervalMs: { type: 'integer' },
    runbook: { type: 'string' },
    outcome: { enum: ['server_error', 'timeout', 'auth_error', 'network_error'] },
    threshold: { type: 'number' },
    usual: { type: 'number' },
    count: { type: 'integer' },
    quantile: { type: 'number' },
    thresholdMs: { type: 'number' },
    startEvent: { type: 'string' },
    endEvent: { type: 'string' },
    baseline: { enum: ['last_week', 'trailing'] },
    fraction: { type: 'number' },
    event: { type: 'string' },
    job: { type: 'string' },
    maxAgeMs: { type: 'integer' },
    consecutive: { type: 'integer' },
    countName: { type: 'string' },
    percent: { type: 'number' },
    runs: { type: 'integer' },
    gauge: { type: 'string' },
    above: { type: 'number' },
    slo: { enum: ['success', 'latency'] },
    objective: { type: 'number' },
    burnPairs: { type: 'array', items: { type: 'object', properties: { longMs: { type: 'integer' }, shortMs: { type: 'integer' }, factor: { type: 'number' } } } },
    logLevel: { enum: ['error', 'warn'] },
    logJump: { type: 'number' },
    logMinLines: { type: 'integer' },
    logBaselineMs: { type: 'integer' },
    logNewTypes: { type: 'boolean' },
    source: {
      description: 'A default of a catalogued integration, or a rule of the alerting file (and where in it).',
      oneOf: [
        { type: 'object', properties: { origin: { const: 'default' } } },
        { type: 'object', properties: { origin: { const: 'file' }, file: { type: 'string' }, line: { type: 'integer' } } },
      ],
    },
  },
};

export function alertingSchemas() {
  return {
    AlertRule: alertRule,
    AlertRules: {
      type: 'object',
      description: 'A caller bound to tenants sees the rules and routes of its integrations (and those of every integration), and neither the file nor its problems.',
      properties: {
        file: { type: ['string', 'null'], description: 'The alerting file, when one is loaded.' },
        problems: {
          type: 'array',
          description: 'What its last load refused, where.',
          items: { type: 'object', properties: { file: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, message: { type: 'string' } } },
        },
        rules: { type: 'array', items: ref('AlertRule') },
        channels: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { enum: Object.keys(CHANNEL_SCHEMAS) } } } },
        routes: {
          type: 'array',
          items: {
            type: 'object',
            required: ['channels'],
            properties: { match: { type: 'object', additionalProperties: { type: 'string' } }, channels: { type: 'array', items: { type: 'string' } }, continue: { type: 'boolean' } },
          },
        },
      },
    },
    NotificationContext: notificationContext,
    Alert: {
      type: 'object',
      description: 'One rule × integration × labels, with its lifecycle: inactive → pending → firing → resolved.',
      properties: {
        id: { type: 'integer' },
        fingerprint: { type: 'string' },
        rule: { type: 'string' },
        integration: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        severity,
        state: alertState,
        value: nullableNumber,
        threshold: nullableNumber,
        summary: { type: 'string', description: 'What crossed what, in words.' },
        pending_since: nullableInteger,
        fired_at: nullableInteger,
        resolved_at: nullableInteger,
        last_breach_at: nullableInteger,
        last_evaluated_at: { type: 'integer' },
        last_notified_at: nullableInteger,
        duration_ms: { ...nullableInteger, description: 'Firing to resolved, or firing so far.' },
        context: { oneOf: [{ $ref: '#/components/schemas/NotificationContext' }, { type: 'null' }], description: 'The context of its last notification: trend, links (console, runbook, acknowledge), first triage steps, sample failures, contacts; for log_errors, the error type it names.' },
        acknowledgement: {
          type: ['object', 'null'],
          description: 'Who acknowledged the current firing, when, and why; null when nobody has.',
          properties: { at: { type: 'integer' }, by: { type: 'string' }, note: { type: ['string', 'null'] } },
        },
        assignment: {
          type: ['object', 'null'],
          description: 'Whom the alert is assigned to, who assigned it and when; null when nobody has it.',
          properties: { to: { type: 'string' }, by: { type: 'string' }, at: { type: 'integer' } },
        },
      },
    },
    AlertEvent: {
      type: 'object',
      properties: { id: { type: 'integer' }, ts: { type: 'integer' }, from_state: alertState, to_state: alertState, value: nullableNumber, note: { type: ['string', 'null'] } },
    },
    AlertEpisode: {
      type: 'object',
      properties: {
        alert_id: { type: 'integer' },
        rule: { type: 'string' },
        integration: { type: 'string' },
        severity,
        fired_at: { type: 'integer' },
        resolved_at: nullableInteger,
        duration_ms: nullableInteger,
        summary: { type: ['string', 'null'] },
      },
    },
    Delivery: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        alertId: { type: 'integer' },
        channel: { type: 'string' },
        kind: { enum: ['firing', 'repeat', 'resolved'] },
        status: { enum: ['pending', 'sending', 'delivered', 'dead'] },
        attempts: { type: 'integer' },
        nextAttemptAt: nullableInteger,
        lastError: { type: ['string', 'null'] },
        createdAt: { type: 'integer' },
        deliveredAt: nullableInteger,
      },
    },
    Silence: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        kind: { enum: ['silence', 'maintenance'] },
        matchers: { type: 'array', items: { type: 'object', required: ['label', 'value'], properties: { label: { type: 'string' }, value: { type: 'string' }, regex: { type: 'boolean', description: 'Present (true) on a regular-expression matcher only.' } } } },
        starts_at: { type: 'integer' },
        ends_at: { type: 'integer' },
        author: { type: 'string' },
        reason: { type: 'string' },
        created_at: { type: 'integer' },
        expired_at: nullableInteger,
        active: { type: 'boolean' },
      },
    },
  };
}
