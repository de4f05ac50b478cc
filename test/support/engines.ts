import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const SCHEMA_PLACEHOLDER = '__switchboard_test_schema__';

/** What a fresh store's schema depends on: the store's code (migrations, partitions) and the rollups it imports, and the day (partitions are made around today). */
function storeCodeKey(): string {
  const hash = createHash('sha256').update(new Date().toISOString().slice(0, 10));
  for (const dir of ['src/store', 'src/rollup']) {
    for (const file of readdirSync(dir, { recursive: true }).map(String).sort()) {
      if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

let freshSchemaDump: Promise<string | undefined> | undefined;

/**
 * A dump of a freshly migrated schema (its tables, partitions, indexes and seed rows, the
 * migrations recorded as done), with the schema's name as a placeholder. Replaying it makes a
 * store in a third of the time the migrations take (they make tables and then rebuild them as
 * partitioned ones, 1–3 s a store), and the suite makes a few hundred stores. Made once a day and
 * store version, shared by every test process through a file in the temp folder; undefined
 * (the migrations run instead) when pg_dump cannot make it.
 */
function schemaDump(): Promise<string | undefined> {
  freshSchemaDump ??= (async () => {
    const file = join(tmpdir(), `switchboard-test-schema-${storeCodeKey()}.sql`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    const template = `test_template_${randomBytes(6).toString('hex')}`;
    const opened = await openDatabase(POSTGRES_URL, { schema: template });
    await opened.db.destroy();
    try {
      const url = new URL(POSTGRES_URL);
      const args = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'), '-d', url.pathname.slice(1), '-n', template, '--no-owner', '--no-privileges', '--inserts'];
      const { stdout } = await promisify(execFile)('pg_dump', args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) } });
      // psql's own commands (\restrict) are not SQL.
      const dump = stdout
        .split('\n')
        .filter((line) => !line.startsWith('\\'))
        .join('\n')
        .replaceAll(template, SCHEMA_PLACEHOLDER);
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
      return dump;
    } catch {
      return undefined;
    } finally {
      await dropSchema(template);
    }
  })();
  return freshSchemaDump;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

async function openPostgres(options: { migrateTo?: string } = {}): Promise<TestStore> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const dump = options.migrateTo === undefined ? await schemaDump() : undefined;
  if (dump !== undefined) {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`begin; ${dump.replaceAll(SCHEMA_PLACEHOLDER, schema)}; commit;`);
    } finally {
      await client.end();
    }
  }
  // With the dump replayed, the migrator finds every migration done.
  const opened = await openDatabase(POSTGRES_URL, { schema, ...options });
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    ...opened,
    database: url.toString(),
    openAnother: () => openDatabase(POSTGRES_URL, { schema }),
    dispose: async () => {
      await opened.db.destroy();
      await dropSchema(schema);
    },
  };
}

/** Every storage test runs on both engines, PostgreSQL for real. */
export const ENGINES: EngineHarness[] = [
  { name: 'sqlite', open: openSqlite },
  { name: 'postgres', open: openPostgres },
];
