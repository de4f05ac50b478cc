/**
 * Migration 014: the run and queue-gauge rollups start with the runs and gauges a store already
 * held, and the compactor carries them up the tiers like every batch's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactAll } from '../src/rollup/compact.js';
import { DAILY_PARENTS, ensureDays } from '../src/store/partitions.js';
import { ENGINES } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const MINUTE = 60_000;

for (const engine of ENGINES) {
  describe(`run and gauge rollups (${engine.name})`, () => {
    it('are filled from the raw runs and queue gauges when a store written by an older version is upgraded', async () => {
      const store = await engine.open({ migrateTo: '011_recent_calls_index' });
      try {
        const base = { received_at: NOW, env: 'production', integration: 'feed' };
        // PostgreSQL: the day's partitions, as the older version's ingest made them.
        await ensureDays(store.db, DAILY_PARENTS, [NOW - 90 * MINUTE, NOW]);
        await store.db
          .insertInto('records')
          .values([
            { ...base, kind: 'run', ts: NOW - 3 * MINUTE, job: 'prices', run_status: 'success', duration_ms: 2_000, counts: '{"skus":40,"promos":2}' },
            { ...base, kind: 'run', ts: NOW - 90 * MINUTE, job: 'prices', run_status: 'failed', duration_ms: 500, counts: null },
            { ...base, kind: 'run', ts: NOW - 2 * MINUTE, job: 'stock', run_status: 'partial', duration_ms: null, counts: '{"items":7}' },
            { ...base, kind: 'gauge', ts: NOW - MINUTE, name: 'queue.depth', value: 12 },
            { ...base, kind: 'gauge', ts: NOW - MINUTE, name: 'queue.depth', value: 30 },
            { ...base, kind: 'gauge', ts: NOW - MINUTE, name: 'workers', value: 4 },
          ])
          .execute();
        await store.db.insertInto('integrations_seen').values({ id: 'feed', first_seen: NOW - 90 * MINUTE, last_seen: NOW, tenant: null }).execute();
        const upgraded = await store.openAnother();
        try {
          const totals = async () => {
            const runs = await upgraded.db
              .selectFrom('run_rollups')
              .select((eb) => [eb.fn.sum<number>('runs').as('runs'), eb.fn.sum<number>('success').as('success'), eb.fn.sum<number>('failed').as('failed'), eb.fn.sum<number>('partial').as('partial'), eb.fn.sum<number>('timed_runs').as('timed'), eb.fn.sum<number>('duration_ms').as('ms'), eb.fn.sum<number>('records').as('records'), eb.fn.sum<number>('timed_records').as('timed_records')])
              .where('resolution_ms', '=', MINUTE)
              .executeTakeFirstOrThrow();
            const gauges = await upgraded.db.selectFrom('gauge_rollups').select(['name', 'samples', 'value_sum', 'value_max']).where('resolution_ms', '=', MINUTE).execute();
            return { runs: Object.values(runs).map(Number), gauges: gauges.map((g) => [g.name, Number(g.samples), Number(g.value_sum), Number(g.value_max)]) };
          };
          const expected = { runs: [3, 1, 1, 1, 2, 2_500, 49, 42], gauges: [['queue.depth', 2, 42, 30]] };
          assert.deepEqual(await totals(), expected);
          assert.ok((await compactAll(upgraded.db)) > 0);
          assert.deepEqual(await totals(), expected);
          const day = await upgraded.db.selectFrom('run_rollups').select((eb) => eb.fn.sum<number>('runs').as('runs')).where('resolution_ms', '=', 24 * 60 * MINUTE).executeTakeFirstOrThrow();
          assert.equal(Number(day.runs), 3, 'carried up to the day tier');
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await store.dispose();
      }
    });
  });
}
