import { useState } from 'react';
import type { Alert, AlertDetailAnswer, Delivery, NotificationContext } from '../alerting';
import { AcknowledgePanel } from '../components/AcknowledgePanel';
import { RecoveryPanel } from '../components/RecoveryPanel';
import { AssignPanel } from '../components/AssignPanel';
import { RetryButton } from '../components/RetryButton';
import { RoleNote } from '../components/RoleNote';
import { SilenceForm } from '../components/SilenceForm';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { AlertStateBadge, DeliveryBadge, SeverityBadge } from '../components/StatusBadge';
import { formatAgo, formatDuration, formatIn, formatTimestamp, isoTime } from '../format';
import { useDocumentTitle, useJson, useNow, usePollTick, useRefreshTick } from '../hooks';
import { Link } from '../router';
import { useCan } from '../session';
import { traceHref } from '../trace-view';
import { AlertTrend } from '../components/AlertTrend';
import { alertTitle, IntegrationName, useIntegrationNames } from '../names';

/** A link from a notification (absolute, for the receiver) as a link within this console. */
function localHref(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/** The console's own pages a step may point at, as written in a notification (absolute) or a runbook (a path). */
const CONSOLE_LINK = /(https?:\/\/[^\s)]+|(?<![\w/])\/(?:integrations|flow|jobs|alerts|runbooks|trace|catalogue)\b[^\s),;]*)/g;

const CONSOLE_PAGE = /^\/(?:integrations|flow|jobs|alerts|runbooks|trace|catalogue)\b/;

/** A first triage step with its links made links: the console's pages open here, anything else (a partner's desk) in its own tab. */
function StepText({ text }: { text: string }) {
  const parts = text.split(CONSOLE_LINK);
  return (
    <>
      {parts.map((part, i) => {
        if (i % 2 === 0) return part;
        const local = localHref(part);
        return CONSOLE_PAGE.test(local) ? (
          <Link key={i} href={local}>
            {local}
          </Link>
        ) : (
          <a key={i} href={part} target="_blank" rel="noreferrer">
            {part}
          </a>
        );
      })}
    </>
  );
}

/**
 * A log_errors alert's way to its lines: the error type it fired on (the Logs tab's error-type
 * filter; a resolved alert keeps it); without one (an alert stored by an older server), every
 * warning and error line of the integration.
 */
function LogLinesLink({ alert }: { alert: Alert }) {
  const logs = `/integrations/${encodeURIComponent(alert.integration)}?tab=logs`;
  const type = alert.context?.errorType;
  return (
    <p>
      {type ? (
        <Link href={`${logs}&fingerprint=${encodeURIComponent(type.fingerprint)}`} data-testid="alert-log-lines" data-fingerprint={type.fingerprint}>
          The lines of the error type <code>{type.pattern}</code>
        </Link>
      ) : (
        <Link href={`${logs}&level=warn%2Cerror%2Cfatal`} data-testid="alert-log-lines">
          Its error types and the latest warning and error lines
        </Link>
      )}
    </p>
  );
}

function Context({ context }: { context: NotificationContext }) {
  return (
    <section className="panel" aria-labelledby="alert-context" data-testid="alert-context">
      <h2 id="alert-context">Context</h2>
      <dl className="strip">
        <div>
          <dt>Partner</dt>
          <dd>{context.integration.partner ?? '–'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd data-testid="alert-owner">{context.integration.owner ?? '–'}</dd>
        </div>
        <div>
          <dt>Escalation</dt>
          <dd>{context.integration.escalation ?? '–'}</dd>
        </div>
      </dl>
      <AlertTrend context={context} />
      <p className="links">
        <Link href={localHref(context.links.console)} data-testid="alert-console-link">
          Open the integration over the alert's window
        </Link>
        {context.links.runbook && (
          <>
            {' · '}
            <Link href={localHref(context.links.runbook)} data-testid="alert-runbook-link">
              Runbook
            </Link>
          </>
        )}
      </p>
      {context.firstSteps.length > 0 && (
        <>
          <h3>First triage steps</h3>
          <ol data-testid="alert-first-steps">
            {context.firstSteps.map((step) => (
              <li key={step}>
                <StepText text={step} />
              </li>
            ))}
          </ol>
        </>
      )}
      {context.samples.length > 0 && (
        <>
          <h3>Sample failures</h3>
          <div className="table-scroll">
            <table className="data" data-testid="alert-samples">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Operation</th>
                  <th scope="col">Status / error</th>
                  <th scope="col">Correlation id</th>
                  <th scope="col">Order</th>
                </tr>
              </thead>
              <tbody>
                {context.samples.map((sample, i) => (
                  <tr key={`${sample.ts}-${i}`}>
                    <td className="nowrap">{formatTimestamp(sample.ts, true)}</td>
                    <td>{sample.operation ?? '–'}</td>
                    <td>
                      <code>{[sample.status, sample.error].filter((v) => v !== null && v !== '').join(' · ') || '–'}</code>
                    </td>
                    <td>{sample.correlation_id ? <Link href={traceHref('correlation_id', sample.correlation_id)}><code>{sample.correlation_id}</code></Link> : '–'}</td>
                    <td>{sample.order_id ? <Link href={traceHref('order_id', sample.order_id)}><code>{sample.order_id}</code></Link> : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Deliveries({ deliveries, now, onRetried }: { deliveries: Delivery[]; now: number; onRetried: () => void }) {
  // Retrying a dead-lettered notification is for responders; viewers do not see the button.
  const canRetry = useCan('respond');
  if (deliveries.length === 0) return <EmptyMessage>No notification was sent for this alert (none due, held back, or no channel is routed to it)</EmptyMessage>;
  return (
    <div className="table-scroll">
      <table className="data" data-testid="alert-deliveries">
        <caption className="visually-hidden">Notifications of this alert and how their delivery went</caption>
        <thead>
          <tr>
            <th scope="col">Queued</th>
            <th scope="col">Kind</th>
            <th scope="col">Channel</th>
            <th scope="col">Outcome</th>
            <th scope="col" className="num">Attempts</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-testid={`delivery-${d.id}`} data-status={d.status}>
              <td className="nowrap">{formatTimestamp(d.createdAt, true)}</td>
              <td>{d.kind}</td>
              <td>{d.channel}</td>
              <td className="nowrap">
                <DeliveryBadge status={d.status} />{' '}
                <span className="muted">
                  {d.status === 'delivered' && d.deliveredAt !== null && formatAgo(d.deliveredAt, now)}
                  {d.status === 'pending' && d.nextAttemptAt !== null && `next try ${formatIn(d.nextAttemptAt, now)}`}
                </span>
                {canRetry && d.status === 'dead' && (
                  <>
                    {' '}
                    <RetryButton id={d.id} onRetried={onRetried} />
                  </>
                )}
              </td>
              <td className="num">{d.attempts}</td>
              <td>{d.lastError ? <code>{d.lastError}</code> : <span className="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One alert: what crossed what, its context, its state history and its deliveries; silence it from here. */
export function AlertPage({ id }: { id: string }) {
  const poll = usePollTick(10_000);
  const tick = useRefreshTick(() => true);
  const [retried, setRetried] = useState(0);
  const canRespond = useCan('respond');
  const detail = useJson<AlertDetailAnswer>(`/api/v1/alerts/${encodeURIComponent(id)}`, tick + poll + retried);
  const now = useNow(5_000);
  const alert = detail.data?.alert;
  const names = useIntegrationNames();
  useDocumentTitle(`${alert ? alertTitle(names, alert) : `Alert ${id}`} · Switchboard`);

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/alerts">Alerts</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{alert ? alertTitle(names, alert) : id}</span>
      </nav>
      {detail.error && <ErrorMessage error={detail.error} />}
      {!detail.data && !detail.error && <Loading />}
      {detail.data && alert && (
        <>
          <div className="page-head">
            <div>
              <div className="page-head__title">
                <h1 data-testid="alert-title">
                  {alertTitle(names, alert)} <code className="integration-name__id">{alert.rule}</code>
                </h1>
                <AlertStateBadge state={alert.state} testId="alert-state" />
                <SeverityBadge severity={alert.severity} testId="alert-severity" />
              </div>
              <p className="page-head__meta muted">
                <Link href={`/integrations/${encodeURIComponent(alert.integration)}`}>
                  <IntegrationName id={alert.integration} withId />
                </Link>{' '}
                ·{' '}
                {Object.entries(alert.labels)
                  .filter(([name]) => !['alertname', 'integration', 'severity'].includes(name))
                  .map(([name, value]) => `${name}=${value}`)
                  .join(' · ')}
              </p>
              <p className="page-head__reason" data-testid="alert-summary">
                {alert.summary}
                {alert.fired_at !== null && alert.state === 'firing' && <span className="muted"> · firing for {formatDuration(now - alert.fired_at)}</span>}
                {alert.state === 'resolved' && alert.duration_ms !== null && <span className="muted"> · lasted {formatDuration(alert.duration_ms)}</span>}
              </p>
              {alert.labels.kind === 'log_errors' && <LogLinesLink alert={alert} />}
            </div>
          </div>
          {alert.state === 'firing' && canRespond && <AcknowledgePanel alert={alert} onChanged={() => setRetried((n) => n + 1)} />}
          {alert.state === 'firing' && !canRespond && <RoleNote action="Acknowledging this alert" />}
          {alert.state !== 'resolved' && <RecoveryPanel integration={alert.integration} alertId={alert.id} refresh={tick + poll + retried} />}
          {(alert.state === 'firing' || alert.state === 'pending') && (canRespond ? <AssignPanel alert={alert} onChanged={() => setRetried((n) => n + 1)} /> : alert.assignment && <p data-testid="alert-assignment-state">Assigned to {alert.assignment.to}</p>)}
          {alert.context && <Context context={alert.context} />}
          <section className="panel" aria-labelledby="alert-deliveries-title">
            <h2 id="alert-deliveries-title">Notifications</h2>
            <Deliveries deliveries={detail.data.deliveries} now={now} onRetried={() => setRetried((n) => n + 1)} />
          </section>
          <section className="panel" aria-labelledby="alert-events-title">
            <h2 id="alert-events-title">State history</h2>
            <ol className="timeline" data-testid="alert-events">
              {[...detail.data.events].reverse().map((event) => (
                <li key={event.id}>
                  <time dateTime={isoTime(event.ts)}>{formatTimestamp(event.ts, true)}</time> {event.from_state} → <strong>{event.to_state}</strong>
                  {event.note && <span className="muted"> · {event.note}</span>}
                </li>
              ))}
            </ol>
          </section>
          {alert.state !== 'resolved' && canRespond && (
            <section className="panel" aria-labelledby="alert-silence-title">
              <h2 id="alert-silence-title">Silence this alert</h2>
              <SilenceForm initialMatchers={[{ label: 'alertname', value: alert.rule }, { label: 'integration', value: alert.integration }]} />
            </section>
          )}
          {alert.state !== 'resolved' && !canRespond && <RoleNote action="Silencing this alert" />}
        </>
      )}
    </>
  );
}
