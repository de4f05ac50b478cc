import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { LeaderElection } from '../src/store/leader.js';
import { ENGINES } from './support/engines.js';
import { eventually } from './support/browser.js';

const [sqlite, postgres] = ENGINES as [(typeof ENGINES)[number], (typeof ENGINES)[number]];

describe('leader election', () => {
  it('a SQLite store has one server, which leads at once', async () => {
    const store = await sqlite.open();
    const leader = new LeaderElection(store.db, 'sqlite');
    const changes: boolean[] = [];
    leader.onChange((leading) => changes.push(leading));
    leader.start();
    assert.equal(leader.isLeader(), true);
    await leader.stop();
    assert.deepEqual(changes, [true, false]);
    await store.dispose();
  });

  it('on one PostgreSQL store exactly one instance leads; when it stops, another takes over', async () => {
    const store = await postgres.open();
    const other = await store.openAnother();
    const first = new LeaderElection(store.db, 'postgres', undefined, 100);
    const second = new LeaderElection(other.db, 'postgres', undefined, 100);
    try {
      first.start();
      await eventually('the first instance to lead', async () => (first.isLeader() ? true : undefined));
      second.start();
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(second.isLeader(), false, 'two leaders at once');
      await first.stop();
      await eventually('the second instance to take over', async () => (second.isLeader() ? true : undefined), 3_000);
      assert.equal(first.isLeader(), false);
    } finally {
      await first.stop();
      await second.stop();
      await other.db.destroy();
      await store.dispose();
    }
  });

  it("when the leader's connection dies, PostgreSQL frees the lock and another instance takes over", async () => {
    const store = await postgres.open();
    const other = await store.openAnother();
    const first = new LeaderElection(store.db, 'postgres', undefined, 100);
    const second = new LeaderElection(other.db, 'postgres', undefined, 100);
    try {
      first.start();
      await eventually('the first instance to lead', async () => (first.isLeader() ? true : undefined));
      second.start();
      // What a crashed host or a cut network looks like to PostgreSQL: the session is gone.
      const schemaLock = await sql<{ pid: number }>`select l.pid from pg_locks l where l.locktype = 'advisory' and l.granted and l.objid = (hashtext('switchboard:leader:' || current_schema()))::oid`.execute(other.db);
      assert.equal(schemaLock.rows.length, 1, 'one session holds the lock of this schema');
      await sql`select pg_terminate_backend(${schemaLock.rows[0]!.pid})`.execute(other.db);
      await eventually('the second instance to take over', async () => (second.isLeader() && !first.isLeader() ? true : undefined), 3_000);
    } finally {
      await first.stop();
      await second.stop();
      await other.db.destroy();
      await store.dispose();
    }
  });

  it('stores in other schemas elect their own leaders', async () => {
    const a = await postgres.open();
    const b = await postgres.open();
    const leaders = [new LeaderElection(a.db, 'postgres', undefined, 100), new LeaderElection(b.db, 'postgres', undefined, 100)];
    try {
      for (const leader of leaders) leader.start();
      await eventually('both to lead', async () => (leaders.every((l) => l.isLeader()) ? true : undefined));
    } finally {
      for (const leader of leaders) await leader.stop();
      await a.dispose();
      await b.dispose();
    }
  });
});
