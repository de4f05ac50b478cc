import { sql, type Kysely } from 'kysely';
import { LOG_ERROR_ROLLUPS, LOG_ROLLUPS, type RollupTable } from '../../rollup/tables.js';
import type { Engine } from '../engine.js';
import type { Database } from '../schema.js';
import { columnTypes, primaryKey } from './columns.js';

/**
 * Logs (src/logs/, docs/logs.md): the raw log lines with the indexes of their reads (an
 * integration's recent lines, by level; the lines of an order, shipment or correlation id for the
 * trace timeline), their rollups per integration × level × operation and per error type, and the
 * error groups. The log tables start empty: nothing older holds logs.
 */
export function logs(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      const db = untyped as unknown as Kysely<Database>;
      await db.schema
        .createTable('log_records')
        .addColumn('id', t.id, primaryKey(engine))
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('tenant', 'text')
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('service', 'text')
        .addColumn('operation', 'text')
        .addColumn('message', 'text')
        .addColumn('fingerprint', 'text')
        .addColumn('correlation_id', 'text')
        .addColumn('order_id', 'text')
        .addColumn('shipment_id', 'text')
        .addColumn('trace_id', 'text')
        .addColumn('span_id', 'text')
        .addColumn('metadata', 'text')
        .execute();
      // Newest first within an integration (the Logs tab, search); the same narrowed to a level.
      await db.schema.createIndex('log_records_integration_ts').on('log_records').columns(['integration', 'ts', 'id']).execute();
      await db.schema.createIndex('log_records_integration_level_ts').on('log_records').columns(['integration', 'level', 'ts', 'id']).execute();
      // Retention deletes by age across integrations.
      await db.schema.createIndex('log_records_ts').on('log_records').column('ts').execute();
      // The lines of one error type (the context of an alert's sample).
      await db.schema.createIndex('log_records_fingerprint').on('log_records').columns(['integration', 'fingerprint', 'ts']).where(sql.ref('fingerprint'), 'is not', null).execute();
      for (const column of ['correlation_id', 'order_id', 'shipment_id'] as const) {
        await db.schema.createIndex(`log_records_${column}`).on('log_records').column(column).where(sql.ref(column), 'is not', null).execute();
      }
      for (const spec of [LOG_ROLLUPS, LOG_ERROR_ROLLUPS]) await createRollupTable(db, engine, spec);
      await db.schema
        .createTable('log_error_groups')
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('sample', 'text', (c) => c.notNull())
        .addColumn('sample_ts', 'bigint', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addColumn('lines', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('log_error_groups_pk', ['integration', 'fingerprint'])
        .execute();
      await db.schema.createIndex('log_error_groups_recent').on('log_error_groups').columns(['integration', 'last_seen']).execute();
    },
  };
}

/** A rollup table of a spec whose measures are all sums, with the indexes every rollup table has (migration 014). */
async function createRollupTable(db: Kysely<Database>, engine: Engine, spec: RollupTable): Promise<void> {
  const t = columnTypes(engine);
  let table = db.schema
    .createTable(spec.table)
    .addColumn('id', t.id, primaryKey(engine))
    .addColumn('resolution_ms', 'integer', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull());
  for (const dimension of spec.dimensions) table = table.addColumn(dimension, 'text', (c) => c.notNull());
  for (const measure of Object.keys(spec.measures)) table = table.addColumn(measure, 'bigint', (c) => c.notNull());
  await table.addColumn('compacted', 'integer', (c) => c.notNull()).execute();
  const name = spec.table;
  await db.schema.createIndex(`${name}_read`).on(name).columns(['resolution_ms', 'integration', 'bucket']).execute();
  await db.schema.createIndex(`${name}_bucket`).on(name).columns(['resolution_ms', 'bucket']).execute();
  await db.schema.createIndex(`${name}_uncompacted`).on(name).column('id').where(sql.ref('compacted'), '=', 0).execute();
  await db.schema.createIndex(`${name}_partial_by_integration`).on(name).columns(['integration', 'bucket']).where(sql.ref('compacted'), '=', 0).execute();
  await db.schema.createIndex(`${name}_partial_by_bucket`).on(name).column('bucket').where(sql.ref('compacted'), '=', 0).execute();
}
