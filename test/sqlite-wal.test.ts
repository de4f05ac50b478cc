/**
 * SQLite's WAL is checkpointed off the event loop (store/checkpointer.ts, store/wal.ts): the main
 * connection's automatic checkpoint is off, a worker carries the WAL into the database, and the
 * WAL is reset once grown although reads never stop, while writes wait their turn as promises.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { SqliteCheckpointer } from '../src/store/checkpointer.js';
import { sqliteReads } from '../src/store/sqlite-reads.js';
import { checkpointWal } from '../src/store/wal.js';
import { ENGINES, type TestStore } from './support/engines.js';

const sqlite = ENGINES.find((engine) => engine.name === 'sqlite')!;
const PAGE = Buffer.alloc(4096, 7);
const MiB = 1024 * 1024;

const bytes = (path: string) => statSync(path).size;

describe('SQLite WAL checkpoints off the event loop', () => {
  let store: TestStore;
  let checkpointer: SqliteCheckpointer;
  before(async () => {
    store = await sqlite.open();
    // As the server sets it while its store.wal job runs.
    await sql`pragma wal_autocheckpoint = 0`.execute(store.db);
    await sql`create table wal_blobs (id integer primary key, body blob)`.execute(store.db);
    checkpointer = new SqliteCheckpointer(store.file!);
  });
  after(async () => {
    await checkpointer.close();
    await store.dispose();
  });

  async function grow(pages: number, db = store.db): Promise<void> {
    for (let done = 0; done < pages; done += 100) {
      await db.transaction().execute(async (tx) => {
        for (let j = 0; j < 100; j++) await sql`insert into wal_blobs (body) values (${PAGE})`.execute(tx);
      });
    }
  }

  it('commits durably once open: the migrations ran without a sync per statement, the store then syncs every commit', async () => {
    const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    assert.equal(mode.rows[0]?.synchronous, 2, 'synchronous = FULL');
    const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    assert.equal(journal.rows[0]?.journal_mode, 'wal');
  });

  it('leaves the WAL to the worker, which carries it into the database while the event loop runs', async () => {
    const fileBefore = bytes(store.file!);
    await grow(6_000);
    assert.ok(bytes(`${store.file!}-wal`) > 20 * MiB, 'the WAL holds the writes');
    assert.ok(bytes(store.file!) - fileBefore < MiB, 'no commit checkpointed on the main connection');

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    const result = await checkpointer.checkpoint('PASSIVE');
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    assert.equal(result.busy, 0);
    assert.ok(result.log > 0 && result.checkpointed === result.log, `every frame copied: ${JSON.stringify(result)}`);
    assert.ok(bytes(store.file!) - fileBefore > 20 * MiB, 'the pages reached the database file');
    assert.ok(ticks >= Math.floor(elapsed / 40), `${ticks} ticks in ${Math.round(elapsed)} ms: the loop was held`);
  });

  it('resets a grown WAL although reads never stop, and the reads go on', async () => {
    const { db: reader, pool } = sqliteReads({ file: store.file!, workers: 2, statementTimeoutMs: 0 });
    let reading = true;
    let reads = 0;
    // Two readers back to back, always one snapshot open or about to be: the WAL never resets by itself.
    const readers = [0, 1].map(async () => {
      while (reading) {
        await sql`select count(*) as n from wal_blobs`.execute(reader);
        reads++;
      }
    });
    try {
      await grow(4_000);
      const grown = bytes(`${store.file!}-wal`);
      assert.ok(grown > 8 * MiB, `the WAL grew to ${grown} bytes`);
      assert.equal(await checkpointWal(store.db, store.file!, pool, checkpointer, MiB), grown);
      assert.equal(bytes(`${store.file!}-wal`), 0);
      const readsAfter = reads;
      for (let waited = 0; reads <= readsAfter + 2 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(reads > readsAfter + 2, 'the reads went on after the reset');
      assert.equal(await checkpointWal(store.db, store.file!, pool, checkpointer, MiB), 0, 'a small WAL is left alone');
    } finally {
      reading = false;
      await Promise.all(readers);
      await reader.destroy();
    }
  });

  it('holds the reads only for the reset itself, not while a pass holds the main connection', async () => {
    const { db: reader, pool } = sqliteReads({ file: store.file!, workers: 2, statementTimeoutMs: 0 });
    try {
      await grow(2_000);
      const grown = bytes(`${store.file!}-wal`);
      assert.ok(grown > 4 * MiB, `the WAL grew to ${grown} bytes`);
      // A compactor or packer pass holding the server's connection for a second and a half.
      const passHeld = new Promise<void>((resolve) => setTimeout(resolve, 1_500));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const pass = store.db.connection().execute(async () => {
        holding();
        await passHeld;
      });
      await held;
      const reset = checkpointWal(store.db, store.file!, pool, checkpointer, MiB);
      // Well after the reset's first copy (which reads never wait for), while the pass still holds the connection.
      await new Promise((resolve) => setTimeout(resolve, 700));
      const started = performance.now();
      await sql`select count(*) as n from wal_blobs`.execute(reader);
      const waited = performance.now() - started;
      await pass;
      assert.ok((await reset) >= grown, 'the WAL was reset once the pass let the connection go');
      assert.ok(waited < 500, `a read waited ${Math.round(waited)} ms: behind the pass, which held the connection 1.5 s`);
    } finally {
      await reader.destroy();
    }
  });

  it('lets writes begun during the reset wait their turn and commit, none refused as busy', async () => {
    const { db: reader, pool } = sqliteReads({ file: store.file!, workers: 1, statementTimeoutMs: 0 });
    try {
      await grow(3_000);
      const { n: before } = (await sql<{ n: number }>`select count(*) as n from wal_blobs`.execute(store.db)).rows[0]!;
      const reset = checkpointWal(store.db, store.file!, pool, checkpointer, MiB);
      const writes = Array.from({ length: 20 }, () => grow(100));
      const [resetBytes] = await Promise.all([reset, ...writes]);
      assert.ok((resetBytes as number) > 8 * MiB, 'the WAL was reset');
      const { n } = (await sql<{ n: number }>`select count(*) as n from wal_blobs`.execute(store.db)).rows[0]!;
      assert.equal(n, before + 20 * 100);
      // The same through another connection: the writes are in the file or the WAL, not in a cache.
      const another = await store.openAnother();
      try {
        const seen = (await sql<{ n: number }>`select count(*) as n from wal_blobs`.execute(another.db)).rows[0]!.n;
        assert.equal(seen, before + 20 * 100);
      } finally {
        await another.db.destroy();
      }
    } finally {
      await reader.destroy();
    }
  });

  it('gives a reset up at once when a snapshot outside the read workers is in the way, and tries again on the next run', async () => {
    const { db: reader, pool } = sqliteReads({ file: store.file!, workers: 1, statementTimeoutMs: 0 });
    // Another process's reader, or a read worker stopped while its statement ran on.
    const outside = new SQLite(store.file!, { readonly: true });
    try {
      outside.prepare('begin').run();
      outside.prepare('select count(*) as n from wal_blobs').get();
      await grow(3_000);
      const started = performance.now();
      assert.equal(await checkpointWal(store.db, store.file!, pool, checkpointer, MiB), 0, 'not reset while the snapshot is open');
      assert.ok(performance.now() - started < 2_000, `the writes waited ${Math.round(performance.now() - started)} ms for a reset that could not happen`);
      await grow(100);
      outside.prepare('commit').run();
      assert.ok((await checkpointWal(store.db, store.file!, pool, checkpointer, MiB)) > 8 * MiB, 'reset once the snapshot is gone');
      assert.equal(bytes(`${store.file!}-wal`), 0);
    } finally {
      outside.close();
      await reader.destroy();
    }
  });

  it('fails a checkpoint with a clear error when the store cannot be opened', async () => {
    const missing = new SqliteCheckpointer(`${store.file!}.missing`);
    try {
      await assert.rejects(missing.checkpoint('PASSIVE'), /checkpoint worker for .*\.missing stopped/);
    } finally {
      await missing.close();
    }
  });
});
