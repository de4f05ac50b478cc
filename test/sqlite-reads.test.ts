/**
 * SQLite's expensive reads run on worker threads (store/sqlite-reads.ts): a long read must not hold
 * the event loop, a read past its time is stopped for real, and what comes back is what the main
 * connection would have answered (Buffers included), committed writes visible at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { ServiceUnavailableError } from '../src/errors.js';
import { ReadGate } from '../src/query/gate.js';
import { ReadStatementTimedOut, SqliteReadPool, sqliteReads } from '../src/store/sqlite-reads.js';
import { ENGINES } from './support/engines.js';
import { startTestServer } from './support/server.js';
import type { TestStore } from './support/engines.js';

/** The thread ids of a pool's workers: a replaced worker has a new one. */
const poolWorkerIds = (pool: SqliteReadPool): number[] => (pool as unknown as { slots: Array<{ worker: { threadId: number } }> }).slots.map((slot) => slot.worker.threadId);

const sqlite = ENGINES.find((engine) => engine.name === 'sqlite')!;
/** A statement that takes seconds of CPU and returns one row. */
const SLOW = 'with recursive n(i) as (select 1 union all select i + 1 from n where i < 8000000) select count(*) as c from n';

describe('SQLite read workers', () => {
  let store: TestStore;
  before(async () => {
    store = await sqlite.open();
    await sql`create table blobs (id integer primary key, body blob)`.execute(store.db);
  });
  after(() => store.dispose());

  it('keeps the event loop free while a long statement runs', async () => {
    const pool = new SqliteReadPool({ file: store.file!, workers: 1, statementTimeoutMs: 0 });
    try {
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      const started = performance.now();
      const rows = (await pool.query(SLOW, [])) as Array<{ c: number }>;
      const elapsed = performance.now() - started;
      clearInterval(ticker);
      assert.equal(rows[0]!.c, 8_000_000);
      // On the main thread the interval could not fire at all while the statement ran.
      assert.ok(elapsed > 200, `the statement should take a while (${elapsed} ms)`);
      assert.ok(ticks >= elapsed / 10 / 4, `${ticks} ticks in ${Math.round(elapsed)} ms: the loop was held`);
    } finally {
      await pool.close();
    }
  });

  it('stops a statement past its time, and the next one is answered by a fresh worker', async () => {
    const pool = new SqliteReadPool({ file: store.file!, workers: 1, statementTimeoutMs: 150 });
    try {
      const started = performance.now();
      await assert.rejects(pool.query(SLOW, []), (error: unknown) => {
        assert.ok(error instanceof ReadStatementTimedOut, String(error));
        assert.equal((error as { code: string }).code, 'SQLITE_READ_TIMEOUT');
        return true;
      });
      assert.ok(performance.now() - started < 5_000, 'the statement was not stopped near its time');
      assert.deepEqual(await pool.query('select 41 + 1 as answer', []), [{ answer: 42 }]);
    } finally {
      await pool.close();
    }
  });

  it('ends a statement that returns rows at its deadline, letting go of its snapshot, and the same worker reads on', async () => {
    const pool = new SqliteReadPool({ file: store.file!, workers: 1, statementTimeoutMs: 200 });
    const checkpointer = new SQLite(store.file!);
    try {
      await sql`create table grid (n integer primary key)`.execute(store.db);
      await sql`insert into grid (n) select value from json_each(${JSON.stringify(Array.from({ length: 400 }, (_, i) => i))})`.execute(store.db);
      assert.deepEqual(await pool.query('select 1 as warm', []), [{ warm: 1 }]);
      const workerBefore = poolWorkerIds(pool);
      // 64 million rows, returned as they are made: far more than 200 ms of work.
      const reading = pool.query('select a.n + b.n + c.n as s from grid a, grid b, grid c', []);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await sql`insert into grid (n) values (1000)`.execute(store.db);
      await assert.rejects(reading, ReadStatementTimedOut);
      // Give the worker a moment to reach its next check, well under the 1-s grace of a replacement.
      await new Promise((resolve) => setTimeout(resolve, 100));
      checkpointer.pragma('busy_timeout = 0');
      const [result] = checkpointer.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number }>;
      assert.equal(result!.busy, 0, 'a reader still holds a snapshot: the WAL could not be reset');
      assert.equal(result!.log, 0);
      assert.deepEqual(await pool.query('select count(*) as c from grid', []), [{ c: 401 }]);
      assert.deepEqual(poolWorkerIds(pool), workerBefore, 'the worker was replaced instead of ending its statement');
    } finally {
      checkpointer.close();
      await pool.close();
    }
  });

  it('fails reads with a clear error when the store cannot be opened, without a loop of workers', async () => {
    const pool = new SqliteReadPool({ file: `${store.file!}.missing`, workers: 2, statementTimeoutMs: 0 });
    try {
      await assert.rejects(pool.query('select 1', []), (error: unknown) => (error as { code?: string }).code === 'SQLITE_READER_UNAVAILABLE' && /cannot open .*\.missing/.test(String(error)));
    } finally {
      await pool.close();
    }
  });

  it('answers 503 read_too_large when a worker was stopped for outgrowing its heap', async () => {
    // Reaching a worker's heap limit for real takes V8 a minute or more of collecting first: the
    // gate's part is tested with the error the worker's stop gives.
    const gate = new ReadGate({ concurrency: 1, queue: 0, queueWaitMs: 0, timeoutMs: 0 }, 'sqlite');
    const outOfMemory = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    await assert.rejects(
      gate.run(store.db, async () => {
        throw outOfMemory;
      }),
      (error: unknown) => error instanceof ServiceUnavailableError && error.code === 'read_too_large' && /shorter window/.test(error.message),
    );
  });

  it('answers Buffers as Buffers, binds them, sees committed writes at once and refuses writes', async () => {
    const { db: reader } = sqliteReads({ file: store.file!, workers: 2, statementTimeoutMs: 5_000 });
    try {
      const body = Buffer.from([0, 1, 2, 250, 255]);
      await sql`insert into blobs (id, body) values (1, ${body})`.execute(store.db);
      const rows = await sql<{ body: Buffer }>`select body from blobs where body = ${body}`.execute(reader);
      assert.equal(rows.rows.length, 1);
      assert.ok(Buffer.isBuffer(rows.rows[0]!.body));
      assert.deepEqual(rows.rows[0]!.body, body);
      await assert.rejects(sql`insert into blobs (id, body) values (2, null)`.execute(reader), /only read/);
      await assert.rejects(reader.transaction().execute(async () => undefined), /only read/);
      const count = await sql<{ n: number }>`select count(*) as n from blobs`.execute(reader);
      assert.equal(count.rows[0]!.n, 1);
    } finally {
      await reader.destroy();
    }
  });

  it('gives each worker the page cache the configuration asks for, and refuses a cache size that is not a number', async () => {
    const config = loadConfig({ database: store.file! }, { SWITCHBOARD_READ_WORKER_CACHE_MIB: '24' });
    assert.equal(config.reads.workerCacheMiB, 24);
    assert.equal(loadConfig({ database: store.file! }, {}).reads.workerCacheMiB, 8);
    assert.throws(() => loadConfig({ database: store.file! }, { SWITCHBOARD_READ_WORKER_CACHE_MIB: 'lots' }), /SWITCHBOARD_READ_WORKER_CACHE_MIB=lots is not a non-negative number/);
    const { db: reader } = sqliteReads({ file: store.file!, workers: 1, cacheKiB: config.reads.workerCacheMiB * 1024, statementTimeoutMs: 5_000 });
    try {
      const cache = await sql<{ cache_size: number }>`pragma cache_size`.execute(reader);
      assert.equal(cache.rows[0]!.cache_size, -24 * 1024);
    } finally {
      await reader.destroy();
    }
  });

  it('gives every row its own blob back, whatever mix of blobs, empty blobs, nulls and other values a blob column holds', async () => {
    const { db: reader } = sqliteReads({ file: store.file!, workers: 1, statementTimeoutMs: 5_000 });
    try {
      await sql`create table mixed (id integer primary key, a blob, b blob, label text)`.execute(store.db);
      const expected: Array<{ id: number; a: Buffer | null; b: Buffer | number | null; label: string }> = [];
      for (let id = 1; id <= 500; id++) {
        const a = id % 7 === 0 ? null : Buffer.from(Array.from({ length: id % 23 }, (_, i) => (id * 31 + i) % 256));
        const b = id % 5 === 0 ? id : id % 3 === 0 ? null : Buffer.from([id % 256, 255 - (id % 256)]);
        expected.push({ id, a, b, label: `row ${id}` });
        await sql`insert into mixed (id, a, b, label) values (${id}, ${a}, ${b}, ${`row ${id}`})`.execute(store.db);
      }
      const rows = await sql<{ id: number; a: Buffer | null; b: Buffer | number | null; label: string }>`select id, a, b, label from mixed order by id`.execute(reader);
      assert.deepEqual(rows.rows, expected);
      for (const row of rows.rows) if (row.a !== null) assert.ok(Buffer.isBuffer(row.a), `row ${row.id}: a Buffer`);
      const none = await sql<{ id: number }>`select id from mixed where a is null and id < 20 order by id`.execute(reader);
      assert.deepEqual(none.rows.map((row) => row.id), [7, 14]);
    } finally {
      await reader.destroy();
    }
  });

  it("the server's gated reads run there: /healthz answers during a long one, and one past the read timeout is a 503", async () => {
    const server = await startTestServer(sqlite, { env: { SWITCHBOARD_READ_TIMEOUT_MS: '150' } });
    try {
      // The gate's reads go through the workers: a statement running past 150 ms is stopped there.
      const slow = server.app.reads.run(server.store.db, (db) => sql.raw(SLOW).execute(db));
      const health: number[] = [];
      const probe = (async () => {
        for (let i = 0; i < 5; i++) {
          const started = performance.now();
          const answer = await fetch(`${server.url}/healthz`);
          assert.equal(answer.status, 200);
          health.push(performance.now() - started);
        }
      })();
      await assert.rejects(slow, (error: unknown) => error instanceof ServiceUnavailableError && error.code === 'read_timeout');
      await probe;
      assert.ok(health.every((elapsed) => elapsed < 1_000), `/healthz took ${health.map(Math.round).join(', ')} ms`);
    } finally {
      await server.close();
    }
  });
});
