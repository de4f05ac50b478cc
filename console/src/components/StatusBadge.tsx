import type { HealthStatus } from '../types';

/** Colour plus an icon plus a word, so the status reads without colour vision. */
const LOOK: Record<HealthStatus, { icon: string; text: string }> = {
  healthy: { icon: '✓', text: 'healthy' },
  degraded: { icon: '!', text: 'degraded' },
  down: { icon: '✕', text: 'down' },
  idle: { icon: '–', text: 'idle' },
};

export function StatusBadge({ status, testId }: { status: HealthStatus; testId?: string }) {
  const look = LOOK[status];
  return (
    <span className={`status status--${status}`} data-testid={testId} data-status={status}>
      <span className="status__icon" aria-hidden="true">
        {look.icon}
      </span>
      {look.text}
    </span>
  );
}
