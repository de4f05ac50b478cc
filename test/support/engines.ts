import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/store/open.js';

/** The PostgreSQL the tests use for real; CI starts it (see .ci/run). */
export const POSTGRES_URL = process.env.SWITCHBOARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore extends OpenedDatabase {
  /** SQLite only: the database file, for tests that inspect what reached the disk. */
  file?: string;
  /** The string to pass as --database to reopen the same store. */
  database: string;
  /** A second, independent connection to the same store (another instance, as far as it knows). */
  openAnother: () => Promise<OpenedDatabase>;
  dispose: () => Promise<void>;
}

export interface EngineHarness {
  name: 'sqlite' | 'postgres';
  /** A fresh store; `migrateTo` leaves it as an older version did (upgrade tests). */
  open: (options?: { migrateTo?: string }) => Promise<TestStore>;
}

async function openSqlite(options: { migrateTo?: string } = {}): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const file = join(dir, 'switchboard.db');
  const opened = await openDatabase(file, options);
  return {
    ...opened,
    file,
    database: file,
    openAnother: () => openDatabase(file),
    dispose: async () => {
      await opened.db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(options: { migrateTo?: string } = {}): Promise<TestStore> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const opened = await openDatabase(POSTGRES_URL, { schema, ...options });
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...opened,
    database: url.toString(),
    openAnother: () => openDatabase(POSTGRES_URL, { schema }),
    dispose: async () => {
      await opened.db.destroy();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Every storage test runs on both engines, PostgreSQL for real. */
export const ENGINES: EngineHarness[] = [
  { name: 'sqlite', open: openSqlite },
  { name: 'postgres', open: openPostgres },
];
