/**
 * PostgreSQL keeps raw records and the fine rollup tiers (minute, ten minutes) in one partition
 * per UTC day, so retention drops a whole day with DROP TABLE instead of deleting (and later
 * vacuuming) millions of rows one by one. Layout (migration 009):
 *
 *   records                 PARTITION BY RANGE (ts)             records_p20261204, …
 *   call_rollups            PARTITION BY LIST (resolution_ms)
 *     call_rollups_minute      (60000)  BY RANGE (bucket)       call_rollups_minute_p20261204, …
 *     call_rollups_ten_minute  (600000) BY RANGE (bucket)       call_rollups_ten_minute_p20261204, …
 *     call_rollups_coarse      DEFAULT: the hour and day tiers (small; retention deletes rows)
 *   event_rollups, lead_time_rollups: the same as call_rollups.
 *   log_records             PARTITION BY RANGE (ts)             log_records_p20261204, … (migration 019)
 *
 * There is no default partition under a daily parent: a row whose day has no partition fails its
 * statement rather than landing somewhere retention would not find it. Every write goes through
 * bulkInsert, which makes the partitions of the days it writes first (`ensurePartitions`); the
 * retention job makes the next days' ahead of time, so ingest rarely has to. SQLite has no
 * partitions: every function here does nothing there.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { RetentionConfig } from '../config.js';
import { DAY, MINUTE, TEN_MINUTES } from '../rollup/tiers.js';

/** The rollup tables split by tier, and the tiers split by day (migration 009). */
export const PARTITIONED_ROLLUPS = ['call_rollups', 'event_rollups', 'lead_time_rollups'] as const;
export const DAILY_TIERS = [
  { resolution: MINUTE, suffix: 'minute' },
  { resolution: TEN_MINUTES, suffix: 'ten_minute' },
] as const;

/** A parent whose partitions are days of one column. */
export interface DailyParent {
  parent: string;
  /** The table rows are written to (the parent itself, or the rollup table above the tier). */
  table: string;
  column: 'ts' | 'bucket';
  /** Rollup tiers: only rows of this resolution land under the parent. */
  resolution?: number;
  /** Kept for the log retention (SWITCHBOARD_RETENTION_LOGS_DAYS) instead of the raw records'. */
  logLines?: true;
}

export const DAILY_PARENTS: readonly DailyParent[] = [
  { parent: 'records', table: 'records', column: 'ts' },
  ...PARTITIONED_ROLLUPS.flatMap((table) => DAILY_TIERS.map(({ resolution, suffix }) => ({ parent: `${table}_${suffix}`, table, column: 'bucket' as const, resolution }))),
  { parent: 'log_records', table: 'log_records', column: 'ts', logLines: true },
];

/** How long a parent's rows are kept. */
export function keepMsOf(parent: DailyParent, retention: RetentionConfig): number {
  if (parent.logLines) return retention.logsMs;
  return parent.resolution === undefined ? retention.rawMs : (retention.rollupMs[parent.resolution] ?? Infinity);
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

export function partitionName(parent: string, day: number): string {
  return `${parent}_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** The day a partition holds, from its name; undefined for a name of another shape. */
export function dayOfPartition(parent: string, name: string): number | undefined {
  const match = new RegExp(`^${parent}_p(\\d{4})(\\d{2})(\\d{2})$`).exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Partitions known to exist, per store. Keyed by the store's adapter, which a Kysely instance
 * shares with every transaction opened from it. Only what a committed statement showed goes in:
 * a partition made inside a caller's transaction that then rolls back must not be remembered.
 */
const known = new WeakMap<object, Set<string>>();

function knownOf(db: Kysely<any>): Set<string> {
  const adapter = db.getExecutor().adapter;
  let set = known.get(adapter);
  if (!set) known.set(adapter, (set = new Set()));
  return set;
}

/** Which parents are partitioned, per store, once a committed catalogue showed it. */
const layouts = new WeakMap<object, Set<string>>();

/**
 * The daily parents this store has: records and the fine tiers once migration 009 ran, log lines
 * once 019 did, none before (the storage benchmark writes an older schema with the current code).
 */
export async function partitionedParents(db: Kysely<any>): Promise<Set<string>> {
  if (!isPostgres(db)) return new Set();
  const adapter = db.getExecutor().adapter;
  const cached = layouts.get(adapter);
  if (cached) return cached;
  const { rows } = await sql<{ relname: string }>`
    select c.relname from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
    where c.relnamespace = current_schema()::regnamespace`.execute(db);
  const names = new Set(rows.map((row) => row.relname).filter((name) => DAILY_PARENTS.some((p) => p.parent === name)));
  // Inside a transaction (migrations 009 and 019 themselves) the layout may still be changing.
  if (!db.isTransaction) layouts.set(adapter, names);
  return names;
}

/** Forget what this instance believed exists (another instance's retention may have dropped it). */
export function forgetPartitions(db: Kysely<any>): void {
  knownOf(db).clear();
}

/** PostgreSQL's answer to a row whose day has no partition (SQLSTATE 23514, check_violation). */
export function isMissingPartition(error: unknown): boolean {
  return (error as { code?: string }).code === '23514' && /no partition of relation/.test(String((error as Error).message));
}

/** Serialises partition DDL between instances, per schema (CREATE … IF NOT EXISTS still races). */
const DDL_LOCK = sql`hashtext('switchboard:partitions:' || current_schema())`;

/**
 * Makes the partitions holding `days` under `parents`. Outside a transaction it runs in one of its
 * own; inside the caller's, the partitions commit with it.
 */
export async function ensureDays(db: Kysely<any>, parents: readonly DailyParent[], days: Iterable<number>): Promise<void> {
  if (!isPostgres(db)) return;
  const cache = knownOf(db);
  const wanted: Array<{ parent: string; day: number; name: string }> = [];
  const partitioned = await partitionedParents(db);
  for (const day of new Set([...days].map(dayOf))) {
    for (const { parent } of parents) {
      if (!partitioned.has(parent)) continue;
      const name = partitionName(parent, day);
      if (!cache.has(name)) wanted.push({ parent, day, name });
    }
  }
  if (wanted.length === 0) return;
  const make = async (tx: Kysely<any>) => {
    await sql`select pg_advisory_xact_lock(${DDL_LOCK})`.execute(tx);
    const existing = await sql<{ relname: string }>`
      select c.relname from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relname = any(${wanted.map((w) => w.name)})`.execute(tx);
    const present = new Set(existing.rows.map((row) => row.relname));
    for (const { parent, day, name } of wanted) {
      if (present.has(name)) continue;
      await sql`create table ${sql.id(name)} partition of ${sql.id(parent)} for values from (${sql.lit(day)}) to (${sql.lit(day + DAY)})`.execute(tx);
    }
    return present;
  };
  if (db.isTransaction) {
    // Those that were there before this transaction are committed: safe to remember.
    for (const name of await make(db)) cache.add(name);
  } else {
    await db.transaction().execute(make);
    for (const { name } of wanted) cache.add(name);
  }
}

/**
 * The days a bulk insert into `table` writes, for the daily parents under it: rows' ts (records)
 * or bucket (rollups, of the partitioned tiers only).
 */
export function daysOfRows(table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): { parents: DailyParent[]; days: Set<number> } {
  const parents = DAILY_PARENTS.filter((p) => p.table === table);
  const days = new Set<number>();
  if (parents.length === 0) return { parents, days };
  const at = columns.indexOf(parents[0]!.column);
  const resolutionAt = columns.indexOf('resolution_ms');
  const tiers = new Set(parents.map((p) => p.resolution));
  for (const row of rows) {
    if (resolutionAt >= 0 && !tiers.has(Number(row[resolutionAt]))) continue;
    days.add(dayOf(Number(row[at])));
  }
  return { parents, days };
}

/** Today and the next `ahead` days, for every daily parent: ingest then never waits on DDL. */
export async function ensureAhead(db: Kysely<any>, now: number, ahead = 2): Promise<void> {
  const days = Array.from({ length: ahead + 1 }, (_, i) => dayOf(now) + i * DAY);
  await ensureDays(db, DAILY_PARENTS, days);
}

/**
 * Clock differences between instances: a partition is dropped only this long after its last day
 * left the retention, so no instance can still accept a row for it.
 */
const DROP_MARGIN_MS = 60 * MINUTE;

/**
 * Drops the day partitions whose whole day is older than each parent's retention. A rollup day
 * still holding partial rows (calls the compactor has not carried up yet) stays until it has none.
 * Each drop is its own short transaction: it locks the parent (ingest and readers wait the few
 * milliseconds a DROP takes) and gives up after `lock_timeout` rather than queue behind a long
 * read, to try again at the next run. Returns the partitions dropped.
 */
export async function dropExpiredPartitions(db: Kysely<any>, retention: RetentionConfig, now: number): Promise<number> {
  if (!isPostgres(db)) return 0;
  const cache = knownOf(db);
  let dropped = 0;
  for (const parent of DAILY_PARENTS) {
    const cutoff = now - keepMsOf(parent, retention) - DROP_MARGIN_MS;
    const children = await sql<{ relname: string }>`
      select c.relname from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      where p.relname = ${parent.parent} and p.relnamespace = current_schema()::regnamespace`.execute(db);
    for (const { relname } of children.rows) {
      const day = dayOfPartition(parent.parent, relname);
      if (day === undefined || day + DAY > cutoff) continue;
      const gone = await db.transaction().execute(async (tx) => {
        await sql`set local lock_timeout = '5s'`.execute(tx);
        // Parent first, as every insert locks them: the other order could deadlock with one.
        await sql`lock table ${sql.id(parent.parent)}, ${sql.id(relname)} in access exclusive mode`.execute(tx);
        if (parent.resolution !== undefined) {
          const partial = await sql`select 1 from ${sql.id(relname)} where compacted = 0 limit 1`.execute(tx);
          if (partial.rows.length > 0) return false;
        }
        await sql`drop table ${sql.id(relname)}`.execute(tx);
        return true;
      }).catch((error: unknown) => {
        // 55P03: lock_timeout: a long read holds the table; the next run tries again.
        if ((error as { code?: string }).code === '55P03') return false;
        throw error;
      });
      cache.delete(relname);
      if (gone) dropped += 1;
    }
  }
  return dropped;
}
