import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/**
 * Kysely prepares every statement it runs; SQLite's compile step is a large share of a small
 * query's cost, and of a 25,000-parameter insert's. Statements are reusable, so keep the recent ones.
 */
function withStatementCache(database: SQLite.Database, size = 256) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare: (text: string) => {
      // Every transaction we open writes. Taking the write lock up front lets a second process
      // on the same file (the CLI beside a running server) wait its turn: a deferred one that
      // upgrades from read to write gets SQLITE_BUSY at once instead.
      const sql = text === 'begin' ? 'begin immediate' : text;
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      } else {
        // Least recently used goes first: a hot statement (every batch's insert) is never evicted.
        cache.delete(sql);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** SQLite's page cache of the connection that writes records (the server's, or the ingest writer's). */
export const WRITER_CACHE_MIB = 128;
/** The page cache of a writer that does not write records (the compactor's, the server's beside an ingest writer). */
export const SIDE_WRITER_CACHE_MIB = 32;

/** The SQLite connection every writer of the store uses: the server's, the ingest writer's and the compactor's worker's. */
export function sqliteDialect(path: string, options: SQLite.Options = {}, cacheMiB = WRITER_CACHE_MIB): SqliteDialect {
  return new SqliteDialect({
    database: async () => {
      const database = new SQLite(path, options);
      // Takes effect on a new file only (before its first table); migration 009 converts an
      // existing one. Retention then runs incremental_vacuum, so deleted rows shrink the file.
      database.pragma('auto_vacuum = incremental');
      // WAL lets readers proceed during a write; synchronous=FULL makes each commit durable on
      // disk before the ingest answer goes out (a 2xx means committed, even across power loss).
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = FULL');
      database.pragma('busy_timeout = 5000');
      // Index pages of a busy store outgrow the 2 MB default cache quickly, and every ingest
      // batch then pays disk reads for its B-tree inserts. Writers that do not insert records
      // take less: each connection's cache fills as the store grows and stays filled.
      database.pragma(`cache_size = -${cacheMiB * 1024}`);
      // Checkpoint every ~40 MB of WAL rather than 4 MB: a hot index page rewritten by many
      // batches is then copied into the database once per checkpoint, not once per batch.
      database.pragma('wal_autocheckpoint = 10000');
      return withStatementCache(database);
    },
  });
}
