import type { ReactNode } from 'react';
import { formatAgo, formatCount, formatDuration, formatRate } from '../format';
import type { CarrierFlow, LeadTimeFigures, OriginFlow } from '../flow';
import { Link } from '../router';
import { BOARD_FILTERS, filtersOf, integrationHref, type View } from '../view';

function duration(ms: number | null): string {
  return ms === null ? '–' : formatDuration(ms);
}

/** A numeric cell whose raw value rides along in data-value, for tests and tools. */
function Num({ col, value, children, tone }: { col: string; value: number | null; children: ReactNode; tone?: 'bad' | 'warn' | undefined }) {
  return (
    <td className={tone ? `num is-${tone}` : 'num'} data-col={col} data-value={value ?? ''}>
      {children}
    </td>
  );
}

function LeadTimeCells({ lead }: { lead: LeadTimeFigures }) {
  return (
    <>
      <Num col="lead_time_count" value={lead.count}>
        {formatCount(lead.count)}
      </Num>
      <Num col="lead_time_p50" value={lead.p50_ms}>
        {duration(lead.p50_ms)}
      </Num>
      <Num col="lead_time_p95" value={lead.p95_ms}>
        {duration(lead.p95_ms)}
      </Num>
    </>
  );
}

function IntegrationCell({ id, view }: { id: string; view: View }) {
  return (
    <th scope="row">
      <Link href={integrationHref(id, { window: view.window, ...filtersOf(view, BOARD_FILTERS) })}>{id}</Link>
    </th>
  );
}

const labelTone = (rate: number | null) => (rate === null ? undefined : rate < 0.8 ? 'bad' : rate < 0.95 ? 'warn' : undefined);

/** Per carrier: labels, tracking freshness, lead times of the shipments it confirmed, exceptions. */
export function CarrierFlowTable({ rows, view, now }: { rows: CarrierFlow[]; view: View; now: number }) {
  return (
    <div className="table-scroll">
      <table className="data data--flow" data-testid="carrier-flow-table">
        <caption className="visually-hidden">Flow signals by carrier</caption>
        <thead>
          <tr>
            <th scope="col">Carrier</th>
            <th scope="col" className="num">Shipments</th>
            <th scope="col" className="num">Labels</th>
            <th scope="col" className="num">Failed</th>
            <th scope="col" className="num" title="Labels created per label attempt">Success</th>
            <th scope="col" className="num" title="tracking.updated events">Tracking</th>
            <th scope="col" className="num" title="The newest tracking.updated">Last update</th>
            <th scope="col" className="num" title="Shipments confirmed with a known order">Confirmed</th>
            <th scope="col" className="num">Lead p50</th>
            <th scope="col" className="num">Lead p95</th>
            <th scope="col" className="num">Exceptions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.integration} data-integration={row.integration}>
              <IntegrationCell id={row.integration} view={view} />
              <Num col="shipments" value={row.shipments}>{formatCount(row.shipments)}</Num>
              <Num col="labels_created" value={row.labels_created}>{formatCount(row.labels_created)}</Num>
              <Num col="labels_failed" value={row.labels_failed} tone={row.labels_failed > 0 ? 'bad' : undefined}>{formatCount(row.labels_failed)}</Num>
              <Num col="label_success_rate" value={row.label_success_rate} tone={labelTone(row.label_success_rate)}>{formatRate(row.label_success_rate)}</Num>
              <Num col="tracking_updates" value={row.tracking_updates}>{formatCount(row.tracking_updates)}</Num>
              <Num col="tracking_age" value={row.tracking_age_ms}>
                <span title={row.last_tracking_update_at === null ? undefined : new Date(row.last_tracking_update_at).toISOString()}>{formatAgo(row.last_tracking_update_at, now)}</span>
              </Num>
              <LeadTimeCells lead={row.lead_time} />
              <Num col="exceptions" value={row.exceptions}>{formatCount(row.exceptions)}</Num>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per order channel: orders received, exceptions, lead times of its orders. */
export function OriginFlowTable({ rows, view }: { rows: OriginFlow[]; view: View }) {
  return (
    <div className="table-scroll">
      <table className="data data--flow" data-testid="origin-flow-table">
        <caption className="visually-hidden">Flow signals by order channel</caption>
        <thead>
          <tr>
            <th scope="col">Order channel</th>
            <th scope="col" className="num">Orders</th>
            <th scope="col" className="num">Exceptions</th>
            <th scope="col" className="num">Exception rate</th>
            <th scope="col" className="num" title="Orders confirmed by a carrier">Shipped</th>
            <th scope="col" className="num">Lead p50</th>
            <th scope="col" className="num">Lead p95</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.integration} data-integration={row.integration}>
              <IntegrationCell id={row.integration} view={view} />
              <Num col="orders" value={row.orders}>{formatCount(row.orders)}</Num>
              <Num col="exceptions" value={row.exceptions}>{formatCount(row.exceptions)}</Num>
              <Num col="exception_rate" value={row.exception_rate}>{formatRate(row.exception_rate)}</Num>
              <LeadTimeCells lead={row.lead_time} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
