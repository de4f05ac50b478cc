import type { Alert } from '../alerting';
import { formatAgo } from '../format';
import { Link } from '../router';
import { SeverityBadge } from './StatusBadge';

/** The integration's firing and pending alerts, above its tabs, each a link to the alert. */
export function AlertStrip({ integration, alerts, now }: { integration: string; alerts: Alert[]; now: number }) {
  const active = alerts.filter((a) => a.state === 'firing' || a.state === 'pending');
  if (active.length === 0) return null;
  const firing = active.some((a) => a.state === 'firing');
  return (
    <ul className={`alert-strip${firing ? '' : ' alert-strip--pending'}`} data-testid="alert-strip" aria-label={`Alerts of ${integration}`}>
      {active.map((alert) => (
        <li key={alert.id}>
          <SeverityBadge severity={alert.severity} /> <strong>{alert.state}</strong>{' '}
          <Link href={`/alerts/${alert.id}`}>{alert.rule}</Link>: {alert.summary}
          <span className="muted"> · {formatAgo(alert.state === 'firing' ? alert.fired_at : alert.pending_since, now)}</span>
        </li>
      ))}
      <li>
        <Link href={`/alerts?integration=${encodeURIComponent(integration)}`}>All alerts of this integration</Link>
      </li>
    </ul>
  );
}
