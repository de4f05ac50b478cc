import type { Channel } from '../types.js';

/**
 * Why a channel could not deliver, and whether trying again can help (network errors, timeouts,
 * 408, 429 and 5xx can; other 4xx and configuration errors cannot). The message names the channel
 * and the status and has been scrubbed of every secret the channel resolved.
 */
export class ChannelError extends Error {
  readonly channel: string;
  readonly channelType: Channel['type'];
  /** The HTTP status (or SMTP reply code) the receiver answered with, if it answered. */
  readonly status: number | null;
  readonly retryable: boolean;
  /** The receiver asked us to wait this long before the next try (Retry-After), if it said. */
  readonly retryAfterMs: number | null;

  constructor(options: {
    channel: string;
    channelType: Channel['type'];
    message: string;
    retryable: boolean;
    status?: number | null;
    retryAfterMs?: number | null;
  }) {
    super(`${options.channelType} channel "${options.channel}": ${options.message}`);
    this.name = 'ChannelError';
    this.channel = options.channel;
    this.channelType = options.channelType;
    this.status = options.status ?? null;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/** HTTP statuses worth another try: timeouts, rate limiting and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
