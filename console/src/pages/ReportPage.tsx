import { useMemo } from 'react';
import type { components } from '../api-types';
import { apiUrl } from '../api';
import { ErrorMessage, Loading } from '../components/StateMessage';
import { formatCount, formatDuration, formatRate, formatTarget } from '../format';
import { useDocumentTitle, useJson } from '../hooks';
import { Link } from '../router';
import '../reports.css';

type IntegrationReport = components['schemas']['IntegrationReport'];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Reports are kept in UTC whatever zone the console shows: a month is a calendar month in UTC. */
const utc = (ms: number | null) => (ms === null ? '–' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}`);

/** "October 2026" when the window is one calendar month, else its two ends. */
export function reportTitle(from: number, to: number): string {
  const start = new Date(from);
  const month = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1);
  if (from === month && to === Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)) return `${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()}`;
  return `${utc(from)} – ${utc(to)} UTC`;
}

export function monthAround(from: number, step: number): { from: number; to: number } {
  const start = new Date(from);
  return { from: Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + step, 1), to: Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + step + 1, 1) };
}

export const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 1000) / 10} %`);

/** The printable report of one integration over a window (default last month): print it to PDF from the browser. */
export function ReportPage({ id, search }: { id: string; search: string }) {
  const params = useMemo(() => {
    const query = new URLSearchParams(search);
    return { ...(query.get('from') ? { from: query.get('from')! } : {}), ...(query.get('to') ? { to: query.get('to')! } : {}) };
  }, [search]);
  const path = `/api/v1/integrations/${encodeURIComponent(id)}/report`;
  const report = useJson<IntegrationReport>(apiUrl(path, params));
  useDocumentTitle(`Report · ${id} · Switchboard`);
  const data = report.data;
  const pageHref = (window: { from: number; to: number }) => `/integrations/${encodeURIComponent(id)}/report?from=${new Date(window.from).toISOString()}&to=${new Date(window.to).toISOString()}`;

  return (
    <article className="report" data-testid="report">
      <nav className="crumbs report__screen-only" aria-label="Breadcrumb">
        <Link href={`/integrations/${encodeURIComponent(id)}`}>{id}</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">Report</span>
      </nav>
      {report.error && <ErrorMessage error={report.error} />}
      {!data && !report.error && <Loading />}
      {data && (
        <>
          <header className="report__head">
            <h1>
              {data.integration}: report for {reportTitle(data.from, data.to)}
            </h1>
            <p className="muted" data-testid="report-meta">
              {reportTitle(data.from, data.to).endsWith('UTC') ? '' : `${utc(data.from)} – ${utc(data.to)} UTC · `}
              {data.tenant ? `tenant ${data.tenant} · ` : ''}generated {utc(Date.now())} UTC
            </p>
            <p className="report__screen-only report__actions">
              <Link href={pageHref(monthAround(data.from, -1))}>← Previous month</Link>
              {monthAround(data.from, 1).from < Date.now() && <Link href={pageHref(monthAround(data.from, 1))}>Next month →</Link>}
              <a href={apiUrl(path, { from: String(data.from), to: String(data.to), format: 'csv' })} data-testid="report-csv">
                Download CSV
              </a>
              <button type="button" className="button" onClick={() => window.print()}>
                Print / save as PDF
              </button>
            </p>
          </header>

          <section className="report__section" aria-labelledby="report-summary" data-testid="report-summary">
            <h2 id="report-summary">Summary</h2>
            <dl className="report__figures">
              <div>
                <dt>Availability</dt>
                <dd data-testid="report-availability">
                  {formatRate(data.availability.success_rate)}
                  {data.availability.slo_target !== null && (
                    <span className={data.availability.meets_slo === false ? 'report__miss' : 'report__met'}>
                      {' '}
                      {data.availability.meets_slo === null ? '(no calls)' : data.availability.meets_slo ? `meets the SLO of ${formatTarget(data.availability.slo_target)}` : `misses the SLO of ${formatTarget(data.availability.slo_target)}`}
                    </span>
                  )}
                </dd>
                <dd className="muted">
                  {formatCount(data.availability.ok)} of {formatCount(data.availability.volume)} calls succeeded
                </dd>
              </div>
              <div>
                <dt>Error budget spent</dt>
                <dd data-testid="report-budget">
                  {data.budget ? percent(data.budget.budget_spent) : 'no success SLO in the catalogue'}
                  {data.budget && data.budget.budget_spent > 1 && <span className="report__miss"> overspent</span>}
                </dd>
                {data.budget && (
                  <dd className="muted">
                    {formatCount(data.budget.bad)} failed calls of {formatCount(Math.round(data.budget.allowed_bad))} allowed
                  </dd>
                )}
              </div>
              {data.latency_budget && (
                <div>
                  <dt>Latency budget spent</dt>
                  <dd data-testid="report-latency-budget">
                    {percent(data.latency_budget.budget_spent)}
                    {data.latency_budget.budget_spent > 1 && <span className="report__miss"> overspent</span>}
                  </dd>
                  <dd className="muted">
                    {formatCount(data.latency_budget.bad)} calls slower than {formatCount(data.latency_budget.threshold_ms)} ms of {formatCount(Math.round(data.latency_budget.allowed_bad))} allowed
                  </dd>
                </div>
              )}
              <div>
                <dt>Incidents</dt>
                <dd data-testid="report-incident-count">{data.figures.incidents}</dd>
              </div>
              <div>
                <dt>Mean time to detect</dt>
                <dd data-testid="report-mttd">{data.figures.mttd_ms === null ? '– (no alert fired)' : formatDuration(data.figures.mttd_ms)}</dd>
              </div>
              <div>
                <dt>Mean time to recover</dt>
                <dd data-testid="report-mttr">{data.figures.mttr_ms === null ? '– (none recovered)' : formatDuration(data.figures.mttr_ms)}</dd>
              </div>
              <div>
                <dt>Detected before a customer reported it</dt>
                <dd data-testid="report-detected-share">
                  {data.figures.reports === 0 ? 'no customer reports' : `${percent(data.figures.detected_before_reported_share)} (${data.figures.detected_before_reported} of ${data.figures.reports})`}
                </dd>
              </div>
            </dl>
          </section>

          <section className="report__section" aria-labelledby="report-incidents" data-testid="report-incidents">
            <h2 id="report-incidents">Incidents</h2>
            {data.incidents.length === 0 ? (
              <p>No incidents in this window.</p>
            ) : (
              <table className="data report__table">
                <thead>
                  <tr>
                    <th>Status</th>
                    <th>Started (UTC)</th>
                    <th>Detected</th>
                    <th>Acknowledged</th>
                    <th>Recovered</th>
                    <th>Time to detect</th>
                    <th>Time to recover</th>
                    <th>Customer reports</th>
                  </tr>
                </thead>
                <tbody>
                  {data.incidents.map((incident) => (
                    <tr key={incident.started_at}>
                      <td>{incident.status}</td>
                      <td>{utc(incident.started_at)}</td>
                      <td>{incident.detected_at === null ? 'no alert fired' : utc(incident.detected_at)}</td>
                      <td>{utc(incident.acknowledged_at)}</td>
                      <td>{incident.recovered_at === null ? 'still open' : utc(incident.recovered_at)}</td>
                      <td>{formatDuration(incident.ttd_ms)}</td>
                      <td>{formatDuration(incident.ttr_ms)}</td>
                      <td>
                        {incident.reports.length === 0
                          ? '–'
                          : incident.reports.map((customer) => `${customer.ticket} (${customer.detected_before ? `detected ${formatDuration(customer.lead_ms)} before` : 'not detected before'})`).join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="report__section" aria-labelledby="report-operations" data-testid="report-operations">
            <h2 id="report-operations">Worst operations</h2>
            {data.worst_operations.length === 0 ? (
              <p>No failed calls in this window.</p>
            ) : (
              <table className="data report__table">
                <thead>
                  <tr>
                    <th>Operation</th>
                    <th>Direction</th>
                    <th>Failed calls</th>
                    <th>Calls</th>
                    <th>Success rate</th>
                  </tr>
                </thead>
                <tbody>
                  {data.worst_operations.map((operation) => (
                    <tr key={`${operation.direction} ${operation.operation}`}>
                      <td>{operation.operation}</td>
                      <td>{operation.direction}</td>
                      <td>{formatCount(operation.failures)}</td>
                      <td>{formatCount(operation.volume)}</td>
                      <td>{formatRate(operation.success_rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </article>
  );
}
