export type Engine = 'sqlite' | 'postgres';

/** `postgres://…` or `postgresql://…` selects PostgreSQL; anything else is a SQLite file path. */
export function engineOf(database: string): Engine {
  return /^postgres(ql)?:\/\//i.test(database) ? 'postgres' : 'sqlite';
}
