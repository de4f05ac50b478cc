/**
 * Every PostgreSQL connection the server opens has JIT compilation off and random_page_cost at
 * solid-state cost (store/open.ts): with the defaults, misestimated range reads compiled for longer
 * than they ran, or scanned the whole table instead of an index (the board at 1,000 integrations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { ENGINES, type TestStore } from './support/engines.js';

const postgres = ENGINES.find((engine) => engine.name === 'postgres')!;

describe('PostgreSQL connections', () => {
  let store: TestStore;
  before(async () => {
    store = await postgres.open();
  });
  after(async () => store?.dispose());

  it('run with JIT off and random_page_cost 1.1, each of the pool\u2019s connections, also when the URL sets options of its own', async () => {
    // Several at once, so the pool opens several connections.
    const settings = await Promise.all(Array.from({ length: 4 }, () => sql<{ jit: string }>`show jit`.execute(store.db)));
    assert.deepEqual(settings.map((result) => result.rows[0]!.jit), ['off', 'off', 'off', 'off']);
    assert.equal((await sql<{ random_page_cost: string }>`show random_page_cost`.execute(store.db)).rows[0]!.random_page_cost, '1.1');
    const other = await store.openAnother();
    try {
      assert.equal((await sql<{ jit: string }>`show jit`.execute(other.db)).rows[0]!.jit, 'off');
    } finally {
      await other.db.destroy();
    }
    const { openDatabase } = await import('../src/store/open.js');
    const byUrl = await openDatabase(store.database);
    try {
      const [jit, path] = await Promise.all([sql<{ jit: string }>`show jit`.execute(byUrl.db), sql<{ search_path: string }>`show search_path`.execute(byUrl.db)]);
      assert.equal(jit.rows[0]!.jit, 'off');
      assert.match(path.rows[0]!.search_path, /test_/);
    } finally {
      await byUrl.db.destroy();
    }
  });
});
