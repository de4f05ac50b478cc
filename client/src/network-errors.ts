/**
 * What went wrong when a request got no answer, read off the error fetch threw. Node's fetch
 * wraps the socket error ("fetch failed", with the system error as `cause`, sometimes an
 * AggregateError of one per address tried), so the whole chain is searched.
 */
const TIMEOUT_NAMES = new Set(['AbortError', 'TimeoutError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ABORT_ERR', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ENETUNREACH', 'ENETDOWN', 'EHOSTUNREACH', 'EHOSTDOWN',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
const TLS_CODE = /CERT|SSL|TLS|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/;

/** The classes the contract names for a call that got no HTTP status, or a short code otherwise. */
export type CallErrorClass = 'timeout' | 'dns' | 'connection' | 'tls' | (string & {});

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error, its causes and the members of any AggregateError among them, outermost first. */
function chain(error: unknown): ErrorLike[] {
  const found: ErrorLike[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && found.length < 16) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || found.includes(next as ErrorLike)) continue;
    const item = next as ErrorLike;
    found.push(item);
    pending.push(item.cause);
    if (Array.isArray(item.errors)) pending.push(...item.errors);
  }
  return found;
}

function classOfCode(code: string): CallErrorClass | undefined {
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (DNS_CODES.has(code)) return 'dns';
  if (CONNECTION_CODES.has(code)) return 'connection';
  if (TLS_CODE.test(code)) return 'tls';
  return undefined;
}

export function callErrorClass(error: unknown): CallErrorClass {
  const errors = chain(error);
  if (errors.some((item) => TIMEOUT_NAMES.has(item.name as string))) return 'timeout';
  const codes = errors.map((item) => item.code).filter((code): code is string => typeof code === 'string' && code.length > 0);
  for (const code of codes) {
    const known = classOfCode(code);
    if (known) return known;
  }
  return codes[0]?.toLowerCase().slice(0, 64) ?? 'error';
}

/** The most specific message in the chain, e.g. "connect ECONNREFUSED 127.0.0.1:7300". */
export function failureMessage(error: unknown): string {
  const messages = chain(error)
    .map((item) => (typeof item.message === 'string' ? item.message : ''))
    .filter((message) => message.length > 0);
  return messages.length === 0 ? String(error) : messages[messages.length - 1]!;
}
