import { describeError } from '../checks/describe.js';
import { MissingVariableError, SecretResolver } from '../checks/env.js';
import type { HttpRecoveryAction } from './types.js';

/** Bytes of the answer read for its excerpt; the rest is left unread. */
const READ_BYTES = 16_384;
/** Characters of the answer kept, after scrubbing. */
export const EXCERPT_CHARS = 500;
const USER_AGENT = 'Switchboard-Recovery/1';

export type RunOutcome = 'succeeded' | 'failed' | 'timeout' | 'error';

export interface HttpRunResult {
  outcome: RunOutcome;
  status: number | null;
  ms: number;
  /** The start of the answer, every resolved secret and anything credential-shaped masked. */
  excerpt: string | null;
  error: string | null;
}

export interface HttpRunOptions {
  /** Where `${NAME}` references are read at run time (the server's environment). */
  env: NodeJS.ProcessEnv;
  now?: () => number;
}

class RunTimeout extends Error {}

async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, READ_BYTES).toString('utf8');
}

function succeeded(action: HttpRecoveryAction, status: number): boolean {
  return action.expectStatus ? action.expectStatus.includes(status) : status >= 200 && status < 300;
}

/**
 * Sends the action's request once, under its timeout. Secrets are resolved here and nowhere
 * else; whatever comes back (answer, error) is scrubbed of them before it leaves this function.
 */
export async function runHttpAction(action: HttpRecoveryAction, options: HttpRunOptions): Promise<HttpRunResult> {
  const now = options.now ?? (() => performance.now());
  const secrets = new SecretResolver(options.env);
  const started = now();
  const elapsed = () => Math.round(now() - started);
  let url: string;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  try {
    url = secrets.resolve(action.url);
    for (const [name, value] of Object.entries(action.headers)) headers[name] = secrets.resolve(value);
    body = action.body === undefined ? undefined : secrets.resolve(action.body);
  } catch (error) {
    if (!(error instanceof MissingVariableError)) throw error;
    return { outcome: 'error', status: null, ms: 0, excerpt: null, error: `${error.message} on the server: set it and run the action again` };
  }
  if (!/^https?:\/\//i.test(url)) {
    return { outcome: 'error', status: null, ms: 0, excerpt: null, error: 'the action URL is not an http(s) URL once its environment references are resolved' };
  }
  const lower = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  if (!lower.has('user-agent')) headers['user-agent'] = USER_AGENT;
  if (body !== undefined && !lower.has('content-type') && /^\s*[[{]/.test(body)) headers['content-type'] = 'application/json';
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new RunTimeout()), action.timeoutMs);
  try {
    // A redirect is reported, not followed: the resolved secrets go to the URL written, nowhere else.
    const response = await fetch(url, { method: action.method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual', signal: abort.signal });
    const text = await readStart(response);
    const excerpt = secrets.scrub(text).slice(0, EXCERPT_CHARS);
    const ok = succeeded(action, response.status);
    return { outcome: ok ? 'succeeded' : 'failed', status: response.status, ms: elapsed(), excerpt: excerpt || null, error: ok ? null : `answered ${response.status}` };
  } catch (error) {
    if (abort.signal.aborted) return { outcome: 'timeout', status: null, ms: elapsed(), excerpt: null, error: `no answer within ${action.timeoutMs} ms` };
    const cause = (error as { cause?: unknown }).cause ?? error;
    return { outcome: 'error', status: null, ms: elapsed(), excerpt: null, error: secrets.scrub(describeError(cause)) };
  } finally {
    clearTimeout(timer);
  }
}
