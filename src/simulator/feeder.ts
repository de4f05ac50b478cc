/**
 * Pushes simulated traffic into a running Switchboard server over the public ingest API, the same
 * way a customer's integration would: live, tick by tick (`startFeeder`), or as history (`backfill`).
 */
import type { WireRecord } from '../ingest/wire.js';
import type { Simulator } from './simulator.js';

export const DEFAULT_BATCH_SIZE = 5_000;
export const DEFAULT_MAX_PENDING = 50_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

interface PostOutcome {
  readonly ok: boolean;
  /** Worth sending again later: the server or the network had a bad moment. */
  readonly retryable: boolean;
  /** Records the server accepted the batch but named as invalid. */
  readonly rejected: number;
  readonly error?: Error;
}

function ingestUrl(base: string): string {
  return `${base.replace(/\/+$/, '')}/api/v1/ingest`;
}

function toNdjson(records: readonly WireRecord[]): string {
  let body = '';
  for (const record of records) body += JSON.stringify(record) + '\n';
  return body;
}

async function postBatch(url: string, ingestKey: string, records: readonly WireRecord[], timeoutMs: number): Promise<PostOutcome> {
  let response: Response;
  try {
    response = await fetch(ingestUrl(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ingestKey}` },
      body: toNdjson(records),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, retryable: true, rejected: 0, error: new Error(`POST ${ingestUrl(url)} failed: ${message}${cause}`) };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    let rejected = 0;
    try {
      const answer = JSON.parse(text) as { rejected?: unknown };
      if (Array.isArray(answer.rejected)) rejected = answer.rejected.length;
    } catch {
      // A 2xx means committed; an odd body does not change that.
    }
    const error = rejected > 0 ? new Error(`server rejected ${rejected} of ${records.length} records: ${text.slice(0, 300)}`) : undefined;
    return error ? { ok: true, retryable: false, rejected, error } : { ok: true, retryable: false, rejected };
  }
  const status = response.status;
  return {
    ok: false,
    // Throttling and server trouble pass; any other 4xx would fail the same way again.
    retryable: status === 408 || status === 429 || status >= 500,
    rejected: 0,
    error: new Error(`POST ${ingestUrl(url)} answered ${status}: ${text.slice(0, 300)}`),
  };
}

export interface FeederOptions {
  simulator: Simulator;
  /** Server base url, e.g. http://127.0.0.1:7300. */
  url: string;
  ingestKey: string;
  intervalMs?: number;
  clock?: () => number;
  onError?: (error: Error) => void;
  /** Where the stream starts; default `clock()` at start. Pass a backfill's `toMs` to continue it seamlessly. */
  startMs?: number;
  batchSize?: number;
  /** Records kept for retry while the server is unreachable; beyond it the oldest are dropped. */
  maxPending?: number;
  requestTimeoutMs?: number;
}

export interface FeederStats {
  /** Records delivered in batches the server answered with 2xx. */
  sent: number;
  /** Requests that failed (network error or non-2xx). */
  failed: number;
  /** Records given up on: pushed out of a full retry buffer, or refused with a non-retryable 4xx. */
  dropped: number;
  /** Records the server took in a 2xx batch but named as invalid (counted in `sent` too). */
  rejected: number;
  /** Records waiting to be sent. */
  pending: number;
  ticks: number;
  lastError: string | undefined;
}

export interface Feeder {
  /** Stops the timer and waits for a tick in progress; records still pending are not sent. */
  stop(): Promise<void>;
  stats(): FeederStats;
}

/**
 * Every `intervalMs`, generates the records since the previous tick and POSTs them as NDJSON in
 * batches of at most `batchSize`, oldest first.
 *
 * Failed windows are retried: when a request fails with a network error, 408, 429 or 5xx, its records
 * (and everything after them) stay pending and go out first on the next tick, so the server sees
 * each record once and in order. A request that fails after the server committed it (a timeout on
 * the answer) is sent again, so delivery is at least once. The backlog is bounded by `maxPending`;
 * past it the oldest records are dropped and counted in `dropped`. Other 4xx answers (bad key, body
 * too large) would fail the same way forever, so that batch is dropped and reported. Nothing is
 * thrown from the timer: every problem goes to `onError`.
 */
export function startFeeder(options: FeederOptions): Feeder {
  const {
    simulator,
    url,
    ingestKey,
    intervalMs = 1_000,
    clock = Date.now,
    onError = () => {},
    batchSize = DEFAULT_BATCH_SIZE,
    maxPending = DEFAULT_MAX_PENDING,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  } = options;
  if (!(batchSize >= 1) || !(maxPending >= batchSize)) throw new Error('batchSize must be ≥ 1 and maxPending ≥ batchSize');

  let cursor = Math.floor(options.startMs ?? clock());
  let pending: WireRecord[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const stats: Omit<FeederStats, 'pending'> = { sent: 0, failed: 0, dropped: 0, rejected: 0, ticks: 0, lastError: undefined };

  const report = (error: Error): void => {
    stats.lastError = error.message;
    try {
      onError(error);
    } catch {
      // A throwing error handler must not kill the feeder.
    }
  };

  async function tick(): Promise<void> {
    try {
      const now = Math.floor(clock());
      if (now > cursor) {
        const records = simulator.generate(cursor, now);
        cursor = now;
        pending = pending.length === 0 ? records : pending.concat(records);
        if (pending.length > maxPending) {
          const excess = pending.length - maxPending;
          pending = pending.slice(excess);
          stats.dropped += excess;
          report(new Error(`retry buffer full: dropped the ${excess} oldest records`));
        }
      }
      while (pending.length > 0 && !stopped) {
        const batch = pending.slice(0, batchSize);
        const outcome = await postBatch(url, ingestKey, batch, requestTimeoutMs);
        if (outcome.ok || !outcome.retryable) pending = pending.slice(batch.length);
        if (outcome.ok) {
          stats.sent += batch.length;
          stats.rejected += outcome.rejected;
        } else {
          stats.failed++;
          if (!outcome.retryable) stats.dropped += batch.length;
        }
        if (outcome.error) report(outcome.error);
        if (!outcome.ok && outcome.retryable) break; // try again next tick
      }
    } catch (err) {
      report(err instanceof Error ? err : new Error(String(err)));
    } finally {
      stats.ticks++;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
  }
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
    stats() {
      return { ...stats, pending: pending.length };
    },
  };
}

export interface BackfillOptions {
  simulator: Simulator;
  url: string;
  ingestKey: string;
  fromMs: number;
  toMs: number;
  batchSize?: number;
  /** History is generated this much at a time, to keep memory flat at large scales. */
  chunkMs?: number;
  /** Attempts per batch on retryable failures before giving up. */
  attempts?: number;
  requestTimeoutMs?: number;
  onProgress?: (progress: { doneUntilMs: number; sent: number }) => void;
}

export interface BackfillResult {
  sent: number;
  batches: number;
  rejected: number;
}

/**
 * Posts the simulated history of `[fromMs, toMs)` in order, so a demo opens with data already there.
 * Unlike the live feeder it is awaited, so it throws when a batch cannot be delivered.
 */
export async function backfill(options: BackfillOptions): Promise<BackfillResult> {
  const {
    simulator,
    url,
    ingestKey,
    fromMs,
    toMs,
    batchSize = DEFAULT_BATCH_SIZE,
    chunkMs = 15 * 60_000,
    attempts = 4,
    requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
    onProgress,
  } = options;
  if (!(batchSize >= 1) || !(chunkMs > 0)) throw new Error('batchSize and chunkMs must be positive');
  const result: BackfillResult = { sent: 0, batches: 0, rejected: 0 };
  let buffer: WireRecord[] = [];

  async function send(batch: WireRecord[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await postBatch(url, ingestKey, batch, requestTimeoutMs);
      if (outcome.ok) {
        result.sent += batch.length;
        result.batches++;
        result.rejected += outcome.rejected;
        return;
      }
      if (!outcome.retryable || attempt >= attempts) throw outcome.error ?? new Error('backfill batch failed');
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
    }
  }

  for (let start = fromMs; start < toMs; start += chunkMs) {
    const end = Math.min(toMs, start + chunkMs);
    buffer = buffer.length === 0 ? simulator.generate(start, end) : buffer.concat(simulator.generate(start, end));
    while (buffer.length >= batchSize) {
      await send(buffer.slice(0, batchSize));
      buffer = buffer.slice(batchSize);
    }
    onProgress?.({ doneUntilMs: end, sent: result.sent });
  }
  if (buffer.length > 0) await send(buffer);
  return result;
}
