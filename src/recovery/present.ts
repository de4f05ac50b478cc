import { presentHeaders } from '../catalogue/secret-headers.js';
import { redactText } from '../ingest/redact.js';
import type { RecoveryAction } from './types.js';

/** An action fit to show: ${ENV} references as written, never a value, nothing credential-shaped. */
export function presentAction(action: RecoveryAction): RecoveryAction {
  if (action.type === 'link') return action;
  return {
    ...action,
    url: redactText(action.url),
    headers: presentHeaders(action.headers),
    ...(action.body === undefined ? {} : { body: redactText(action.body) }),
  };
}
