/**
 * Requests a page will make, started while the session is still being checked, so the first
 * screen waits for the slower of the two instead of one after the other. A page's first request
 * for the same URL takes the answer over; one nobody takes (a signed-out caller, a page that asked
 * with other bounds) is dropped unread, and one that is not a success is asked again (api.ts).
 */
const started = new Map<string, Promise<Response>>();
/** Long enough for a slow session check; an answer older than this is not what "now" asked for. */
export const KEEP_MS = 30_000;

export function prefetch(url: string): void {
  if (started.has(url)) return;
  const response = fetch(url, { headers: { accept: 'application/json' } });
  // A failed early request is only a missed head start: the page asks again itself.
  response.catch(() => undefined);
  started.set(url, response);
  setTimeout(() => started.delete(url), KEEP_MS);
}

/** The early request for this URL, once; undefined when none was started. */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const response = started.get(url);
  started.delete(url);
  return response;
}
