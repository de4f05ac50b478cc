/**
 * The server commits ingest's batches on a writer thread with a connection (SQLite) or pool
 * (PostgreSQL) of its own (server/ingest-writer.ts): the event loop stays free while large batches
 * commit, a batch is readable on the server's connection as soon as its commit resolves (a 2xx
 * means committed), on SQLite writes on the server's connection wait their turn, and what is
 * stored, lead times included, is what the same commits store on the server's connection.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { commitRecords, committerOn } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import { CARRIER_CONFIRMED, DEFAULT_LEAD_TIME_EVENTS, ORDER_RECEIVED } from '../src/flow/events.js';
import { ROLLUP_TABLES } from '../src/rollup/tables.js';
import { HOUR } from '../src/rollup/tiers.js';
import { commitSteps } from '../src/server/commit-steps.js';
import { IngestWriter } from '../src/server/ingest-writer.js';
import type { Database } from '../src/store/schema.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { ENGINES, type TestStore } from './support/engines.js';
import { storedRows } from './support/stored-rows.js';

const NOW = Date.UTC(2026, 10, 20, 12);
const ANYTIME = { notBefore: 0, notAfter: Infinity };
const OPTIONS = { leadTime: DEFAULT_LEAD_TIME_EVENTS, checkpointed: false };
const writerOf = (store: TestStore) => IngestWriter.of(store.db, store.database, OPTIONS);

/** Batch `b` of `size` records over the last six hours: calls of 40 integrations, and orders received and confirmed (lead times). */
function batch(b: number, size: number): NormalizedRecord[] {
  return Array.from({ length: size }, (_, i) => {
    const n = b * size + i;
    const ts = NOW - 6 * HOUR + ((n * 7_919) % (6 * HOUR));
    const order = `order-${Math.floor(n / 2)}`;
    const value =
      n % 10 < 8
        ? { kind: 'call', ts, integration: `partner-${n % 40}`, direction: 'outbound', operation: `op.${n % 5}`, status: n % 11 === 0 ? 503 : 200, latency_ms: 20 + ((n * 31) % 900) }
        : { kind: 'event', ts, integration: n % 2 ? 'shop' : 'carrier', name: n % 2 ? ORDER_RECEIVED : CARRIER_CONFIRMED, order_id: order };
    const result = normalizeRecord(value, ANYTIME);
    assert.ok(result.ok, result.ok ? '' : result.error);
    return result.record;
  });
}

async function count(db: Kysely<Database>, table: 'records' | 'lead_time_rollups'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const STORED_TABLES = ['records', ...ROLLUP_TABLES.map((spec) => spec.table)];

for (const engine of ENGINES) {
  describe(`ingest commits on a writer thread (${engine.name})`, () => {
    let store: TestStore;
    let writer: IngestWriter;
    before(async () => {
      store = await engine.open();
      writer = await writerOf(store);
    });
    after(async () => {
      await writer.close();
      await store.dispose();
    });

    it('keeps the event loop free while large batches commit, and each is readable once its commit resolves', async () => {
      const batches = Array.from({ length: 8 }, (_, b) => batch(b, 5_000));
      await writer.commit({ records: batch(100, 10), receivedAt: NOW, series: [] });
      const busy = performance.eventLoopUtilization();
      let stored = await count(store.db, 'records');
      for (const records of batches) {
        await writer.commit({ records, receivedAt: NOW, series: [] });
        stored += records.length;
        // Read your writes: the server's connection sees the batch as soon as the commit resolves.
        assert.equal(await count(store.db, 'records'), stored);
      }
      const { utilization } = performance.eventLoopUtilization(busy);
      // Committed on the server's connection, these batches kept the loop busy nearly all the time on
      // SQLite (0.95 and more) and 28-31 % of it on PostgreSQL (their rollups and statements are
      // JavaScript); on the writer thread 1-2 % on PostgreSQL.
      assert.ok(utilization < (engine.name === 'sqlite' ? 0.5 : 0.15), `the event loop was busy ${(utilization * 100).toFixed(0)} % of the commits`);
      assert.ok((await count(store.db, 'lead_time_rollups')) > 0, 'the commit steps ran on the worker');
    });

    it('takes batches sent at once, more than the writer has connections, and commits every one', async () => {
      const before = await count(store.db, 'records');
      const onWorker = Array.from({ length: 6 }, (_, b) => writer.commit({ records: batch(200 + b, 2_000), receivedAt: NOW, series: [] }));
      // On SQLite, without the server's connection held, this commit would meet the worker's write lock (SQLITE_BUSY, or a busy wait on the event loop).
      const onMain = commitRecords(store.db, batch(300, 100), NOW);
      await Promise.all([...onWorker, onMain]);
      assert.equal(await count(store.db, 'records'), before + 12_100);
    });

    it('answers a commit that fails with the reason, and commits again after its worker stopped', async () => {
      const broken =
        engine.name === 'sqlite'
          ? new IngestWriter(store.db, { engine: 'sqlite', file: `${store.file!}.missing`, cacheMiB: 8, checkpointed: false }, DEFAULT_LEAD_TIME_EVENTS)
          : new IngestWriter(store.db, { engine: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none', schema: undefined, poolSize: 1 }, DEFAULT_LEAD_TIME_EVENTS);
      try {
        await assert.rejects(broken.commit({ records: batch(400, 10), receivedAt: NOW, series: [] }), /ingest writer for .* (stopped|failed): .*(unable to open|ECONNREFUSED|connect)/i);
      } finally {
        await broken.close();
      }
      const before = await count(store.db, 'records');
      await writer.commit({ records: batch(401, 10), receivedAt: NOW, series: [] });
      assert.equal(await count(store.db, 'records'), before + 10);
    });
  });

  describe(`the writer thread stores what the server connection stores (${engine.name})`, () => {
    const stores: TestStore[] = [];
    after(async () => {
      for (const store of stores) await store.dispose();
    });

    it('leaves records and every rollup table, lead times included, row for row alike', async () => {
      const [onWorker, onMain] = await Promise.all([engine.open(), engine.open()]);
      stores.push(onWorker!, onMain!);
      const writer = await writerOf(onWorker!);
      const commits = [writer.commit, committerOn(onMain!.db, commitSteps(DEFAULT_LEAD_TIME_EVENTS))];
      try {
        for (const commit of commits) {
          for (let b = 0; b < 3; b++) await commit({ records: batch(b, 1_000), receivedAt: NOW + b, series: [] });
        }
      } finally {
        await writer.close();
      }
      const [worker, main] = await Promise.all(stores.map((store) => storedRows(store.db, STORED_TABLES)));
      assert.ok((await count(onWorker!.db, 'lead_time_rollups')) > 0, 'lead times were stored');
      assert.ok(worker!.length > 3_000, `${worker!.length} rows`);
      assert.deepEqual(worker, main);
    });
  });
}
