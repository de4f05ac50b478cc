import type { OtlpSpan } from './types.js';

/**
 * The contract's error of a failed span that has no HTTP status: "timeout", "connection", "dns"
 * or "tls" when its error type, exception or status message says so (timeouts first: a connect
 * timeout is a timeout), else the error type itself.
 */
const CLASSES: Array<[RegExp, string]> = [
  [/timed?[ _-]?out(?!put)|deadline[ _-]?exceeded/i, 'timeout'],
  [/ENOTFOUND|EAI_AGAIN|unknown[ _-]?host|name[ _-]?(resolution|not[ _-]?resolved)|\bdns\b/i, 'dns'],
  [/\btls\b|\bssl\b|certificate|CERT_|handshake/i, 'tls'],
  [/ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|EHOSTUNREACH|ENETUNREACH|socket hang up|UND_ERR_SOCKET|connect(ion)?[ _-]?(refused|reset|closed|error|exception|failure)/i, 'connection'],
];

/** error.type's value when instrumentation knows of no better one. */
const UNKNOWN_ERROR_TYPE = '_OTHER';
const MAX_ERROR_LENGTH = 200;

export function errorOfSpan(span: OtlpSpan): string {
  const exception = span.events.find((event) => event.name === 'exception')?.attributes;
  const clues = [span.attributes.get('error.type'), exception?.get('exception.type'), exception?.get('exception.message'), span.status.message]
    .filter((clue): clue is string => typeof clue === 'string' && clue !== '' && clue !== UNKNOWN_ERROR_TYPE);
  for (const [pattern, error] of CLASSES) if (clues.some((clue) => pattern.test(clue))) return error;
  return (clues[0] ?? 'error').slice(0, MAX_ERROR_LENGTH);
}
