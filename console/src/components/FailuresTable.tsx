import { OUTCOME_LABELS, formatLatency, formatTimestamp, isoTime } from '../format';
import { Link } from '../router';
import { traceHref, type TraceIdKind } from '../trace-view';
import type { Failure } from '../types';
import { OUTCOME_COLOURS } from './charts';

function statusText(failure: Failure): string {
  if (failure.status !== null && failure.error) return `${failure.status} · ${failure.error}`;
  if (failure.status !== null) return String(failure.status);
  return failure.error ?? '–';
}

/** Each id links to its trace: what else happened to that order, shipment or request. */
function Ids({ failure }: { failure: Failure }) {
  const all: Array<[string, TraceIdKind, string | null]> = [
    ['correlation', 'correlation_id', failure.correlation_id],
    ['order', 'order_id', failure.order_id],
    ['shipment', 'shipment_id', failure.shipment_id],
  ];
  const ids = all.filter((entry): entry is [string, TraceIdKind, string] => Boolean(entry[2]));
  if (ids.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="ids">
      {ids.map(([label, kind, id]) => (
        <li key={kind}>
          <span className="ids__kind">{label}</span>{' '}
          <Link href={traceHref(kind, id)}>
            <code>{id}</code>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The most recent failed calls in the window, newest first (raw records). */
export function FailuresTable({ failures, withDate }: { failures: Failure[]; withDate: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="failures-table">
        <caption className="visually-hidden">Recent failed calls, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Operation</th>
            <th scope="col">Status / error</th>
            <th scope="col">Outcome</th>
            <th scope="col" className="num">Latency</th>
            <th scope="col" className="num">Attempt</th>
            <th scope="col">Correlation / order / shipment</th>
          </tr>
        </thead>
        <tbody>
          {failures.map((failure, i) => (
            <tr key={`${failure.ts}-${failure.correlation_id ?? ''}-${i}`}>
              <td className="nowrap">
                <time dateTime={isoTime(failure.ts)}>{formatTimestamp(failure.ts, withDate)}</time>
              </td>
              <td>
                {failure.operation} <span className="muted">{failure.direction}</span>
              </td>
              <td className="nowrap">
                <code>{statusText(failure)}</code>
              </td>
              <td className="nowrap">
                <span className="outcome" style={{ ['--swatch' as string]: OUTCOME_COLOURS[failure.outcome].stroke }}>
                  {OUTCOME_LABELS[failure.outcome]}
                </span>
              </td>
              <td className="num">{formatLatency(failure.latency_ms)}</td>
              <td className="num">{failure.attempt}</td>
              <td>
                <Ids failure={failure} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
