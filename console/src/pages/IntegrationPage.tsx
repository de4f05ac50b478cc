import { useMemo, useState } from 'react';
import type { AlertsAnswer } from '../alerting';
import { AlertStrip } from '../components/AlertStrip';
import { BudgetStrip } from '../components/BudgetStrip';
import { ContactView } from '../components/ContactView';
import { RunbookLinks } from '../components/CatalogueRecord';
import { IncidentsPanel } from '../components/IncidentsPanel';
import { RecoveryPanel } from '../components/RecoveryPanel';
import { StatusBadge } from '../components/StatusBadge';
import { TabNav } from '../components/TabNav';
import { formatAgo, formatRange } from '../format';
import { useDocumentTitle, useJson, useNow, usePollTick, useRefreshTick } from '../hooks';
import { Link } from '../router';
import type { CatalogueEntry, CatalogueRecordAnswer, IntegrationHealthAnswer, RunbooksAnswer } from '../types';
import { BOARD_FILTERS, FILTERS, readTab, readView, searchOf, windowBounds, windowLabel, integrationHref } from '../view';
import { CatalogueTab } from './integration/CatalogueTab';
import { HealthTab } from './integration/HealthTab';
import { LogsTab } from './integration/LogsTab';
import { SignalsTab } from './integration/SignalsTab';

/** Whom to call and what to read, on every tab: the owner, support and the runbooks. */
function ContactStrip({ entry, runbooks }: { entry: CatalogueEntry; runbooks: RunbooksAnswer | undefined }) {
  return (
    <dl className="strip" data-testid="contact-strip">
      <div>
        <dt>Owner</dt>
        <dd data-testid="header-owner">{entry.owner}</dd>
      </div>
      {entry.contacts.support && (
        <div>
          <dt>Support</dt>
          <dd>
            <ContactView contact={entry.contacts.support} />
          </dd>
        </div>
      )}
      {entry.runbooks.length > 0 && (
        <div className="strip__runbooks">
          <dt>Runbooks</dt>
          <dd>
            <RunbookLinks entry={entry} runbooks={runbooks?.runbooks} />
          </dd>
        </div>
      )}
    </dl>
  );
}

/** One integration: its current health and reasons, then its signals, its health and checks, or its catalogue record. */
export function IntegrationPage({ id, search }: { id: string; search: string }) {
  const view = useMemo(() => readView(search), [search]);
  const tab = readTab(search);
  const key = searchOf(view, FILTERS);
  const tick = useRefreshTick((ids) => ids.includes(id));
  // Health is judged on the server's schedule, not on ingest: poll it too. A "check now" asks at once.
  const poll = usePollTick(15_000);
  const [checked, setChecked] = useState(0);
  // The window is re-read from the clock on every refresh and every filter change.
  const bounds = useMemo(() => windowBounds(view.window, Date.now()), [key, tick]);
  const base = `/api/v1/integrations/${encodeURIComponent(id)}`;

  const record = useJson<CatalogueRecordAnswer>(`/api/v1/catalogue/${encodeURIComponent(id)}`, poll);
  const health = useJson<IntegrationHealthAnswer>(`${base}/health`, tick + poll + checked);
  const runbooks = useJson<RunbooksAnswer>('/api/v1/runbooks');
  const alerts = useJson<AlertsAnswer>(`/api/v1/alerts?state=active&integration=${encodeURIComponent(id)}`, tick + poll);
  const now = useNow(5_000);

  const entry = record.data && !('uncatalogued' in record.data) ? record.data : undefined;
  const uncatalogued = record.data !== undefined && 'uncatalogued' in record.data;
  const unknown = record.error?.status === 404 && health.error?.status === 404;
  const current = health.data;
  useDocumentTitle(`${entry?.title ?? id} · Switchboard`);

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href={`/${searchOf(view, BOARD_FILTERS)}`}>Board</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{id}</span>
      </nav>
      <div className="page-head">
        <div>
          <div className="page-head__title">
            <h1>{entry?.title ?? id}</h1>
            {current && <StatusBadge status={current.status} testId="integration-status" />}
            {uncatalogued && <span className="tag tag--uncatalogued" data-testid="integration-uncatalogued">uncatalogued</span>}
          </div>
          {entry && (
            <p className="page-head__meta muted">
              <code>{id}</code> · {entry.partner} · {entry.type} · {entry.criticality} criticality
            </p>
          )}
          {!unknown && (
            <p className="page-head__meta">
              <Link href={`/integrations/${encodeURIComponent(id)}/report`} data-testid="integration-report-link">
                Monthly report
              </Link>
            </p>
          )}
          <div className="page-head__reason" data-testid="integration-reason">
            {current ? (
              <>
                {current.reasons.join(' · ') || 'no reason given'}
                {current.since !== null && <span className="muted"> · since {formatAgo(current.since, now)}</span>}
              </>
            ) : unknown ? (
              'Nothing is known about this integration: it is not in the catalogue and has sent no records.'
            ) : (
              '\u00a0'
            )}
          </div>
        </div>
        {(tab === 'signals' || tab === 'logs') && (
          <p className="page-head__window">
            {windowLabel(view.window)}
            <span className="muted"> · {formatRange(bounds.from, bounds.to)}</span>
          </p>
        )}
      </div>
      {alerts.data && <AlertStrip integration={id} alerts={alerts.data.alerts} now={now} />}
      {entry && <ContactStrip entry={entry} runbooks={runbooks.data} />}
      {entry && <RecoveryPanel integration={id} refresh={tick + poll} />}
      {tab === 'health' && <IncidentsPanel integration={id} refresh={poll} />}
      {entry && (entry.slo.successRate !== undefined || entry.slo.latencyP95Ms !== undefined) && <BudgetStrip id={id} refresh={tick + poll} />}
      <TabNav current={tab} hrefFor={(next) => integrationHref(id, view, next)} />

      {tab === 'signals' && <SignalsTab id={id} view={view} bounds={bounds} tick={tick} />}
      {tab === 'health' && (
        <HealthTab id={id} entry={entry} recordLoaded={record.data !== undefined || record.error !== undefined} health={current} healthError={health.error} tick={tick + poll} onChecked={() => setChecked((n) => n + 1)} />
      )}
      {tab === 'logs' && <LogsTab id={id} search={search} bounds={bounds} tick={tick} now={now} />}
      {tab === 'catalogue' && <CatalogueTab id={id} record={record.data} error={record.error} runbooks={runbooks.data?.runbooks} />}
    </>
  );
}
