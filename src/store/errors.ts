import { SwitchboardError, messageOf } from '../errors.js';

export class StoreError extends SwitchboardError {
  static unreachable(location: string, cause: unknown): StoreError {
    return new StoreError(
      'store_unavailable',
      `cannot open the database at ${location}: ${messageOf(cause)}. ` +
        'Check that the file is writable (SQLite) or that the server is up and the URL right (PostgreSQL).',
    );
  }

  private constructor(code: string, message: string) {
    super(code, message, 503);
    this.name = 'StoreError';
  }
}
