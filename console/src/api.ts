/** A small client for the read API: JSON in, `{ error, code }` turned into an ApiError. */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
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

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
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
    throw new ApiError(problem?.error ?? `The server answered ${response.status} ${response.statusText}.`, response.status, problem?.code);
  }
  if (body === undefined) throw new ApiError('The server answered with something that is not JSON.', response.status, 'not_json');
  return body as T;
}
