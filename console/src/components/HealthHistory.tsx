import { formatTimestamp, isoTime } from '../format';
import { runResult, type RecoveryRunSummary } from '../recovery';
import type { HealthChange } from '../types';
import { StatusBadge } from './StatusBadge';

type Entry = { ts: number; change: HealthChange; run?: undefined } | { ts: number; run: RecoveryRunSummary; change?: undefined };

function ChangeCells({ change }: { change: HealthChange }) {
  return (
    <>
      <td className="nowrap">
        {change.previous_status ? (
          <>
            <StatusBadge status={change.previous_status} />
            <span className="arrow" aria-label="to">
              {' → '}
            </span>
          </>
        ) : (
          <span className="muted">first seen </span>
        )}
        <StatusBadge status={change.status} />
      </td>
      <td>{change.reason}</td>
    </>
  );
}

function RunCells({ run }: { run: RecoveryRunSummary }) {
  const good = run.outcome === 'succeeded' || run.outcome === 'opened';
  return (
    <>
      <td className="nowrap">
        <span className="tag">recovery</span>
      </td>
      <td>
        <strong>{run.action}</strong>: <span className={good ? 'recovery__good' : 'is-bad'}>{runResult(run)}</span>
        <span className="muted"> · {run.trigger === 'automatic' ? `automatic, attempt ${run.attempt}` : `by ${run.actor}`}</span>
      </td>
    </>
  );
}

/**
 * Each change of an integration's health with the reason it changed, and the recovery actions run
 * in between, newest first: what was tried sits beside what followed it.
 */
export function HealthHistory({ history, runs = [] }: { history: HealthChange[]; runs?: RecoveryRunSummary[] }) {
  const entries: Entry[] = [...history.map((change) => ({ ts: change.ts, change })), ...runs.map((run) => ({ ts: run.started_at, run }))];
  // A run and the change it caused may share a millisecond: the run reads first, as it came first.
  entries.sort((a, b) => b.ts - a.ts || (a.run ? 1 : 0) - (b.run ? 1 : 0));
  return (
    <div className="table-scroll">
      <table className="data" data-testid="health-history">
        <caption className="visually-hidden">Health status changes and recovery runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Change</th>
            <th scope="col">Reason or result</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => (
            <tr key={entry.run ? `run-${entry.run.id}` : `change-${entry.ts}-${i}`} data-status={entry.change?.status} data-kind={entry.run ? 'recovery' : 'change'}>
              <td className="nowrap">
                <time dateTime={isoTime(entry.ts)}>{formatTimestamp(entry.ts, true)}</time>
              </td>
              {entry.run ? <RunCells run={entry.run} /> : <ChangeCells change={entry.change} />}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
