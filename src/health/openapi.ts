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
    IntegrationHealthHistory: { type: 'object', properties: { ...healthProperties, history: { type: 'array', description: 'Its newest status changes, newest first.', items: ref('HealthChange') } } },
    IntegrationHealthChecked: {
      type: 'object',
      properties: { ...healthProperties, checks: { type: 'array', items: { type: 'object', properties: { check: { type: 'string' }, result: ref('CheckResult') } } } },
    },
  };
}
