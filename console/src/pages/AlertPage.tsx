import { useState } from 'react';
import type { AlertDetailAnswer, Delivery, NotificationContext } from '../alerting';
import { RetryButton } from '../components/RetryButton';
import { RoleNote } from '../components/RoleNote';
import { SilenceForm } from '../components/SilenceForm';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { AlertStateBadge, DeliveryBadge, SeverityBadge } from '../components/StatusBadge';
import { formatAgo, formatDuration, formatIn, formatTimestamp, isoTime } from '../format';
import { useDocumentTitle, useJson, useNow, usePollTick, useRefreshTick } from '../hooks';
import { Link } from '../router';
import { useCan } from '../session';

/** A link from a notification (absolute, for the receiver) as a link within this console. */
function localHref(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

function Context({ context }: { context: NotificationContext }) {
  const { trend } = context;
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
        <div>
          <dt>Trend ({formatDuration(trend.stepMs)} steps)</dt>
          <dd>
            <span className="sparkline-text" aria-label={`Last values: ${trend.values.map((v) => (v === null ? 'none' : String(v))).join(', ')}`} data-testid="alert-trend">
              {trend.sparkline || '–'}
            </span>
          </dd>
        </div>
      </dl>
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
              <li key={step}>{step}</li>
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
                  <th scope="col">Correlation / order</th>
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
                    <td>
                      {sample.correlation_id && <code>{sample.correlation_id}</code>} {sample.order_id && <code>{sample.order_id}</code>}
                    </td>
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
  useDocumentTitle(`${alert ? alert.rule : `Alert ${id}`} · Switchboard`);

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link href="/alerts">Alerts</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{alert?.rule ?? id}</span>
      </nav>
      {detail.error && <ErrorMessage error={detail.error} />}
      {!detail.data && !detail.error && <Loading />}
      {detail.data && alert && (
        <>
          <div className="page-head">
            <div>
              <div className="page-head__title">
                <h1>{alert.rule}</h1>
                <AlertStateBadge state={alert.state} testId="alert-state" />
                <SeverityBadge severity={alert.severity} testId="alert-severity" />
              </div>
              <p className="page-head__meta muted">
                <Link href={`/integrations/${encodeURIComponent(alert.integration)}`}>{alert.integration}</Link> ·{' '}
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
            </div>
          </div>
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
