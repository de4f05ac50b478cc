import type { ApiError } from '../api';

export const NO_CALLS = 'No calls in this window';

/** An API error, in the server's own words. */
export function ErrorMessage({ error }: { error: ApiError }) {
  return (
    <div className="state state--error" role="alert" data-testid="error">
      <strong>Could not load this view.</strong> {error.message}
    </div>
  );
}

export function EmptyMessage({ children = NO_CALLS }: { children?: string }) {
  return (
    <p className="state state--empty" data-testid="empty">
      {children}
    </p>
  );
}

export function Loading() {
  return (
    <p className="state state--loading" aria-busy="true">
      Loading…
    </p>
  );
}
