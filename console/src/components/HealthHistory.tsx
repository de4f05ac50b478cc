import { formatTimestamp, isoTime } from '../format';
import type { HealthChange } from '../types';
import { StatusBadge } from './StatusBadge';

/** Each change of an integration's health, newest first, with the reason it changed. */
export function HealthHistory({ history }: { history: HealthChange[] }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="health-history">
        <caption className="visually-hidden">Health status changes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Change</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {history.map((change, i) => (
            <tr key={`${change.ts}-${i}`} data-status={change.status}>
              <td className="nowrap">
                <time dateTime={isoTime(change.ts)}>{formatTimestamp(change.ts, true)}</time>
              </td>
              <td className="nowrap">
                {change.previous_status ? (
                  <>
                    <StatusBadge status={change.previous_status} />
                    <span className="arrow" aria-label="to">
                      {' → '}
                    </span>
                  </>
                ) : (
                  <span className="muted">first seen </span>
                )}
                <StatusBadge status={change.status} />
              </td>
              <td>{change.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
