import { cursorParameter, errorResponse, integrationParameter, limitParameter, ok, readErrors } from '../common/openapi-parts.js';
import { RECOVERY_PROBLEMS } from './types.js';
import { RUN_BODY } from './routes.js';

/** The recovery routes of the OpenAPI document (docs/recovery.md). */
export function recoveryPaths() {
  return {
    '/api/v1/integrations/{id}/recovery': {
      get: {
        summary: "An integration's recovery actions, which fit its problems now, and their runs",
        description:
          'Actions come from `spec.recovery` of its catalogue record, shown with `${ENV}` references as written (never their values). `problems` are the outcome classes of its firing alerts (of `alert` when given); `fits` marks the actions declared for one of them, listed first. Runs are newest first, of the alert when given. Audited (recovery.read).',
        parameters: [
          integrationParameter,
          { name: 'alert', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'An alert of this integration: its problem, and only its runs.' },
          limitParameter(20, 500),
          cursorParameter,
        ],
        responses: {
          '200': ok({ $ref: '#/components/schemas/RecoveryOffer' }),
          ...readErrors,
          '404': errorResponse('No such integration (or one of another tenant), or no such alert of it.'),
        },
      },
    },
    '/api/v1/integrations/{id}/recovery/{action}/run': {
      post: {
        summary: 'Run a recovery action now (one click)',
        description:
          'An http action sends its request once, under its timeout, with `${ENV}` secrets read from the server environment at that moment; the answer is recorded with its status, time and an excerpt scrubbed of every secret. A link action is recorded as opened and answers its `url`. With `alert_id` the run also goes on that alert\'s timeline. Audited (recovery.run); rate-limited like every write. A second run of the same action while one is under way answers 409.',
        parameters: [integrationParameter, { name: 'action', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } }],
        requestBody: { required: false, content: { 'application/json': { schema: RUN_BODY } } },
        responses: {
          '201': ok({ $ref: '#/components/schemas/RecoveryRun' }, 'The run, as recorded (whatever its outcome).'),
          ...readErrors,
          '404': errorResponse('No such integration, action, or alert of the integration.'),
          '409': errorResponse('The action is running already (code recovery_running).'),
        },
      },
    },
  };
}

export function recoverySchemas() {
  const nullableInteger = { type: ['integer', 'null'] };
  const nullableString = { type: ['string', 'null'] };
  return {
    Advice: {
      type: 'object',
      description: 'What a failure means in plain words, the next step, and the recovery action or runbook that fits (docs/recovery.md#messages).',
      properties: {
        message: { type: 'string' },
        next: { type: 'string' },
        action: nullableString,
        runbook: nullableString,
        source: { enum: ['catalogue', 'shipped'], description: "The team's own pattern (catalogue) or a shipped one." },
      },
    },
    RecoveryRun: {
      type: 'object',
      required: ['id', 'integration', 'action', 'alert_id', 'trigger', 'actor', 'attempt', 'started_at', 'ms', 'outcome', 'http_status', 'excerpt', 'error'],
      properties: {
        id: { type: 'integer' },
        integration: { type: 'string' },
        action: { type: 'string' },
        alert_id: nullableInteger,
        trigger: { enum: ['manual', 'automatic'] },
        actor: { type: 'string', description: 'Who ran it; "switchboard" for an automatic run.' },
        attempt: { type: 'integer', description: '1 for a manual run; the attempt number of an automatic one.' },
        started_at: { type: 'integer' },
        ms: { type: 'integer' },
        outcome: { enum: ['succeeded', 'failed', 'timeout', 'error', 'opened'] },
        http_status: nullableInteger,
        excerpt: { ...nullableString, description: 'The start of the answer (500 characters at most), secrets masked.' },
        error: nullableString,
        url: { type: 'string', description: 'A link action: the page to open (absent for an HTTP action).' },
      },
    },
    RecoveryOffer: {
      type: 'object',
      properties: {
        integration: { type: 'string' },
        problems: { type: 'array', items: { enum: RECOVERY_PROBLEMS } },
        advice: {
          type: 'array',
          description: 'What the problems mean in plain words, the next step, and the action or runbook that fits (docs/recovery.md#messages).',
          items: { $ref: '#/components/schemas/Advice' },
        },
        actions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'title', 'type', 'fixes', 'fits', 'url'],
            properties: {
              integration: { type: 'string' },
              name: { type: 'string' },
              title: { type: 'string' },
              type: { enum: ['http', 'link'] },
              fixes: { type: 'array', items: { enum: RECOVERY_PROBLEMS } },
              fits: { type: 'boolean' },
              url: { type: 'string' },
              method: { type: 'string', description: 'An HTTP action only.' },
              headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'An HTTP action only: header values as written (${ENV} references unresolved, credential-shaped values redacted).' },
              body: { type: 'string', description: 'An HTTP action only, when it sends one (redacted as headers are).' },
              timeoutMs: { type: 'integer', description: 'An HTTP action only.' },
              expectStatus: { type: 'array', items: { type: 'integer' }, description: 'An HTTP action only, when given: the statuses that count as success (otherwise any 2xx).' },
              automatic: {
                type: 'object',
                description: 'When it runs by itself (docs/recovery.md, "Automatic recovery"); absent when it does not.',
                properties: { maxAttempts: { type: 'integer' }, backoffMs: { type: 'integer' }, cooldownMs: { type: 'integer' } },
              },
            },
          },
        },
        runs: { type: 'array', items: { $ref: '#/components/schemas/RecoveryRun' } },
        next: nullableString,
      },
    },
  };
}
