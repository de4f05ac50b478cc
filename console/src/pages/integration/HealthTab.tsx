import { useState } from 'react';
import type { ApiError } from '../../api';
import { ChecksTable } from '../../components/ChecksTable';
import { HealthHistory } from '../../components/HealthHistory';
import { EmptyMessage, ErrorMessage, Loading } from '../../components/StateMessage';
import { StatusBadge } from '../../components/StatusBadge';
import { checkTarget } from '../../describe';
import { formatAgo, formatTimestamp, isoTime } from '../../format';
import { useJson, useNow, usePollTick } from '../../hooks';
import type { CatalogueEntry, CheckReport, ChecksAnswer, IntegrationHealthAnswer } from '../../types';
import { Section } from './SignalsTab';

/** Declared checks before the server reports on them: shown as pending, so the table is never blank. */
function declaredChecks(entry: CatalogueEntry): CheckReport[] {
  return entry.checks.map((check) => ({
    name: check.name,
    type: check.type,
    target: checkTarget(check),
    interval_ms: check.intervalMs,
    timeout_ms: check.timeoutMs,
    status: 'pending',
    last: null,
    next_run: null,
    consecutive_failures: 0,
    history: [],
  }));
}

function CurrentHealth({ health, now }: { health: IntegrationHealthAnswer; now: number }) {
  return (
    <Section title="Current health" note="checks, golden signals against the SLOs, and freshness, judged every 15 s" testId="health-current">
      <div className="panel__body health-now">
        <StatusBadge status={health.status} testId="health-status" />
        <ul className="plain health-now__reasons" data-testid="health-reasons">
          {health.reasons.length > 0 ? health.reasons.map((reason) => <li key={reason}>{reason}</li>) : <li className="muted">no reason given</li>}
        </ul>
        {health.since !== null && (
          <p className="muted health-now__since" data-testid="health-since">
            {health.status} since <time dateTime={isoTime(health.since)}>{formatTimestamp(health.since, true)}</time> ({formatAgo(health.since, now)})
          </p>
        )}
      </div>
    </Section>
  );
}

/** Health now and its history of changes, and the active checks that feed it. */
export function HealthTab(props: { id: string; entry: CatalogueEntry | undefined; recordLoaded: boolean; health: IntegrationHealthAnswer | undefined; healthError: ApiError | undefined; tick: number; onChecked: () => void }) {
  const { id, entry, health, healthError } = props;
  const poll = usePollTick(10_000);
  const [ran, setRan] = useState(0);
  // Only integrations with a catalogue record declare checks.
  const declares = entry !== undefined && entry.checks.length > 0;
  const checks = useJson<ChecksAnswer>(declares ? `/api/v1/integrations/${encodeURIComponent(id)}/checks` : null, props.tick + poll + ran);
  const checked = () => {
    setRan((n) => n + 1);
    props.onChecked();
  };
  const now = useNow(5_000);
  // Until the server reports on checks, list the declared ones as pending.
  const reported = !props.recordLoaded ? undefined : !declares ? [] : (checks.data?.checks ?? (checks.error?.status === 404 && entry ? declaredChecks(entry) : undefined));

  return (
    <>
      {healthError && <ErrorMessage error={healthError} />}
      {!health && !healthError && <Loading />}
      {health && <CurrentHealth health={health} now={now} />}

      <Section title="Active checks" note={reported ? `${reported.length} declared` : undefined} testId="checks">
        {checks.error && checks.error.status !== 404 && <ErrorMessage error={checks.error} />}
        {!reported && !(checks.error && checks.error.status !== 404) && <Loading />}
        {reported && reported.length === 0 && (
          <EmptyMessage>{entry ? 'No checks declared for this integration' : 'Checks are declared in the catalogue record, which this integration does not have'}</EmptyMessage>
        )}
        {reported && reported.length > 0 && <ChecksTable integration={id} checks={reported} now={now} onRun={checked} />}
      </Section>

      {health && (
        <Section title="Status changes and recovery runs" note="newest first" testId="health-changes">
          {health.history.length + (health.recovery_runs?.length ?? 0) > 0 ? (
            <HealthHistory history={health.history} runs={health.recovery_runs ?? []} />
          ) : (
            <EmptyMessage>No changes recorded yet</EmptyMessage>
          )}
        </Section>
      )}
    </>
  );
}
