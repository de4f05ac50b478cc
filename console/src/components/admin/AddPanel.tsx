import { useState, type ReactNode } from 'react';
import { AdminNav, type AdminPageKey } from './AdminNav';

/**
 * An administration page's heading with a button that opens a panel to add one more (a user, a
 * token); `children` gets the function that closes it again once added.
 */
export function AddPanel({ current, title, testId, children }: { current: AdminPageKey; title: string; testId: string; children: (close: () => void) => ReactNode }) {
  const [adding, setAdding] = useState(false);
  return (
    <>
      <AdminNav current={current}>
        <button type="button" className="button button--primary" onClick={() => setAdding((open) => !open)} aria-expanded={adding} data-testid={testId}>
          {adding ? 'Close' : title}
        </button>
      </AdminNav>
      {adding && (
        <section className="panel" aria-labelledby={`${testId}-title`}>
          <h2 id={`${testId}-title`}>{title}</h2>
          {children(() => setAdding(false))}
        </section>
      )}
    </>
  );
}
