import { useState } from 'react';
import { postJson } from '../api';
import { problemOf, ProblemText, type Problem } from './ProblemText';

/** Sends a dead-lettered notification again (it goes back to the outbox as pending). */
export function RetryButton({ id, onRetried }: { id: number; onRetried: () => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const retry = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await postJson(`/api/v1/notifications/${id}/retry`);
      onRetried();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button--small" onClick={() => void retry()} disabled={busy} data-testid={`retry-${id}`}>
        {busy ? 'Queueing…' : 'Retry'}
      </button>
      {problem && <ProblemText problem={problem} />}
    </>
  );
}
