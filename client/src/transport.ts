/**
 * One POST of a batch to the ingest API, and what its answer means for the records in it
 * (CONTRACT.md, "Answers"): committed (with the server's per-record rejections), worth another
 * attempt, or refused for good.
 */
import { retryAfterMs } from './backoff.js';
import { failureMessage } from './network-errors.js';
import { backgroundTimer } from './runtime.js';

export interface Rejection {
  index: number;
  error: string;
}

export type Answer =
  | { type: 'committed'; accepted: number; rejected: Rejection[] }
  | { type: 'retry'; status?: number; message: string; retryAfterMs?: number }
  | { type: 'refused'; status: number; message: string };

export interface IngestTarget {
  fetch: typeof fetch;
  url: string;
  key: string;
  timeoutMs: number;
}

/** Statuses that say "not now" rather than "never": timeouts, rate limits, server trouble. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function rejectionsOf(body: unknown): Rejection[] {
  const rejected = (body as { rejected?: unknown } | undefined)?.rejected;
  if (!Array.isArray(rejected)) return [];
  return rejected.filter(
    (item): item is Rejection => typeof item?.index === 'number' && typeof item?.error === 'string',
  );
}

/** The server's own reason ({"error": "…"}), else the start of whatever it sent. */
function reasonOf(status: number, text: string): string {
  const error = (parseJson(text) as { error?: unknown } | undefined)?.error;
  const reason = typeof error === 'string' ? error : text.trim().slice(0, 300);
  return `the server answered ${status}${reason ? `: ${reason}` : ''}`;
}

/** Posts a JSON array; never rejects. `abort` ends the request early (the client is closing). */
export async function postBatch(target: IngestTarget, body: string, records: number, abort: AbortSignal): Promise<Answer> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(abort.reason);
  abort.addEventListener('abort', onAbort);
  const timer = backgroundTimer(() => controller.abort(new Error(`no answer within ${target.timeoutMs} ms`)), target.timeoutMs);
  try {
    const response = await target.fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.key}` },
      body,
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.ok) {
      const answer = parseJson(text) as { accepted?: unknown } | undefined;
      const rejected = rejectionsOf(answer);
      // A 2xx means committed; a body we cannot read still does.
      const accepted = typeof answer?.accepted === 'number' ? answer.accepted : records - rejected.length;
      return { type: 'committed', accepted, rejected };
    }
    const message = reasonOf(response.status, text);
    if (!retryable(response.status)) return { type: 'refused', status: response.status, message };
    return { type: 'retry', status: response.status, message, retryAfterMs: retryAfterMs(response.headers.get('retry-after'), Date.now()) };
  } catch (error) {
    const reason = controller.signal.aborted ? failureMessage(controller.signal.reason) : failureMessage(error);
    return { type: 'retry', message: `no answer from ${target.url}: ${reason}` };
  } finally {
    clearTimeout(timer);
    abort.removeEventListener('abort', onAbort);
  }
}
