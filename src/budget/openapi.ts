import { errorResponse, integrationParameter, ok, readErrors, busyErrors } from '../common/openapi-parts.js';

const nullableNumber = { type: ['number', 'null'] };

/** The error-budget routes of the OpenAPI document. */
export function budgetPaths() {
  return {
    '/api/v1/integrations/{id}/budget': {
      get: {
        summary: 'Error budget of each SLO of a catalogued integration over its period, and how fast it burns now',
        description:
          'One entry per SLO of its catalogue record: `success` (its success rate: a call is bad unless its outcome is ok) and `latency` (its p95 target: a call slower than it is bad; 95 % must be within). Every window ends with the minute under way. `budget_left` is 1 − bad ÷ allowed_bad over the period (default 30 days, `slo.period`): negative once overspent. `burn_rates` gives the burn over each window the default burn-rate rules read (5 min to 3 days): the bad share over the share the objective allows; 1 spends exactly the budget over the period. An integration without an SLO answers an empty list. See docs/alerting.md#error-budgets-and-burn-rates.',
        parameters: [integrationParameter],
        responses: {
          '200': ok({ $ref: '#/components/schemas/Budget' }),
          ...readErrors,
          '404': errorResponse('No such integration in the catalogue (or one of another tenant).'),
          ...busyErrors,
        },
      },
    },
  };
}

export function budgetSchemas() {
  return {
    Budget: {
      type: 'object',
      properties: {
        integration: { type: 'string' },
        to: { type: 'integer', description: 'End of every window, epoch ms.' },
        objectives: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              kind: { enum: ['success', 'latency'] },
              target: { type: 'number', description: 'Share of calls that must be good (0.999 = 99.9 %).' },
              threshold_ms: { ...nullableNumber, description: 'latency: a call slower than this is bad.' },
              period_ms: { type: 'integer' },
              volume: { type: 'integer' },
              bad: { type: 'integer' },
              allowed_bad: { type: 'number' },
              budget_left: { type: 'number', description: 'Share of the budget not spent; negative once overspent.' },
              burn_rates: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { window_ms: { type: 'integer' }, volume: { type: 'integer' }, bad: { type: 'integer' }, burn_rate: { ...nullableNumber, description: 'null without calls.' } },
                },
              },
            },
          },
        },
      },
    },
  };
}
