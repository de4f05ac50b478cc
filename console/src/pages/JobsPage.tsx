import { useMemo, useId } from 'react';
import { apiUrl } from '../api';
import { WindowPicker } from '../components/FilterBar';
import { JobCard } from '../components/JobCard';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { Pager, useCursor } from '../components/Pager';
import { PanelBoundary } from '../components/PanelBoundary';
import { formatRange } from '../format';
import { useDocumentTitle, useJson, useNow, useRefreshTick } from '../hooks';
import { byAttention, jobState } from '../jobs';
import { Link, navigate } from '../router';
import type { CatalogueAnswer, JobsAnswer } from '../types';
import { WINDOWS, spanOf, windowBounds, windowLabel, type WindowKey } from '../view';

const DAY = 86_400_000;
const JOB_WINDOWS = WINDOWS.filter((w) => w.key !== '1h');
const DEFAULT_WINDOW: WindowKey = '7d';

interface JobsView {
  window: WindowKey;
  integration?: string;
}

function readJobsView(search: string): JobsView {
  const query = new URLSearchParams(search);
  const window = JOB_WINDOWS.find((w) => w.key === query.get('window'))?.key ?? DEFAULT_WINDOW;
  return { window, integration: query.get('integration') || undefined };
}

function jobsSearch(view: JobsView): string {
  const query = new URLSearchParams();
  if (view.window !== DEFAULT_WINDOW) query.set('window', view.window);
  if (view.integration) query.set('integration', view.integration);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function IntegrationFilter({ value, choices, onChange }: { value: string | undefined; choices: Array<[string, string]>; onChange: (id: string | undefined) => void }) {
  const id = useId();
  const all = value && !choices.some(([v]) => v === value) ? [...choices, [value, value] as [string, string]] : choices;
  return (
    <div className="field">
      <label htmlFor={id}>Integration</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">All integrations</option>
        {all.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Feeds and jobs: per job its last run and success, failure history and record-count trends; trouble first. */
export function JobsPage({ search }: { search: string }) {
  const view = useMemo(() => readJobsView(search), [search]);
  const key = jobsSearch(view);
  const tick = useRefreshTick((ids) => !view.integration || ids.includes(view.integration));
  const bounds = useMemo(() => windowBounds(view.window, Date.now()), [key, tick]);
  const page = useCursor(key);
  const jobs = useJson<JobsAnswer>(apiUrl('/api/v1/jobs', { ...bounds, integration: view.integration, cursor: page.cursor }), tick);
  const catalogue = useJson<CatalogueAnswer>('/api/v1/catalogue');
  const now = useNow(15_000);
  useDocumentTitle('Feeds and jobs · Switchboard');

  const entries = useMemo(() => new Map((catalogue.data?.integrations ?? []).map((e) => [e.id, e])), [catalogue.data]);
  const cards = (jobs.data?.jobs ?? [])
    .map((job) => {
      const maxAgeMs = job.expected_within_ms ?? undefined;
      return { job, maxAgeMs, state: jobState(job) };
    })
    .sort(byAttention);
  const choices: Array<[string, string]> = [...entries.values()].map((e) => [e.id, e.title]);
  const change = (next: JobsView) => navigate(`/jobs${jobsSearch(next)}`);
  const troubled = cards.filter((c) => c.state === 'failed' || c.state === 'late').length;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Feeds and jobs</h1>
          {jobs.data && (
            <p className="counts" data-testid="jobs-count">
              {cards.length} job{cards.length === 1 ? '' : 's'}
              {troubled > 0 && <span className="counts__part counts__part--down">{troubled} failed or late</span>}
              <Link href="/ingest/limits" className="counts__part">
                Ingest limits
              </Link>
            </p>
          )}
        </div>
        <p className="page-head__window">
          {windowLabel(view.window)}
          {jobs.data && <span className="muted"> · {formatRange(jobs.data.from, jobs.data.to)}</span>}
        </p>
      </div>
      <form className="filters" role="search" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <IntegrationFilter value={view.integration} choices={choices} onChange={(integration) => change({ ...view, integration })} />
        <p className="filters__note muted">
          Counts: solid line per run, dashed line the trailing average of the 10 runs before it; a fall of 30 % or more reads as a drop.
        </p>
        <WindowPicker value={view.window} choices={JOB_WINDOWS} onChange={(window) => change({ ...view, window })} />
      </form>
      {jobs.error && <ErrorMessage error={jobs.error} />}
      {!jobs.data && !jobs.error && <Loading />}
      {jobs.data && cards.length === 0 && <EmptyMessage>No job runs in this window</EmptyMessage>}
      {cards.length > 0 && (
        <div className="jobs" data-testid="jobs" aria-busy={jobs.loading}>
          {cards.map(({ job, state, maxAgeMs }) => (
            <PanelBoundary key={`${job.integration}/${job.job}`} what={`the job ${job.integration}/${job.job}`} resetKey={`${key} ${tick}`}>
              <JobCard job={job} state={state} entry={entries.get(job.integration)} maxAgeMs={maxAgeMs} now={now} withDate={spanOf(view.window) > DAY} />
            </PanelBoundary>
          ))}
        </div>
      )}
      {jobs.data && <Pager at={page} next={jobs.data.next} onward="More jobs" first="first page" testId="jobs-pager" />}
    </>
  );
}
