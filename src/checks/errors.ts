import { SwitchboardError } from '../errors.js';

/** A manual run asked for too soon after the last one; the route answers 429 with Retry-After. */
export class CheckRateLimitedError extends SwitchboardError {
  constructor(
    readonly integration: string,
    readonly check: string,
    readonly retryAfterMs: number,
    windowMs = MANUAL_RUN_EVERY_MS,
  ) {
    super(
      'rate_limited',
      `check "${check}" of ${integration} was run by hand less than ${Math.ceil(windowMs / 1000)} s ago; try again in ${Math.ceil(retryAfterMs / 1000)} s`,
      429,
    );
    this.name = 'CheckRateLimitedError';
  }
}

/** A manual run of one check at most this often. */
export const MANUAL_RUN_EVERY_MS = 10_000;
