import type { ReactNode } from 'react';
import { formatAgo, formatCount, formatDuration, isoTime } from '../format';
import { Link } from '../router';
import type { CatalogueEntry, JobReport } from '../types';
import { integrationHref, runbookHref } from '../view';
import { CountTrend } from './CountTrend';
import { RunBadge, type JobState } from './StatusBadge';
import { RunStrip } from './RunStrip';

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/** One feed or job: its state, last run and success, failure history and each record count's trend. */
export function JobCard(props: { job: JobReport; state: JobState; entry: CatalogueEntry | undefined; maxAgeMs: number | undefined; now: number; withDate: boolean }) {
  const { job, state, entry, maxAgeMs, now, withDate } = props;
  const last = job.last_run;
  const counts = Object.entries(job.counts);
  const runbook = state === 'failed' || state === 'late' ? 'stale-feed' : counts.some(([, t]) => t.drop) ? 'count-drop' : undefined;
  return (
    <article className={`panel job job--${state}`} aria-labelledby={`job-${job.integration}-${job.job}`} data-testid={`job-${job.integration}-${job.job}`} data-state={state}>
      <header className="job__head">
        <h2 id={`job-${job.integration}-${job.job}`}>{job.job}</h2>
        <RunBadge status={state} testId="job-state" />
        <span className="muted">
          of <Link href={integrationHref(job.integration)}>{entry?.title ?? job.integration}</Link>
          {entry && ` · owner ${entry.owner}`}
        </span>
        {runbook && entry?.runbooks.includes(runbook) && (
          <Link className="job__runbook" href={runbookHref(runbook, job.integration)}>
            Runbook: {runbook === 'stale-feed' ? 'stale feed' : 'record-count drop'}
          </Link>
        )}
      </header>
      <dl className="facts">
        <Fact label="Last run" testId="job-last-run">
          {last ? (
            <>
              <time dateTime={isoTime(last.ts)}>{formatAgo(last.ts, now)}</time>
              <span className="muted">
                {' '}
                · {last.status}
                {last.duration_ms !== null && `, took ${formatDuration(last.duration_ms)}`}
              </span>
            </>
          ) : (
            'never'
          )}
        </Fact>
        <Fact label="Last success" testId="job-last-success">
          {job.last_success === null ? 'never in this window' : <time dateTime={isoTime(job.last_success)}>{formatAgo(job.last_success, now)}</time>}
          {maxAgeMs !== undefined && <span className="muted"> · target within {formatDuration(maxAgeMs)}</span>}
        </Fact>
        <Fact label="Failures" testId="job-failures">
          {formatCount(job.failures)} of {formatCount(job.runs)} runs
          {job.consecutive_failures > 0 && <strong className="is-bad"> · {job.consecutive_failures} in a row</strong>}
        </Fact>
      </dl>
      {last?.error && (
        <p className="job__error" data-testid="job-error">
          <span className="muted">Last error:</span> <code>{last.error}</code>
        </p>
      )}
      <div className="job__runs">
        <span className="job__label">Runs</span>
        <RunStrip history={job.history} withDate={withDate} />
      </div>
      {counts.length > 0 ? (
        <div className="counts-grid">
          {counts.map(([name, trend]) => (
            <CountTrend key={name} name={name} trend={trend} />
          ))}
        </div>
      ) : (
        <p className="job__none muted">No record counts reported.</p>
      )}
    </article>
  );
}
