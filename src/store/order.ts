import { sql, type RawBuilder } from 'kysely';
import type { Engine } from './engine.js';

/**
 * A text column compared byte by byte, as JavaScript compares strings: PostgreSQL sorts by the
 * database's collation (en_US ignores punctuation), SQLite by bytes already. Keyset pagination
 * over text (ids, names) must order and compare in one way on both engines and in memory.
 */
export function byteOrder(engine: Engine, column: string): RawBuilder<string> {
  return engine === 'postgres' ? sql<string>`${sql.ref(column)} collate "C"` : sql<string>`${sql.ref(column)}`;
}

/** Strings in the order byteOrder gives (UTF-16 code units agree with UTF-8 bytes for the ids kept). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
