/**
 * /healthz goes by when the store last answered a read: a store busy with a write (on SQLite the
 * server's one write connection held by a commit or a compaction pass) still answers at once,
 * one that has not answered for the stale time is a 503.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../src/store/schema.js';
import { StoreHeartbeat } from '../src/server/store-heartbeat.js';
import { ENGINES } from './support/engines.js';
import { startTestServer } from './support/server.js';

const sqlite = ENGINES.find((engine) => engine.name === 'sqlite')!;

/** Holds the store's write connection in a transaction until the returned function is called. */
function holdConnection(db: Kysely<Database>): { release: () => void; done: Promise<void> } {
  let release = () => undefined as void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = db.transaction().execute(async (tx) => {
    await tx.selectFrom('tokens').select('id').limit(1).execute();
    await held;
  });
  return { release, done };
}

describe('the store heartbeat behind /healthz', () => {
  it('answers at once while the write connection is held, and 503 once the store has been silent past the stale time', async () => {
    const store = await sqlite.open();
    try {
      const heartbeat = new StoreHeartbeat(store.db, 50, 400, 25);
      await heartbeat.check();
      const hold = holdConnection(store.db);
      const started = performance.now();
      await heartbeat.check();
      assert.ok(performance.now() - started < 300, `a busy store's check took ${Math.round(performance.now() - started)} ms`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await assert.rejects(heartbeat.check(), (error: Error & { code?: string; httpStatus?: number }) => {
        assert.equal(error.code, 'store_unavailable');
        assert.equal(error.httpStatus, 503);
        assert.match(error.message, /has not answered a read for \d+ s/);
        return true;
      });
      hold.release();
      await hold.done;
      await heartbeat.check();
    } finally {
      await store.dispose();
    }
  });

  it('does not wait for a read when a commit went through a moment ago, however long the write connection stays held', async () => {
    const store = await sqlite.open();
    try {
      // A wait long enough that a check which waited would be plain to see.
      const heartbeat = new StoreHeartbeat(store.db, 2_000, 10_000, 1_000);
      const hold = holdConnection(store.db);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      heartbeat.answered();
      const started = performance.now();
      await heartbeat.check();
      const ms = performance.now() - started;
      assert.ok(ms < 1_000, `a check right after a commit took ${Math.round(ms)} ms`);
      // Past the fresh time, with the connection still held, the check waits for its read again.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const later = performance.now();
      await heartbeat.check();
      assert.ok(performance.now() - later >= 1_900, 'an answer older than the fresh time is not enough');
      hold.release();
      await hold.done;
    } finally {
      await store.dispose();
    }
  });

  it('keeps the server answering /healthz while a transaction holds its store for a second', async () => {
    const server = await startTestServer(sqlite);
    try {
      const hold = holdConnection(server.store.db);
      const started = performance.now();
      const answer = await fetch(`${server.url}/healthz`);
      const ms = performance.now() - started;
      setTimeout(hold.release, 1_000);
      await hold.done;
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { status: 'ok' });
      assert.ok(ms < 700, `/healthz waited ${Math.round(ms)} ms for the held store`);
    } finally {
      await server.close();
    }
  });
});
