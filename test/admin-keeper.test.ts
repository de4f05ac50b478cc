/**
 * The admin overview's keeper as a served instance runs it (issue 11): with its job on, the
 * console's first request finds the day already read; with SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS=0,
 * nothing is read ahead. Seen through a late call: a call stamped in a settled hour after the
 * keeper read that hour counts once what is kept is renewed (within five minutes), while the
 * first request of an instance with no keeper reads the store and counts it at once. Both engines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BOARD_KEEP_MAX_EVERY_MS, OVERVIEW_KEEP_MAX_EVERY_MS, loadConfig } from '../src/config.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, ingestAll } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of ENGINES) {
  describe(`the admin overview’s keeper (${engine.name})`, () => {
    /**
     * The error trend's calls of a window ending now (`span`, the console's day by default), as a
     * request finds it after a late call; `opening`, a request of the overview made before (that
     * the keeper may note), 6 minutes earlier: past what the request itself kept.
     */
    async function firstRequestAfterALateCall(keepEveryMs: string, options: { span?: number; opening?: (now: number) => string } = {}): Promise<number> {
      // The packer off: the settled hour stays rows, whatever the test's pace.
      const server = await startTestServer(engine, { runJobs: true, env: { SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS: keepEveryMs, SWITCHBOARD_PACK_EVERY_MS: '0' } });
      const stats = (query: string) => `/api/v1/admin/integrations/stats${options.span ? `?from=${server.clock.now - options.span}${query}` : ''}`;
      try {
        const hour = Math.floor((server.clock.now - 5 * HOUR) / HOUR) * HOUR;
        const call = (minute: number) => ({ kind: 'call', ts: hour + minute * MINUTE, integration: 'kept-shop', direction: 'outbound', operation: 'sync', latency_ms: 40, status: 200 });
        await ingestAll(server, Array.from({ length: 10 }, (_, i) => call(i)));
        if (options.opening !== undefined) assert.equal((await server.get(stats(options.opening(server.clock.now)))).status, 200);
        // Past what any earlier pass kept; the keeper's passes (every 50 ms) then read the day at this time.
        server.clock.advance(6 * MINUTE);
        if (keepEveryMs === '0') await sleep(500);
        else {
          // One pass may have started before the clock moved: the one after it started after.
          const ended = server.app.overview.passes;
          const deadline = Date.now() + 20_000;
          while (server.app.overview.passes < ended + 2) {
            assert.ok(Date.now() < deadline, `the keeper ended ${server.app.overview.passes - ended} passes in 20 s`);
            await sleep(20);
          }
        }
        await ingestAll(server, [call(30), call(31), call(32)]);
        const answer = await server.get(stats(''));
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        return (answer.body.error_trend.volume as number[]).reduce((a, b) => a + b, 0);
      } finally {
        await server.close();
      }
    }

    it('reads the day ahead of the first request, and with its job off reads nothing ahead', async () => {
      assert.equal(await firstRequestAfterALateCall('50'), 10, 'the hour as the keeper read it: the late calls count once it is renewed');
      assert.equal(await firstRequestAfterALateCall('0'), 13, 'no keeper: the first request reads the store');
    });

    it('keeps a window ending now once the whole scope asked for it, not one narrowed to an integration', async () => {
      const week = 7 * 24 * HOUR;
      assert.equal(await firstRequestAfterALateCall('50', { span: week, opening: () => '' }), 10, 'a week asked for: kept ahead of the next request');
      assert.equal(await firstRequestAfterALateCall('50', { span: week, opening: () => '&integration=kept-shop' }), 13, 'a week of one integration: not noted, the next request reads the store');
      assert.equal(await firstRequestAfterALateCall('50', { span: week, opening: (now) => `&to=${now - 24 * HOUR}` }), 13, 'a window that ended a day ago: not noted');
    });

    it('refuses an interval too long to keep anything from one pass to the next', () => {
      assert.throws(() => loadConfig({}, { SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS: '300000' }), /SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS=300000 is too long: .* at most 120000 \(2 minutes\), or 0 to turn the keeper off/);
      assert.equal(loadConfig({}, { SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS: String(OVERVIEW_KEEP_MAX_EVERY_MS) }).jobs.overviewKeepEveryMs, OVERVIEW_KEEP_MAX_EVERY_MS);
      assert.equal(loadConfig({}, { SWITCHBOARD_OVERVIEW_KEEP_EVERY_MS: '0' }).jobs.overviewKeepEveryMs, 0);
      assert.equal(loadConfig({}, {}).jobs.overviewKeepEveryMs, 60_000);
      // The board's keeper: the marks of late calls are kept ten minutes.
      assert.throws(() => loadConfig({}, { SWITCHBOARD_BOARD_KEEP_EVERY_MS: '600000' }), /SWITCHBOARD_BOARD_KEEP_EVERY_MS=600000 is too long: .* at most 300000 \(5 minutes\), or 0 to turn the keeper off/);
      assert.equal(loadConfig({}, { SWITCHBOARD_BOARD_KEEP_EVERY_MS: String(BOARD_KEEP_MAX_EVERY_MS) }).jobs.boardKeepEveryMs, BOARD_KEEP_MAX_EVERY_MS);
      assert.equal(loadConfig({}, { SWITCHBOARD_BOARD_KEEP_EVERY_MS: '0' }).jobs.boardKeepEveryMs, 0);
      assert.equal(loadConfig({}, {}).jobs.boardKeepEveryMs, 60_000);
    });
  });
}
