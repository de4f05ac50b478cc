import type { Kysely } from 'kysely';
import { columnTypes, primaryKey } from './columns.js';
import type { Engine } from '../engine.js';

/** Alerts with their state history, silences and maintenance windows, and the notification outbox. */
export function alerting(engine: Engine) {
  const t = columnTypes(engine);
  const id = primaryKey(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('alerts')
        .addColumn('id', t.id, id)
        .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('value', t.float)
        .addColumn('threshold', t.float)
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('pending_since', 'bigint')
        .addColumn('fired_at', 'bigint')
        .addColumn('resolved_at', 'bigint')
        .addColumn('last_breach_at', 'bigint')
        .addColumn('last_evaluated_at', 'bigint', (c) => c.notNull())
        .addColumn('last_notified_at', 'bigint')
        .addColumn('context', 'text')
        .execute();
      await db.schema.createIndex('alerts_by_state').on('alerts').columns(['state', 'integration']).execute();

      await db.schema
        .createTable('alert_events')
        .addColumn('id', t.id, id)
        .addColumn('alert_id', 'bigint', (c) => c.notNull())
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('value', t.float)
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('alert_events_by_alert').on('alert_events').columns(['alert_id', 'ts']).execute();
      await db.schema.createIndex('alert_events_by_ts').on('alert_events').column('ts').execute();

      await db.schema
        .createTable('silences')
        .addColumn('id', t.id, id)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('matchers', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint', (c) => c.notNull())
        .addColumn('ends_at', 'bigint', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expired_at', 'bigint')
        .execute();
      await db.schema.createIndex('silences_by_end').on('silences').column('ends_at').execute();

      await db.schema
        .createTable('notifications')
        .addColumn('id', t.id, id)
        .addColumn('alert_id', 'bigint', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('delivered_at', 'bigint')
        .execute();
      await db.schema.createIndex('notifications_due').on('notifications').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('notifications_by_alert').on('notifications').columns(['alert_id', 'created_at']).execute();
    },
  };
}
