import type { RecordKind, WireLog, WireRecord } from './records.js';

/** A request that failed, or options the client could not use. */
export interface DeliveryError {
  /** "network": no answer (refused, reset, DNS, TLS, timeout); "http": an error status; "config": the options. */
  type: 'network' | 'http' | 'config';
  message: string;
  /** The HTTP status, for "http". */
  status?: number;
  /** Records in the failed request. */
  records: number;
  /** True when the records stay buffered for another attempt. */
  retrying: boolean;
  /** When retrying: the wait before the next attempt. */
  retryInMs?: number;
  /** Consecutive failed attempts, this one included. */
  attempt: number;
}

/**
 * Why records will not be stored:
 * - "invalid": the client could not make a wire record of the input (nothing was sent);
 * - "overflow": the buffer was full and these were the oldest;
 * - "rejected": the server named them as invalid in a 200 answer (the rest of the batch was stored);
 * - "failed": the server refused the whole request (400, 401, 403, 404, 413, 415 …);
 * - "closed": the client was closed, or the process exited, before they were delivered.
 */
export type DropReason = 'invalid' | 'overflow' | 'rejected' | 'failed' | 'closed';

export type DropReport =
  | { reason: 'invalid'; error: string; count: 1; kind: RecordKind | 'log'; input: unknown }
  | {
      reason: Exclude<DropReason, 'invalid'>;
      error: string;
      count: number;
      status?: number;
      /** The records dropped (none when log lines were). */
      records: WireRecord[];
      /** The log lines dropped, when log lines were (client.log()). */
      lines?: WireLog[];
    };

export interface ClientStats {
  /** Records held now, waiting or in a request. */
  buffered: number;
  /** Records the server committed. */
  sent: number;
  /** Records the server refused: named in a 200 answer, or in a request it refused as a whole. */
  rejected: number;
  /** Records the client let go without the server's word: invalid input, overflow, close, exit. */
  dropped: number;
  /** Requests sent again after a failed attempt. */
  retried: number;
}
