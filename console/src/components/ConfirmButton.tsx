import { useState, type ReactNode } from 'react';

/**
 * A destructive action asked twice, in place: the first press shows the question with
 * "Yes, …" and "Cancel"; only the second runs it.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, testId }: { label: string; question: ReactNode; confirmLabel: string; onConfirm: () => void; testId?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button--small" onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={label}>
      <span className="confirm__question">{question}</span>{' '}
      <button
        type="button"
        className="button button--small button--danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={testId && `${testId}-confirm`}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" className="button button--small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
