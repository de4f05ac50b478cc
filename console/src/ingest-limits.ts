import type { IngestLimitsAnswer } from './types';

type Rejection = IngestLimitsAnswer['rejections'][number];

/** What each refusal means, in the words of the limit that refused it. */
export function refusalText(rejection: Rejection, limits: IngestLimitsAnswer['limits']): string {
  switch (rejection.reason) {
    case 'integrations':
      return `new integration ids past the limit of ${limits.integrations.toLocaleString('en')} integrations`;
    case 'operation':
      return `new operations past ${limits.operations_per_integration.toLocaleString('en')} per integration`;
    case 'event':
      return `new event names past ${limits.operations_per_integration.toLocaleString('en')} per integration`;
    default:
      return `new ${rejection.reason} values past ${limits.label_values_per_integration.toLocaleString('en')} per integration`;
  }
}

export function refusedTotal(answer: IngestLimitsAnswer): number {
  return answer.rejections.reduce((sum, rejection) => sum + rejection.rejected, 0);
}
