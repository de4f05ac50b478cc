import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.js';
import { DAILY_TIERS, PARTITIONED_ROLLUPS, ensureDays, type DailyParent } from '../partitions.js';
import { daysIn, rebuild } from './rebuild-partitioned.js';

/** Files up to this size switch to incremental auto-vacuum in the migration (a VACUUM rewrites the file). */
const VACUUM_AT_MIGRATION_BYTES = 2 * 1024 ** 3;

/**
 * A store that stays small (docs/architecture.md, "Storage layout"; figures in docs/benchmarks.md).
 *
 * Raw records lose the (integration, ts) index, the largest of the table after the correlation
 * id's: its readers all have a smaller index of their own (failed calls, runs, events, and gauges,
 * which get one here). Retention on SQLite walks a ts index instead, half its size; PostgreSQL
 * needs none, and no primary key either (nothing looks a record up by id), since it drops days.
 *
 * PostgreSQL: records and the minute and ten-minute tiers of the rollup tables become daily
 * partitions (src/store/partitions.ts); the rows are copied over. The rollup tables lose their
 * primary key as well: the compactor finds rows by the indexes readers use. (Hash indexes for the
 * trace ids were measured too: no smaller than the B-trees at these key lengths, so not taken.)
 *
 * SQLite: incremental auto-vacuum, so retention gives pages back to the file system.
 *
 * Tables are rebuilt from what the catalogue says they hold, columns and indexes alike, so a
 * column or index another migration added survives the rebuild.
 */
export function compactStore(engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('records_gauges').on('records').columns(['integration', 'name', 'ts']).where(sql.ref('kind'), '=', 'gauge').execute();
      if (engine === 'sqlite') await compactSqlite(db);
      else await partitionPostgres(db);
    },
  };
}

async function compactSqlite(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('records_integration_ts').execute();
  await db.schema.createIndex('records_ts').on('records').column('ts').execute();
  const mode = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(db);
  if (mode.rows[0]?.auto_vacuum === 2) return;
  const pages = await sql<{ page_count: number }>`pragma page_count`.execute(db);
  const size = await sql<{ page_size: number }>`pragma page_size`.execute(db);
  // A larger file keeps working without it (retention still frees pages for reuse); the
  // operator switches it with the server stopped (docs/runbooks/storage.md).
  if (Number(pages.rows[0]!.page_count) * Number(size.rows[0]!.page_size) > VACUUM_AT_MIGRATION_BYTES) return;
  await sql`pragma auto_vacuum = incremental`.execute(db);
  await sql`vacuum`.execute(db);
}

async function partitionPostgres(db: Kysely<unknown>): Promise<void> {
  const store = db as unknown as Kysely<any>;
  await rebuild(
    db,
    'records',
    'range (ts)',
    async (tx, old) => ensureDays(store, [{ parent: 'records', table: 'records', column: 'ts' }], await daysIn(tx, old, 'ts')),
    ['records_integration_ts'],
  );
  for (const table of PARTITIONED_ROLLUPS) {
    await rebuild(
      db,
      table,
      'list (resolution_ms)',
      async (tx, old) => {
        for (const { resolution, suffix } of DAILY_TIERS) {
          const parent: DailyParent = { parent: `${table}_${suffix}`, table, column: 'bucket', resolution };
          await sql`create table ${sql.id(parent.parent)} partition of ${sql.id(table)} for values in (${sql.lit(resolution)}) partition by range (bucket)`.execute(tx);
          await ensureDays(store, [parent], await daysIn(tx, old, 'bucket', sql`resolution_ms = ${sql.lit(resolution)}`));
        }
        // The hour and day tiers, and any tier added later: few rows, kept by deleting.
        await sql`create table ${sql.id(`${table}_coarse`)} partition of ${sql.id(table)} default`.execute(tx);
      },
      [],
    );
  }
}
