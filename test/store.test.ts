import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { commitRecords } from '../src/ingest/commit.js';
import { normalizeRecord } from '../src/ingest/normalize.js';
import type { NormalizedRecord } from '../src/store/record.js';
import { compactAll, compactRollups } from '../src/rollup/compact.js';
import { DAY, HOUR, MINUTE, RESOLUTIONS, TEN_MINUTES } from '../src/rollup/tiers.js';
import { enforceRetention } from '../src/store/retention.js';
import { summarize } from '../src/query/summary.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

function calls(count: number, ts: (i: number) => number, integration = 'dhl-carrier'): NormalizedRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const result = normalizeRecord(
      { kind: 'call', ts: ts(i), integration, direction: 'outbound', operation: i % 2 ? 'label.create' : 'tracking.get', status: i % 10 === 0 ? 503 : 200, latency_ms: 50 + (i % 97) * 3 },
      { notBefore: 0, notAfter: Infinity },
    );
    assert.ok(result.ok);
    return result.record;
  });
}

async function rollupCount(store: TestStore, resolution: number, compacted?: number): Promise<number> {
  let query = store.db.selectFrom('call_rollups').select((eb) => eb.fn.countAll<number>().as('n')).where('resolution_ms', '=', resolution);
  if (compacted !== undefined) query = query.where('compacted', '=', compacted);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

async function volumeOf(store: TestStore, resolution: number): Promise<number> {
  const row = await store.db.selectFrom('call_rollups').select((eb) => eb.fn.sum<number>('volume').as('v')).where('resolution_ms', '=', resolution).executeTakeFirstOrThrow();
  return Number(row.v ?? 0);
}

for (const engine of ENGINES) {
  describe(`rollup compaction (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
    });
    after(async () => store.dispose());

    it('folds partial minute rows into one row per bucket and carries every call up all tiers', async () => {
      // Five batches over the same two minutes: five partial rows per minute × series.
      for (let batch = 0; batch < 5; batch++) {
        await commitRecords(store.db, calls(200, (i) => NOW - 2 * MINUTE + ((i * 600 + batch) % (2 * MINUTE))), NOW);
      }
      assert.equal(await rollupCount(store, MINUTE, 0), 5 * 2 * 2);
      const context = { db: store.db, config: loadConfig({}, {}), clock: () => NOW + 10 * MINUTE };
      const window = { from: NOW - 5 * MINUTE, to: NOW };
      const before = await summarize(context, 'dhl-carrier', window, {});
      assert.equal(before.volume, 1000);

      await compactAll(store.db);
      assert.equal(await rollupCount(store, MINUTE, 0), 0);
      assert.equal(await rollupCount(store, MINUTE, 1), 4, 'one row per minute × operation');
      for (const resolution of RESOLUTIONS) assert.equal(await volumeOf(store, resolution), 1000, `tier ${resolution}`);
      assert.deepEqual(await summarize(context, 'dhl-carrier', window, {}), before, 'compaction changes no answer');

      // A late batch for an already compacted minute merges into the same rows.
      await commitRecords(store.db, calls(100, () => NOW - MINUTE), NOW);
      await compactAll(store.db);
      assert.equal(await rollupCount(store, MINUTE, 1), 4);
      for (const resolution of RESOLUTIONS) assert.equal(await volumeOf(store, resolution), 1100, `tier ${resolution} after late data`);
    });

    it('loses and doubles nothing when two compactors race', async () => {
      const racing = await engine.open();
      try {
        for (let batch = 0; batch < 20; batch++) {
          await commitRecords(racing.db, calls(100, (i) => NOW - HOUR + ((i * 7919 + batch * 13) % HOUR)), NOW);
        }
        // Several instances share one PostgreSQL; one SQLite file has one server, whose
        // connection serialises its callers, so there the race is between concurrent calls.
        const second = engine.name === 'postgres' ? await racing.openAnother() : racing;
        await Promise.all([compactRollups(racing.db), compactRollups(second.db), compactRollups(racing.db), compactRollups(second.db)]);
        await Promise.all([compactAll(racing.db), compactAll(second.db)]);
        if (second !== racing) await second.db.destroy();
        for (const resolution of RESOLUTIONS) assert.equal(await volumeOf(racing, resolution), 2000, `tier ${resolution}`);
      } finally {
        await racing.dispose();
      }
    });
  });

  describe(`retention (${engine.name})`, () => {
    let store: TestStore;
    before(async () => {
      store = await engine.open();
    });
    after(async () => store.dispose());

    it('deletes raw records and each rollup tier past its own retention, and nothing newer', async () => {
      const ages = [40 * DAY, 20 * DAY, 5 * DAY, HOUR];
      for (const age of ages) await commitRecords(store.db, calls(10, (i) => NOW - age + i * 1000, 'ups-carrier'), NOW);
      await compactAll(store.db);
      const retention = loadConfig({}, {
        SWITCHBOARD_RETENTION_RAW_DAYS: '30',
        SWITCHBOARD_RETENTION_MINUTE_DAYS: '8',
        SWITCHBOARD_RETENTION_TEN_MINUTE_DAYS: '35',
      }).retention;
      const result = await enforceRetention(store.db, retention, NOW);
      if (engine.name === 'sqlite') assert.equal(result.records, 10, 'only the 40-day-old records');
      // PostgreSQL drops days, made for every partitioned table at once: 40 days ago, records, log
      // lines (30 days' log retention) and each rollup table's minutes and ten minutes (8); 20 days
      // ago, each one's minutes (3).
      else assert.deepEqual({ records: result.records, partitions: result.partitions }, { records: 0, partitions: 11 });
      const remaining = await store.db.selectFrom('records').select('ts').execute();
      assert.equal(remaining.length, 30);
      assert.ok(remaining.every((r) => r.ts >= NOW - 30 * DAY));
      assert.equal(await volumeOf(store, MINUTE), 20, 'minute tier keeps 8 days');
      assert.equal(await volumeOf(store, TEN_MINUTES), 30, 'ten-minute tier keeps 35 days');
      assert.equal(await volumeOf(store, HOUR), 40, 'hour tier keeps 400 days');
      assert.equal(await volumeOf(store, DAY), 40);
      const again = await enforceRetention(store.db, retention, NOW);
      assert.deepEqual(again, { records: 0, rollups: 0, partitions: 0, logs: 0, history: 0 });
    });

    it('answers a 30-day summary from the tiers that remain after retention', async () => {
      const context = { db: store.db, config: loadConfig({}, {}), clock: () => NOW };
      const summary = await summarize(context, 'ups-carrier', { from: NOW - 30 * DAY, to: NOW }, {});
      assert.equal(summary.volume, 30, '20 d, 5 d and 1 h old calls');
      assert.ok(summary.from <= NOW - 30 * DAY && summary.from > NOW - 30 * DAY - DAY, 'from aligned down, at most to a day');
    });
  });
}
