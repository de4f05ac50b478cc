/**
 * The server's compactor runs its passes on a worker thread with a connection of its own
 * (rollup/compactor-thread.ts), on SQLite the server's connection held meanwhile: the event loop
 * stays free while a large backlog is compacted, writes arriving meanwhile are committed, and what
 * it stores is what the same passes store on the main connection, on either engine.
 */
import assert from 'node:assert/strict';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import { compactAll, compactForAWhile } from '../src/rollup/compact.js';
import { CompactorThread } from '../src/rollup/compactor-thread.js';
import { ROLLUP_TABLES } from '../src/rollup/tables.js';
import { HOUR, MINUTE } from '../src/rollup/tiers.js';
import type { Database } from '../src/store/schema.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { ENGINES, type TestStore } from './support/engines.js';
import { storedRows } from './support/stored-rows.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const ANYTIME = { notBefore: 0, notAfter: Infinity };
const sqlite = ENGINES.find((engine) => engine.name === 'sqlite')!;
const postgres = ENGINES.find((engine) => engine.name === 'postgres')!;

/** Batch `b` of `size` calls over the last six hours, 40 integrations × 5 operations: mostly rows of their own. */
function batch(b: number, size: number): NormalizedRecord[] {
  return Array.from({ length: size }, (_, i) => {
    const n = b * size + i;
    const result = normalizeRecord(
      {
        kind: 'call',
        ts: NOW - 6 * HOUR + ((n * 7_919) % (6 * HOUR)),
        integration: `partner-${n % 40}`,
        direction: n % 3 ? 'outbound' : 'inbound',
        operation: `op.${n % 5}`,
        status: n % 11 === 0 ? 503 : n % 13 === 0 ? 429 : 200,
        latency_ms: 20 + ((n * 31) % 900),
      },
      ANYTIME,
    );
    assert.ok(result.ok, result.ok ? '' : result.error);
    return result.record;
  });
}

async function ingest(db: Kysely<Database>, batches: number, size: number): Promise<void> {
  for (let b = 0; b < batches; b++) await commitRecords(db, batch(b, size), NOW);
}

async function dirtyRows(db: Kysely<Database>): Promise<number> {
  let dirty = 0;
  for (const spec of ROLLUP_TABLES) {
    const row = await (db as unknown as Kysely<any>).selectFrom(spec.table).select((eb) => eb.fn.countAll<number>().as('n')).where('compacted', '=', 0).executeTakeFirstOrThrow();
    dirty += Number(row.n);
  }
  return dirty;
}

const ROLLUP_TABLE_NAMES = ROLLUP_TABLES.map((spec) => spec.table);

for (const engine of ENGINES) {
  describe(`the compactor on a worker thread (${engine.name})`, () => {
    let store: TestStore;
    let compactor: CompactorThread;
    before(async () => {
      store = await engine.open();
      compactor = await CompactorThread.of(store.db, store.database);
    });
    after(async () => {
      await compactor.close();
      await store.dispose();
    });

    it('keeps the event loop free while a large backlog is compacted, ingest writing meanwhile', async () => {
      await ingest(store.db, 12, 2_000);
      const backlog = await dirtyRows(store.db);
      assert.ok(backlog > 15_000, `a backlog of ${backlog} partial rows`);

      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const busy = performance.eventLoopUtilization();
      // Ingest goes on meanwhile, as the server's would: each write waits for the pass in progress.
      let writes = 0;
      let writing = true;
      const writer = (async () => {
        for (; writes < 20; writes++) await commitRecords(store.db, batch(100 + writes, 50), NOW);
        writing = false;
      })();
      let folded = 0;
      let slices = 0;
      // The server's job: a slice of passes at a time, until caught up.
      for (let n = -1; n !== 0 || writing; slices++) folded += n = await compactForAWhile(compactor.pass);
      await writer;
      const { utilization } = performance.eventLoopUtilization(busy);
      delay.disable();

      assert.ok(folded >= backlog, `folded ${folded} of a backlog of ${backlog} in ${slices} slices`);
      // On the main thread, the passes kept the loop busy nearly all the time on SQLite (0.9 and
      // more here) and half of it on PostgreSQL (0.52: merging sketches is JavaScript); on the thread 0-2 %.
      assert.ok(utilization < (engine.name === 'sqlite' ? 0.5 : 0.25), `the event loop was busy ${(utilization * 100).toFixed(0)} % of the compaction`);
      assert.equal(await dirtyRows(store.db), 0, 'nothing left behind, the writes made meanwhile included');
    });

    it('answers a pass that fails with the reason, and passes again after its worker stopped', async () => {
      const [first] = ROLLUP_TABLES;
      await assert.rejects(compactor.pass({ ...first!, table: 'no_such_table' as never }), /compactor worker for .* failed: no rollup table no_such_table/);
      const broken =
        engine.name === 'sqlite'
          ? new CompactorThread(store.db, { engine: 'sqlite', file: `${store.file!}.missing`, cacheMiB: 8, checkpointed: false })
          : new CompactorThread(store.db, { engine: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', schema: undefined, poolSize: 1 });
      try {
        await assert.rejects(broken.pass(first!), /compactor worker for .* (stopped|failed): .*(unable to open|ECONNREFUSED|connect)/i);
      } finally {
        await broken.close();
      }
      await ingest(store.db, 1, 100);
      assert.ok((await compactAll(compactor.pass)) >= 100);
    });
  });
}

describe('the compactor stores the same on a worker, on the main connection and on PostgreSQL', () => {
  const stores: TestStore[] = [];
  after(async () => {
    for (const store of stores) await store.dispose();
  });

  it('leaves every rollup table row for row alike', async () => {
    const [onWorker, onMain, onPostgresWorker, onPostgres] = await Promise.all([sqlite.open(), sqlite.open(), postgres.open(), postgres.open()]);
    stores.push(onWorker!, onMain!, onPostgresWorker!, onPostgres!);
    const compactors = new Map([onWorker!, onPostgresWorker!].map((store) => [store, CompactorThread.of(store.db, store.database)]));
    try {
      for (const store of stores) {
        const pass = compactors.has(store) ? (await compactors.get(store)!).pass : store.db;
        await ingest(store.db, 2, 1_000);
        // A late batch into buckets already compacted, and one more pass of everything.
        await compactAll(pass);
        await commitRecords(store.db, batch(50, 200).map((record) => ({ ...record, ts: record.ts - 30 * MINUTE })), NOW);
        await compactAll(pass);
      }
    } finally {
      for (const compactor of compactors.values()) await (await compactor).close();
    }
    const [worker, main, pgWorker, pg] = await Promise.all(stores.map((store) => storedRows(store.db, ROLLUP_TABLE_NAMES)));
    assert.ok(worker!.length > 1_000, `${worker!.length} rollup rows`);
    assert.deepEqual(worker, main, 'worker and main connection');
    assert.deepEqual(pgWorker, pg, 'worker and main connection on PostgreSQL');
    assert.deepEqual(worker, pg, 'SQLite and PostgreSQL');
  });
});
