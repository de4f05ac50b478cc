import { useEffect, useRef, useState } from 'react';
import { ApiError, postJson } from '../api';
import { formatLatency } from '../format';
import { useNow } from '../hooks';
import type { CheckResult, CheckRunAnswer } from '../types';

type State = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; result: CheckResult } | { kind: 'wait'; until: number } | { kind: 'error'; message: string };

/** Runs one check at once. The server limits how often: a 429 reads "try again in N s", counting down. */
export function CheckNowButton({ integration, check, onResult }: { integration: string; check: string; onResult: () => void }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  // Re-render every second while waiting, so the count goes down.
  useNow(state.kind === 'wait' ? 1_000 : 60_000);
  const waitLeft = state.kind === 'wait' ? Math.ceil((state.until - Date.now()) / 1000) : 0;
  useEffect(() => {
    if (state.kind === 'wait' && waitLeft <= 0) setState({ kind: 'idle' });
  }, [state.kind, waitLeft]);

  const run = async () => {
    setState({ kind: 'running' });
    try {
      const answer = await postJson<CheckRunAnswer | CheckResult>(`/api/v1/integrations/${encodeURIComponent(integration)}/checks/${encodeURIComponent(check)}/run`);
      const result = 'result' in answer ? answer.result : answer;
      if (!mounted.current) return;
      setState({ kind: 'done', result });
      onResult();
    } catch (error) {
      if (!mounted.current) return;
      if (error instanceof ApiError && error.status === 429) {
        setState({ kind: 'wait', until: Date.now() + (error.retryAfterSeconds ?? 10) * 1000 });
      } else {
        setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  return (
    <div className="check-now">
      <button type="button" className="button button--small" onClick={run} disabled={state.kind === 'running' || state.kind === 'wait'} data-testid={`check-now-${check}`}>
        {state.kind === 'running' ? 'Checking…' : 'Check now'}
      </button>
      <span className="check-now__message" role="status" data-testid={`check-now-message-${check}`}>
        {state.kind === 'done' && `${state.result.status}${state.result.latency_ms !== null ? `, ${formatLatency(state.result.latency_ms)}` : ''}`}
        {state.kind === 'wait' && `try again in ${Math.max(1, waitLeft)} s`}
        {state.kind === 'error' && <span className="is-bad">{state.message}</span>}
      </span>
    </div>
  );
}
