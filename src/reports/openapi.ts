import { busyErrors, errorResponse, integrationParameter, readErrors } from '../common/openapi-parts.js';
import { TENANT_CSV_COLUMNS } from './csv.js';

const nullableNumber = { type: ['number', 'null'] };
const nullableBoolean = { type: ['boolean', 'null'] };

const reportWindowParameters = [
  { name: 'from', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'Start of the window (inclusive), RFC 3339 or epoch ms; default 30 days before `to`, or, with neither given, the first day of last month (UTC). Clamped to what the rollups keep; at most 400 days.' },
  { name: 'to', in: 'query', schema: { type: 'string', maxLength: 64 }, description: 'End of the window (exclusive); default now, or, with neither given, the first day of this month (UTC).' },
  { name: 'format', in: 'query', schema: { enum: ['json', 'csv'] }, description: 'csv: text/csv with a header row, as an attachment.' },
];

const jsonOrCsv = (schema: object) => ({
  description: 'OK',
  content: { 'application/json': { schema }, 'text/csv': { schema: { type: 'string' } } },
});

/** The report routes of the OpenAPI document (docs/reports.md). */
export function reportPaths() {
  return {
    '/api/v1/integrations/{id}/report': {
      get: {
        summary: 'Report of one integration over a window (default last month): availability against its SLO, error budget spent, incidents with MTTD and MTTR, detected-before-reported share, worst operations',
        description:
          'Availability and budget from the per-integration rollups, read once per segment of the window; the budgets (success and latency SLO) are computed as GET /budget computes its period; incidents and figures exactly as GET /incidents gives them for the same window; the worst operations are the five with the most failed calls. CSV: one figure a row (section, item, figure, value). Audited (report.read).',
        parameters: [integrationParameter, ...reportWindowParameters],
        responses: { '200': jsonOrCsv({ $ref: '#/components/schemas/IntegrationReport' }), ...readErrors, '404': errorResponse('No such integration (or one of another tenant).'), ...busyErrors },
      },
    },
    '/api/v1/reports': {
      get: {
        summary: 'Report of every integration the caller may see over a window (default last month): one row each with the headline figures',
        description: `In integration id order, at most 200 a page (\`limit\`); \`next\` is the \`after\` of the next page. CSV columns: ${TENANT_CSV_COLUMNS.join(', ')}. Audited (reports.read).`,
        parameters: [
          ...reportWindowParameters,
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
          { name: 'after', in: 'query', schema: integrationParameter.schema, description: 'The `next` of the page before.' },
        ],
        responses: { '200': jsonOrCsv({ $ref: '#/components/schemas/TenantReport' }), ...readErrors, ...busyErrors },
      },
    },
  };
}

const budgetProperties = {
  target: { type: 'number' },
  volume: { type: 'integer' },
  bad: { type: 'integer' },
  allowed_bad: { type: 'number' },
  budget_spent: { type: 'number', description: '0 untouched, 1 spent, above 1 overspent.' },
  budget_left: { type: 'number' },
};

export function reportSchemas() {
  const headline = {
    integration: { type: 'string' },
    tenant: { type: ['string', 'null'] },
    availability: {
      type: 'object',
      properties: { volume: { type: 'integer' }, ok: { type: 'integer' }, success_rate: nullableNumber, slo_target: nullableNumber, meets_slo: nullableBoolean },
    },
    budget: { type: ['object', 'null'], description: 'The success SLO\'s budget over the window; null without one.', properties: budgetProperties },
    latency_budget: {
      type: ['object', 'null'],
      description: 'The latency SLO\'s budget over the window (bad calls: those slower than threshold_ms, the p95 target; 95 % must be within it); null without one.',
      properties: { ...budgetProperties, threshold_ms: { type: 'integer' } },
    },
    figures: { $ref: '#/components/schemas/Incidents/properties/figures' },
  };
  return {
    IntegrationReport: {
      type: 'object',
      properties: {
        from: { type: 'integer' },
        to: { type: 'integer' },
        ...headline,
        incidents: { $ref: '#/components/schemas/Incidents/properties/incidents' },
        reports: { $ref: '#/components/schemas/Incidents/properties/reports' },
        worst_operations: {
          type: 'array',
          items: { type: 'object', properties: { operation: { type: 'string' }, direction: { type: 'string' }, volume: { type: 'integer' }, failures: { type: 'integer' }, success_rate: nullableNumber } },
        },
      },
    },
    TenantReport: {
      type: 'object',
      properties: {
        from: { type: 'integer' },
        to: { type: 'integer' },
        integrations: { type: 'array', items: { type: 'object', properties: headline } },
        next: { type: ['string', 'null'] },
      },
    },
  };
}
