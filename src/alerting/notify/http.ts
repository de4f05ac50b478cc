import type { SecretResolver } from '../../checks/env.js';
import type { Channel } from '../types.js';
import { ChannelError, isRetryableStatus, parseRetryAfter } from './errors.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface HttpSendOptions {
  channel: string;
  channelType: Channel['type'];
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Scrubs what the resolver substituted (and anything credential-shaped) from error text. */
  secrets: SecretResolver;
  /**
   * The URL itself is a credential (a Slack webhook, or any URL from an ${ENV} reference): its
   * path, path segments and query are masked too wherever a receiver echoes them back.
   */
  secretUrl?: boolean;
  fetch?: typeof fetch;
}

/** What the receiver answered (2xx only; anything else throws a ChannelError). */
export interface HttpAnswer {
  status: number;
  text: string;
}

/** Where a request went, without path, query or credentials: the path of a Slack URL is its secret. */
export function describeTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host;
  } catch {
    return 'an unparseable URL';
  }
}

/**
 * The send stage shared by the HTTP channels: one POST with a timeout and no redirects, the answer
 * classified into delivered / retryable / not, every message scrubbed of resolved secrets.
 */
/** Parts of a credential-bearing URL that must not be repeated anywhere. */
function urlParts(url: string): string[] {
  try {
    const parsed = new URL(url);
    const parts = [parsed.pathname + parsed.search, parsed.pathname, parsed.search.slice(1), parsed.username, parsed.password];
    for (const segment of parsed.pathname.split('/')) if (segment.length >= 6) parts.push(segment);
    for (const value of parsed.searchParams.values()) parts.push(value);
    return parts.filter((part) => part.length >= 6 && part !== '/').sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}

export async function postJson(options: HttpSendOptions): Promise<HttpAnswer> {
  const masked = options.secretUrl ? urlParts(options.url) : [];
  const scrub = (text: string): string => {
    let clean = options.secrets.scrub(text);
    for (const part of masked) clean = clean.split(part).join('[REDACTED]');
    return clean;
  };
  const fail = (message: string, retryable: boolean, status: number | null = null, retryAfterMs: number | null = null): ChannelError =>
    new ChannelError({ channel: options.channel, channelType: options.channelType, message: scrub(message), retryable, status, retryAfterMs });

  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw fail('the configured URL is not a valid URL', false);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`the configured URL must be http or https, not ${url.protocol}`, false);
  const target = describeTarget(options.url);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'switchboard-notify/1', ...options.headers },
      body: options.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const err = error as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw fail(`no answer from ${target} within ${Math.round(options.timeoutMs / 1000)} s`, true);
    }
    const cause = err.cause?.code ?? err.cause?.message ?? err.message;
    throw fail(`could not reach ${target}: ${cause}`, true);
  }
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The status says enough.
  }
  if (response.status >= 200 && response.status < 300) return { status: response.status, text };
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (response.status >= 300 && response.status < 400) {
    throw fail(`${target} answered HTTP ${response.status} (a redirect, which is not followed; configure the final URL)`, false, response.status);
  }
  const retryable = isRetryableStatus(response.status);
  throw fail(
    `${target} answered HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`,
    retryable,
    response.status,
    retryable ? parseRetryAfter(response.headers.get('retry-after')) : null,
  );
}
