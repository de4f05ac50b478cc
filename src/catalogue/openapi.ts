/**
 * A catalogue record as the API answers it (durations in ms, defaults filled in, header values
 * shown only as their ${ENV} references): the console's types are generated from it.
 */
import { nextProperty } from '../common/openapi-parts.js';

const strings = { type: 'array', items: { type: 'string' } };
const contact = { type: 'object', required: [], properties: Object.fromEntries(['name', 'email', 'phone', 'url', 'chat'].map((field) => [field, { type: 'string' }])) };
/** A part of the record whose fields depend on its kind; the console shows them as they come. */
const open = (description: string) => ({ type: 'object', additionalProperties: true, description });

export function catalogueSchemas() {
  return {
    CatalogueCheck: {
      type: 'object',
      description: 'An active check or heartbeat as declared; the fields besides the common ones depend on its type.',
      required: ['name', 'integration', 'type', 'intervalMs', 'timeoutMs'],
      additionalProperties: true,
      properties: {
        name: { type: 'string' },
        integration: { type: 'string' },
        type: { enum: ['http', 'tls', 'tcp', 'dns', 'heartbeat'] },
        intervalMs: { type: 'integer' },
        timeoutMs: { type: 'integer' },
        url: { type: 'string' },
        method: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'integer' },
        recordType: { type: 'string' },
        periodMs: { type: 'integer' },
        cron: { type: 'string' },
        graceMs: { type: 'integer' },
        job: { type: 'string' },
      },
    },
    CatalogueEntry: {
      type: 'object',
      required: ['id', 'title', 'tags', 'links', 'type', 'partner', 'direction', 'criticality', 'criticalFlows', 'slo', 'owner', 'tenant', 'contacts', 'knownRisks', 'runbooks', 'lifecycle', 'checks', 'logSignals', 'recovery', 'messages', 'source'],
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        description: { type: 'string' },
        tags: strings,
        links: { type: 'array', items: { type: 'object', required: ['url'], properties: { url: { type: 'string' }, title: { type: 'string' } } } },
        type: { enum: ['shop', 'marketplace', 'carrier', 'saas', 'feed'] },
        partner: { type: 'string' },
        direction: { enum: ['inbound', 'outbound', 'both'] },
        criticality: { enum: ['high', 'medium', 'low'] },
        criticalFlows: strings,
        auth: { type: 'object', required: ['method'], properties: { method: { type: 'string' }, rotation: { type: 'string' }, expires: { type: 'string' } } },
        apiVersion: { type: 'string' },
        slo: {
          type: 'object',
          required: ['freshness'],
          properties: {
            successRate: { type: 'number' },
            latencyP95Ms: { type: 'number' },
            periodMs: { type: 'integer', description: 'The period error budgets are kept over (30 days when not given).' },
            freshness: { type: 'array', items: { type: 'object', required: ['maxAgeMs'], properties: { event: { type: 'string' }, job: { type: 'string' }, maxAgeMs: { type: 'integer' } } } },
          },
        },
        owner: { type: 'string' },
        tenant: { type: 'string', description: 'Who may see it: spec.tenant, or the owner team when none is given.' },
        contacts: { type: 'object', required: ['escalation'], properties: { support: contact, escalation: { type: 'array', items: contact }, partnerTicketing: contact } },
        knownRisks: strings,
        runbooks: strings,
        lifecycle: {
          type: 'object',
          required: ['supportedVersions', 'plannedChanges'],
          properties: { supportedVersions: strings, deprecation: { type: 'string' }, plannedChanges: strings, sandbox: { type: 'string' } },
        },
        checks: { type: 'array', items: { $ref: '#/components/schemas/CatalogueCheck' } },
        logSignals: { type: 'array', items: open('How a log operation becomes a run or a call (docs/logs.md, "Derived signals").') },
        recovery: { type: 'array', items: open('A recovery action (docs/recovery.md); secrets shown only as their ${ENV} references.') },
        messages: { type: 'array', items: open("The team's own message for an error pattern.") },
        source: { type: 'object', properties: { file: { type: 'string' }, line: { type: 'integer' } } },
      },
    },
    Catalogue: {
      type: 'object',
      properties: {
        integrations: { type: 'array', items: { $ref: '#/components/schemas/CatalogueEntry' } },
        uncatalogued: { ...strings, description: 'Ids that sent data without a catalogue record.' },
        ...nextProperty,
      },
    },
    UncataloguedIntegration: { type: 'object', properties: { id: { type: 'string' }, uncatalogued: { const: true } } },
  };
}
