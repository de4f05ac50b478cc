/** The health answers as OpenAPI component schemas (the console's types are generated from them). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const healthProperties = {
  id: { type: 'string' },
  status: ref('HealthStatus'),
  reasons: { type: 'array', items: { type: 'string' }, description: 'Every reason behind the status, worst first.' },
  since: { type: ['integer', 'null'], description: 'When it entered this status (as far as the history knows).' },
  catalogued: { type: 'boolean' },
};

export function healthSchemas() {
  return {
    IntegrationHealth: { type: 'object', properties: healthProperties },
    HealthChange: {
      type: 'object',
      properties: { id: { type: 'integer' }, ts: { type: 'integer' }, status: ref('HealthStatus'), previous_status: { oneOf: [ref('HealthStatus'), { type: 'null' }] }, reason: { type: 'string' } },
    },
    RecoveryRunSummary: {
      type: 'object',
      description: 'A run of a recovery action as the health history lists it (the answer excerpt is on GET …/recovery).',
      properties: {
        id: { type: 'integer' },
        action: { type: 'string' },
        trigger: { type: 'string', enum: ['manual', 'automatic'] },
        actor: { type: 'string' },
        attempt: { type: 'integer' },
        started_at: { type: 'integer' },
        ms: { type: 'integer' },
        outcome: { type: 'string' },
        http_status: { type: ['integer', 'null'] },
        error: { type: ['string', 'null'] },
      },
    },
    IntegrationHealthHistory: {
      type: 'object',
      properties: {
        ...healthProperties,
        history: { type: 'array', description: 'Its newest status changes, newest first.', items: ref('HealthChange') },
        recovery_runs: { type: 'array', description: 'The recovery runs (one-click and automatic) of the span the changes cover, newest first.', items: ref('RecoveryRunSummary') },
      },
    },
    IntegrationHealthChecked: {
      type: 'object',
      properties: { ...healthProperties, checks: { type: 'array', items: { type: 'object', properties: { check: { type: 'string' }, result: ref('CheckResult') } } } },
    },
  };
}
