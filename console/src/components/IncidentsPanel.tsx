import { useState, type FormEvent } from 'react';
import type { components } from '../api-types';
import { postJson } from '../api';
import { formatDuration, formatTimestamp } from '../format';
import { useJson } from '../hooks';
import { useCan } from '../session';
import { problemOf, ProblemText, type Problem } from './ProblemText';

type IncidentsAnswer = components['schemas']['Incidents'];

const when = (ts: number | null) => (ts === null ? '–' : formatTimestamp(ts, true));

/** The last 30 days' incidents with MTTD and MTTR, and the button support presses when a customer reports a problem. */
export function IncidentsPanel({ integration, refresh }: { integration: string; refresh: number }) {
  const canRespond = useCan('respond');
  const [recorded, setRecorded] = useState(0);
  const [ticket, setTicket] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const base = `/api/v1/integrations/${encodeURIComponent(integration)}`;
  const answer = useJson<IncidentsAnswer>(`${base}/incidents`, refresh + recorded);
  const record = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await postJson(`${base}/reports`, undefined, { ticket });
      setTicket('');
      setRecorded((n) => n + 1);
    } catch (error) {
      setProblem(problemOf(error));
    }
  };
  const figures = answer.data?.figures;
  return (
    <section className="panel" aria-labelledby="incidents-title" data-testid="incidents-panel">
      <h2 id="incidents-title">Incidents, last 30 days</h2>
      {figures && (
        <p data-testid="incident-figures">
          {figures.incidents === 0
            ? 'No incidents'
            : `${figures.incidents} incident${figures.incidents === 1 ? '' : 's'} · mean time to detect ${figures.mttd_ms === null ? '– (no alert fired)' : formatDuration(figures.mttd_ms)} · mean time to recover ${figures.mttr_ms === null ? '– (still open)' : formatDuration(figures.mttr_ms)}`}{' '}
          ·{' '}
          {figures.reports === 0
            ? 'no customer reports'
            : `detected before the customer reported it: ${figures.detected_before_reported} of ${figures.reports} (${Math.round((figures.detected_before_reported_share ?? 0) * 100)} %)`}
        </p>
      )}
      {answer.data && answer.data.incidents.length > 0 && (
        <div className="table-scroll">
          <table className="data" data-testid="incidents-table">
            <thead>
              <tr>
                <th>Started</th>
                <th>Worst</th>
                <th>Detected</th>
                <th>Acknowledged</th>
                <th>Recovered</th>
                <th>To detect</th>
                <th>To recover</th>
                <th>Customer reports</th>
              </tr>
            </thead>
            <tbody>
              {[...answer.data.incidents].reverse().map((incident) => (
                <tr key={incident.started_at}>
                  <td>{when(incident.started_at)}</td>
                  <td>{incident.status}</td>
                  <td>{incident.detected_at === null ? 'no alert fired' : when(incident.detected_at)}</td>
                  <td>{when(incident.acknowledged_at)}</td>
                  <td>{incident.recovered_at === null ? 'still open' : when(incident.recovered_at)}</td>
                  <td>{formatDuration(incident.ttd_ms)}</td>
                  <td>{formatDuration(incident.ttr_ms)}</td>
                  <td>
                    {incident.reports.map((report) => `${report.ticket} (${report.detected_before ? `we knew ${formatDuration(report.lead_ms)} earlier` : 'not detected first'})`).join(', ') || '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canRespond && (
        <form className="recovery__report" onSubmit={(event) => void record(event)} data-testid="customer-report-form">
          <label htmlFor="customer-report-ticket">A customer reported a problem now — ticket</label>
          <input id="customer-report-ticket" value={ticket} onChange={(event) => setTicket(event.target.value)} placeholder="ZD-48213" required maxLength={200} />
          <button type="submit" className="button button--small">
            Record customer report
          </button>
        </form>
      )}
      {problem && <ProblemText problem={problem} testId="customer-report-problem" />}
    </section>
  );
}
