import type { FastifyBaseLogger } from 'fastify';

export interface Job {
  name: string;
  everyMs: number;
  /** The first run's wait, when not `everyMs` (a job whose work a fresh instance needs soon). */
  firstAfterMs?: number;
  run: () => Promise<unknown>;
}

/** The longest delay setTimeout keeps (2^31 - 1 ms, about 24.8 days). */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs background jobs on their intervals, never two runs of one job at once, and waits for a
 * running one to finish on stop so shutdown does not cut a transaction short.
 */
export class JobRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  start(jobs: Job[]): void {
    for (const job of jobs) this.schedule(job, job.firstAfterMs ?? job.everyMs);
  }

  /** Waits out `waitMs` (the job's interval, or what is left of a long one), then runs the job. */
  private schedule(job: Job, waitMs = job.everyMs): void {
    if (this.stopped || job.everyMs <= 0) return;
    if (waitMs > LONGEST_TIMER_MS) {
      // Node fires a longer timeout after 1 ms: a 30-day retention interval would run back to back.
      const timer = setTimeout(() => this.schedule(job, waitMs - LONGEST_TIMER_MS), LONGEST_TIMER_MS);
      timer.unref();
      this.timers.set(job.name, timer);
      return;
    }
    const timer = setTimeout(async () => {
      const started = Date.now();
      const run = job.run();
      this.running.add(run);
      try {
        const result = await run;
        this.log.debug({ operation: job.name, ms: Date.now() - started, result }, 'job finished');
      } catch (error) {
        this.log.error({ operation: job.name, err: error }, 'job failed; it will run again on its next interval');
      } finally {
        this.running.delete(run);
        this.schedule(job);
      }
    }, waitMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running]);
  }
}
