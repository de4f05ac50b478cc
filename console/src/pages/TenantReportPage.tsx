import { useMemo } from 'react';
import type { components } from '../api-types';
import { apiUrl } from '../api';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { formatCount, formatDuration, formatRate, formatTarget } from '../format';
import { useDocumentTitle, useJson } from '../hooks';
import { Link } from '../router';
import { monthAround, percent, reportTitle } from './ReportPage';
import '../reports.css';

type TenantReport = components['schemas']['TenantReport'];
type Budget = { budget_spent: number };

const spent = (budget: Budget | null | undefined) => (budget ? `${percent(budget.budget_spent)}${budget.budget_spent > 1 ? ' overspent' : ''}` : '–');

/**
 * The tenant report: every integration the caller may see over a window (default last month),
 * one row each with the headline figures, a page of the API at a time, with its CSV.
 */
export function TenantReportPage({ search }: { search: string }) {
  const params = useMemo(() => {
    const query = new URLSearchParams(search);
    const pick = (name: string) => (query.get(name) ? { [name]: query.get(name)! } : {});
    return { ...pick('from'), ...pick('to'), ...pick('after') };
  }, [search]);
  const report = useJson<TenantReport>(apiUrl('/api/v1/reports', params));
  useDocumentTitle('Reports · Switchboard');
  const data = report.data;
  const pageHref = (window: { from: number; to: number }, after?: string) =>
    `/reports?from=${new Date(window.from).toISOString()}&to=${new Date(window.to).toISOString()}${after ? `&after=${encodeURIComponent(after)}` : ''}`;

  return (
    <article className="report report--wide" data-testid="tenant-report">
      {report.error && <ErrorMessage error={report.error} />}
      {!data && !report.error && <Loading />}
      {data && (
        <>
          <header className="report__head">
            <h1>Reports: {reportTitle(data.from, data.to)}</h1>
            <p className="muted">Every integration you may see, in id order; all times in UTC. Open one for its incidents and worst operations.</p>
            <p className="report__screen-only report__actions">
              <Link href={pageHref(monthAround(data.from, -1))}>← Previous month</Link>
              {monthAround(data.from, 1).from < Date.now() && <Link href={pageHref(monthAround(data.from, 1))}>Next month →</Link>}
              <a href={apiUrl('/api/v1/reports', { from: String(data.from), to: String(data.to), ...(params.after ? { after: params.after } : {}), format: 'csv' })} data-testid="tenant-report-csv">
                Download CSV (this page)
              </a>
            </p>
          </header>
          {data.integrations.length === 0 ? (
            <EmptyMessage>No integration to report on</EmptyMessage>
          ) : (
            <div className="table-scroll">
              <table className="data" data-testid="tenant-report-table">
                <caption className="visually-hidden">Headline figures per integration</caption>
                <thead>
                  <tr>
                    <th scope="col">Integration</th>
                    <th scope="col">Tenant</th>
                    <th scope="col">Calls</th>
                    <th scope="col">Availability</th>
                    <th scope="col">SLO</th>
                    <th scope="col">Error budget spent</th>
                    <th scope="col">Latency budget spent</th>
                    <th scope="col">Incidents</th>
                    <th scope="col">MTTD</th>
                    <th scope="col">MTTR</th>
                    <th scope="col" title="Share of customer reports Switchboard had detected first">Detected first</th>
                  </tr>
                </thead>
                <tbody>
                  {data.integrations.map((row) => (
                    <tr key={row.integration} data-testid={`tenant-report-${row.integration}`}>
                      <th scope="row">
                        <Link href={`/integrations/${encodeURIComponent(row.integration)}/report?from=${new Date(data.from).toISOString()}&to=${new Date(data.to).toISOString()}`}>{row.integration}</Link>
                      </th>
                      <td>{row.tenant ?? '–'}</td>
                      <td data-cell="volume">{formatCount(row.availability.volume)}</td>
                      <td data-cell="availability" className={row.availability.meets_slo === false ? 'is-bad' : undefined}>
                        {formatRate(row.availability.success_rate)}
                      </td>
                      <td>{row.availability.slo_target === null ? '–' : formatTarget(row.availability.slo_target)}</td>
                      <td data-cell="budget" className={row.budget && row.budget.budget_spent > 1 ? 'is-bad' : undefined}>
                        {spent(row.budget)}
                      </td>
                      <td data-cell="latency-budget" className={row.latency_budget && row.latency_budget.budget_spent > 1 ? 'is-bad' : undefined}>
                        {spent(row.latency_budget)}
                      </td>
                      <td data-cell="incidents">{row.figures.incidents}</td>
                      <td data-cell="mttd">{row.figures.mttd_ms === null ? '–' : formatDuration(row.figures.mttd_ms)}</td>
                      <td data-cell="mttr">{row.figures.mttr_ms === null ? '–' : formatDuration(row.figures.mttr_ms)}</td>
                      <td data-cell="detected">
                        {row.figures.reports === 0 ? '– (no reports)' : `${percent(row.figures.detected_before_reported_share)} (${row.figures.detected_before_reported} of ${row.figures.reports})`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="report__screen-only report__actions">
            {params.after && <Link href={pageHref(data)}>← First page</Link>}
            {data.next && (
              <Link href={pageHref(data, data.next)} data-testid="tenant-report-next">
                Next page →
              </Link>
            )}
          </p>
        </>
      )}
    </article>
  );
}
