import { sql, type Kysely } from 'kysely';
import { INTEGRATION_ROLLUPS, columnsOf, entryIn, mergeInto, rowOf, type RollupEntry } from '../../rollup/tables.js';
import { bulkInsert } from '../bulk-insert.js';
import type { Engine } from '../engine.js';
import type { Database } from '../schema.js';
import { columnTypes, primaryKey } from './columns.js';

/**
 * Call rollups per integration alone (src/rollup/tables.ts, INTEGRATION_ROLLUPS): what the board
 * and the health list read, one row per integration × bucket instead of one per series.
 *
 * Filled from the call rollups already stored, tier by tier, keeping each row's state: compacted
 * rows of a bucket merge into one compacted row, partial rows into one partial row. So the new
 * table starts with the compactor's invariant (every call partial at exactly one tier, compacted
 * at every finer one) exactly where the call table has it, and the compactor carries on from there.
 */
export function integrationRollups(engine: Engine) {
  const t = columnTypes(engine);
  return {
    async up(untyped: Kysely<unknown>): Promise<void> {
      const db = untyped as unknown as Kysely<Database>;
      const table = 'integration_rollups';
      let create = db.schema
        .createTable(table)
        .addColumn('id', t.id, primaryKey(engine))
        .addColumn('resolution_ms', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull());
      for (const column of ['volume', 'ok', 'client_error', 'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error']) {
        create = create.addColumn(column, 'bigint', (c) => c.notNull());
      }
      await create.addColumn('latency_sketch', t.blob, (c) => c.notNull()).addColumn('compacted', 'integer', (c) => c.notNull()).execute();
      // The same indexes as the call table's (001, 007): a page of integrations by tier, all of
      // them by tier and bucket, the compactor's queue, and the partial rows a read adds.
      await db.schema.createIndex(`${table}_read`).on(table).columns(['resolution_ms', 'integration', 'bucket']).execute();
      await db.schema.createIndex(`${table}_bucket`).on(table).columns(['resolution_ms', 'bucket']).execute();
      await db.schema.createIndex(`${table}_uncompacted`).on(table).column('id').where(sql.ref('compacted'), '=', 0).execute();
      await db.schema.createIndex(`${table}_partial_by_integration`).on(table).columns(['integration', 'bucket']).where(sql.ref('compacted'), '=', 0).execute();
      await db.schema.createIndex(`${table}_partial_by_bucket`).on(table).column('bucket').where(sql.ref('compacted'), '=', 0).execute();

      // One integration and tier at a time, so memory holds one series' worth of rows at most.
      const columns = columnsOf(INTEGRATION_ROLLUPS);
      const tiers = await db.selectFrom('call_rollups').select(['integration', 'resolution_ms']).distinct().execute();
      for (const { integration, resolution_ms } of tiers) {
        const compacted = new Map<string, RollupEntry>();
        const partial = new Map<string, RollupEntry>();
        const rows = await db
          .selectFrom('call_rollups')
          .select(['bucket', 'compacted', 'volume', 'ok', 'client_error', 'auth_error', 'rate_limited', 'server_error', 'timeout', 'network_error', 'latency_sketch'])
          .where('integration', '=', integration)
          .where('resolution_ms', '=', resolution_ms)
          .execute();
        for (const row of rows) {
          const into = Number(row.compacted) === 1 ? compacted : partial;
          mergeInto(INTEGRATION_ROLLUPS, entryIn(into, INTEGRATION_ROLLUPS, { integration }, resolution_ms, Number(row.bucket)), row);
        }
        await bulkInsert(db, table, columns, [
          ...[...compacted.values()].map((entry) => rowOf(INTEGRATION_ROLLUPS, entry, 1)),
          ...[...partial.values()].map((entry) => rowOf(INTEGRATION_ROLLUPS, entry, 0)),
        ]);
      }
    },
  };
}
