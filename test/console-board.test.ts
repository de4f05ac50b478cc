/**
 * The console's board at size (issue 11): with 130 integrations the browser holds and renders one
 * page of tiles (BOARD_PAGE), worst first as the server sorts them, the counts speak for the whole
 * board, the pager walks every integration exactly once, and the search box narrows the board.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';
import { buildConsoleIfMissing, launchChromium, watchPage } from './support/browser.js';

const MINUTE = 60_000;
const TEN_MINUTES = 10 * MINUTE;
const COUNT = 130;
/** console/src/pages/BoardPage.tsx: tiles per page. */
const BOARD_PAGE = 48;
const ids = Array.from({ length: COUNT }, (_, i) => `fleet-${String(i).padStart(3, '0')}`);

for (const engine of ENGINES) {
  describe(`console: the board renders one page of a large board (${engine.name})`, { timeout: 120_000 }, () => {
    let server: TestServer;
    let browser: Browser;
    let page: Page;
    const problems: string[] = [];

    before(async () => {
      buildConsoleIfMissing();
      // The browser reads the real clock, so the data lives around real now.
      const now = Date.now();
      server = await startTestServer(engine, { now });
      const calls = ids.flatMap((integration, i) =>
        // fleet-077 fails half its calls: down, so first on the board.
        Array.from({ length: integration === 'fleet-077' ? 40 : 2 }, (_, k) => ({
          kind: 'call',
          ts: now - 5 * MINUTE - i * 100 - k,
          integration,
          direction: 'outbound',
          operation: 'orders.list',
          status: integration === 'fleet-077' && k % 2 === 0 ? 500 : 200,
          latency_ms: 40 + k,
        })),
      );
      assert.equal((await server.ingest(calls)).status, 200);
      browser = await launchChromium();
      const context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 } });
      page = watchPage(await context.newPage(), problems);
    });

    after(async () => {
      await browser?.close().catch(() => undefined);
      await server?.close();
    });

    const tilesShown = (on: Page = page) => on.locator('[data-testid=board] a.tile').evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-testid')!.slice('tile-'.length)));

    it('renders only the page on screen, counts the whole board and pages through every integration once', async () => {
      await page.goto(`${server.url}/`);
      await page.getByTestId('board').waitFor();
      const first = await tilesShown();
      assert.equal(first.length, BOARD_PAGE, 'one page of tiles in the document, not all of them');
      assert.ok(BOARD_PAGE < COUNT);
      assert.equal(first[0], 'fleet-077', 'worst first');
      assert.equal(await page.getByTestId('board-counts').getAttribute('data-total'), String(COUNT));
      assert.match(await page.getByTestId('board-counts').innerText(), new RegExp(`^${COUNT} integrations`));

      const seen = [...first];
      for (let pages = 1; pages < 10; pages++) {
        const onward = page.getByTestId('board-pager-onward');
        if ((await onward.count()) === 0) break;
        const before = (await tilesShown())[0];
        await onward.click();
        await page.waitForFunction((id) => document.querySelector('[data-testid=board] a.tile')?.getAttribute('data-testid') !== `tile-${id}`, before);
        const shown = await tilesShown();
        assert.ok(shown.length <= BOARD_PAGE);
        seen.push(...shown);
      }
      assert.equal(seen.length, COUNT, 'every integration once');
      assert.deepEqual([...seen].sort(), ids);
      assert.deepEqual(problems, []);
    });

    it('asks for the board while the session check is still out, once, and loads other pages as they are opened', async () => {
      // A page of its own, its clock fixed just before a ten-minute boundary (where the 24-hour
      // board's window ends) and moved past it while the session check is held back: the page,
      // rendered after the boundary, must still ask for the window the early request asked for.
      const own = watchPage(await page.context().newPage(), problems);
      const boundary = Math.floor(Date.now() / TEN_MINUTES) * TEN_MINUTES;
      await own.clock.setFixedTime(boundary - 100);
      const events: string[] = [];
      const scripts: string[] = [];
      await own.route('**/api/v1/auth/session', async (route) => {
        await own.clock.setFixedTime(boundary + 100);
        await new Promise((resolve) => setTimeout(resolve, 700));
        events.push('session answered');
        await route.continue();
      });
      own.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/api/v1/integrations') events.push('board asked');
        if (url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js')) scripts.push(url.pathname);
      });
      try {
        await own.goto(`${server.url}/?window=24h`);
        await own.locator('[data-testid=board] a.tile').first().waitFor();
        assert.deepEqual(events, ['board asked', 'session answered'], 'the board asked before the session answered, and only once');
        assert.equal((await tilesShown(own))[0], 'fleet-077', 'the early answer is the one shown');
        const boardScripts = scripts.length;
        assert.ok(!scripts.some((path) => /IntegrationPage/.test(path)), `the board loads no integration page code: ${scripts.join(', ')}`);

        await own.locator('[data-testid=tile-fleet-077]').click();
        await own.waitForURL((url) => url.pathname === '/integrations/fleet-077');
        await own.getByRole('heading', { level: 1 }).filter({ hasText: 'fleet-077' }).waitFor();
        assert.ok(scripts.slice(boardScripts).some((path) => /IntegrationPage/.test(path)), `the integration page's code came when it was opened: ${scripts.join(', ')}`);
      } finally {
        await own.close();
      }
      assert.deepEqual(problems, []);
    });

    it('narrows the board with the search box', async () => {
      await page.goto(`${server.url}/`);
      await page.getByTestId('board-search').fill('fleet-12');
      await page.getByTestId('board-search').press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === 'fleet-12');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=board] a.tile').length === 10);
      assert.deepEqual((await tilesShown()).sort(), ids.filter((id) => id.startsWith('fleet-12')));
      assert.equal(await page.getByTestId('board-counts').getAttribute('data-total'), '10');
      await page.getByTestId('board-search').fill('no-such-integration');
      await page.getByTestId('board-search').press('Enter');
      await page.getByTestId('board-no-match').waitFor();
      assert.deepEqual(problems, []);
    });
  });
}
