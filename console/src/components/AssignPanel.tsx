import { useState } from 'react';
import { deleteJson, putJson } from '../api';
import type { Alert } from '../alerting';
import { formatTimestamp, isoTime } from '../format';
import { ProblemText } from './ProblemText';
import { useAction } from './useAction';

/**
 * Who has this alert: assign it to a person (or hand it over), or take the assignment away. Its
 * later notifications say who has it; resolving it ends the assignment.
 */
export function AssignPanel({ alert, onChanged }: { alert: Alert; onChanged: () => void }) {
  const [assignee, setAssignee] = useState('');
  const { busy, problem, act } = useAction(() => {
    setAssignee('');
    onChanged();
  });
  const assignment = alert.assignment;
  const url = `/api/v1/alerts/${alert.id}/assignee`;

  return (
    <section className="panel" aria-labelledby="alert-assign-title" data-testid="alert-assign">
      <h2 id="alert-assign-title">Assignment</h2>
      {assignment && (
        <p data-testid="alert-assignment-state">
          Assigned to <strong>{assignment.to}</strong> by {assignment.by} at <time dateTime={isoTime(assignment.at)}>{formatTimestamp(assignment.at, true)}</time>.{' '}
          <button type="button" className="button button--small" disabled={busy} onClick={() => void act(() => deleteJson(url))} data-testid="alert-unassign">
            Unassign
          </button>
        </p>
      )}
      <form
        className="action-form"
        onSubmit={(event) => {
          event.preventDefault();
          void act(() => putJson(url, { assignee: assignee.trim() }));
        }}
      >
        <label>
          {assignment ? 'Hand over to' : 'Assign to'}{' '}
          <input type="text" required maxLength={100} placeholder="a name or handle" value={assignee} onChange={(event) => setAssignee(event.target.value)} data-testid="alert-assignee" />
        </label>{' '}
        <button type="submit" className="button" disabled={busy || assignee.trim() === ''} data-testid="alert-assign-button">
          {busy ? 'Assigning…' : 'Assign'}
        </button>
      </form>
      {problem && <ProblemText problem={problem} />}
    </section>
  );
}
