/** A job's state for the feeds and jobs page: failed, late against its freshness target, partial, fine. */
import type { JobState } from './components/StatusBadge';
import type { JobReport } from './types';

/** The server judges lateness (the same rule alerts use); the page only orders and labels. */
export function jobState(job: JobReport): JobState {
  if (!job.last_run) return 'never';
  if (job.last_run.status === 'failed') return 'failed';
  if (job.late) return 'late';
  return job.last_run.status;
}

const ORDER: Record<JobState, number> = { failed: 0, late: 1, partial: 2, never: 3, success: 4 };

export function byAttention(a: { state: JobState; job: JobReport }, b: { state: JobState; job: JobReport }): number {
  return (
    ORDER[a.state] - ORDER[b.state] ||
    b.job.consecutive_failures - a.job.consecutive_failures ||
    a.job.integration.localeCompare(b.job.integration) ||
    a.job.job.localeCompare(b.job.job)
  );
}
