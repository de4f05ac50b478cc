import { performance } from 'node:perf_hooks';

/**
 * One read for concurrent requests that ask the same thing. The console's operations overview asks
 * five questions at once, and four of them need the same per-integration totals of the same day
 * (and two the same error trend): without this each computes them again.
 *
 * A request joins a read only if the read started after the request arrived: whatever was
 * acknowledged before the request arrived is then in what the read sees, so sharing keeps
 * read-your-writes. A read that started earlier is not joined (the request starts its own, which
 * later arrivals may join). Only reads in flight are held, so the map is bounded by the requests
 * being answered; an answer is never kept after its read ends, and callers must not change it.
 */
export class SharedReads {
  private readonly inFlight = new Map<string, { startedAt: number; answer: Promise<unknown> }>();

  /** `key`: everything the answer depends on (the planned window, the integrations, the kind of read); `arrivedAt`: `performance.now()` when the request arrived. */
  read<T>(key: string, arrivedAt: number, read: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running && running.startedAt >= arrivedAt) return running.answer as Promise<T>;
    const entry = { startedAt: performance.now(), answer: read() as Promise<unknown> };
    this.inFlight.set(key, entry);
    const forget = () => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    };
    entry.answer.then(forget, forget);
    return entry.answer as Promise<T>;
  }

  /** Reads in flight (tests). */
  get size(): number {
    return this.inFlight.size;
  }
}
