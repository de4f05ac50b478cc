import { useMemo } from 'react';
import { Figure } from '../components/Figure';
import { LINE_COLOURS, LineChart } from '../components/LineChart';
import { IntegrationCell, Num, OverviewTable } from '../components/OverviewTable';
import { PanelBoundary } from '../components/PanelBoundary';
import { ErrorMessage, Loading } from '../components/StateMessage';
import { RunBadge, StatusBadge } from '../components/StatusBadge';
import { Timestamp } from '../components/Timestamp';
import { formatAgo, formatCount, formatDuration, formatLatency, formatRange, formatRate, formatStep } from '../format';
import { useDocumentTitle, useJson, useNow, useRefreshTick, type Fetched } from '../hooks';
import {
  ACTIVITY_ROWS,
  ERROR_TYPE_LABELS,
  HEALTH_ROWS,
  type ActivityAnswer,
  type AdminHealthAnswer,
  type ErrorsAnswer,
  type PerformanceAnswer,
  type StatsAnswer,
} from '../overview';
import { useCan } from '../session';
import type { HealthStatus } from '../types';
import { Section } from './integration/SignalsTab';

const ADMIN_API = '/api/v1/admin/integrations';
const STATUSES: HealthStatus[] = ['down', 'degraded', 'unknown', 'healthy'];
const duration = (ms: number | null) => (ms === null ? '–' : formatDuration(ms));
const perSecond = (value: number | null) => (value === null ? '–' : `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })}/s`);
const depth = (value: number | null) => (value === null ? '–' : formatCount(Math.round(value)));
/** Counts on an axis: only whole steps are labelled (a 0.5 run is no label). */
const wholeCount = (value: number | null) => (value === null ? '–' : Number.isInteger(value) ? formatCount(value) : '');
const rateTone = (rate: number | null) => (rate === null ? undefined : rate > 0.05 ? 'bad' : rate > 0.01 ? 'warn' : undefined);

/** One section's answer: the error, a placeholder while it first loads, else the section. */
function Panel<T>({ fetched, what, tick, children }: { fetched: Fetched<T>; what: string; tick: number; children: (data: T) => React.ReactNode }) {
  if (fetched.error) return <ErrorMessage error={fetched.error} />;
  if (!fetched.data) return <Loading />;
  return (
    <PanelBoundary what={what} resetKey={String(tick)}>
      {children(fetched.data)}
    </PanelBoundary>
  );
}

function SystemOverview({ stats }: { stats: StatsAnswer }) {
  const trend = stats.error_trend;
  const lines = useMemo(
    () => [
      { label: 'Call error rate', values: trend.error_rate, stroke: '#c93a3a' },
      { label: 'Run failure rate', values: trend.runs.map((runs, i) => (runs === 0 ? null : trend.failed_runs[i]! / runs)), stroke: LINE_COLOURS[0]! },
    ],
    [trend],
  );
  return (
    <>
      <dl className="figures figures--summary" data-testid="overview-figures">
        <Figure label="Integrations" value={stats.integrations.total} text={formatCount(stats.integrations.total)} testId="overview-integrations" />
        {STATUSES.map((status) => (
          <Figure
            key={status}
            label={status[0]!.toUpperCase() + status.slice(1)}
            value={stats.integrations.by_status[status]}
            text={formatCount(stats.integrations.by_status[status])}
            testId={`overview-status-${status}`}
            tone={status === 'down' && stats.integrations.by_status.down > 0 ? 'bad' : status === 'degraded' && stats.integrations.by_status.degraded > 0 ? 'warn' : undefined}
          />
        ))}
        <Figure label="Runs in 24 h" value={stats.jobs.runs} text={formatCount(stats.jobs.runs)} testId="overview-runs" />
        <Figure label="Succeeded" value={stats.jobs.success} text={formatCount(stats.jobs.success)} testId="overview-runs-success" />
        <Figure label="Partial" value={stats.jobs.partial} text={formatCount(stats.jobs.partial)} testId="overview-runs-partial" tone={stats.jobs.partial > 0 ? 'warn' : undefined} />
        <Figure label="Failed" value={stats.jobs.failed} text={formatCount(stats.jobs.failed)} testId="overview-runs-failed" tone={stats.jobs.failed > 0 ? 'bad' : undefined} />
      </dl>
      <div className="charts charts--overview">
        <LineChart title="Error rate" unit={`per ${formatStep(trend.step_ms)}`} testId="chart-overview-errors" t={trend.t} lines={lines} format={formatRate} kind="share" />
        <OverviewTable
          testId="overview-top"
          caption="Top integrations by volume"
          columns={[{ label: 'Top integrations by volume' }, { label: 'Calls', num: true }, { label: 'Error rate', num: true }, { label: 'Runs', num: true }, { label: 'Records', num: true, title: 'Records the runs processed (the sum of their counts)' }]}
        >
          {stats.top_integrations.map((row) => (
            <tr key={row.integration}>
              <IntegrationCell id={row.integration} />
              <Num col="calls" value={row.calls}>{formatCount(row.calls)}</Num>
              <Num col="error_rate" value={row.error_rate} tone={rateTone(row.error_rate)}>{formatRate(row.error_rate)}</Num>
              <Num col="runs" value={row.runs}>{formatCount(row.runs)}</Num>
              <Num col="records" value={row.records}>{formatCount(row.records)}</Num>
            </tr>
          ))}
        </OverviewTable>
      </div>
    </>
  );
}

function IntegrationHealth({ health, now }: { health: AdminHealthAnswer; now: number }) {
  // Trouble first: down, then degraded, then unknown, then healthy.
  const rows = [...health.integrations].sort((a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || a.id.localeCompare(b.id));
  return (
    <OverviewTable
      testId="overview-health"
      caption="Health of every integration"
      columns={[
        { label: 'Integration' },
        { label: 'Status' },
        { label: 'Adapter' },
        { label: 'Last successful run' },
        { label: 'Runs', num: true },
        { label: 'Failed', num: true },
        { label: 'Calls', num: true },
        { label: 'Errors', num: true },
        { label: 'Why' },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.id} data-integration={row.id}>
          <IntegrationCell id={row.id} tab="health" />
          <td>
            <StatusBadge status={row.status} />
          </td>
          <td>{row.adapter ?? <span className="muted">not catalogued</span>}</td>
          <td data-col="last_success" data-value={row.last_success ?? ''}>{row.last_success === null ? <span className="muted">{row.runs === 0 ? 'no runs' : 'none kept'}</span> : formatAgo(row.last_success, now)}</td>
          <Num col="runs" value={row.runs}>{formatCount(row.runs)}</Num>
          <Num col="failed_runs" value={row.failed_runs} tone={row.failed_runs > 0 ? 'bad' : undefined}>{formatCount(row.failed_runs)}</Num>
          <Num col="calls" value={row.calls}>{formatCount(row.calls)}</Num>
          <Num col="errors" value={row.errors} tone={row.errors > 0 ? 'warn' : undefined}>{formatCount(row.errors)}</Num>
          <td className="muted">{row.reasons[0] ?? ''}</td>
        </tr>
      ))}
    </OverviewTable>
  );
}

function RunsTable({ runs, testId, caption }: { runs: ActivityAnswer['runs']; testId: string; caption: string }) {
  return (
    <OverviewTable
      testId={testId}
      caption={caption}
      columns={[{ label: 'Integration' }, { label: 'Job' }, { label: 'Finished' }, { label: 'Status' }, { label: 'Duration', num: true }, { label: 'Records', num: true }, { label: 'Error' }]}
    >
      {runs.map((run) => (
        <tr key={run.id}>
          <IntegrationCell id={run.integration} />
          <td>{run.job}</td>
          <td>
            <Timestamp ts={run.ts} withDate={false} />
          </td>
          <td>
            <RunBadge status={run.status} />
          </td>
          <Num col="duration_ms" value={run.duration_ms}>{duration(run.duration_ms)}</Num>
          <Num col="records" value={run.records}>{formatCount(run.records)}</Num>
          <td className="muted">{run.error ?? ''}</td>
        </tr>
      ))}
    </OverviewTable>
  );
}

function SyncActivity({ activity }: { activity: ActivityAnswer }) {
  const { trend } = activity;
  const lines = useMemo(
    () => ({
      runs: [
        { label: 'Runs', values: trend.runs, stroke: LINE_COLOURS[0]! },
        { label: 'Failed', values: trend.failed, stroke: '#c93a3a' },
      ],
      duration: [{ label: 'Average duration', values: trend.avg_duration_ms, stroke: LINE_COLOURS[1]! }],
    }),
    [trend],
  );
  const per = `per ${formatStep(trend.step_ms)}`;
  return (
    <>
      <dl className="figures figures--summary" data-testid="activity-figures">
        <Figure label="Runs" value={activity.totals.runs} text={formatCount(activity.totals.runs)} testId="activity-runs" />
        <Figure label="Failed" value={activity.totals.failed} text={formatCount(activity.totals.failed)} testId="activity-failed" tone={activity.totals.failed > 0 ? 'bad' : undefined} />
        <Figure label="Records processed" value={activity.totals.records} text={formatCount(activity.totals.records)} testId="activity-records" />
      </dl>
      <div className="charts">
        <LineChart title="Runs" unit={per} testId="chart-overview-runs" t={trend.t} lines={lines.runs} format={wholeCount} kind="count" />
        <LineChart title="Run duration" unit={`average ${per}`} testId="chart-overview-duration" t={trend.t} lines={lines.duration} format={duration} kind="duration" />
      </div>
      <RunsTable runs={activity.runs} testId="overview-runs-table" caption="The newest runs" />
    </>
  );
}

function ErrorMonitoring({ errors }: { errors: ErrorsAnswer }) {
  const types = (Object.keys(ERROR_TYPE_LABELS) as Array<keyof typeof ERROR_TYPE_LABELS>).filter((type) => errors.by_type[type] > 0);
  return (
    <>
      <dl className="figures figures--summary" data-testid="errors-by-type">
        {types.length === 0 && <Figure label="Errors" value={0} text="none" />}
        {types.map((type) => (
          <Figure key={type} label={ERROR_TYPE_LABELS[type]} value={errors.by_type[type]} text={formatCount(errors.by_type[type])} testId={`errors-${type}`} tone="bad" />
        ))}
      </dl>
      <OverviewTable
        testId="overview-errors"
        caption="Errors by integration"
        columns={[{ label: 'Integration' }, { label: 'Calls', num: true }, { label: 'Errors', num: true }, { label: 'Error rate', num: true }, { label: 'Failed runs', num: true }, { label: 'Mostly' }]}
      >
        {errors.by_integration.map((row) => {
          const worst = (Object.entries(row.by_type) as Array<[keyof typeof ERROR_TYPE_LABELS, number]>).sort((a, b) => b[1] - a[1])[0];
          return (
            <tr key={row.integration}>
              <IntegrationCell id={row.integration} />
              <Num col="calls" value={row.calls}>{formatCount(row.calls)}</Num>
              <Num col="errors" value={row.errors}>{formatCount(row.errors)}</Num>
              <Num col="error_rate" value={row.error_rate} tone={rateTone(row.error_rate)}>{formatRate(row.error_rate)}</Num>
              <Num col="failed_runs" value={row.failed_runs} tone={row.failed_runs > 0 ? 'bad' : undefined}>{formatCount(row.failed_runs)}</Num>
              <td className="muted">{worst && worst[1] > 0 ? ERROR_TYPE_LABELS[worst[0]] : ''}</td>
            </tr>
          );
        })}
      </OverviewTable>
      {errors.failed_runs.length > 0 && (
        <>
          <h3 className="panel__subhead">Failed runs</h3>
          <RunsTable runs={errors.failed_runs} testId="overview-failed-runs" caption="The newest failed runs" />
        </>
      )}
    </>
  );
}

function Performance({ performance }: { performance: PerformanceAnswer }) {
  const { throughput, queue_depth: queue } = performance;
  const lines = useMemo(
    () => ({
      throughput: [{ label: 'Records per second', values: throughput.records_per_second, stroke: LINE_COLOURS[2]! }],
      queue: [
        { label: 'Queue depth (largest)', values: queue.queue_depth_max, stroke: LINE_COLOURS[0]! },
        { label: 'Dead letters (largest)', values: queue.dlq_depth_max, stroke: '#c93a3a' },
      ],
    }),
    [throughput, queue],
  );
  const per = `per ${formatStep(throughput.step_ms)}`;
  return (
    <>
      <dl className="figures figures--summary" data-testid="performance-figures">
        <Figure label="Records processed" value={performance.records} text={formatCount(performance.records)} testId="performance-records" />
        <Figure label="Records per second of run time" value={performance.records_per_second} text={perSecond(performance.records_per_second)} testId="performance-rate" />
      </dl>
      <div className="charts">
        <LineChart title="Throughput" unit={`records per second of run time, ${per}`} testId="chart-overview-throughput" t={throughput.t} lines={lines.throughput} format={perSecond} kind="count" />
        <LineChart title="Queue depth" unit={`queue.depth and dlq.depth gauges, ${per}`} testId="chart-overview-queues" t={queue.t} lines={lines.queue} format={depth} kind="count" />
      </div>
      <div className="charts">
        <OverviewTable
          testId="overview-durations"
          caption="Average run duration by integration"
          columns={[{ label: 'Slowest runs' }, { label: 'Timed runs', num: true }, { label: 'Average duration', num: true }, { label: 'Records/s', num: true }]}
        >
          {performance.run_duration.map((row) => (
            <tr key={row.integration}>
              <IntegrationCell id={row.integration} />
              <Num col="timed_runs" value={row.timed_runs}>{formatCount(row.timed_runs)}</Num>
              <Num col="avg_duration_ms" value={row.avg_duration_ms}>{duration(row.avg_duration_ms)}</Num>
              <Num col="records_per_second" value={row.records_per_second}>{perSecond(row.records_per_second)}</Num>
            </tr>
          ))}
        </OverviewTable>
        <OverviewTable
          testId="overview-latency"
          caption="Call latency by adapter"
          columns={[{ label: 'Adapter' }, { label: 'Integrations', num: true }, { label: 'Calls', num: true }, { label: 'p50', num: true }, { label: 'p95', num: true }, { label: 'p99', num: true }]}
        >
          {performance.latency_by_adapter.map((row) => (
            <tr key={row.adapter ?? ''}>
              <th scope="row">{row.adapter ?? <span className="muted">not catalogued</span>}</th>
              <Num col="integrations" value={row.integrations}>{formatCount(row.integrations)}</Num>
              <Num col="calls" value={row.calls}>{formatCount(row.calls)}</Num>
              <Num col="p50_ms" value={row.p50_ms}>{formatLatency(row.p50_ms)}</Num>
              <Num col="p95_ms" value={row.p95_ms}>{formatLatency(row.p95_ms)}</Num>
              <Num col="p99_ms" value={row.p99_ms}>{formatLatency(row.p99_ms)}</Num>
            </tr>
          ))}
        </OverviewTable>
      </div>
    </>
  );
}

/** The operations overview for administrators: the last 24 hours of every integration, live. */
export function OverviewPage() {
  const admin = useCan('admin');
  const tick = useRefreshTick(() => admin);
  const now = useNow(5_000);
  // Nothing is asked of the server for a caller who may not see it: one note says why instead.
  const url = (path: string) => (admin ? `${ADMIN_API}${path}` : null);
  const stats = useJson<StatsAnswer>(url('/stats'), tick);
  const health = useJson<AdminHealthAnswer>(url(`/health?limit=${HEALTH_ROWS}`), tick);
  const activity = useJson<ActivityAnswer>(url(`/sync-activity?limit=${ACTIVITY_ROWS}`), tick);
  const errors = useJson<ErrorsAnswer>(url('/errors?limit=10'), tick);
  const performance = useJson<PerformanceAnswer>(url('/performance'), tick);
  useDocumentTitle('Overview · Switchboard');
  if (!admin) {
    return (
      <>
        <h1>Operations overview</h1>
        <p className="state state--empty" data-testid="overview-admins-only">
          The operations overview is for administrators; the board shows the integrations you may see.
        </p>
      </>
    );
  }
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Operations overview</h1>
          <p className="muted">Health, runs, errors and performance of every integration</p>
        </div>
        <p className="page-head__window">
          last 24 h{stats.data && <span className="muted"> · {formatRange(stats.data.from, stats.data.to)}</span>}
        </p>
      </div>
      <Section title="System overview" note="integrations by health, runs by status, the busiest integrations" testId="overview-system">
        <Panel fetched={stats} what="the system overview" tick={tick}>
          {(data) => <SystemOverview stats={data} />}
        </Panel>
      </Section>
      <Section title="Integration health" note={health.data?.next ? `the first ${HEALTH_ROWS} integrations by id, trouble first` : 'trouble first'} testId="overview-health-section">
        <Panel fetched={health} what="the integration health" tick={tick}>
          {(data) => <IntegrationHealth health={data} now={now} />}
        </Panel>
      </Section>
      <Section title="Sync activity" note="the newest runs and how runs went" testId="overview-activity">
        <Panel fetched={activity} what="the sync activity" tick={tick}>
          {(data) => <SyncActivity activity={data} />}
        </Panel>
      </Section>
      <Section title="Error monitoring" note="errors by type and by integration" testId="overview-errors-section">
        <Panel fetched={errors} what="the errors" tick={tick}>
          {(data) => <ErrorMonitoring errors={data} />}
        </Panel>
      </Section>
      <Section title="Performance" note="run duration, throughput, queues and call latency" testId="overview-performance">
        <Panel fetched={performance} what="the performance" tick={tick}>
          {(data) => <Performance performance={data} />}
        </Panel>
      </Section>
    </>
  );
}
