import type { FastifyBaseLogger } from 'fastify';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

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
    for (const job of jobs) this.schedule(job);
  }

  private schedule(job: Job): void {
    if (this.stopped || job.everyMs <= 0) return;
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
    }, job.everyMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.running]);
  }
}
