/** The outcome classes of a call (CONTRACT.md), in the order every view shows them. */
export const OUTCOMES = [
  'ok',
  'client_error',
  'auth_error',
  'rate_limited',
  'server_error',
  'timeout',
  'network_error',
] as const;

export type Outcome = (typeof OUTCOMES)[number];

export function outcomeOf(status: number | undefined, error: string | undefined): Outcome {
  if (status === undefined) return error === 'timeout' ? 'timeout' : 'network_error';
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'auth_error';
  if (status === 429) return 'rate_limited';
  if (status < 500) return 'client_error';
  return 'server_error';
}
