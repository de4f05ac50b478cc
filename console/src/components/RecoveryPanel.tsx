import { useState } from 'react';
import { postJson } from '../api';
import { formatTimestamp, isoTime } from '../format';
import { useJson } from '../hooks';
import { problemWords, runResult, type RecoveryActionView, type RecoveryOffer, type RecoveryRun } from '../recovery';
import { Link } from '../router';
import { useCan } from '../session';
import { problemOf, ProblemText, type Problem } from './ProblemText';
import { RoleNote } from './RoleNote';

function ActionButton({ action, busy, onRun }: { action: RecoveryActionView; busy: boolean; onRun: () => void }) {
  return (
    <button type="button" className={`button button--small${action.fits ? ' button--primary' : ''}`} onClick={onRun} disabled={busy} data-testid={`recovery-run-${action.name}`}>
      {busy ? 'Running…' : action.type === 'link' ? `${action.title} ↗` : action.title}
    </button>
  );
}

function RunLine({ run }: { run: RecoveryRun }) {
  const good = run.outcome === 'succeeded' || run.outcome === 'opened';
  return (
    <li data-testid="recovery-run">
      <time dateTime={isoTime(run.started_at)}>{formatTimestamp(run.started_at, true)}</time> <strong>{run.action}</strong>{' '}
      <span className={good ? 'recovery__good' : 'is-bad'}>{runResult(run)}</span>
      <span className="muted"> · {run.trigger === 'automatic' ? `automatic, attempt ${run.attempt}` : `by ${run.actor}`}</span>
      {run.excerpt && (
        <details>
          <summary>Answer</summary>
          <pre className="recovery__excerpt">{run.excerpt}</pre>
        </details>
      )}
    </li>
  );
}

/**
 * The recovery actions of an integration, the ones that fit its current problem (or the alert's)
 * first, with one click each for a responder, and what the last runs gave.
 */
export function RecoveryPanel({ integration, alertId, refresh }: { integration: string; alertId?: number; refresh: number }) {
  const canRespond = useCan('respond');
  const [ran, setRan] = useState(0);
  const [busy, setBusy] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const query = alertId === undefined ? '' : `?alert=${alertId}`;
  const offer = useJson<RecoveryOffer>(`/api/v1/integrations/${encodeURIComponent(integration)}/recovery${query}`, refresh + ran);
  if (!offer.data || (offer.data.actions.length === 0 && offer.data.runs.length === 0)) return null;
  const { actions, runs, problems, advice } = offer.data;

  const run = async (action: RecoveryActionView) => {
    setBusy(action.name);
    setProblem(undefined);
    // Opened before the request, or the browser takes it for a pop-up nobody asked for.
    const page = action.type === 'link' ? window.open('about:blank', '_blank') : null;
    try {
      const result = await postJson<RecoveryRun>(`/api/v1/integrations/${encodeURIComponent(integration)}/recovery/${encodeURIComponent(action.name)}/run`, undefined, alertId === undefined ? {} : { alert_id: alertId });
      if (page && result.url) {
        page.opener = null;
        page.location.href = result.url;
      }
    } catch (error) {
      page?.close();
      setProblem(problemOf(error));
    } finally {
      setBusy(undefined);
      setRan((n) => n + 1);
    }
  };

  return (
    <section className="panel recovery" aria-labelledby="recovery-title" data-testid="recovery-panel">
      <h2 id="recovery-title">Recovery</h2>
      {advice.map((item) => (
        <p key={item.message} className="recovery__advice" data-testid="recovery-advice">
          <strong>{item.message}</strong> {item.next}
          {item.runbook && (
            <>
              {' '}
              <Link href={`/runbooks/${encodeURIComponent(item.runbook)}?integration=${encodeURIComponent(integration)}`}>Runbook</Link>
            </>
          )}
        </p>
      ))}
      {problems.length > 0 && (
        <p className="muted" data-testid="recovery-problems">
          For {problems.map(problemWords).join(' and ')}: the highlighted actions fit.
        </p>
      )}
      {canRespond ? (
        <div className="recovery__actions">
          {actions.map((action) => (
            <ActionButton key={action.name} action={action} busy={busy === action.name} onRun={() => void run(action)} />
          ))}
        </div>
      ) : (
        <RoleNote action="Running a recovery action" testId="recovery-role-note" />
      )}
      {problem && <ProblemText problem={problem} testId="recovery-problem" />}
      {runs.length > 0 && (
        <>
          <h3>Last runs</h3>
          <ol className="timeline" data-testid="recovery-runs">
            {runs.map((item) => (
              <RunLine key={item.id} run={item} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
