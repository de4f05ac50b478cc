import type { Kysely } from 'kysely';
import type { Engine } from '../engine.js';
import { DAILY_PARENTS, ensureDays } from '../partitions.js';
import { daysIn, rebuild } from './rebuild-partitioned.js';

/**
 * PostgreSQL: raw log lines in one partition per UTC day, like raw records (migration 009), so
 * their retention drops whole days instead of deleting lines in chunks (src/store/partitions.ts).
 * The lines are copied into partitions made for the days they hold; the id sequence, every column
 * and index are kept, but the primary key (a partitioned table's must hold ts; nothing looks a
 * line up by id alone) and the ts index, which only retention's deletes read. SQLite: unchanged.
 */
export function logPartitions(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (engine !== 'postgres') return;
      const lines = DAILY_PARENTS.filter((parent) => parent.parent === 'log_records');
      await rebuild(db, 'log_records', 'range (ts)', async (tx, old) => ensureDays(db as unknown as Kysely<any>, lines, await daysIn(tx, old, 'ts')), ['log_records_ts']);
    },
  };
}
