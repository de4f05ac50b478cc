import { sql, type Kysely } from 'kysely';
import { columnTypes, primaryKey } from './columns.js';
import type { Engine } from '../engine.js';

const MINUTE = 60_000;

/**
 * Rollups for the end-to-end flow signals: event counts (with the newest ts, for freshness) and
 * lead-time sketches, each in the same tiers and with the same compaction as call rollups. The
 * events already stored are rolled up into partial minute rows here, so exception and label rates
 * cover the past too; lead times are derived at ingest only, from this version on.
 */
export function flow(engine: Engine) {
  const t = columnTypes(engine);
  const id = primaryKey(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('event_rollups')
        .addColumn('id', t.id, id)
        .addColumn('resolution_ms', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('env', 'text', (c) => c.notNull())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('events', 'bigint', (c) => c.notNull())
        .addColumn('last_ts', 'bigint', (c) => c.notNull())
        .addColumn('compacted', 'integer', (c) => c.notNull())
        .execute();
      // Freshness: the newest bucket of one integration's events of a name, by a backward seek.
      await db.schema.createIndex('event_rollups_newest').on('event_rollups').columns(['integration', 'name', 'resolution_ms', 'bucket']).execute();

      await db.schema
        .createTable('lead_time_rollups')
        .addColumn('id', t.id, id)
        .addColumn('resolution_ms', 'integer', (c) => c.notNull())
        .addColumn('bucket', 'bigint', (c) => c.notNull())
        .addColumn('integration', 'text', (c) => c.notNull())
        .addColumn('start_integration', 'text', (c) => c.notNull())
        .addColumn('start_name', 'text', (c) => c.notNull())
        .addColumn('end_name', 'text', (c) => c.notNull())
        .addColumn('env', 'text', (c) => c.notNull())
        .addColumn('site', 'text', (c) => c.notNull())
        .addColumn('release', 'text', (c) => c.notNull())
        .addColumn('lead_times', 'bigint', (c) => c.notNull())
        .addColumn('lead_time_sketch', t.blob, (c) => c.notNull())
        .addColumn('compacted', 'integer', (c) => c.notNull())
        .execute();

      // The indexes call_rollups has, for the same readers, compactor and retention.
      for (const table of ['event_rollups', 'lead_time_rollups']) {
        await db.schema.createIndex(`${table}_read`).on(table).columns(['resolution_ms', 'integration', 'bucket']).execute();
        await db.schema.createIndex(`${table}_bucket`).on(table).columns(['resolution_ms', 'bucket']).execute();
        await db.schema.createIndex(`${table}_uncompacted`).on(table).column('id').where(sql.ref('compacted'), '=', 0).execute();
      }

      const bucket = sql`(ts / ${sql.lit(MINUTE)}) * ${sql.lit(MINUTE)}`;
      await sql`
        insert into event_rollups (resolution_ms, bucket, integration, name, env, site, release, events, last_ts, compacted)
        select ${sql.lit(MINUTE)}, ${bucket}, integration, name, env, coalesce(site, ''), coalesce(release, ''), count(*), max(ts), 0
        from records
        where kind = 'event'
        group by ${bucket}, integration, name, env, coalesce(site, ''), coalesce(release, '')
      `.execute(db);
    },
  };
}
