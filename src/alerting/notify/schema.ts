/**
 * JSON Schemas (draft-07, for Ajv like src/catalogue/schema.ts) of the channels and routes of the
 * alerting file. Secrets (webhook secret, PagerDuty routing key, SMTP password) must be `${ENV}`
 * references: the file never holds them, and nothing shows them back.
 */
const name = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit',
} as const;
const envReference = {
  type: 'string',
  pattern: '^\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}$',
  description: 'must be an environment reference such as ${PAGERDUTY_ROUTING_KEY}: secrets come from the environment, never from this file',
} as const;
const httpUrl = {
  type: 'string',
  minLength: 1,
  maxLength: 2000,
  pattern: '^(https?://|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})',
  description: 'must start with http:// or https:// (or an ${ENV} reference that holds one)',
} as const;
const timeoutMs = { type: 'integer', minimum: 100, maximum: 120_000, description: 'request timeout in milliseconds (default 10000)' } as const;
const headers = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 2000 },
  description: 'extra headers; values may reference environment variables as ${NAME} (put tokens there)',
} as const;
const email = { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$|^.*<[^@\\s]+@[^@\\s]+>$', description: 'must be an e-mail address' } as const;

export const SLACK_CHANNEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'url'],
  properties: {
    name,
    type: { const: 'slack' },
    url: { ...httpUrl, description: 'the incoming-webhook URL; its path is a secret, so prefer ${SLACK_WEBHOOK_URL}' },
    timeoutMs,
  },
} as const;

export const WEBHOOK_CHANNEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'url', 'secret'],
  properties: { name, type: { const: 'webhook' }, url: httpUrl, secret: envReference, headers, timeoutMs },
} as const;

export const EMAIL_CHANNEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'smtp', 'from', 'to'],
  properties: {
    name,
    type: { const: 'email' },
    smtp: {
      type: 'object',
      additionalProperties: false,
      required: ['host', 'port'],
      properties: {
        host: { type: 'string', minLength: 1, maxLength: 255 },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
        secure: { type: 'boolean', description: 'TLS from the first byte (port 465); otherwise STARTTLS when offered' },
        user: { type: 'string', minLength: 1, maxLength: 255 },
        password: envReference,
      },
    },
    from: email,
    to: { type: 'array', items: email, minItems: 1, maxItems: 50 },
    timeoutMs,
  },
} as const;

export const PAGERDUTY_CHANNEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'routingKey'],
  properties: { name, type: { const: 'pagerduty' }, routingKey: envReference, url: httpUrl, timeoutMs },
} as const;

export const ALERTMANAGER_CHANNEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'url'],
  properties: {
    name,
    type: { const: 'alertmanager' },
    url: { ...httpUrl, description: 'the Alertmanager base URL, e.g. http://alertmanager:9093' },
    headers,
    timeoutMs,
  },
} as const;

/** One schema per channel type: pick by `type`, then validate (clearer errors than one oneOf). */
export const CHANNEL_SCHEMAS = {
  slack: SLACK_CHANNEL_SCHEMA,
  webhook: WEBHOOK_CHANNEL_SCHEMA,
  email: EMAIL_CHANNEL_SCHEMA,
  pagerduty: PAGERDUTY_CHANNEL_SCHEMA,
  alertmanager: ALERTMANAGER_CHANNEL_SCHEMA,
} as const;

/** A route; `match` values are exact, or a full-match regular expression written "~regex". */
export const ROUTE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['channels'],
  properties: {
    match: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' },
      additionalProperties: { type: 'string', maxLength: 500 },
      description: 'labels that must all match (severity, team, env, integration, …); omit for a catch-all',
    },
    channels: { type: 'array', items: name, minItems: 1, maxItems: 20, uniqueItems: true },
    continue: { type: 'boolean', description: 'keep evaluating later routes after this one matched' },
  },
} as const;

export const ROUTES_SCHEMA = { type: 'array', items: ROUTE_SCHEMA, maxItems: 500 } as const;
