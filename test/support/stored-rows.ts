import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

/**
 * Every row of `tables` but its id, as sorted text in a form alike on any connection and either
 * engine (sketches as hex): two stores compare with one deepEqual.
 */
export async function storedRows(db: Kysely<Database>, tables: readonly string[]): Promise<string[]> {
  const rows: string[] = [];
  for (const table of tables) {
    for (const row of await (db as unknown as Kysely<any>).selectFrom(table).selectAll().execute()) {
      const { id: _id, ...rest } = row as Record<string, unknown>;
      const fields = Object.keys(rest)
        .sort()
        .map((key) => `${key}=${Buffer.isBuffer(rest[key]) ? (rest[key] as Buffer).toString('hex') : String(rest[key])}`);
      rows.push(`${table} ${fields.join(' ')}`);
    }
  }
  return rows.sort();
}
