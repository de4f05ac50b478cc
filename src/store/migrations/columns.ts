import type { ColumnDefinitionBuilder } from 'kysely';
import type { Engine } from '../engine.js';

/** The column types the two engines name differently; everything else is shared DDL. */
export function columnTypes(engine: Engine) {
  return engine === 'postgres'
    ? { id: 'bigserial' as const, blob: 'bytea' as const, float: 'double precision' as const }
    : { id: 'integer' as const, blob: 'blob' as const, float: 'real' as const };
}

export function primaryKey(engine: Engine) {
  // SQLite reuses the ids of deleted rows unless told otherwise; ids must only grow.
  return (c: ColumnDefinitionBuilder) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement());
}
