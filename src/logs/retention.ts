import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Log lines past their own retention (SWITCHBOARD_RETENTION_LOGS_DAYS), deleted `chunk` at a time
 * by the retention job's loop (unless `byDays`: PostgreSQL's daily partitions of the lines, which
 * retention drops whole), and the error groups no line of which is kept any more.
 */
export async function deleteOldLogs(
  db: Kysely<Database>,
  before: number,
  inChunks: (run: () => Promise<number>) => Promise<number>,
  chunk: number,
  byDays: boolean,
): Promise<number> {
  const deleted = byDays ? 0 : await inChunks(async () => {
    const victims = db.selectFrom('log_records').select('id').where('ts', '<', before).limit(chunk);
    const result = await db.deleteFrom('log_records').where('id', 'in', victims).executeTakeFirst();
    return Number(result.numDeletedRows);
  });
  await db.deleteFrom('log_error_groups').where('last_seen', '<', before).execute();
  return deleted;
}
