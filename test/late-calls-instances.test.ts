/**
 * A late call counts at once on every instance's board (issue 11; src/rollup/late-calls.ts): two
 * served instances on one store, as behind a load balancer. The board of the instance that did
 * not take a late batch keeps what it read of the settled days, and must still count the batch
 * at its next read, because the commit marked it in the store. Both engines.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from './support/engines.js';
import { ingestAll, startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 10, 20, 12, 34, 56);
const INTEGRATIONS = ['instances-shop', 'instances-carrier'];

function callsBetween(from: number, to: number, count: number, integration?: string) {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'call',
    ts: from + Math.floor(((i + 0.5) * (to - from)) / count),
    integration: integration ?? INTEGRATIONS[i % INTEGRATIONS.length]!,
    direction: 'outbound',
    operation: 'label.create',
    status: i % 7 === 0 ? 503 : 200,
    latency_ms: 40 + (i % 13) * 10,
  }));
}

for (const engine of ENGINES) {
  describe(`a late call on two instances’ boards (${engine.name})`, () => {
    let taking: TestServer;
    let other: TestServer;
    before(async () => {
      // Its commits on the writer thread, as a real server makes them.
      taking = await startTestServer(engine, { now: NOW, ingestWriter: true });
      other = await startTestServer(engine, { now: NOW, besides: taking });
    });
    after(async () => {
      await other?.close();
      await taking?.close();
    });

    const volumes = async (server: TestServer) => {
      const answer = await server.get(`/api/v1/integrations?from=${NOW - 7 * DAY}&to=${NOW}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return Object.fromEntries((answer.body.integrations as Array<{ id: string; volume: number }>).map((tile) => [tile.id, tile.volume]));
    };

    it('counts a batch stamped yesterday on the instance that did not take it, at its next board read', async () => {
      await ingestAll(taking, callsBetween(NOW - 3 * DAY, NOW - 10 * MINUTE, 400));
      const expected = { 'instances-shop': 200, 'instances-carrier': 200 };
      assert.deepEqual(await volumes(other), expected);
      assert.deepEqual(await volumes(other), expected, 'read again, from what it keeps');
      const yesterday = Math.floor(NOW / DAY) * DAY - 6 * HOUR;
      await ingestAll(taking, callsBetween(yesterday, yesterday + HOUR, 30, 'instances-shop'));
      const later = { 'instances-shop': 230, 'instances-carrier': 200 };
      assert.deepEqual(await volumes(other), later, 'the other instance counts it at once');
      assert.deepEqual(await volumes(taking), later, 'and so does the one that took it');
    });
  });
}
