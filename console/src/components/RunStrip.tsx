import { formatCount, formatDuration, formatTimestamp } from '../format';
import type { JobRun } from '../types';

const MARK = { success: '', partial: '!', failed: '✕' } as const;

function describe(run: JobRun, withDate: boolean): string {
  const counts = run.counts ? Object.entries(run.counts).map(([name, n]) => `${name} ${formatCount(n)}`).join(', ') : '';
  return [
    formatTimestamp(run.ts, withDate),
    run.status,
    run.duration_ms !== null ? `took ${formatDuration(run.duration_ms)}` : '',
    counts,
    run.error ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A job's recent runs as a strip of squares, oldest on the left: green for success, amber with
 * "!" for partial, red with "✕" for failed. Hovering a square tells its time, counts and error.
 */
export function RunStrip({ history, withDate }: { history: JobRun[]; withDate: boolean }) {
  const runs = [...history].reverse();
  const failed = runs.filter((r) => r.status === 'failed').length;
  const partial = runs.filter((r) => r.status === 'partial').length;
  const label = `Last ${runs.length} runs, oldest first: ${runs.length - failed - partial} succeeded, ${failed} failed${partial ? `, ${partial} partial` : ''}`;
  return (
    <ol className="runs" role="img" aria-label={label} data-testid="run-strip" data-failed={failed} data-runs={runs.length}>
      {runs.map((run, i) => (
        <li key={`${run.ts}-${i}`} className={`runs__run runs__run--${run.status}`} title={describe(run, withDate)} data-status={run.status}>
          {MARK[run.status] ?? '?'}
        </li>
      ))}
    </ol>
  );
}
