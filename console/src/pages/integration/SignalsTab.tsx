import { useMemo, type ReactNode } from 'react';
import { apiUrl, type ApiError } from '../../api';
import { FailuresTable } from '../../components/FailuresTable';
import { Figure } from '../../components/Figure';
import { FilterBar } from '../../components/FilterBar';
import { LatencyChart } from '../../components/LatencyChart';
import { OperationsTable } from '../../components/OperationsTable';
import { EmptyMessage, ErrorMessage, Loading } from '../../components/StateMessage';
import { VolumeChart } from '../../components/VolumeChart';
import { formatCount, formatLatency, formatRate, formatStep } from '../../format';
import { Pager, useCursor } from '../../components/Pager';
import { PanelBoundary } from '../../components/PanelBoundary';
import { useJson } from '../../hooks';
import { navigate } from '../../router';
import type { DimensionsAnswer, FailuresAnswer, OperationsAnswer, SummaryAnswer, TimeSeriesAnswer } from '../../types';
import { FILTERS, filtersOf, integrationHref, spanOf, type View } from '../../view';

const DAY = 86_400_000;

function Summary({ summary }: { summary: SummaryAnswer }) {
  const rate = summary.success_rate;
  return (
    <dl className="figures figures--summary" data-testid="summary" data-from={summary.from} data-to={summary.to}>
      <Figure label="Volume" value={summary.volume} text={formatCount(summary.volume)} testId="stat-volume" />
      <Figure
        label="Success rate"
        value={rate}
        text={formatRate(rate)}
        testId="stat-success"
        tone={rate !== null && rate < 0.75 ? 'bad' : rate !== null && rate < 0.95 ? 'warn' : undefined}
      />
      <Figure label="5xx" value={summary.server_error} text={formatCount(summary.server_error)} testId="stat-5xx" tone={summary.server_error ? 'bad' : undefined} />
      <Figure label="429" value={summary.rate_limited} text={formatCount(summary.rate_limited)} testId="stat-429" tone={summary.rate_limited ? 'warn' : undefined} />
      <Figure label="Timeouts" value={summary.timeout} text={formatCount(summary.timeout)} testId="stat-timeouts" tone={summary.timeout ? 'bad' : undefined} />
      <Figure label="Auth errors" value={summary.auth_error} text={formatCount(summary.auth_error)} testId="stat-auth" tone={summary.auth_error ? 'bad' : undefined} />
      <Figure label="p50" value={summary.p50_ms} text={formatLatency(summary.p50_ms)} testId="stat-p50" />
      <Figure label="p95" value={summary.p95_ms} text={formatLatency(summary.p95_ms)} testId="stat-p95" />
      <Figure label="p99" value={summary.p99_ms} text={formatLatency(summary.p99_ms)} testId="stat-p99" />
    </dl>
  );
}

export function Section({ title, note, children, testId }: { title: string; note?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="panel" aria-label={title} data-testid={testId}>
      <div className="panel__head">
        <h2>{title}</h2>
        {note && <p className="panel__note">{note}</p>}
      </div>
      {children}
    </section>
  );
}

/** The integration's golden signals, charts, operations and recent failures under the chosen window and filters. */
export function SignalsTab({ id, view, bounds, tick }: { id: string; view: View; bounds: { from: number; to: number }; tick: number }) {
  const filters = filtersOf(view, FILTERS);
  const base = `/api/v1/integrations/${encodeURIComponent(id)}`;
  const query = { ...bounds, ...filters };

  // Older failures page by cursor; a new window or filter starts from the newest again.
  const olderFailures = useCursor(apiUrl(`${base}/failures`, query));
  const summary = useJson<SummaryAnswer>(apiUrl(`${base}/summary`, query), tick);
  const series = useJson<TimeSeriesAnswer>(apiUrl(`${base}/timeseries`, query), tick);
  const operations = useJson<OperationsAnswer>(apiUrl(`${base}/operations`, query), tick);
  const failures = useJson<FailuresAnswer>(apiUrl(`${base}/failures`, { ...query, limit: 50, cursor: olderFailures.cursor }), tick);
  const dimensions = useJson<DimensionsAnswer>(apiUrl('/api/v1/dimensions', { ...bounds, integration: id }));

  const change = (next: View) => navigate(integrationHref(id, next));
  const empty = summary.data !== undefined && summary.data.volume === 0;
  const withDate = useMemo(() => spanOf(view.window) > DAY, [view.window]);
  const panel = `${id} ${JSON.stringify(query)}`;
  // A bad filter fails every request alike: say it once, at the top; a panel shows only an error of its own.
  const own = (error: ApiError | undefined) => (error && error.message !== summary.error?.message ? error : undefined);
  const seriesError = own(series.error);
  const operationsError = own(operations.error);
  const failuresError = own(failures.error);

  // Each panel shows its own answer, or its own error: one failed request leaves the others usable.
  return (
    <>
      <FilterBar view={view} filters={FILTERS} dimensions={dimensions.data} onChange={change} />

      {summary.error && <ErrorMessage error={summary.error} />}
      {!summary.error && !summary.data && <Loading />}
      <PanelBoundary what="the summary" resetKey={panel}>
        {summary.data && <Summary summary={summary.data} />}
      </PanelBoundary>
      {empty && <EmptyMessage />}

      {!empty && seriesError && <ErrorMessage error={seriesError} />}
      {!empty && series.data && (
        <PanelBoundary what="the charts" resetKey={panel}>
          <div className="charts">
            <VolumeChart answer={series.data} />
            <LatencyChart answer={series.data} />
          </div>
          {series.data.requested_step_ms ? (
            <p className="muted" data-testid="step-raised">
              Shown per {formatStep(series.data.step_ms)}: a step of {formatStep(series.data.requested_step_ms)} would give this window more than {formatCount(series.data.max_points ?? 0)} points.
            </p>
          ) : null}
        </PanelBoundary>
      )}

      {!empty && operationsError && (
        <Section title="Operations">
          <ErrorMessage error={operationsError} />
        </Section>
      )}
      {!empty && operations.data && (
        <Section title="Operations" note={`${operations.data.operations.length} in this window`}>
          <PanelBoundary what="the operations" resetKey={panel}>
            {operations.data.operations.length > 0 ? (
              <OperationsTable rows={operations.data.operations} hrefFor={(row) => integrationHref(id, { ...view, operation: row.operation, direction: row.direction })} />
            ) : (
              <EmptyMessage />
            )}
          </PanelBoundary>
        </Section>
      )}

      {!empty && failuresError && (
        <Section title="Recent failures" testId="failures-panel">
          <ErrorMessage error={failuresError} />
        </Section>
      )}
      {!empty && failures.data && (
        <Section title="Recent failures" note={olderFailures.depth > 0 ? 'older failures, 50 a page' : 'newest first, 50 a page'} testId="failures-panel">
          <PanelBoundary what="the failures" resetKey={panel}>
            {failures.data.failures.length > 0 ? (
              <FailuresTable failures={failures.data.failures} withDate={withDate} />
            ) : (
              <EmptyMessage>{olderFailures.depth > 0 ? 'No older failed calls in this window' : 'No failed calls in this window'}</EmptyMessage>
            )}
            <Pager at={olderFailures} next={failures.data.next} testId="failures-pager" />
          </PanelBoundary>
        </Section>
      )}
    </>
  );
}
