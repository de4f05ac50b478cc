import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { ServiceUnavailableError } from '../errors.js';
import type { Database } from '../store/schema.js';

/** How long /healthz waits for the store's answer before it goes by the last one. */
export const HEALTH_WAIT_MS = 50;
/** A store that has not answered a read for this long makes /healthz answer 503. */
export const HEALTH_STALE_MS = 10_000;
/** A store that answered (a read, or a commit) this recently is answering: /healthz does not wait. */
export const HEALTH_FRESH_MS = 1_000;

/**
 * What /healthz knows of the store: when it last answered a read. A check starts one read (never
 * two at once) and waits for it at most HEALTH_WAIT_MS; a store busy with a commit or a compaction
 * pass (on SQLite the server's one write connection is held meanwhile) is still a store that
 * answered a moment ago, so the probe answers at once rather than queueing behind the writer.
 * One that has not answered for HEALTH_STALE_MS is down, whatever the reason. A commit that just
 * went through is an answer too (`answered`): under sustained ingest the write connection is held
 * most of the time, and the store that committed a batch a moment ago needs no read to prove it.
 */
export class StoreHeartbeat {
  /** The server listens only once the migrations ran: the store answered then. */
  private lastAnswer = performance.now();
  private reading: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly waitMs = HEALTH_WAIT_MS,
    private readonly staleMs = HEALTH_STALE_MS,
    private readonly freshMs = HEALTH_FRESH_MS,
  ) {}

  /** The store answered just now (a commit went through). */
  answered(): void {
    this.lastAnswer = performance.now();
  }

  /** Throws a 503 when the store has not answered for too long. */
  async check(): Promise<void> {
    // An answer within the fresh time is enough: no read on a connection the writer may be holding.
    if (performance.now() - this.lastAnswer >= this.freshMs) {
      this.reading ??= this.db
        .selectFrom('tokens')
        .select('id')
        .limit(1)
        .execute()
        .then(
          () => {
            this.lastAnswer = performance.now();
          },
          // A failed read is an answer not given: the age below grows until it says so.
          () => undefined,
        )
        .finally(() => {
          this.reading = undefined;
        });
      const waited = new AbortController();
      await Promise.race([this.reading, sleep(this.waitMs, undefined, { signal: waited.signal }).catch(() => undefined)]);
      waited.abort();
    }
    const silentMs = performance.now() - this.lastAnswer;
    if (silentMs > this.staleMs) {
      throw new ServiceUnavailableError(`the store has not answered a read for ${Math.round(silentMs / 1000)} s; see the server log`, 5, 'store_unavailable');
    }
  }
}
