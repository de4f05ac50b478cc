import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/** How long a shutdown step may take before the log says what the stop is waiting for. */
const SLOW_STEP_MS = 5_000;

interface InFlight {
  operation: string;
  started: number;
}

export interface InFlightRequests {
  /** The requests being answered right now, so a slow stop can say which ones it waits for. */
  list(): string[];
  /**
   * From now on every answer closes its connection: a client's keep-alive connection left idle
   * after its last answer would otherwise hold the stop until the grace period ran out.
   */
  stopping(): void;
}

export function trackInFlight(app: FastifyInstance): InFlightRequests {
  const inFlight = new Map<string, InFlight>();
  let stopping = false;
  app.addHook('onRequest', async (request) => {
    inFlight.set(request.id, { operation: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`, started: Date.now() });
  });
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  const done = async (request: { id: string }) => void inFlight.delete(request.id);
  app.addHook('onResponse', done);
  app.addHook('onRequestAbort', done);
  return {
    list: () => [...inFlight.values()].map(({ operation, started }) => `${operation} (${Math.round((Date.now() - started) / 1000)} s)`),
    stopping: () => void (stopping = true),
  };
}

/** A shutdown step that is taking long says so, so an operator sees what a stop waits for. */
export async function loggedWhenSlow(log: FastifyBaseLogger, what: () => string, step: () => Promise<void>): Promise<void> {
  const started = Date.now();
  const warning = setInterval(() => log.warn({ operation: 'shutdown', waiting_ms: Date.now() - started }, `shutdown still waiting for ${what()}`), SLOW_STEP_MS);
  try {
    await step();
  } finally {
    clearInterval(warning);
  }
}

/**
 * Stops taking requests and lets those in flight finish for `graceMs`; past it, cuts the
 * connections still open (a stream, a request stuck behind a dead peer) so the stop completes.
 */
export async function closeWithinGrace(app: FastifyInstance, inFlight: InFlightRequests, graceMs: number): Promise<void> {
  inFlight.stopping();
  const closing = app.close();
  // Connections idle already when the stop began are closed by the server's own close.
  const timer = setTimeout(() => {
    app.log.warn({ operation: 'shutdown', requests: inFlight.list().slice(0, 20) }, `requests still open ${graceMs / 1000} s into the stop: closing their connections`);
    app.server.closeAllConnections();
  }, graceMs);
  try {
    await closing;
  } finally {
    clearTimeout(timer);
  }
}
