import { formatTimestamp, isoTime } from '../format';
import type { LogLine } from '../logs';
import { Link } from '../router';
import { traceHref, type TraceIdKind } from '../trace-view';

const ID_LABELS: Array<[TraceIdKind, string]> = [
  ['order_id', 'order'],
  ['shipment_id', 'shipment'],
  ['correlation_id', 'correlation'],
];

/** What a line says: its message, else its operation and the metadata in brief. */
function textOf(line: LogLine): string {
  if (line.message) return line.message;
  const metadata = line.metadata ? Object.entries(line.metadata).map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`).join(' ') : '';
  return metadata || '–';
}

/**
 * Log lines, one row each: time, level, where it came from, what it said, the ids that link to
 * their trace; a row opens on its metadata. `onContext` offers the lines around one. `window` is
 * the window the server answered for, kept on the table so a reader can ask for the same lines.
 */
export function LogLines({ lines, withDate, showIntegration = false, onContext, testId = 'log-lines', window }: { lines: LogLine[]; withDate: boolean; showIntegration?: boolean; onContext?: (line: LogLine) => void; testId?: string; window?: { from: number; to: number } }) {
  return (
    <div className="table-scroll">
      <table className="data log-lines" data-testid={testId} data-from={window?.from} data-to={window?.to}>
        <caption className="visually-hidden">Log lines</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Level</th>
            {showIntegration && <th scope="col">Integration</th>}
            <th scope="col">Service / operation</th>
            <th scope="col">Message</th>
            <th scope="col">Ids</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} className={`log-line log-line--${line.level}`} data-testid="log-line">
              <td className="nowrap">
                <time dateTime={isoTime(line.ts)}>{formatTimestamp(line.ts, withDate)}</time>
              </td>
              <td>
                <span className={`level level--${line.level}`}>{line.level}</span>
              </td>
              {showIntegration && (
                <td className="nowrap">
                  <Link href={`/integrations/${encodeURIComponent(line.integration)}?tab=logs`}>{line.integration}</Link>
                </td>
              )}
              <td>
                {line.operation ?? '–'}
                {line.service && <div className="muted small">{line.service}</div>}
              </td>
              <td className="log-line__message">
                <details>
                  <summary>{textOf(line)}</summary>
                  <pre className="log-line__metadata">{JSON.stringify(line.metadata ?? {}, null, 2)}</pre>
                  {onContext && (
                    <button type="button" className="button button--small" onClick={() => onContext(line)} data-testid="log-context">
                      Lines around this one
                    </button>
                  )}
                </details>
              </td>
              <td>
                <ul className="ids">
                  {ID_LABELS.filter(([kind]) => line[kind]).map(([kind, label]) => (
                    <li key={kind}>
                      <span className="ids__kind">{label}</span>{' '}
                      <Link href={traceHref(kind, line[kind]!)}>
                        <code>{line[kind]}</code>
                      </Link>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
