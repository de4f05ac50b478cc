import type { Kysely } from 'kysely';
import { columnTypes, primaryKey } from './columns.js';
import type { Engine } from '../engine.js';

/**
 * Recovery: every run of a recovery action (by a person or automatically) with its result, and
 * the customer reports support records, against which "detected before reported" is measured.
 */
export function recovery(engine: Engine) {
  const t = columnTypes(engine);
  const id = primaryKey(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('recovery_runs')
        .addColumn('id', t.id, id)
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'bigint')
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ms', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('excerpt', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('recovery_runs_by_integration').on('recovery_runs').columns(['integration', 'started_at']).execute();
      await db.schema.createIndex('recovery_runs_by_alert').on('recovery_runs').columns(['alert_id', 'started_at']).execute();

      await db.schema
        .createTable('customer_reports')
        .addColumn('id', t.id, id)
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('reported_at', 'bigint', (c) => c.notNull())
        .addColumn('ticket', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customer_reports_by_integration').on('customer_reports').columns(['integration', 'reported_at']).execute();
    },
  };
}
