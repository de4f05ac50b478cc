/** A small client for the read API: JSON in, `{ error, code }` turned into an ApiError. */

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

async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  const { signal } = init;
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: 'application/json', ...init.headers } });
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
    throw new ApiError(
      problem?.error ?? `The server answered ${response.status} ${response.statusText}.`,
      response.status,
      problem?.code,
      retryAfterOf(response),
    );
  }
  if (body === undefined) throw new ApiError('The server answered with something that is not JSON.', response.status, 'not_json');
  return body as T;
}

export function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>(url, { signal });
}

/** POSTs with an empty body (actions such as "check now"), or with a JSON body. */
export function postJson<T>(url: string, signal?: AbortSignal, body?: unknown): Promise<T> {
  return requestJson<T>(url, body === undefined ? { method: 'POST', signal } : { method: 'POST', signal, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

export function deleteJson<T>(url: string): Promise<T> {
  return requestJson<T>(url, { method: 'DELETE' });
}
