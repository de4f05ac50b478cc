import { messagePatternsSchema, recoveryListSchema } from '../recovery/schema.js';

/**
 * The catalogue entity, shaped after Backstage's catalog entities (apiVersion / kind / metadata /
 * spec) so engineers who keep a catalog-info.yaml find it familiar. One document per integration;
 * a file may hold several, separated by `---`.
 */
const text = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const textList = { type: 'array', items: text, maxItems: 50 } as const;
const duration = {
  type: 'string',
  pattern: '^\\d+(ms|s|m|h|d)$',
  description: 'A duration such as 500ms, 30s, 5m, 2h or 1d.',
} as const;

const contact = {
  type: 'object',
  additionalProperties: false,
  properties: { name: text, email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', description: 'must be an e-mail address' }, phone: text, url: text, chat: text },
} as const;

const httpCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'url'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
    type: { const: 'http' },
    url: {
      type: 'string',
      pattern: '^(https?://|\\$\\{[A-Z_][A-Z0-9_]*\\})',
      description: 'must start with http:// or https:// (or an ${ENV} reference that holds one)',
    },
    method: { enum: ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'] },
    headers: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'Header values may reference environment variables as ${NAME}; secrets belong there, never here.',
    },
    body: { type: 'string' },
    expectStatus: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
    expectJson: {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', pattern: '^\\$(\\.[A-Za-z0-9_-]+|\\[\\d+\\])*$' },
        equals: { type: ['string', 'number', 'boolean', 'null'] },
      },
    },
    maxLatency: duration,
    interval: duration,
    timeout: duration,
    clientCertificate: {
      type: 'object',
      additionalProperties: false,
      required: ['certFile', 'keyFile'],
      properties: { certFile: text, keyFile: text },
    },
  },
} as const;

const tlsCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'host'],
  properties: {
    name: httpCheck.properties.name,
    type: { const: 'tls' },
    host: text,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    warnBefore: duration,
    interval: duration,
    timeout: duration,
    clientCertificate: httpCheck.properties.clientCertificate,
  },
} as const;

const tcpCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'host', 'port'],
  properties: {
    name: httpCheck.properties.name,
    type: { const: 'tcp' },
    host: text,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    interval: duration,
    timeout: duration,
  },
} as const;

const dnsCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'host'],
  properties: {
    name: httpCheck.properties.name,
    type: { const: 'dns' },
    host: text,
    recordType: { enum: ['A', 'AAAA', 'CNAME', 'MX', 'TXT'] },
    interval: duration,
    timeout: duration,
  },
} as const;

const heartbeatCheck = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type'],
  properties: {
    name: httpCheck.properties.name,
    type: { const: 'heartbeat' },
    period: duration,
    cron: { type: 'string', pattern: '^(\\S+\\s+){4}\\S+$', description: 'Five-field cron schedule (UTC).' },
    grace: duration,
    job: text,
  },
} as const;

export const CHECK_SCHEMAS = { http: httpCheck, tls: tlsCheck, tcp: tcpCheck, dns: dnsCheck, heartbeat: heartbeatCheck } as const;

export const integrationEntitySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'switchboard/v1' },
    kind: { const: 'Integration' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
          description: 'must be the integration id records carry: lower-case letters, digits, ".", "_" or "-", at most 64',
        },
        title: text,
        description: text,
        tags: textList,
        links: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: text, title: text } },
        },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'partner', 'owner'],
      properties: {
        type: { enum: ['shop', 'marketplace', 'carrier', 'saas', 'feed'] },
        partner: text,
        direction: { enum: ['inbound', 'outbound', 'both'] },
        criticality: { enum: ['high', 'medium', 'low'] },
        criticalFlows: textList,
        auth: {
          type: 'object',
          additionalProperties: false,
          required: ['method'],
          properties: {
            method: { enum: ['oauth2', 'api-key', 'basic', 'mtls', 'token', 'hmac', 'none'] },
            rotation: text,
            expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          },
        },
        apiVersion: text,
        slo: {
          type: 'object',
          additionalProperties: false,
          properties: {
            successRate: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
            latencyP95: duration,
            period: duration,
            freshness: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['maxAge'],
                properties: { event: text, job: text, maxAge: duration },
              },
            },
          },
        },
        owner: text,
        tenant: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
        contacts: {
          type: 'object',
          additionalProperties: false,
          properties: {
            support: contact,
            escalation: { type: 'array', items: contact },
            partnerTicketing: contact,
          },
        },
        knownRisks: textList,
        runbooks: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' } },
        lifecycle: {
          type: 'object',
          additionalProperties: false,
          properties: {
            supportedVersions: textList,
            deprecation: text,
            plannedChanges: textList,
            sandbox: text,
          },
        },
        logSignals: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['operation', 'signal'],
            properties: {
              operation: text,
              signal: { enum: ['run', 'call'] },
              job: text,
              status: { enum: ['success', 'failed', 'partial'] },
              callOperation: text,
              direction: { enum: ['inbound', 'outbound'] },
            },
          },
        },
        checks: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type'],
            properties: { type: { enum: Object.keys(CHECK_SCHEMAS) } },
          },
        },
        recovery: recoveryListSchema,
        messages: messagePatternsSchema,
      },
    },
  },
} as const;
