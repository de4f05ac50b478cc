import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/** What Switchboard's own health shows that only the store knows: it is shared by every instance on it. */
export interface StoreFigures {
  alertsByState: ReadonlyMap<string, number>;
  notificationsByStatus: ReadonlyMap<string, number>;
  /** Notifications whose last attempt failed, whatever their status. */
  failedAttempts: number;
  /** created_at of the oldest notification not yet delivered (pending or sending). */
  oldestWaitingAt: number | undefined;
  /** Call rollup rows written by ingest and not yet merged by the compactor. */
  compactorBacklog: number;
}

const WAITING = new Set(['pending', 'sending']);

/** Three statements: alerts by state, notifications by status (with their failures and oldest), the partial call rollup rows. */
export async function readStoreFigures(db: Kysely<Database>): Promise<StoreFigures> {
  const [alerts, notifications, backlog] = await Promise.all([
    db.selectFrom('alerts').select(['state', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('state').execute(),
    db
      .selectFrom('notifications')
      .select([
        'status',
        (eb) => eb.fn.countAll<number | string>().as('n'),
        sql<number | string | null>`sum(case when last_error is not null then 1 else 0 end)`.as('failed'),
        sql<number | string | null>`min(created_at)`.as('oldest'),
      ])
      .groupBy('status')
      .execute(),
    db.selectFrom('call_rollups').select((eb) => eb.fn.countAll<number | string>().as('n')).where('compacted', '=', 0).executeTakeFirst(),
  ]);
  let oldestWaitingAt: number | undefined;
  for (const row of notifications) {
    if (WAITING.has(row.status) && row.oldest !== null) oldestWaitingAt = Math.min(oldestWaitingAt ?? Infinity, Number(row.oldest));
  }
  return {
    alertsByState: new Map(alerts.map((row) => [row.state, Number(row.n)])),
    notificationsByStatus: new Map(notifications.map((row) => [row.status, Number(row.n)])),
    failedAttempts: notifications.reduce((sum, row) => sum + Number(row.failed ?? 0), 0),
    oldestWaitingAt,
    compactorBacklog: Number(backlog?.n ?? 0),
  };
}

export interface StoreFiguresOptions {
  /** On SQLite the read workers' connection, so that the counts never hold the event loop. */
  db: Kysely<Database>;
  clock: () => number;
  /** How often the `metrics.store` job reads them (SWITCHBOARD_METRICS_STORE_EVERY_MS). */
  everyMs: number;
}

/** How late, past one cycle, a reading may be and still be shown: the job's own read and timer. */
const LATENESS_MS = 1_000;

/**
 * The store figures as last read, so that a scrape does not query the store. The `metrics.store`
 * job reads them every cycle on every instance; a scrape shows that reading. Only when the reading
 * started more than a cycle (and a second) ago, because the job is behind or not running (tests
 * with background jobs off), does a scrape read them itself, so what it shows is never older than
 * that. Reads under way at once are one read.
 */
export class StoreFiguresCache {
  private last: { figures: StoreFigures; readAt: number } | undefined;
  private reading: Promise<StoreFigures> | undefined;

  constructor(private readonly options: StoreFiguresOptions) {}

  get everyMs(): number {
    return this.options.everyMs;
  }

  /** Reads them now (the job's run), or joins the read under way. */
  refresh(): Promise<StoreFigures> {
    this.reading ??= (async () => {
      const readAt = this.options.clock();
      try {
        const figures = await readStoreFigures(this.options.db);
        this.last = { figures, readAt };
        return figures;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  /** The last reading while it is at most a cycle (and a second) old, else a new one. */
  async current(): Promise<StoreFigures> {
    if (this.last && this.options.clock() - this.last.readAt <= this.options.everyMs + LATENESS_MS) return this.last.figures;
    return this.refresh();
  }
}
