/**
 * Errors a user can act on: a stable code for machines, an HTTP status for the API, and a message
 * that says what went wrong and what to do about it.
 */
export class SwitchboardError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 500,
  ) {
    super(message);
    this.name = 'SwitchboardError';
  }
}

export class InputError extends SwitchboardError {
  constructor(message: string, code = 'invalid_request', httpStatus = 400) {
    super(code, message, httpStatus);
    this.name = 'InputError';
  }
}

export class NotFoundError extends SwitchboardError {
  constructor(message: string) {
    super('not_found', message, 404);
    this.name = 'NotFoundError';
  }
}

/** Asked too often: answered 429 with Retry-After. */
export class TooManyRequestsError extends SwitchboardError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'rate_limited',
  ) {
    super(code, message, 429);
    this.name = 'TooManyRequestsError';
  }
}

/**
 * The server cannot take this read now (too many expensive reads at once, or it ran past its
 * time): answered 503 with Retry-After, never queued without end.
 */
export class ServiceUnavailableError extends SwitchboardError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'busy',
  ) {
    super(code, message, 503);
    this.name = 'ServiceUnavailableError';
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
