import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/store/schema.js';
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

  /** Two instances on one PostgreSQL store, the first of them leading; disposed afterwards. */
  async function twoInstances(test: (instances: { first: LeaderElection; second: LeaderElection; other: Kysely<Database> }) => Promise<void>) {
    const store = await postgres.open();
    const other = await store.openAnother();
    const first = new LeaderElection(store.db, 'postgres', undefined, 100);
    const second = new LeaderElection(other.db, 'postgres', undefined, 100);
    try {
      first.start();
      await eventually('the first instance to lead', async () => (first.isLeader() ? true : undefined));
      second.start();
      await test({ first, second, other: other.db });
    } finally {
      await first.stop();
      await second.stop();
      await other.db.destroy();
      await store.dispose();
    }
  }

  it('on one PostgreSQL store exactly one instance leads; when it stops, another takes over', () =>
    twoInstances(async ({ first, second }) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(second.isLeader(), false, 'two leaders at once');
      await first.stop();
      await eventually('the second instance to take over', async () => (second.isLeader() ? true : undefined), 3_000);
      assert.equal(first.isLeader(), false);
    }));

  it("when the leader's connection dies, PostgreSQL frees the lock and another instance takes over", () =>
    twoInstances(async ({ first, second, other }) => {
      // What a crashed host or a cut network looks like to PostgreSQL: the session is gone.
      const holders = await sql<{ pid: number }>`select pid from pg_locks where locktype = 'advisory' and granted and objid = (hashtext('switchboard:leader:' || current_schema()))::oid`.execute(other);
      assert.equal(holders.rows.length, 1, 'one session holds the lock of this schema');
      await sql`select pg_terminate_backend(${holders.rows[0]!.pid})`.execute(other);
      await eventually('the second instance to take over', async () => (second.isLeader() && !first.isLeader() ? true : undefined), 3_000);
    }));

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
