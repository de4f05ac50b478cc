import { useState } from 'react';
import { apiUrl, deleteJson } from '../api';
import { Pager, useCursor } from '../components/Pager';
import { ColumnHeads } from '../components/ColumnHeads';
import { PanelBoundary } from '../components/PanelBoundary';
import { matchersText, type Silence, type SilencesAnswer } from '../alerting';
import { RoleNote } from '../components/RoleNote';
import { SilenceForm } from '../components/SilenceForm';
import { useAction } from '../components/useAction';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { formatAgo, formatIn, formatTimestamp } from '../format';
import { useDocumentTitle, useJson, useNow, usePollTick } from '../hooks';
import { Link } from '../router';
import { useCan } from '../session';

function stateOf(silence: Silence, now: number): string {
  if (silence.active) return `in force, ends ${formatIn(silence.ends_at, now)}`;
  if (silence.expired_at !== null) return `expired ${formatAgo(silence.expired_at, now)}`;
  if (silence.starts_at > now) return `starts ${formatIn(silence.starts_at, now)}`;
  return `ended ${formatAgo(silence.ends_at, now)}`;
}

/** Silences and maintenance windows: create one, see what is in force, expire one early. */
export function SilencesPage() {
  const [changed, setChanged] = useState(0);
  const poll = usePollTick(15_000);
  const older = useCursor('silences');
  const silences = useJson<SilencesAnswer>(apiUrl('/api/v1/silences', { cursor: older.cursor }), changed + poll);
  const now = useNow(5_000);
  const canRespond = useCan('respond');
  useDocumentTitle('Silences · Switchboard');

  const { problem, act } = useAction(() => setChanged((n) => n + 1));
  const expire = (silence: Silence) => act(() => deleteJson(`/api/v1/silences/${silence.id}`));

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/alerts">Alerts</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Silences</span>
      </nav>
      <div className="page-head">
        <div>
          <h1>Silences and maintenance windows</h1>
          <p className="muted">A silenced alert still changes state and is recorded; only its notifications are held back.</p>
        </div>
      </div>
      {canRespond ? (
        <section className="panel" aria-labelledby="new-silence">
          <h2 id="new-silence">New</h2>
          <SilenceForm onCreated={() => setChanged((n) => n + 1)} />
        </section>
      ) : (
        <RoleNote action="Creating or expiring a silence" />
      )}
      {problem && (
        <p className="state state--error" role="alert">
          {problem.error.message}
        </p>
      )}
      {silences.error && <ErrorMessage error={silences.error} />}
      {!silences.data && !silences.error && <Loading />}
      {silences.data && silences.data.silences.length === 0 && <EmptyMessage>{older.depth > 0 ? 'No older silence' : 'No silence or maintenance window yet'}</EmptyMessage>}
      {silences.data && silences.data.silences.length > 0 && (
        <PanelBoundary what="the silences" resetKey={String(changed + poll)}>
        <div className="table-scroll">
          <table className="data" data-testid="silences-table">
            <caption className="visually-hidden">Silences and maintenance windows, newest first</caption>
            <ColumnHeads columns={['Kind', 'Matches', 'From', 'Until', 'State', 'By', 'Reason']} actions />
            <tbody>
              {silences.data.silences.map((silence) => (
                <tr key={silence.id} data-testid={`silence-${silence.id}`} data-active={silence.active ? 'true' : 'false'}>
                  <td>{silence.kind === 'maintenance' ? 'maintenance' : 'silence'}</td>
                  <td>
                    <code>{matchersText(silence.matchers)}</code>
                  </td>
                  <td className="nowrap">{formatTimestamp(silence.starts_at, true)}</td>
                  <td className="nowrap">{formatTimestamp(silence.ends_at, true)}</td>
                  <td className="nowrap">{stateOf(silence, now)}</td>
                  <td>{silence.author}</td>
                  <td>{silence.reason}</td>
                  <td>
                    {canRespond && (silence.active || silence.starts_at > now) && silence.expired_at === null && (
                      <button type="button" className="button button--small" onClick={() => void expire(silence)} data-testid={`expire-${silence.id}`}>
                        Expire now
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        </PanelBoundary>
      )}
      {silences.data && <Pager at={older} next={silences.data.next} testId="silences-pager" />}
    </>
  );
}
