/**
 * A cold board of a past month (issue 11): nothing kept, every tile read from the store. Each
 * integration's week of days keeps its sketch merged (rollup/spans.ts, `totals`), so the board
 * reads a whole week as one sketch; the ended days at the window's edges are read with the days
 * between (query/board.ts, `sketchesOf`). What it answers is still exactly the calls of the window
 * it says it covers: the counts and the quantiles of a sketch of those calls' latencies, made here
 * from the calls themselves. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config.js';
import { commitRecords } from '../src/ingest/commit.js';
import { board } from '../src/query/board.js';
import type { QueryContext } from '../src/query/context.js';
import { signalsOf } from '../src/query/rollups.js';
import { compactAll } from '../src/rollup/compact.js';
import { packSettled } from '../src/rollup/pack.js';
import { emptyCounts } from '../src/rollup/series.js';
import { LatencySketch } from '../src/rollup/sketch.js';
import { DAY, HOUR, MINUTE } from '../src/rollup/tiers.js';
import { Random } from '../src/simulator/random.js';
import { boardCalls, mergesDuring } from './support/board-calls.js';
import { ENGINES, type TestStore } from './support/engines.js';

const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const INTEGRATIONS = ['cold-shop', 'cold-carrier', 'cold-erp'];
const random = new Random(31);

const calls = (count: number, end: number, spreadMs: number) => boardCalls(random, INTEGRATIONS, count, end, spreadMs);


for (const engine of ENGINES) {
  describe(`a cold board of a past month (${engine.name})`, () => {
    let store: TestStore;
    const sent = calls(9_000, NOW, 45 * DAY);
    before(async () => {
      store = await engine.open();
      for (let at = 0; at < sent.length; at += 1_000) await commitRecords(store.db, sent.slice(at, at + 1_000), NOW);
      await compactAll(store.db);
      assert.ok((await packSettled(store.db, NOW)) > 0);
    });
    after(async () => store?.dispose());

    const context: () => QueryContext = () => ({ db: store.db, config: loadConfig({ database: store.database, port: 0 }, {}), clock: () => NOW });
    // Thirty days ending days ago, its edges inside hours: ten minutes, hours and days at each end.
    const window = { from: NOW - 33 * DAY - 5 * HOUR - 17 * MINUTE, to: NOW - 3 * DAY - 7 * HOUR - 43 * MINUTE };

    it('answers the counts and quantiles of exactly the calls of the window it covers', async () => {
      const answer = await board(context(), window, {});
      assert.ok(answer.from <= window.from && window.from - answer.from < 10 * MINUTE, 'the start, aligned down to ten minutes');
      for (const integration of INTEGRATIONS) {
        const counts = emptyCounts();
        const sketch = new LatencySketch();
        for (const call of sent) {
          if (call.integration !== integration || call.ts < answer.from || call.ts >= answer.to) continue;
          counts.volume += 1;
          counts[call.outcome!] += 1;
          sketch.add(call.latency_ms!);
        }
        const tile = answer.integrations.find((candidate) => candidate.id === integration);
        assert.ok(tile && counts.volume > 0);
        const expected = signalsOf(counts, sketch);
        assert.deepEqual({ volume: tile.volume, p50: tile.p50_ms, p95: tile.p95_ms, p99: tile.p99_ms }, { volume: expected.volume, p50: expected.p50_ms, p95: expected.p95_ms, p99: expected.p99_ms }, integration);
      }
    });

    it('reads each whole week of days as one sketch', async () => {
      const withTotals = await mergesDuring(() => board(context(), window, {}));
      await store.db.deleteFrom('integration_rollup_span_totals').execute();
      const dayByDay = await mergesDuring(() => board(context(), window, {}));
      assert.deepEqual(withTotals.result, dayByDay.result, 'the same board');
      // At least three whole weeks in a window of 30 days: six sketches fewer each, per tile.
      assert.ok(withTotals.merges <= dayByDay.merges - 3 * 6 * INTEGRATIONS.length, `${withTotals.merges} sketches merged with the totals, ${dayByDay.merges} day by day`);
    });
  });
}
