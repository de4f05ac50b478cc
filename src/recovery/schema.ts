import { RECOVERY_PROBLEMS } from './types.js';

/** The catalogue's `spec.recovery` and `spec.messages` (see docs/recovery.md). */
const name = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$', description: 'must be lower-case letters, digits, ".", "_" or "-", at most 64' } as const;
const title = { type: 'string', minLength: 1, maxLength: 200 } as const;
const duration = { type: 'string', pattern: '^\\d+(ms|s|m|h|d)$', description: 'must be a duration such as 500ms, 30s, 5m, 2h or 1d' } as const;
const fixes = { type: 'array', minItems: 1, maxItems: RECOVERY_PROBLEMS.length, items: { enum: RECOVERY_PROBLEMS } } as const;

const httpAction = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'url'],
  properties: {
    name,
    title,
    type: { const: 'http' },
    method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
    url: {
      type: 'string',
      maxLength: 2000,
      pattern: '^(https?://|\\$\\{[A-Z_][A-Z0-9_]*\\})',
      description: 'must start with http:// or https:// (or an ${ENV} reference that holds one)',
    },
    headers: { type: 'object', maxProperties: 50, additionalProperties: { type: 'string', maxLength: 4000 } },
    body: { type: 'string', maxLength: 65536 },
    timeout: duration,
    expectStatus: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 100, maximum: 599 } },
    fixes,
    automatic: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxAttempts: { type: 'integer', minimum: 1, maximum: 10 },
        backoff: duration,
        cooldown: duration,
      },
    },
  },
} as const;

const linkAction = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'url'],
  properties: {
    name,
    title,
    type: { const: 'link' },
    url: { type: 'string', maxLength: 2000, pattern: '^https?://', description: 'must start with http:// or https:// (a page a person opens)' },
    fixes,
  },
} as const;

export const RECOVERY_ACTION_SCHEMAS = { http: httpAction, link: linkAction } as const;

/** In the entity schema: only the type is judged here, each type's own schema afterwards (so errors are specific). */
export const recoveryListSchema = {
  type: 'array',
  maxItems: 20,
  items: { type: 'object', required: ['type'], properties: { type: { enum: Object.keys(RECOVERY_ACTION_SCHEMAS) } } },
} as const;

export const messagePatternsSchema = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['message'],
    properties: {
      match: { type: 'string', minLength: 1, maxLength: 500 },
      status: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 100, maximum: 599 } },
      outcome: { enum: ['ok', 'client_error', 'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error'] },
      message: { type: 'string', minLength: 1, maxLength: 1000 },
      action: name,
      runbook: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    },
  },
} as const;
