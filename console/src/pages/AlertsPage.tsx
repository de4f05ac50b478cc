import { useMemo } from 'react';
import { apiUrl } from '../api';
import type { Alert, AlertsAnswer, HistoryAnswer } from '../alerting';
import { WindowPicker } from '../components/FilterBar';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { Pager, useCursor } from '../components/Pager';
import { PanelBoundary } from '../components/PanelBoundary';
import { AlertStateBadge, SeverityBadge } from '../components/StatusBadge';
import { formatAgo, formatDuration, formatRange, formatTimestamp } from '../format';
import { useDocumentTitle, useJson, useNow, usePollTick, useRefreshTick } from '../hooks';
import { Link, navigate } from '../router';
import { WINDOWS, windowBounds, type WindowKey } from '../view';
import { IntegrationName, ruleLabel } from '../names';

const DAY = 86_400_000;
const VIEWS = [
  { key: 'active', label: 'Firing and pending' },
  { key: 'resolved', label: 'Resolved' },
  { key: 'history', label: 'History' },
] as const;
type ViewKey = (typeof VIEWS)[number]['key'];
const HISTORY_WINDOWS = WINDOWS.filter((w) => w.key !== '1h');

interface AlertsView {
  view: ViewKey;
  integration?: string;
  window: WindowKey;
}

function readAlertsView(search: string): AlertsView {
  const query = new URLSearchParams(search);
  const view = VIEWS.find((v) => v.key === query.get('view'))?.key ?? 'active';
  const window = HISTORY_WINDOWS.find((w) => w.key === query.get('window'))?.key ?? '7d';
  return { view, window, integration: query.get('integration') || undefined };
}

function alertsSearch(view: AlertsView): string {
  const query = new URLSearchParams();
  if (view.view !== 'active') query.set('view', view.view);
  if (view.integration) query.set('integration', view.integration);
  if (view.view === 'history' && view.window !== '7d') query.set('window', view.window);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function Since({ alert, now }: { alert: Alert; now: number }) {
  if (alert.state === 'firing' && alert.fired_at !== null) return <>firing for {formatDuration(now - alert.fired_at)}</>;
  if (alert.state === 'pending' && alert.pending_since !== null) return <>pending since {formatAgo(alert.pending_since, now)}</>;
  if (alert.state === 'resolved' && alert.resolved_at !== null) {
    return (
      <>
        resolved {formatAgo(alert.resolved_at, now)}
        {alert.duration_ms !== null && <span className="muted"> · lasted {formatDuration(alert.duration_ms)}</span>}
      </>
    );
  }
  return <>–</>;
}

function AlertsTable({ alerts, now }: { alerts: Alert[]; now: number }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="alerts-table">
        <caption className="visually-hidden">Alerts</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Severity</th>
            <th scope="col">Integration</th>
            <th scope="col">Alert</th>
            <th scope="col">What crossed what</th>
            <th scope="col">Since</th>
            <th scope="col">Notified</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => (
            <tr key={alert.id} data-testid={`alert-${alert.rule}`} data-state={alert.state}>
              <td>
                <AlertStateBadge state={alert.state} />
                {alert.acknowledgement && (
                  <span
                    className="tag tag--acknowledged"
                    data-testid="alert-acknowledged"
                    title={`acknowledged ${formatAgo(alert.acknowledgement.at, now)}${alert.acknowledgement.note ? `: ${alert.acknowledgement.note}` : ''}`}
                  >
                    acknowledged · {alert.acknowledgement.by}
                  </span>
                )}
                {alert.assignment && (
                  <span className="tag tag--assigned" data-testid="alert-assigned" title={`assigned by ${alert.assignment.by} ${formatAgo(alert.assignment.at, now)}`}>
                    assigned · {alert.assignment.to}
                  </span>
                )}
              </td>
              <td>
                <SeverityBadge severity={alert.severity} />
              </td>
              <td>
                <Link href={`/integrations/${encodeURIComponent(alert.integration)}`}>
                  <IntegrationName id={alert.integration} />
                </Link>
              </td>
              <th scope="row">
                <Link href={`/alerts/${alert.id}`} title={alert.rule}>
                  {ruleLabel(alert)}
                </Link>
              </th>
              <td>{alert.summary}</td>
              <td className="nowrap">
                <Since alert={alert} now={now} />
              </td>
              <td className="nowrap">{alert.last_notified_at === null ? <span className="muted">not yet</span> : formatAgo(alert.last_notified_at, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryTable({ answer }: { answer: HistoryAnswer }) {
  const withDate = answer.to - answer.from > DAY;
  return (
    <div className="table-scroll">
      <table className="data" data-testid="alert-history">
        <caption className="visually-hidden">Alerts that fired in the window, newest first, with how long they lasted</caption>
        <thead>
          <tr>
            <th scope="col">Fired</th>
            <th scope="col">Resolved</th>
            <th scope="col" className="num">Lasted</th>
            <th scope="col">Severity</th>
            <th scope="col">Integration</th>
            <th scope="col">Alert</th>
            <th scope="col">When it fired</th>
          </tr>
        </thead>
        <tbody>
          {answer.episodes.map((episode) => (
            <tr key={`${episode.alert_id}-${episode.fired_at}`}>
              <td className="nowrap">{formatTimestamp(episode.fired_at, withDate)}</td>
              <td className="nowrap">{episode.resolved_at === null ? <AlertStateBadge state="firing" /> : formatTimestamp(episode.resolved_at, withDate)}</td>
              <td className="num nowrap">{episode.duration_ms === null ? 'still firing' : formatDuration(episode.duration_ms)}</td>
              <td>
                <SeverityBadge severity={episode.severity} />
              </td>
              <td>
                <Link href={`/integrations/${encodeURIComponent(episode.integration)}`}>
                  <IntegrationName id={episode.integration} />
                </Link>
              </td>
              <th scope="row">
                <Link href={`/alerts/${episode.alert_id}`} title={episode.rule}>
                  {ruleLabel(episode)}
                </Link>
              </th>
              <td>{episode.summary ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Alerts: what is firing and pending now, what resolved, and the history of firings with durations. */
export function AlertsPage({ search }: { search: string }) {
  const view = useMemo(() => readAlertsView(search), [search]);
  const key = alertsSearch(view);
  // Alerts change on the evaluator's schedule: live events say when, polling covers the rest.
  const tick = useRefreshTick((ids) => !view.integration || ids.length === 0 || ids.includes(view.integration));
  const poll = usePollTick(15_000);
  const now = useNow(5_000);
  // Long lists page by cursor; another view, integration or window starts from the first page.
  const page = useCursor(key);
  const listing = view.view === 'history' ? null : apiUrl('/api/v1/alerts', { state: view.view, integration: view.integration, cursor: page.cursor });
  const alerts = useJson<AlertsAnswer>(listing, tick + poll);
  const bounds = useMemo(() => windowBounds(view.window, Date.now()), [key, tick, poll]);
  const history = useJson<HistoryAnswer>(view.view === 'history' ? apiUrl('/api/v1/alerts/history', { ...bounds, integration: view.integration, cursor: page.cursor }) : null, tick + poll);
  useDocumentTitle('Alerts · Switchboard');
  const change = (next: AlertsView) => navigate(`/alerts${alertsSearch(next)}`);
  const current = view.view === 'history' ? history : alerts;
  const firing = alerts.data?.alerts.filter((a) => a.state === 'firing').length ?? 0;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          {view.view === 'active' && alerts.data && (
            <p className="counts" data-testid="alerts-count">
              {alerts.data.alerts.length === 0 ? 'nothing firing or pending' : `${firing} firing · ${alerts.data.alerts.length - firing} pending`}
            </p>
          )}
        </div>
        <p className="page-head__window">
          <Link href="/silences">Silences and maintenance</Link>
          {view.view === 'history' && history.data && <span className="muted"> · {formatRange(history.data.from, history.data.to)}</span>}
        </p>
      </div>
      <nav className="tabs" aria-label="Alert views">
        {VIEWS.map((v) => (
          <Link key={v.key} href={`/alerts${alertsSearch({ ...view, view: v.key })}`} className={v.key === view.view ? 'tabs__tab is-active' : 'tabs__tab'} aria-current={v.key === view.view ? 'page' : undefined} data-testid={`alerts-view-${v.key}`}>
            {v.label}
          </Link>
        ))}
      </nav>
      {(view.integration || view.view === 'history') && (
        <form className="filters" role="search" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          {view.integration && (
            <p className="filters__note">
              Only <IntegrationName id={view.integration} withId /> ·{' '}
              <Link href={`/alerts${alertsSearch({ ...view, integration: undefined })}`}>show every integration</Link>
            </p>
          )}
          {view.view === 'history' && <WindowPicker value={view.window} choices={HISTORY_WINDOWS} onChange={(window) => change({ ...view, window })} />}
        </form>
      )}
      {current.error && <ErrorMessage error={current.error} />}
      {!current.data && !current.error && <Loading />}
      {view.view !== 'history' && alerts.data && alerts.data.alerts.length === 0 && (
        <EmptyMessage>{view.view === 'active' ? 'No alert is firing or pending' : 'No alert has resolved yet'}</EmptyMessage>
      )}
      {view.view !== 'history' && alerts.data && alerts.data.alerts.length > 0 && (
        <PanelBoundary what="the alerts" resetKey={`${key} ${tick + poll}`}>
          <AlertsTable alerts={alerts.data.alerts} now={now} />
        </PanelBoundary>
      )}
      {view.view !== 'history' && alerts.data && <Pager at={page} next={alerts.data.next} onward="More alerts" first="first page" testId="alerts-pager" />}
      {view.view === 'history' && history.data && history.data.episodes.length === 0 && <EmptyMessage>{page.depth > 0 ? 'No older firing in this window' : 'No alert fired in this window'}</EmptyMessage>}
      {view.view === 'history' && history.data && history.data.episodes.length > 0 && (
        <PanelBoundary what="the alert history" resetKey={`${key} ${tick + poll}`}>
          <HistoryTable answer={history.data} />
        </PanelBoundary>
      )}
      {view.view === 'history' && history.data && <Pager at={page} next={history.data.next} testId="history-pager" />}
    </>
  );
}
