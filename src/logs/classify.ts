/**
 * What a failed call that a log line reports amounts to, from its error text: the HTTP status (or
 * the network error) the outcome classes are built on (CONTRACT.md, "Outcome class of a call").
 * "Invalid session token" is an auth error, "Request timed out" a timeout. A status the line's
 * metadata gives (`status`, `statusCode`) wins over the words.
 */
export type Classified = { status: number } | { error: 'timeout' | 'connection' | string };

const RULES: ReadonlyArray<[RegExp, Classified]> = [
  [/invalid (?:session )?token|(?:expired|revoked) (?:session|token|credentials)|unauthori[sz]ed|forbidden|invalid credentials|authentication failed|access denied|invalid_grant|\b40[13]\b/i, { status: 401 }],
  [/rate.?limit|too many requests|throttl|quota exceeded|\b429\b/i, { status: 429 }],
  [/internal server error|service unavailable|bad gateway|gateway time-?out|\b50[0-4]\b/i, { status: 503 }],
  [/timed? ?out|timeout|ETIMEDOUT|ESOCKETTIMEDOUT/i, { error: 'timeout' }],
  [/ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|getaddrinfo|socket hang up|connection (?:refused|reset|closed|lost)/i, { error: 'connection' }],
  [/not found|bad request|validation|unprocessable|conflict|\b4\d\d\b/i, { status: 400 }],
];

export function classifyError(text: string, metadataStatus?: unknown): Classified {
  if (typeof metadataStatus === 'number' && Number.isInteger(metadataStatus) && metadataStatus >= 100 && metadataStatus <= 599) return { status: metadataStatus };
  for (const [pattern, classified] of RULES) if (pattern.test(text)) return classified;
  // Without words or a status to go by: a failure of the call itself (network_error).
  return { error: text };
}
