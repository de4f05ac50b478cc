import { formatTimestamp, isoTime } from '../format';

/** A point in time as a table shows it, machine-readable in `dateTime`. */
export function Timestamp({ ts, withDate }: { ts: number; withDate: boolean }) {
  return <time dateTime={isoTime(ts)}>{formatTimestamp(ts, withDate)}</time>;
}
