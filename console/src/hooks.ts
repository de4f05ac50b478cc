import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, getJson } from './api';
import { useLive } from './live';

/** At most one live refetch per this long. */
export const LIVE_THROTTLE_MS = 2_000;
/** While the stream is down, poll this often. */
export const POLL_MS = 5_000;

/**
 * A counter that goes up whenever the page should refetch: when the live stream names an
 * integration the page shows (throttled to once per LIVE_THROTTLE_MS, the last event never
 * lost), and every POLL_MS while the stream is not connected.
 */
export function useRefreshTick(shows: (integrations: string[]) => boolean): number {
  const { status, subscribe } = useLive();
  const [tick, setTick] = useState(0);
  const showsRef = useRef(shows);
  showsRef.current = shows;
  const lastRun = useRef(0);
  const timer = useRef<number | undefined>(undefined);

  const request = useCallback(() => {
    if (timer.current !== undefined) return;
    const run = () => {
      timer.current = undefined;
      lastRun.current = Date.now();
      setTick((t) => t + 1);
    };
    const wait = LIVE_THROTTLE_MS - (Date.now() - lastRun.current);
    if (wait <= 0) run();
    else timer.current = window.setTimeout(run, wait);
  }, []);

  useEffect(
    () =>
      subscribe((ids) => {
        if (ids === null || showsRef.current(ids)) request();
      }),
    [subscribe, request],
  );

  useEffect(() => {
    if (status === 'live') return;
    const id = window.setInterval(request, POLL_MS);
    return () => window.clearInterval(id);
  }, [status, request]);

  useEffect(() => () => window.clearTimeout(timer.current), []);
  return tick;
}

export interface Fetched<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
}

/** Answers worth asking again by themselves: the server busy (503, 429), a gateway's hiccup, no connection. */
const TRANSIENT = new Set([0, 429, 502, 503, 504]);
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;

/** How long to wait before asking again after the `attempt`-th transient failure in a row. */
export function retryDelayMs(problem: ApiError, attempt: number): number {
  const asked = problem.retryAfterSeconds !== undefined ? problem.retryAfterSeconds * 1_000 : 0;
  return Math.min(RETRY_MAX_MS, Math.max(asked, RETRY_FIRST_MS * 2 ** attempt));
}

/** The question out for one `useJson`: what it asks now, whether to ask again once answered, its retry timer. */
interface Flight {
  url: string;
  again: boolean;
  controller: AbortController;
  retry: number | undefined;
}

function abandon(flight: Flight | undefined): void {
  if (!flight) return;
  flight.controller.abort();
  window.clearTimeout(flight.retry);
}

/**
 * GETs `url` whenever it or `refresh` changes (null: nothing to fetch). The previous answer stays on screen
 * while the next one loads, so live refreshes do not flicker. A new `url` alone is a new question: the
 * one out is abandoned. A new `refresh` (with or without a new url: a rolling window moves with it) while
 * a request is out does not cut it: its answer lands, then the newest url is asked once — so on a server
 * slower than the refresh rate, answers still arrive instead of every request being cut by the next tick.
 * A busy or unreachable server is asked again by itself (after its Retry-After, backing off to 30 s) and,
 * while a previous answer is on screen, that answer stays: a live refresh refused under load must not
 * blank a page an on-call engineer is reading.
 */
export function useJson<T>(url: string | null, refresh = 0): Fetched<T> {
  const [state, setState] = useState<Fetched<T>>({ data: undefined, error: undefined, loading: url !== null });
  const flight = useRef<Flight | undefined>(undefined);
  const lastRefresh = useRef(refresh);

  useEffect(() => {
    const refreshed = refresh !== lastRefresh.current;
    lastRefresh.current = refresh;
    const out = flight.current;
    if (out && refreshed && url !== null) {
      out.url = url;
      out.again = true;
      return;
    }
    abandon(out);
    flight.current = undefined;
    if (url === null) return;

    const next: Flight = { url, again: false, controller: new AbortController(), retry: undefined };
    flight.current = next;
    const settle = () => {
      if (next.again) ask(0);
      else if (flight.current === next) flight.current = undefined;
    };
    const ask = (attempt: number) => {
      next.again = false;
      next.retry = undefined;
      setState((previous) => ({ ...previous, loading: true }));
      getJson<T>(next.url, next.controller.signal).then(
        (data) => {
          if (next.controller.signal.aborted) return;
          setState({ data, error: undefined, loading: next.again });
          settle();
        },
        (error: unknown) => {
          if (next.controller.signal.aborted) return;
          const problem = error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), 0);
          const transient = TRANSIENT.has(problem.status);
          setState((previous) => (transient && previous.data !== undefined ? { ...previous, loading: true } : { data: undefined, error: problem, loading: transient || next.again }));
          if (transient) next.retry = window.setTimeout(() => ask(attempt + 1), retryDelayMs(problem, attempt));
          else settle();
        },
      );
    };
    ask(0);
  }, [url, refresh]);

  useEffect(
    () => () => {
      abandon(flight.current);
      flight.current = undefined;
    },
    [],
  );
  return state;
}

/** The current time, re-read every `everyMs` (for "last seen 12 s ago"). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** A counter that goes up every `everyMs` (for what changes without ingest: health, checks). */
export function usePollTick(everyMs: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = window.setInterval(() => setTick((t) => t + 1), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return tick;
}
