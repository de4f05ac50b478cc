import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/**
 * The live feed: one EventSource on /api/v1/stream for the whole console. The server sends
 * `event: ingest` with the integrations that just received calls; pages subscribe and refetch
 * what they show. `null` means "anything may have changed" (sent after a reconnect).
 */

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
export type LiveListener = (integrations: string[] | null) => void;

interface Live {
  status: LiveStatus;
  subscribe: (listener: LiveListener) => () => void;
}

const LiveContext = createContext<Live>({ status: 'connecting', subscribe: () => () => undefined });

const STREAM_URL = '/api/v1/stream';
const RETRY_MS = 3_000;

function integrationsOf(data: string): string[] | null {
  try {
    const parsed = JSON.parse(data) as { integrations?: unknown };
    return Array.isArray(parsed.integrations) ? parsed.integrations.filter((id): id is string => typeof id === 'string') : null;
  } catch {
    return null;
  }
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<LiveListener>());

  useEffect(() => {
    let source: EventSource | undefined;
    let retry: number | undefined;
    let wasDown = false;
    const emit = (ids: string[] | null) => {
      for (const listener of listeners.current) listener(ids);
    };
    const connect = () => {
      source = new EventSource(STREAM_URL);
      source.onopen = () => {
        setStatus('live');
        // Calls may have arrived while the stream was down.
        if (wasDown) emit(null);
        wasDown = false;
      };
      source.addEventListener('ingest', (event) => emit(integrationsOf((event as MessageEvent<string>).data)));
      source.onerror = () => {
        wasDown = true;
        setStatus('reconnecting');
        // The browser retries by itself unless the answer was not an event stream at all.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          retry = window.setTimeout(connect, RETRY_MS);
        }
      };
    };
    connect();
    return () => {
      window.clearTimeout(retry);
      source?.close();
    };
  }, []);

  const live = useMemo<Live>(
    () => ({
      status,
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [status],
  );
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}
