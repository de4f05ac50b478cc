import { sql, type Kysely } from 'kysely';
import { columnTypes, primaryKey } from './columns.js';
import type { Engine } from '../engine.js';

/**
 * Results of active checks and heartbeats, the history of each integration's health status, and
 * indexes for the newest runs of a job and events of a name (feeds, freshness), kept partial so
 * calls, the bulk of the records, do not pay for them.
 */
export function checksAndHealth(engine: Engine) {
  const t = columnTypes(engine);
  const id = primaryKey(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createIndex('records_runs')
        .on('records')
        .columns(['integration', 'job', 'ts'])
        .where(sql.ref('kind'), '=', 'run')
        .execute();
      await db.schema
        .createIndex('records_events')
        .on('records')
        .columns(['integration', 'name', 'ts'])
        .where(sql.ref('kind'), '=', 'event')
        .execute();

      await db.schema
        .createTable('check_results')
        .addColumn('id', t.id, id)
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('check_name', 'text', (c) => c.notNull())
        .addColumn('check_type', 'text', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('latency_ms', t.float)
        .addColumn('http_status', 'integer')
        .addColumn('error', 'text')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('check_results_by_check').on('check_results').columns(['integration', 'check_name', 'ts']).execute();
      await db.schema.createIndex('check_results_ts').on('check_results').column('ts').execute();

      await db.schema
        .createTable('health_changes')
        .addColumn('id', t.id, id)
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('previous_status', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('health_changes_by_integration').on('health_changes').columns(['integration', 'ts']).execute();
    },
  };
}
