import { Link } from '../router';

/** "2 firing · 1 pending" as a link to the integration's alerts; nothing when it has none. */
export function AlertCount({ integration, firing, pending, asLink = true }: { integration: string; firing: number; pending: number; asLink?: boolean }) {
  if (firing === 0 && pending === 0) return null;
  const parts = [firing > 0 ? `${firing} firing` : null, pending > 0 ? `${pending} pending` : null].filter(Boolean).join(' · ');
  const content = (
    <>
      <span className="alert-count__icon" aria-hidden="true">
        ▲
      </span>
      {parts}
    </>
  );
  const className = `alert-count ${firing > 0 ? 'alert-count--firing' : 'alert-count--pending'}`;
  const label = `Alerts of ${integration}: ${parts}`;
  if (!asLink) {
    return (
      <span className={className} data-testid="alert-count" aria-label={label}>
        {content}
      </span>
    );
  }
  return (
    <Link href={`/alerts?integration=${encodeURIComponent(integration)}`} className={className} data-testid="alert-count" aria-label={label}>
      {content}
    </Link>
  );
}
