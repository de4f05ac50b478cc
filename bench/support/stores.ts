/**
 * Fresh, isolated stores for one benchmark: a SQLite file in its own temp folder, or a PostgreSQL
 * schema with a random name. Both are removed by the cleanup registry however the run ends.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../../src/store/open.js';
import { onCleanup } from './cleanup.js';
import { waitForQuiet } from './machine.js';

export type EngineName = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.SWITCHBOARD_BENCH_POSTGRES ?? process.env.SWITCHBOARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchStore {
  engine: EngineName;
  /** What `serve --database` takes to open this store. */
  database: string;
  /** SQLite: the file. */
  file?: string;
  /** PostgreSQL: the schema. */
  schema?: string;
  /** Opens the store through the product's own code (migrations and indexes are the real ones). */
  open: () => Promise<OpenedDatabase>;
  /** Bytes on disk: SQLite file + WAL; PostgreSQL tables with their indexes and TOAST. */
  sizeBytes: () => Promise<number>;
  dispose: () => Promise<void>;
}

function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`the benchmarks only talk to 127.0.0.1; ${host} given in the PostgreSQL URL`);
  }
}

export function createSqliteStore(label: string): BenchStore {
  const dir = mkdtempSync(join(tmpdir(), `switchboard-bench-${label}-`));
  const file = join(dir, 'switchboard.db');
  const dispose = onCleanup(`temp folder ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return {
    engine: 'sqlite',
    database: file,
    file,
    open: () => openDatabase(file),
    sizeBytes: async () => readdirSync(dir).reduce((total, name) => total + statSync(join(dir, name)).size, 0),
    dispose,
  };
}

export async function withPgClient<T>(work: (client: pg.Client) => Promise<T>, schema?: string): Promise<T> {
  assertLoopback(POSTGRES_URL);
  const client = new pg.Client({ connectionString: POSTGRES_URL, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function postgresAvailable(): Promise<string | undefined> {
  try {
    return await withPgClient(async (client) => (await client.query<{ v: string }>('select version() as v')).rows[0]!.v);
  } catch {
    return undefined;
  }
}

export async function createPostgresStore(label: string): Promise<BenchStore> {
  assertLoopback(POSTGRES_URL);
  const schema = `bench_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await withPgClient((client) => client.query(`create schema "${schema}"`));
  const dispose = onCleanup(`PostgreSQL schema ${schema}`, () =>
    withPgClient((client) => client.query(`drop schema if exists "${schema}" cascade`)).then(() => undefined),
  );
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    engine: 'postgres',
    // URLSearchParams writes spaces as "+", which libpq-style option parsing would keep literally.
    database: url.toString().replace(/\+/g, '%20'),
    schema,
    open: () => openDatabase(POSTGRES_URL, { schema }),
    sizeBytes: () =>
      withPgClient(async (client) => {
        const { rows } = await client.query<{ bytes: string }>(
          `select coalesce(sum(pg_total_relation_size(c.oid)), 0) as bytes
             from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relkind = 'r'`,
          [schema],
        );
        return Number(rows[0]!.bytes);
      }),
    dispose,
  };
}

export async function createStore(engine: EngineName, label: string): Promise<BenchStore> {
  return engine === 'sqlite' ? createSqliteStore(label) : createPostgresStore(label);
}

/**
 * Runs `work` on a fresh store of `engine`, opened through the product's code, once the machine
 * is quiet; closes its connections and removes it afterwards, whatever happens.
 */
export async function withFreshStore<T>(engine: EngineName, label: string, log: (line: string) => void, work: (store: BenchStore, opened: OpenedDatabase) => Promise<T>): Promise<T> {
  await waitForQuiet(30_000, log);
  const store = await createStore(engine, label);
  const opened = await store.open();
  const closeConnections = onCleanup(`${label} store connections`, () => opened.db.destroy());
  try {
    return await work(store, opened);
  } finally {
    await closeConnections();
    await store.dispose();
  }
}

/**
 * A store kept between runs under a fixed name (a SQLite file in the temp folder, or a PostgreSQL
 * schema `bench_kept_<name>`), for data that takes long to make; nothing removes it. The caller
 * decides whether what it holds is still usable.
 */
export async function keptStore(engine: EngineName, name: string): Promise<BenchStore> {
  const label = name.replace(/\W/g, '_');
  if (engine === 'sqlite') {
    const dir = join(tmpdir(), 'switchboard-bench-kept');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${label}.db`);
    return { engine, database: file, file, open: () => openDatabase(file), sizeBytes: async () => statSync(file).size, dispose: async () => undefined };
  }
  assertLoopback(POSTGRES_URL);
  const schema = `bench_kept_${label}`;
  return { engine, database: POSTGRES_URL, schema, open: () => openDatabase(POSTGRES_URL, { schema }), sizeBytes: async () => NaN, dispose: async () => undefined };
}
