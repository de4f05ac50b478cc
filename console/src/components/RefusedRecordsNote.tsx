import { formatCount } from '../format';
import { useJson } from '../hooks';
import { refusedTotal } from '../ingest-limits';
import { Link } from '../router';
import type { IngestLimitsAnswer } from '../types';

/** On the board, only when ingest limits refused records: what the board does not show, and where to look. */
export function RefusedRecordsNote() {
  const answer = useJson<IngestLimitsAnswer>('/api/v1/ingest/limits');
  const total = answer.data ? refusedTotal(answer.data) : 0;
  if (total === 0) return null;
  return (
    <p className="refused-note" role="status" data-testid="refused-records-note">
      Ingest limits refused {formatCount(total)} records since the server started: they are not on this board. <Link href="/ingest/limits">See what was refused</Link>
    </p>
  );
}
