import type { CheckStatus, HealthStatus, RunStatus } from '../types';

/** The four looks every status maps onto: colour plus an icon plus a word, so it reads without colour vision. */
export type Tone = 'healthy' | 'degraded' | 'down' | 'unknown';

const ICON: Record<Tone, string> = { healthy: '✓', degraded: '!', down: '✕', unknown: '?' };

export function Badge({ tone, text, status, testId, title }: { tone: Tone; text: string; status: string; testId?: string; title?: string }) {
  return (
    <span className={`status status--${tone}`} data-testid={testId} data-status={status} title={title}>
      <span className="status__icon" aria-hidden="true">
        {ICON[tone]}
      </span>
      {text}
    </span>
  );
}

const HEALTH_TONE: Record<HealthStatus, Tone> = { healthy: 'healthy', degraded: 'degraded', down: 'down', unknown: 'unknown' };

/** An integration's health. */
export function StatusBadge({ status, testId, title }: { status: HealthStatus; testId?: string; title?: string }) {
  // A status this console does not know yet still reads, in grey.
  const tone = HEALTH_TONE[status] ?? 'unknown';
  return <Badge tone={tone} text={status} status={status} testId={testId} title={title} />;
}

const CHECK_TONE: Record<CheckStatus, Tone> = { up: 'healthy', degraded: 'degraded', down: 'down', pending: 'unknown' };

/** An active check's state. */
export function CheckBadge({ status, testId }: { status: CheckStatus; testId?: string }) {
  return <Badge tone={CHECK_TONE[status] ?? 'unknown'} text={status} status={status} testId={testId} />;
}

/** How a job run ended, or that the job is late. */
export type JobState = RunStatus | 'late' | 'never';
const RUN_TONE: Record<JobState, Tone> = { success: 'healthy', partial: 'degraded', late: 'degraded', failed: 'down', never: 'unknown' };
const RUN_TEXT: Record<JobState, string> = { success: 'succeeded', partial: 'partial', late: 'late', failed: 'failed', never: 'no runs' };

export function RunBadge({ status, testId }: { status: JobState; testId?: string }) {
  return <Badge tone={RUN_TONE[status] ?? 'unknown'} text={RUN_TEXT[status] ?? status} status={status} testId={testId} />;
}

const ALERT_TONE: Record<string, Tone> = { firing: 'down', pending: 'degraded', resolved: 'healthy', inactive: 'unknown' };

/** An alert's lifecycle state. */
export function AlertStateBadge({ state, testId }: { state: string; testId?: string }) {
  return <Badge tone={ALERT_TONE[state] ?? 'unknown'} text={state} status={state} testId={testId} />;
}

const SEVERITY_TONE: Record<string, Tone> = { critical: 'down', warning: 'degraded', info: 'unknown' };

export function SeverityBadge({ severity, testId }: { severity: string; testId?: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? 'unknown'} text={severity} status={severity} testId={testId} />;
}

const DELIVERY_TONE: Record<string, Tone> = { delivered: 'healthy', pending: 'degraded', sending: 'degraded', dead: 'down' };

/** How a notification's delivery stands. */
export function DeliveryBadge({ status, testId }: { status: string; testId?: string }) {
  return <Badge tone={DELIVERY_TONE[status] ?? 'unknown'} text={status === 'dead' ? 'dead-lettered' : status} status={status} testId={testId} />;
}
