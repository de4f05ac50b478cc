import { sql, type Kysely } from 'kysely';
import { columnTypes, primaryKey } from './columns.js';
import type { Engine } from '../engine.js';

export function initial(engine: Engine) {
  const t = columnTypes(engine);
  const id = primaryKey(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('records')
        .addColumn('id', t.id, id)
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('env', 'text', (c) => c.notNull())
        .addColumn('site', 'text')
        .addColumn('release', 'text')
        .addColumn('tenant', 'text')
        .addColumn('correlation_id', 'text')
        .addColumn('order_id', 'text')
        .addColumn('shipment_id', 'text')
        .addColumn('direction', 'text')
        .addColumn('operation', 'text')
        .addColumn('http_status', 'integer')
        .addColumn('outcome', 'text')
        .addColumn('error', 'text')
        .addColumn('latency_ms', t.float)
        .addColumn('attempt', 'integer')
        .addColumn('job', 'text')
        .addColumn('run_status', 'text')
        .addColumn('duration_ms', t.float)
        .addColumn('counts', 'text')
        .addColumn('name', 'text')
        .addColumn('value', t.float)
        .addColumn('attrs', 'text')
        .execute();
      await db.schema.createIndex('records_integration_ts').on('records').columns(['integration', 'ts']).execute();
      for (const id of ['order_id', 'shipment_id', 'correlation_id']) {
        await db.schema
          .createIndex(`records_${id}`)
          .on('records')
          .column(id)
          .where(sql.ref(id), 'is not', null)
          .execute();
      }
      // Recent failures of an integration without walking its successful calls.
      await db.schema
        .createIndex('records_failed_calls')
        .on('records')
        .columns(['integration', 'ts'])
        .where(sql.ref('outcome'), '<>', 'ok')
        .execute();

      await db.schema
        .createTable('call_rollups')
        .addColumn('id', t.id, id)
        .addColumn('resolution_ms', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('env', 'text', (c) => c.notNull())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('volume', 'bigint', (c) => c.notNull())
        .addColumn('ok', 'bigint', (c) => c.notNull())
        .addColumn('client_error', 'bigint', (c) => c.notNull())
        .addColumn('auth_error', 'bigint', (c) => c.notNull())
        .addColumn('rate_limited', 'bigint', (c) => c.notNull())
        .addColumn('server_error', 'bigint', (c) => c.notNull())
        .addColumn('timeout', 'bigint', (c) => c.notNull())
        .addColumn('network_error', 'bigint', (c) => c.notNull())
        .addColumn('latency_sketch', t.blob, (c) => c.notNull())
        .addColumn('compacted', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('call_rollups_read')
        .on('call_rollups')
        .columns(['resolution_ms', 'integration', 'bucket'])
        .execute();
      await db.schema
        .createIndex('call_rollups_bucket')
        .on('call_rollups')
        .columns(['resolution_ms', 'bucket'])
        .execute();
      await db.schema
        .createIndex('call_rollups_uncompacted')
        .on('call_rollups')
        .column('id')
        .where(sql.ref('compacted'), '=', 0)
        .execute();

      await db.schema
        .createTable('integrations_seen')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('ingest_keys')
        .addColumn('id', t.id, id)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
    },
  };
}
