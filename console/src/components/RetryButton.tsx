import { postJson } from '../api';
import { ProblemText } from './ProblemText';
import { useAction } from './useAction';

/** Sends a dead-lettered notification again (it goes back to the outbox as pending). */
export function RetryButton({ id, onRetried }: { id: number; onRetried: () => void }) {
  const { busy, problem, act } = useAction(onRetried);
  const retry = () => act(() => postJson(`/api/v1/notifications/${id}/retry`));
  return (
    <>
      <button type="button" className="button button--small" onClick={() => void retry()} disabled={busy} data-testid={`retry-${id}`}>
        {busy ? 'Queueing…' : 'Retry'}
      </button>
      {problem && <ProblemText problem={problem} />}
    </>
  );
}
