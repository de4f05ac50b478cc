import { REDACTED, isSecretKey } from '../ingest/redact.js';

/** A value that only names an environment variable, with an optional scheme: "Bearer ${TOKEN}". */
const REFERENCE_ONLY = /^\s*(\w+\s+)?\$\{[A-Z_][A-Z0-9_]*\}\s*$/;

/** The headers (of a check or a recovery action) whose secret-looking name holds a literal value. */
export function literalSecretHeaders(headers: unknown): string[] {
  if (typeof headers !== 'object' || headers === null) return [];
  return Object.entries(headers as Record<string, unknown>)
    .filter(([header, value]) => typeof value === 'string' && isSecretKey(header) && !REFERENCE_ONLY.test(value))
    .map(([header]) => header);
}

export function literalSecretMessage(header: string): string {
  return `header "${header}" holds a literal secret: put it in an environment variable and write \${NAME} (e.g. "Bearer \${PARTNER_TOKEN}")`;
}

/** Header values are shown only as environment references; anything else is masked. */
export function presentHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretKey(name) && !value.includes('${') ? REDACTED : value]));
}
