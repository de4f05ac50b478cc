import { formatCount, formatLatency, formatRate } from '../format';
import { Link } from '../router';
import type { OperationRow } from '../types';

/** The window broken down by operation; an operation's name narrows the page to it. */
export function OperationsTable({ rows, hrefFor }: { rows: OperationRow[]; hrefFor: (row: OperationRow) => string }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="operations-table">
        <caption className="visually-hidden">Calls by operation</caption>
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Direction</th>
            <th scope="col" className="num">Volume</th>
            <th scope="col" className="num">Success</th>
            <th scope="col" className="num" title="Server errors (5xx)">5xx</th>
            <th scope="col" className="num" title="Rate limited (429)">429</th>
            <th scope="col" className="num">Timeouts</th>
            <th scope="col" className="num">p50</th>
            <th scope="col" className="num">p95</th>
            <th scope="col" className="num">p99</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.operation} ${row.direction}`} data-operation={row.operation} data-direction={row.direction}>
              <th scope="row">
                <Link href={hrefFor(row)} title={`Show only ${row.operation} (${row.direction})`}>
                  {row.operation}
                </Link>
              </th>
              <td>{row.direction}</td>
              <td className="num" data-col="volume" data-value={row.volume}>
                {formatCount(row.volume)}
              </td>
              <td className="num" data-col="success_rate">
                {formatRate(row.success_rate)}
              </td>
              <td className={row.server_error > 0 ? 'num is-bad' : 'num is-zero'}>{formatCount(row.server_error)}</td>
              <td className={row.rate_limited > 0 ? 'num is-warn' : 'num is-zero'}>{formatCount(row.rate_limited)}</td>
              <td className={row.timeout > 0 ? 'num is-bad' : 'num is-zero'}>{formatCount(row.timeout)}</td>
              <td className="num">{formatLatency(row.p50_ms)}</td>
              <td className="num">{formatLatency(row.p95_ms)}</td>
              <td className="num">{formatLatency(row.p99_ms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
