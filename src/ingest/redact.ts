/**
 * Secrets must never reach storage: attribute values under secret-looking keys are replaced, and
 * credentials embedded in free text (bearer tokens, basic-auth URLs, key=value pairs) are masked.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /authorization|token|secret|password|passwd|api[-_]?key|cookie|credential|private[-_]?key|signature/i;
const BEARER = /\b(bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi;
const KEY_VALUE = /\b((?:access_|refresh_|id_)?token|api[-_]?key|secret|password|client_secret)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactText(text: string): string {
  if (!/[bB@=:]/.test(text)) return text;
  return text
    .replace(BEARER, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(KEY_VALUE, `$1$2${REDACTED}`);
}

export function redactAttrs(
  attrs: Record<string, string | number | boolean>,
): Record<string, string | number | boolean> {
  const clean: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (isSecretKey(key)) clean[key] = REDACTED;
    else clean[key] = typeof value === 'string' ? redactText(value) : value;
  }
  return clean;
}
