import { errorResponse, integrationParameter, ok, readErrors, windowParameters } from '../common/openapi-parts.js';
import { REPORT_BODY } from './routes.js';

const nullableInteger = { type: ['integer', 'null'] };
const nullableNumber = { type: ['number', 'null'] };

/** The incident routes of the OpenAPI document (docs/recovery.md#incidents-and-figures). */
export function incidentPaths() {
  return {
    '/api/v1/integrations/{id}/incidents': {
      get: {
        summary: 'Incidents (degraded or down spells) with detection, acknowledgement and recovery, customer reports, MTTD, MTTR and the detected-before-reported share',
        description:
          'Over the window (default the last 30 days, at most 400). An incident starts at the earliest evidence (the health change, or the breach of an alert that fired for it up to 15 min before), is detected when its first alert fired, recovered when health is back to healthy. A customer report during an incident counts as detected before reported when an alert had fired by then; a report outside every incident counts as not detected. Audited (incidents.read).',
        parameters: [integrationParameter, ...windowParameters],
        responses: { '200': ok({ $ref: '#/components/schemas/Incidents' }), ...readErrors, '404': errorResponse('No such integration (or one of another tenant).') },
      },
    },
    '/api/v1/integrations/{id}/reports': {
      post: {
        summary: 'Record that a customer reported a problem with the integration (support)',
        description: 'Audited (customer_report.create). Counted by the incident figures of the window it falls in.',
        parameters: [integrationParameter],
        requestBody: { required: true, content: { 'application/json': { schema: REPORT_BODY } } },
        responses: { '201': ok({ $ref: '#/components/schemas/CustomerReport' }), ...readErrors, '404': errorResponse('No such integration (or one of another tenant).') },
      },
    },
  };
}

export function incidentSchemas() {
  const report = {
    type: 'object',
    properties: { id: { type: 'integer' }, integration: { type: 'string' }, reported_at: { type: 'integer' }, ticket: { type: 'string' }, note: { type: ['string', 'null'] }, recorded_by: { type: 'string' } },
  };
  return {
    CustomerReport: report,
    Incidents: {
      type: 'object',
      properties: {
        integration: { type: 'string' },
        from: { type: 'integer' },
        to: { type: 'integer' },
        incidents: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              integration: { type: 'string' },
              status: { enum: ['degraded', 'down'] },
              started_at: { type: 'integer' },
              detected_at: nullableInteger,
              acknowledged_at: nullableInteger,
              recovered_at: nullableInteger,
              ttd_ms: nullableInteger,
              ttr_ms: nullableInteger,
              reports: { type: 'array', items: { ...report, properties: { ...report.properties, detected_before: { type: 'boolean' }, lead_ms: nullableInteger } } },
            },
          },
        },
        reports: { type: 'array', items: { $ref: '#/components/schemas/CustomerReport' } },
        figures: {
          type: 'object',
          properties: {
            incidents: { type: 'integer' },
            mttd_ms: nullableNumber,
            mttr_ms: nullableNumber,
            reports: { type: 'integer' },
            detected_before_reported: { type: 'integer' },
            detected_before_reported_share: nullableNumber,
          },
        },
      },
    },
  };
}
