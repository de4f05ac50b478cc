import { useEffect, useRef, useState } from 'react';
import { deleteJson, postJson } from '../api';
import type { Alert } from '../alerting';
import { formatTimestamp, isoTime } from '../format';
import { ProblemText } from './ProblemText';
import { useAction } from './useAction';

/**
 * Acknowledge a firing alert (repeats stop until it resolves) or take an acknowledgement back.
 * A notification's "Acknowledge" link lands here with ?acknowledge=1: the note field takes the
 * focus, and nothing is acknowledged until on-call presses the button.
 */
export function AcknowledgePanel({ alert, onChanged }: { alert: Alert; onChanged: () => void }) {
  const [note, setNote] = useState('');
  const { busy, problem, act } = useAction(() => {
    setNote('');
    onChanged();
  });
  const noteRef = useRef<HTMLInputElement>(null);
  const ack = alert.acknowledgement;
  useEffect(() => {
    if (!ack && new URLSearchParams(window.location.search).get('acknowledge') === '1') noteRef.current?.focus();
  }, [ack]);
  const url = `/api/v1/alerts/${alert.id}/ack`;

  return (
    <section className="panel" aria-labelledby="alert-ack-title" data-testid="alert-ack">
      <h2 id="alert-ack-title">Acknowledgement</h2>
      {ack ? (
        <p data-testid="alert-ack-state">
          Acknowledged by <strong>{ack.by}</strong> at <time dateTime={isoTime(ack.at)}>{formatTimestamp(ack.at, true)}</time>
          {ack.note && <span> · {ack.note}</span>}. Repeats are held until it resolves.{' '}
          <button type="button" className="button button--small" disabled={busy} onClick={() => void act(() => deleteJson(url))} data-testid="alert-unack">
            Unacknowledge
          </button>
        </p>
      ) : (
        <form
          className="action-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => postJson(url, undefined, note.trim() ? { note: note.trim() } : {}));
          }}
        >
          <label>
            Note (optional){' '}
            <input ref={noteRef} type="text" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} data-testid="alert-ack-note" />
          </label>{' '}
          <button type="submit" className="button" disabled={busy} data-testid="alert-ack-button">
            {busy ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        </form>
      )}
      {problem && <ProblemText problem={problem} />}
    </section>
  );
}
