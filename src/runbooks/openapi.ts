/** The runbook answers as OpenAPI component schemas (the console's types are generated from them). */
export function runbookSchemas() {
  return {
    RunbookSummary: { type: 'object', properties: { name: { type: 'string' }, title: { type: 'string' }, summary: { type: 'string' } } },
    Runbooks: { type: 'object', properties: { runbooks: { type: 'array', items: { $ref: '#/components/schemas/RunbookSummary' } } } },
    Runbook: {
      type: 'object',
      properties: { name: { type: 'string' }, title: { type: 'string' }, integration: { type: ['string', 'null'], description: 'The integration whose record filled it in.' }, markdown: { type: 'string' } },
    },
  };
}
