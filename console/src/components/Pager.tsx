import { useState } from 'react';

export interface Cursor {
  /** The cursor of the page shown (undefined: the first). */
  cursor: string | undefined;
  /** How many pages past the first this is. */
  depth: number;
  onward: (next: string) => void;
  back: () => void;
  first: () => void;
}

/**
 * Where a paginated list is: the cursors of the pages walked, back to the first when `resetKey`
 * (the filters, the window) changes. Live refreshes reload the page shown, not the first.
 */
export function useCursor(resetKey: string): Cursor {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  if (state.key !== resetKey) setState({ key: resetKey, stack: [] });
  return {
    cursor: stack[stack.length - 1],
    depth: stack.length,
    onward: (next) => setState({ key: resetKey, stack: [...stack, next] }),
    back: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
    first: () => setState({ key: resetKey, stack: [] }),
  };
}

/**
 * "Older →" (or "More →") where the API says there is a page after this one, and the way back;
 * nothing at all for a list that fits one page.
 */
export function Pager({ at, next, onward = 'Older', first = 'newest', testId }: { at: Cursor; next: string | null | undefined; onward?: string; first?: string; testId: string }) {
  if (!next && at.depth === 0) return null;
  return (
    <nav className="pager" aria-label="Pages" data-testid={testId}>
      {at.depth > 0 && (
        <button type="button" className="button button--small" onClick={at.first} data-testid={`${testId}-first`}>
          ← Back to the {first}
        </button>
      )}{' '}
      {at.depth > 1 && (
        <button type="button" className="button button--small" onClick={at.back} data-testid={`${testId}-back`}>
          ← Previous page
        </button>
      )}{' '}
      {next ? (
        <button type="button" className="button button--small" onClick={() => at.onward(next)} data-testid={`${testId}-onward`}>
          {onward} →
        </button>
      ) : (
        <span className="muted">No more</span>
      )}
    </nav>
  );
}
