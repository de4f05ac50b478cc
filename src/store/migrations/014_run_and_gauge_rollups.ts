import { sql, type Kysely } from 'kysely';
import { aggregateGauges, aggregateRuns, ROLLED_GAUGES, type RolledRecord } from '../../rollup/aggregate.js';
import { GAUGE_ROLLUPS, RUN_ROLLUPS, columnsOf, rowOf, type RollupEntry, type RollupTable } from '../../rollup/tables.js';
import { bulkInsert } from '../bulk-insert.js';
import type { Engine } from '../engine.js';
import type { Database } from '../schema.js';
import { columnTypes, primaryKey } from './columns.js';

/**
 * Run and queue-gauge rollups (src/rollup/tables.ts, RUN_ROLLUPS and GAUGE_ROLLUPS): what the admin
 * overview's sync, duration and queue trends read, so a year of them merges day rows instead of
 * scanning raw runs (which retention drops after days anyway); and an index of the newest runs.
 *
 * Filled from the raw runs and queue gauges still kept, as partial minute rows, one integration at
 * a time: the compactor carries them up the tiers as it does every batch's.
 */
export function runAndGaugeRollups(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      const db = untyped as unknown as Kysely<Database>;
      await db.schema
        .createTable('run_rollups')
        .addColumn('id', t.id, primaryKey(engine))
        .addColumn('resolution_ms', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('runs', 'bigint', (c) => c.notNull())
        .addColumn('success', 'bigint', (c) => c.notNull())
        .addColumn('failed', 'bigint', (c) => c.notNull())
        .addColumn('partial', 'bigint', (c) => c.notNull())
        .addColumn('timed_runs', 'bigint', (c) => c.notNull())
        .addColumn('duration_ms', t.float, (c) => c.notNull())
        .addColumn('records', 'bigint', (c) => c.notNull())
        .addColumn('timed_records', 'bigint', (c) => c.notNull())
        .addColumn('compacted', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('gauge_rollups')
        .addColumn('id', t.id, primaryKey(engine))
        .addColumn('resolution_ms', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('samples', 'bigint', (c) => c.notNull())
        .addColumn('value_sum', t.float, (c) => c.notNull())
        .addColumn('value_max', t.float, (c) => c.notNull())
        .addColumn('compacted', 'integer', (c) => c.notNull())
        .execute();
      // The indexes of integration_rollups (008): a page of integrations by tier, all of them by
      // tier and bucket, the compactor's queue, and the partial rows a read adds.
      for (const table of ['run_rollups', 'gauge_rollups']) {
        await db.schema.createIndex(`${table}_read`).on(table).columns(['resolution_ms', 'integration', 'bucket']).execute();
        await db.schema.createIndex(`${table}_bucket`).on(table).columns(['resolution_ms', 'bucket']).execute();
        await db.schema.createIndex(`${table}_uncompacted`).on(table).column('id').where(sql.ref('compacted'), '=', 0).execute();
        await db.schema.createIndex(`${table}_partial_by_integration`).on(table).columns(['integration', 'bucket']).where(sql.ref('compacted'), '=', 0).execute();
        await db.schema.createIndex(`${table}_partial_by_bucket`).on(table).column('bucket').where(sql.ref('compacted'), '=', 0).execute();
      }
      // The newest runs of every integration at once (the overview's sync activity), without
      // walking the calls that share the day's records.
      await db.schema.createIndex('records_recent_runs').on('records').columns(['ts', 'id']).where(sql.ref('kind'), '=', 'run').execute();

      const integrations = await db.selectFrom('integrations_seen').select('id').execute();
      for (const { id } of integrations) {
        const runs = await stored(db, id).where('kind', '=', 'run').execute();
        await insertPartial(db, RUN_ROLLUPS, aggregateRuns(runs.map(numericTs)));
        const gauges = await stored(db, id).where('kind', '=', 'gauge').where('name', 'in', ROLLED_GAUGES).execute();
        await insertPartial(db, GAUGE_ROLLUPS, aggregateGauges(gauges.map(numericTs)));
      }
    },
  };
}

function stored(db: Kysely<Database>, integration: string) {
  return db
    .selectFrom('records')
    .select(['kind', 'ts', 'integration', 'run_status', 'duration_ms', 'counts', 'name', 'value'])
    .where('integration', '=', integration)
    .$castTo<RolledRecord>();
}

/** PostgreSQL answers a bigint as text. */
const numericTs = (record: RolledRecord): RolledRecord => ({ ...record, ts: Number(record.ts) });

async function insertPartial(db: Kysely<Database>, spec: RollupTable, entries: RollupEntry[]): Promise<void> {
  await bulkInsert(db, spec.table, columnsOf(spec), entries.map((entry) => rowOf(spec, entry, 0)));
}
