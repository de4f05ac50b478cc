import { TooManyRequestsError } from '../errors.js';

interface Tally {
  windowStart: number;
  failures: number;
  /** How many times this address was blocked in a row: each block lasts twice the one before. */
  strikes: number;
  blockedUntil: number;
}

/**
 * Counts credentials that did not check out, per address. Past the limit in a minute the address
 * is refused outright (429) for a spell that doubles with each repeat, up to an hour, so guessing
 * keys or passwords from one address soon costs hours; other addresses are not affected.
 */
export class FailureThrottle {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  /** Throws a 429 while the address is blocked. */
  check(address: string): void {
    const tally = this.tallies.get(address);
    const now = this.clock();
    if (tally && tally.blockedUntil > now) {
      const seconds = Math.ceil((tally.blockedUntil - now) / 1000);
      throw new TooManyRequestsError(`too many failed sign-ins or unknown keys from ${address}; try again in ${seconds} s`, seconds, 'too_many_failures');
    }
  }

  noteFailure(address: string): void {
    const now = this.clock();
    let tally = this.tallies.get(address);
    if (!tally) {
      if (this.tallies.size >= this.maxEntries) this.forgetOldest(now);
      tally = { windowStart: now, failures: 0, strikes: 0, blockedUntil: 0 };
      this.tallies.set(address, tally);
    }
    if (now - tally.windowStart >= 60_000) {
      tally.windowStart = now;
      tally.failures = 0;
    }
    tally.failures++;
    if (tally.failures > this.perMinute) {
      tally.strikes++;
      tally.blockedUntil = now + Math.min(60_000 * 2 ** (tally.strikes - 1), 3_600_000);
      tally.failures = 0;
      tally.windowStart = now;
    }
  }

  private forgetOldest(now: number): void {
    for (const [address, tally] of this.tallies) {
      if (tally.blockedUntil <= now) this.tallies.delete(address);
      if (this.tallies.size < this.maxEntries / 2) return;
    }
  }
}
