import { sql, type Kysely } from 'kysely';

/**
 * The calls of a few integrations over the last minutes, as alert rules read them to prove that a
 * breach held for its `for` and to learn a stream's usual gap (alerting/evaluate/data.ts). Without
 * it those reads walk every record of the window (SQLite) or of the day's partition (PostgreSQL)
 * once per evaluation cycle. Calls only: events, runs and gauges have their own indexes.
 */
export function recentCallsIndex() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('records_calls').on('records').columns(['integration', 'ts']).where(sql.ref('kind'), '=', 'call').execute();
    },
  };
}
