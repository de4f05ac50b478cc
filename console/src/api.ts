/**
 * A small client for the API: JSON in, `{ error, code }` turned into an ApiError. Writes carry the
 * session's CSRF token (kept in memory only); a 401 tells the console to sign in again, and an
 * admin call refused for an old sign-in asks for a step-up and is then sent once more.
 */

import { takePrefetched } from './prefetch';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    /** Seconds the server asked us to wait (a 429's Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Params = Record<string, string | number | undefined>;

/** `/api/v1/…?a=1&b=2`, leaving out empty parameters. */
export function apiUrl(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function errorOf(body: unknown): { error: string; code?: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, code } = body as { error?: unknown; code?: unknown };
  if (typeof error !== 'string') return undefined;
  return { error, code: typeof code === 'string' ? code : undefined };
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The console session's CSRF token: sent as x-csrf-token on every write. Never stored in the browser. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** 401 "sign in" and 403 "choose your own password first": the session, not the page, has to answer these. */
type AuthListener = (problem: ApiError) => void;
const authListeners = new Set<AuthListener>();

export function onAuthProblem(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

/** Asks the person to confirm their sign-in; resolves true once the server accepted it, false when they gave up. */
type StepUpHandler = (problem: ApiError) => Promise<boolean>;
let stepUpHandler: StepUpHandler | undefined;
let pendingStepUp: Promise<boolean> | undefined;

export function setStepUpHandler(handler: StepUpHandler | undefined): void {
  stepUpHandler = handler;
}

/** Several admin calls refused at once share one step-up dialog. */
function stepUp(problem: ApiError): Promise<boolean> {
  if (!stepUpHandler) return Promise.resolve(false);
  pendingStepUp ??= stepUpHandler(problem).finally(() => {
    pendingStepUp = undefined;
  });
  return pendingStepUp;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

async function requestJson<T>(url: string, init: RequestInit, retried = false): Promise<T> {
  const { signal } = init;
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) };
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    const send = () => fetch(url, { ...init, headers });
    const early = method === 'GET' && !retried ? takePrefetched(url) : undefined;
    // An early answer that is not a success (asked before a sign-in, say) is asked again.
    response = await (early ? early.then((answer) => (answer.ok ? answer : send()), send) : send());
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(`The server cannot be reached (${error instanceof Error ? error.message : String(error)}).`, 0, 'unreachable');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const problem = errorOf(body);
    const error = new ApiError(
      problem?.error ?? `The server answered ${response.status} ${response.statusText}.`,
      response.status,
      problem?.code,
      retryAfterOf(response),
    );
    // Wrong passwords answer 401 too, with their own codes: only "who are you?" ends the session.
    if ((error.status === 401 && (error.code === 'unauthorized' || error.code === undefined)) || error.code === 'password_change_required') {
      for (const listener of authListeners) listener(error);
    }
    if (error.status === 403 && error.code === 'step_up_required' && !retried && !signal?.aborted && (await stepUp(error))) {
      return requestJson<T>(url, init, true);
    }
    throw error;
  }
  if (body === undefined) throw new ApiError('The server answered with something that is not JSON.', response.status, 'not_json');
  return body as T;
}

export function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(url, { signal });
}

function withBody(method: string, body: unknown, signal?: AbortSignal): RequestInit {
  return body === undefined ? { method, signal } : { method, signal, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}

/** POSTs with an empty body (actions such as "check now"), or with a JSON body. */
export function postJson<T>(url: string, signal?: AbortSignal, body?: unknown): Promise<T> {
  return requestJson<T>(url, withBody('POST', body, signal));
}

export function putJson<T>(url: string, body: unknown): Promise<T> {
  return requestJson<T>(url, withBody('PUT', body));
}

export function patchJson<T>(url: string, body: unknown): Promise<T> {
  return requestJson<T>(url, withBody('PATCH', body));
}

export function deleteJson<T>(url: string): Promise<T> {
  return requestJson<T>(url, { method: 'DELETE' });
}
