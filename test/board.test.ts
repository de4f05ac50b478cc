/**
 * The board's order, search and pages (issue 11): worst first (current status, then the window's
 * error rate), `q` over id, title, owner, partner and tenant, and keyset pages that neither skip
 * nor repeat a tile. Both engines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const SEVERITY: Record<string, number> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };

const CATALOGUE = `apiVersion: switchboard/v1
kind: Integration
metadata:
  name: acme-carrier
  title: ACME Freight
spec:
  type: carrier
  partner: ACME Logistics
  owner: team-freight
  tenant: northwind
---
apiVersion: switchboard/v1
kind: Integration
metadata:
  name: zeta-shop
  title: Zeta storefront
spec:
  type: shop
  partner: Zeta Commerce
  owner: team-shops
---
apiVersion: switchboard/v1
kind: Integration
metadata:
  name: silent-feed
  title: Price feed
spec:
  type: feed
  partner: Pricely
  owner: team-feeds
`;

/** `count` calls over the last ten minutes, the first `failing` of them answered `status`. */
function calls(integration: string, count: number, failing: number, status: number) {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'call',
    ts: NOW - 10 * MINUTE + i * 1_000,
    integration,
    direction: 'outbound',
    operation: i % 2 === 0 ? 'label.create' : 'tracking.get',
    status: i < failing ? status : 200,
    latency_ms: 50 + i,
  }));
}

type Tile = { id: string; status: string; volume: number; ok: number; success_rate: number | null };

function errorRate(tile: Tile): number {
  return tile.volume === 0 ? 0 : (tile.volume - tile.ok) / tile.volume;
}

for (const engine of ENGINES) {
  describe(`board order, search and pages (${engine.name})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-board-'));
    let server: TestServer;
    const board = async (query: string) => {
      const answer = await server.get(`/api/v1/integrations?from=${NOW - 60 * MINUTE}&to=${NOW}&${query}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body as { integrations: Tile[]; next: string | null; total: number; statuses: Record<string, number> };
    };

    before(async () => {
      writeFileSync(join(dir, 'catalogue.yaml'), CATALOGUE);
      server = await startTestServer(engine, { now: NOW, catalogue: join(dir, 'catalogue.yaml') });
      const sent = [
        ...calls('a-down', 60, 30, 500),
        ...calls('zeta-shop', 60, 6, 503),
        // Client errors are the caller's fault: healthy, but a higher error rate than b-fine's.
        ...calls('acme-carrier', 60, 3, 404),
        ...calls('b-fine', 60, 0, 200),
        ...calls('c-fine', 60, 1, 400),
      ];
      assert.equal((await server.ingest(sent)).status, 200);
    });
    after(async () => {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sorts worst first: status, then error rate over the window, then id', async () => {
      const { integrations, total, statuses } = await board('');
      const ids = integrations.map((tile) => tile.id);
      assert.deepEqual([...ids].sort(), ['a-down', 'acme-carrier', 'b-fine', 'c-fine', 'silent-feed', 'zeta-shop']);
      assert.equal(total, 6);
      const byId = new Map(integrations.map((tile) => [tile.id, tile]));
      assert.equal(byId.get('a-down')!.status, 'down');
      assert.equal(byId.get('zeta-shop')!.status, 'degraded');
      assert.equal(byId.get('silent-feed')!.status, 'unknown');
      assert.equal(byId.get('acme-carrier')!.status, 'healthy');
      assert.deepEqual(ids, ['a-down', 'zeta-shop', 'silent-feed', 'acme-carrier', 'c-fine', 'b-fine']);
      for (let i = 1; i < integrations.length; i++) {
        const [a, b] = [integrations[i - 1]!, integrations[i]!];
        const order = SEVERITY[a.status]! - SEVERITY[b.status]! || errorRate(b) - errorRate(a) || (a.id < b.id ? -1 : 1);
        assert.ok(order < 0, `${a.id} before ${b.id}`);
      }
      assert.deepEqual(statuses, { down: 1, degraded: 1, unknown: 1, healthy: 3 });
      // The per-integration rows count what the per-operation summary counts.
      const summary = (await server.get(`/api/v1/integrations/zeta-shop/summary?from=${NOW - 60 * MINUTE}&to=${NOW}`)).body;
      assert.equal(byId.get('zeta-shop')!.volume, summary.volume);
      assert.equal(byId.get('zeta-shop')!.ok, summary.ok);
    });

    it('pages in that order without skipping or repeating a tile', async () => {
      const whole = (await board('')).integrations.map((tile) => tile.id);
      const paged: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await board(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.integrations.length <= 2);
        assert.equal(page.total, 6, 'every page counts the whole board');
        for (const tile of page.integrations) paged.push(tile.id);
        cursor = page.next;
        pages += 1;
      } while (cursor && pages < 10);
      assert.equal(pages, 3);
      assert.deepEqual(paged, whole);
      assert.equal((await server.get('/api/v1/integrations?cursor=WyJhIl0')).status, 400, 'a cursor of another list is refused');
    });

    it('searches id, title, owner, partner and tenant, in any case', async () => {
      const found = async (q: string) => (await board(`q=${encodeURIComponent(q)}`)).integrations.map((tile) => tile.id).sort();
      assert.deepEqual(await found('a-do'), ['a-down'], 'id');
      assert.deepEqual(await found('storefront'), ['zeta-shop'], 'title');
      assert.deepEqual(await found('TEAM-FEEDS'), ['silent-feed'], 'owner');
      assert.deepEqual(await found('acme logistics'), ['acme-carrier'], 'partner');
      assert.deepEqual(await found('northwind'), ['acme-carrier'], 'tenant');
      assert.deepEqual(await found('fine'), ['b-fine', 'c-fine']);
      const none = await board('q=nothing-like-it');
      assert.deepEqual([none.integrations.length, none.total, none.next], [0, 0, null]);
      const long = await server.get(`/api/v1/integrations?q=${'x'.repeat(101)}`);
      assert.equal(long.status, 400);
      assert.equal(long.body.code, 'invalid_search');
    });
  });
}
