import { useMemo } from 'react';
import { apiUrl } from '../api';
import { Figure } from '../components/Figure';
import { FilterBar } from '../components/FilterBar';
import { CarrierFlowTable, OriginFlowTable } from '../components/FlowTables';
import { LINE_COLOURS, LineChart, type Line } from '../components/LineChart';
import { EmptyMessage, ErrorMessage, Loading } from '../components/StateMessage';
import { PanelBoundary } from '../components/PanelBoundary';
import { TREND_POINTS, type FlowAnswer, type FlowSeriesAnswer } from '../flow';
import { formatCount, formatDuration, formatRange, formatRate, formatStep } from '../format';
import { useDocumentTitle, useJson, useNow, useRefreshTick } from '../hooks';
import { navigate } from '../router';
import type { DimensionsAnswer } from '../types';
import { BOARD_FILTERS, filtersOf, readView, searchOf, windowBounds, windowLabel, type View } from '../view';
import { Section } from './integration/SignalsTab';
import { displayName, useIntegrationNames } from '../names';

const duration = (ms: number | null) => (ms === null ? '–' : formatDuration(ms));

function Figures({ flow }: { flow: FlowAnswer }) {
  const { lead_time: lead, labels, tracking } = flow;
  const names = useIntegrationNames();
  const stalest = tracking.stalest;
  return (
    <dl className="figures figures--summary" data-testid="flow-summary" data-from={flow.from} data-to={flow.to}>
      <Figure label="Lead time p50" value={lead.p50_ms} text={duration(lead.p50_ms)} testId="flow-lead-p50" />
      <Figure label="Lead time p95" value={lead.p95_ms} text={duration(lead.p95_ms)} testId="flow-lead-p95" />
      <Figure label="Orders shipped" value={lead.count} text={formatCount(lead.count)} testId="flow-shipped" />
      <Figure label="Orders received" value={flow.orders} text={formatCount(flow.orders)} testId="flow-orders" />
      <Figure
        label="Exception rate"
        value={flow.exception_rate}
        text={formatRate(flow.exception_rate)}
        sub={`${formatCount(flow.exceptions)} exception${flow.exceptions === 1 ? '' : 's'}`}
        testId="flow-exception-rate"
        tone={flow.exception_rate !== null && flow.exception_rate > 0.05 ? 'bad' : flow.exception_rate !== null && flow.exception_rate > 0.02 ? 'warn' : undefined}
      />
      <Figure
        label="Label success"
        value={labels.success_rate}
        text={formatRate(labels.success_rate)}
        testId="flow-label-success"
        tone={labels.success_rate !== null && labels.success_rate < 0.8 ? 'bad' : labels.success_rate !== null && labels.success_rate < 0.95 ? 'warn' : undefined}
      />
      <Figure
        label="Tracking freshness"
        sub={stalest ? `stalest: ${displayName(names, stalest.integration)}` : undefined}
        value={stalest?.age_ms ?? null}
        text={stalest ? duration(stalest.age_ms) : '–'}
        testId="flow-tracking-age"
      />
    </dl>
  );
}

/** Lines per carrier for one of the series the API gives per carrier. */
function perCarrier(answer: FlowSeriesAnswer, names: ReadonlyMap<string, string>, pick: (carrier: FlowSeriesAnswer['carriers'][number]) => Array<number | null>): Line[] {
  return answer.carriers.map((carrier, i) => ({ label: displayName(names, carrier.integration), values: pick(carrier), stroke: LINE_COLOURS[i % LINE_COLOURS.length]! }));
}

function Trends({ answer }: { answer: FlowSeriesAnswer }) {
  const { series } = answer;
  const per = `per ${formatStep(answer.step_ms)}`;
  const names = useIntegrationNames();
  const lines = useMemo(
    () => ({
      lead: [
        { label: 'p50', values: series.lead_time_p50_ms, stroke: LINE_COLOURS[0]! },
        { label: 'p95', values: series.lead_time_p95_ms, stroke: LINE_COLOURS[1]! },
      ],
      exceptions: [{ label: 'Exception rate', values: series.exception_rate, stroke: '#c93a3a' }],
      labels: perCarrier(answer, names, (carrier) => carrier.label_success_rate),
      tracking: perCarrier(answer, names, (carrier) => carrier.tracking_age_ms),
    }),
    [answer, names],
  );
  return (
    <div className="charts">
      <LineChart title="Order-to-ship lead time" unit={`p50 and p95 ${per}`} testId="chart-flow-lead-time" t={series.t} lines={lines.lead} format={duration} kind="duration" />
      <LineChart title="Exception rate" unit={`exceptions per order received, ${per}`} testId="chart-flow-exceptions" t={series.t} lines={lines.exceptions} format={formatRate} kind="share" />
      <LineChart title="Label success" unit={`by carrier, ${per}`} testId="chart-flow-labels" t={series.t} lines={lines.labels} format={formatRate} kind="share" />
      <LineChart title="Tracking freshness" unit="age of the newest tracking update, by carrier" testId="chart-flow-tracking" t={series.t} lines={lines.tracking} format={duration} kind="duration" />
    </div>
  );
}

/** Whether orders flow end to end: lead time, exceptions, labels and tracking, under the board's filters. */
export function FlowPage({ search }: { search: string }) {
  const view = useMemo(() => readView(search), [search]);
  const key = searchOf(view, BOARD_FILTERS);
  const tick = useRefreshTick(() => true);
  const bounds = useMemo(() => windowBounds(view.window, Date.now()), [key, tick]);
  const query = { ...bounds, ...filtersOf(view, BOARD_FILTERS) };
  const flow = useJson<FlowAnswer>(apiUrl('/api/v1/flow', query), tick);
  const series = useJson<FlowSeriesAnswer>(apiUrl('/api/v1/flow/timeseries', { ...query, points: TREND_POINTS }), tick);
  const dimensions = useJson<DimensionsAnswer>(apiUrl('/api/v1/dimensions', bounds));
  const now = useNow(5_000);
  useDocumentTitle('Flow · Switchboard');

  const change = (next: View) => navigate(`/flow${searchOf(next, BOARD_FILTERS)}`);
  // The figures and tables need the summary; the trends are a panel of their own.
  const error = flow.error;
  const panel = `${key} ${tick}`;
  const quiet = flow.data !== undefined && flow.data.orders === 0 && flow.data.carriers.length === 0 && flow.data.origins.length === 0;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Order flow</h1>
          {flow.data && (
            <p className="muted">
              Lead time from <code>{flow.data.lead_time.start_event}</code> to <code>{flow.data.lead_time.end_event}</code> of the same order
            </p>
          )}
        </div>
        <p className="page-head__window">
          {windowLabel(view.window)}
          {flow.data && <span className="muted"> · {formatRange(flow.data.from, flow.data.to)}</span>}
        </p>
      </div>
      <FilterBar view={view} filters={BOARD_FILTERS} dimensions={dimensions.data} onChange={change} />
      {error && <ErrorMessage error={error} />}
      {!flow.data && !error && <Loading />}
      {quiet && <EmptyMessage>No order or shipment events in this window</EmptyMessage>}
      {flow.data && !quiet && (
        <>
          <PanelBoundary what="the flow figures" resetKey={panel}>
            <Figures flow={flow.data} />
          </PanelBoundary>
          {series.error && series.error.message !== flow.error?.message && <ErrorMessage error={series.error} />}
          {series.data && (
            <PanelBoundary what="the flow trends" resetKey={panel}>
              <Trends answer={series.data} />
            </PanelBoundary>
          )}
          <Section title="Carriers" note="labels, tracking and the shipments they confirmed">
            <PanelBoundary what="the carriers" resetKey={panel}>
              <CarrierFlowTable rows={flow.data.carriers} view={view} now={now} />
            </PanelBoundary>
          </Section>
          <Section title="Order channels" note="orders received and how long they took to ship">
            <PanelBoundary what="the order channels" resetKey={panel}>
              <OriginFlowTable rows={flow.data.origins} view={view} unattributed={flow.data.exceptions_unattributed} />
            </PanelBoundary>
          </Section>
        </>
      )}
    </>
  );
}
