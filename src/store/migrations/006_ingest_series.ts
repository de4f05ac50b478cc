import { sql, type Kysely } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * The distinct series values ingest has seen per integration (operations, event names, env, site,
 * release), so cardinality limits are checked against a small table any instance can load and
 * refresh, not against the rollups. Filled from the rollups already stored.
 */
export function ingestSeries(_engine: Engine) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('ingest_series')
        .addColumn('integration', 'text', (c) => c.notNull())
        // operation, event, env, site or release
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        // When a batch last carried it (refreshed at most hourly): values unseen for the raw retention expire.
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('ingest_series_key', ['integration', 'dimension', 'value'])
        .execute();
      await db.schema.createIndex('ingest_series_last_seen').on('ingest_series').column('last_seen').execute();

      const fill = (table: string, dimension: string, column: string) => sql`
        insert into ingest_series (integration, dimension, value, first_seen, last_seen)
        select integration, ${dimension}, ${sql.ref(column)}, min(bucket), max(bucket)
        from ${sql.table(table)} where ${sql.ref(column)} <> ''
        group by integration, ${sql.ref(column)}`;
      await fill('call_rollups', 'operation', 'operation').execute(db);
      await fill('event_rollups', 'event', 'name').execute(db);
      for (const label of ['env', 'site', 'release']) {
        // A label value may come from calls and from events: each once.
        await sql`
          insert into ingest_series (integration, dimension, value, first_seen, last_seen)
          select integration, ${label}, ${sql.ref(label)}, min(first_seen), max(last_seen) from (
            select integration, ${sql.ref(label)}, min(bucket) as first_seen, max(bucket) as last_seen from call_rollups where ${sql.ref(label)} <> '' group by integration, ${sql.ref(label)}
            union all
            select integration, ${sql.ref(label)}, min(bucket), max(bucket) from event_rollups where ${sql.ref(label)} <> '' group by integration, ${sql.ref(label)}
          ) as seen
          group by integration, ${sql.ref(label)}`.execute(db);
      }
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('ingest_series').execute();
    },
  };
}
