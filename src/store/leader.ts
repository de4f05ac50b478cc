import { sql, type Kysely } from 'kysely';
import type { Engine } from './engine.js';
import type { Database } from './schema.js';

export interface LeaderLogger {
  info: (obj: object, msg?: string) => void;
  warn: (obj: object, msg?: string) => void;
}

/**
 * Which instance runs the work that must run once per store (alert evaluation, health history,
 * probes) when several instances share one PostgreSQL: the one holding a session advisory lock,
 * keyed by the schema so stores in other schemas do not contend. The lock lives on one pooled
 * connection held for as long as this instance leads; if the instance or its connection dies,
 * PostgreSQL releases it and another instance takes over within `retryMs`. A SQLite file has one
 * server, which always leads.
 */
export class LeaderElection {
  private leading = false;
  private stopped = false;
  private campaign: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly listeners = new Set<(leading: boolean) => void>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
    private readonly log?: LeaderLogger,
    private readonly retryMs = 5_000,
  ) {}

  isLeader(): boolean {
    return this.leading;
  }

  /** Called with true when this instance becomes the leader, false when it stops being it. */
  onChange(listener: (leading: boolean) => void): void {
    this.listeners.add(listener);
  }

  start(): void {
    if (this.campaign || this.stopped) return;
    if (this.engine === 'sqlite') {
      this.set(true);
      return;
    }
    this.campaign = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.campaign;
    this.set(false);
  }

  private set(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.log?.info({ operation: 'leader', leading }, leading ? 'this instance leads: it evaluates alerts and runs probes' : 'this instance no longer leads');
    for (const listener of this.listeners) listener(leading);
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.retryMs);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    const key = sql`hashtext('switchboard:leader:' || current_schema())`;
    while (!this.stopped) {
      try {
        await this.db.connection().execute(async (connection) => {
          const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection);
          if (!rows[0]?.locked) return;
          this.set(true);
          try {
            // A ping per period notices a connection that died (and with it the lock).
            while (!this.stopped) {
              await this.pause();
              await sql`select 1`.execute(connection);
            }
          } finally {
            await sql`select pg_advisory_unlock(${key})`.execute(connection).catch(() => undefined);
          }
        });
      } catch (error) {
        this.log?.warn({ operation: 'leader', err: error }, 'the leadership connection failed; trying again');
      }
      this.set(false);
      if (!this.stopped) await this.pause();
    }
  }
}
