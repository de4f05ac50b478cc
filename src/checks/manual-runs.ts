import { CheckRateLimitedError } from './errors.js';

/** Remembered manual runs beyond which the expired ones are forgotten. */
const REMEMBERED = 10_000;

/** "Check now" at most once per check every `everyMs`: a button held down must not hammer a partner. */
export class ManualRunLimit {
  private readonly lastRun = new Map<string, number>();

  constructor(private readonly everyMs: number) {}

  /** Records a manual run of the check at `now`, or throws CheckRateLimitedError (429) if too soon. */
  claim(integration: string, check: string, key: string, now: number): void {
    const last = this.lastRun.get(key);
    if (last !== undefined && now - last < this.everyMs) throw new CheckRateLimitedError(integration, check, last + this.everyMs - now, this.everyMs);
    this.lastRun.set(key, now);
    if (this.lastRun.size > REMEMBERED) {
      for (const [remembered, at] of this.lastRun) if (now - at >= this.everyMs) this.lastRun.delete(remembered);
    }
  }
}
