import type { ReactNode } from 'react';
import { formatAgo, formatCount, formatDuration, formatRate, isoTime } from '../format';
import type { CarrierFlow, LeadTimeFigures, OriginFlow } from '../flow';
import { Link } from '../router';
import { BOARD_FILTERS, filtersOf, integrationHref, type View } from '../view';
import { IntegrationName } from '../names';

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
      <Link href={integrationHref(id, { window: view.window, ...filtersOf(view, BOARD_FILTERS) })}>
        <IntegrationName id={id} withId />
      </Link>
    </th>
  );
}

const labelTone = (rate: number | null) => (rate === null ? undefined : rate < 0.8 ? 'bad' : rate < 0.95 ? 'warn' : undefined);

/** The frame both tables share: a first column naming the integration, then numbers. */
function FlowTable(props: { testId: string; caption: string; first: string; columns: Array<[label: string, title?: string]>; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="data data--flow" data-testid={props.testId}>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            {props.columns.map(([label, title]) => (
              <th key={label} scope="col" className="num" title={title}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

const LEAD_TIME_COLUMNS: Array<[string, string?]> = [['Lead p50'], ['Lead p95']];

/** Per carrier: labels, tracking freshness, lead times of the shipments it confirmed, exceptions. */
export function CarrierFlowTable({ rows, view, now }: { rows: CarrierFlow[]; view: View; now: number }) {
  const columns: Array<[string, string?]> = [
    ['Shipments'],
    ['Labels'],
    ['Failed'],
    ['Success', 'Labels created per label attempt'],
    ['Tracking', 'tracking.updated events'],
    ['Last update', 'The newest tracking.updated'],
    ['Confirmed', 'Shipments confirmed with a known order'],
    ...LEAD_TIME_COLUMNS,
    ['Exceptions'],
  ];
  return (
    <FlowTable testId="carrier-flow-table" caption="Flow signals by carrier" first="Carrier" columns={columns}>
      {rows.map((row) => (
        <tr key={row.integration} data-integration={row.integration}>
          <IntegrationCell id={row.integration} view={view} />
          <Num col="shipments" value={row.shipments}>{formatCount(row.shipments)}</Num>
          <Num col="labels_created" value={row.labels_created}>{formatCount(row.labels_created)}</Num>
          <Num col="labels_failed" value={row.labels_failed} tone={row.labels_failed > 0 ? 'bad' : undefined}>{formatCount(row.labels_failed)}</Num>
          <Num col="label_success_rate" value={row.label_success_rate} tone={labelTone(row.label_success_rate)}>{formatRate(row.label_success_rate)}</Num>
          <Num col="tracking_updates" value={row.tracking_updates}>{formatCount(row.tracking_updates)}</Num>
          <Num col="tracking_age" value={row.tracking_age_ms}>
            <span title={row.last_tracking_update_at === null ? undefined : isoTime(row.last_tracking_update_at)}>{formatAgo(row.last_tracking_update_at, now)}</span>
          </Num>
          <LeadTimeCells lead={row.lead_time} />
          <Num col="exceptions" value={row.exceptions}>{formatCount(row.exceptions)}</Num>
        </tr>
      ))}
    </FlowTable>
  );
}

/** Per order channel: orders received, the exceptions raised for them (by any carrier), lead times of its orders. */
export function OriginFlowTable({ rows, view, unattributed }: { rows: OriginFlow[]; view: View; unattributed: number }) {
  const columns: Array<[string, string?]> = [
    ['Orders'],
    ['Exceptions', 'Exceptions raised for its orders, by any carrier'],
    ['Exception rate'],
    ['Shipped', 'Orders confirmed by a carrier'],
    ...LEAD_TIME_COLUMNS,
  ];
  return (
    <FlowTable testId="origin-flow-table" caption="Flow signals by order channel" first="Order channel" columns={columns}>
      {rows.map((row) => (
        <tr key={row.integration} data-integration={row.integration}>
          <IntegrationCell id={row.integration} view={view} />
          <Num col="orders" value={row.orders}>{formatCount(row.orders)}</Num>
          <Num col="exceptions" value={row.exceptions}>{formatCount(row.exceptions)}</Num>
          <Num col="exception_rate" value={row.exception_rate}>{formatRate(row.exception_rate)}</Num>
          <LeadTimeCells lead={row.lead_time} />
        </tr>
      ))}
      {unattributed > 0 && (
        <tr data-integration="" data-testid="origin-unattributed">
          <th scope="row" className="muted">
            No known order channel
          </th>
          <Num col="orders" value={null}>–</Num>
          <Num col="exceptions" value={unattributed}>{formatCount(unattributed)}</Num>
          <td colSpan={4} className="muted">
            exceptions whose order is not in the data kept (received before it, or never linked)
          </td>
        </tr>
      )}
    </FlowTable>
  );
}
