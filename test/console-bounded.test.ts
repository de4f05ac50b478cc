/**
 * Issue 10, the console's part: it renders whatever the API holds. A time no calendar can show
 * reads "invalid date" instead of blanking the page, one panel's failed request stays in that
 * panel, and lists the API now pages show "Older" where there is more. Real headless Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { compactAll } from '../src/rollup/compact.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';
import { buildConsoleIfMissing, launchChromium } from './support/browser.js';

const MINUTE = 60_000;

describe('the console renders whatever the API holds (sqlite, headless Chromium)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  const open = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
    await page.goto(`${server.url}${path}`);
    return page;
  };

  before(async () => {
    buildConsoleIfMissing();
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now });
    // 70 failed calls and a few good ones: more failures than one page of the console holds.
    const calls = Array.from({ length: 80 }, (_, i) => ({
      kind: 'call', ts: now - 5_000 - i * 20_000, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create',
      status: i < 70 ? 503 : 200, latency_ms: 120, correlation_id: `c-${i}`,
    }));
    assert.equal((await server.ingest(calls)).status, 200);
    // The jobs are off in tests: carry the minute rollups up to the coarser tiers by hand.
    await compactAll(server.store.db);
    // What an older server let through: a silence ending in year 275760 and beyond, stored as it came.
    await server.store.db
      .insertInto('silences')
      .values([
        { kind: 'silence', matchers: JSON.stringify([{ label: 'integration', value: 'dhl-carrier' }]), starts_at: now - MINUTE, ends_at: 8.64e15, author: 'someone', reason: 'forever', created_at: now - MINUTE, expired_at: null },
        { kind: 'silence', matchers: JSON.stringify([{ label: 'integration', value: 'ups-carrier' }]), starts_at: now - MINUTE, ends_at: 9e15, author: 'someone', reason: 'beyond', created_at: now - MINUTE + 1, expired_at: null },
      ])
      .execute();
    browser = await launchChromium();
    context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('lists silences that end beyond what a calendar shows: "invalid date", and the page stays usable', async () => {
    const page = await open('/silences');
    await page.getByTestId('silences-table').waitFor();
    const table = await page.getByTestId('silences-table').innerText();
    assert.match(table, /forever/);
    assert.match(table, /beyond/);
    assert.match(table, /invalid date/, 'ends_at 9e15 is no date');
    assert.equal(await page.getByTestId('panel-error').count(), 0);
    // The form above still works.
    assert.ok(await page.getByRole('heading', { name: 'New' }).isVisible());
    await page.close();
  });

  it('keeps a failed request in its panel: the failures fail, the summary and charts still show, and it recovers by itself', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route('**/api/v1/integrations/dhl-carrier/failures**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', headers: { 'retry-after': '3' }, body: JSON.stringify({ error: 'the server is busy with other expensive reads; try again in 3 s', code: 'busy' }) }),
    );
    await page.goto(`${server.url}/integrations/dhl-carrier?window=1h`);
    const panel = page.getByTestId('failures-panel');
    await panel.getByTestId('error').waitFor();
    assert.match(await panel.getByTestId('error').innerText(), /busy with other expensive reads/);
    assert.equal(await page.getByTestId('stat-volume').getAttribute('data-value'), '80', 'the summary still shows');
    assert.ok(await page.getByTestId('chart-volume').isVisible(), 'the charts still show');
    assert.equal(await page.getByTestId('error').count(), 1, 'the error is said once, where it happened');
    // Once the server has room again the panel asks again by itself (after its Retry-After).
    await page.unroute('**/api/v1/integrations/dhl-carrier/failures**');
    await panel.getByTestId('failures-table').waitFor({ timeout: 20_000 });
    assert.equal(await panel.getByTestId('error').count(), 0, 'the error goes once the answer came');
    await page.close();
  });

  it('pages the failures: "Older" loads the next page, and back returns to the newest', async () => {
    const page = await open('/integrations/dhl-carrier?window=1h');
    const panel = page.getByTestId('failures-panel');
    await panel.getByTestId('failures-table').waitFor();
    const rows = () => panel.locator('[data-testid="failures-table"] tbody tr').count();
    assert.equal(await rows(), 50);
    await panel.getByTestId('failures-pager-onward').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="failures-panel"] [data-testid="failures-table"] tbody tr').length === 20);
    assert.equal(await panel.getByTestId('failures-pager-onward').count(), 0, 'no more after the last page');
    await panel.getByTestId('failures-pager-first').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="failures-panel"] [data-testid="failures-table"] tbody tr').length === 50);
    await page.close();
  });

  it('shows answers slower than the live refresh: a slow read lands instead of being cut by every tick', async () => {
    const integration = 'slow-carrier';
    const call = (i: number) => ({ kind: 'call', ts: Date.now() - 1_000, integration, direction: 'outbound', operation: 'rate.get', status: 200, latency_ms: 80, correlation_id: `slow-${i}` });
    assert.equal((await server.ingest([call(0)])).status, 200);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Every summary takes 3 s, longer than the 2 s between live refreshes.
    await page.route(`**/api/v1/integrations/${integration}/summary**`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await route.continue().catch(() => undefined);
    });
    await page.goto(`${server.url}/integrations/${integration}?window=1h`);
    // A call a second keeps the live stream naming this integration, so the page refreshes every 2 s.
    let sent = 1;
    const feeding = setInterval(() => void server.ingest([call(sent++)]), 1_000);
    try {
      const volume = page.locator('[data-testid="stat-volume"]');
      await volume.waitFor({ timeout: 20_000 });
      const first = Number(await volume.getAttribute('data-value'));
      assert.ok(first >= 1, `the first answer counts the first call (${first})`);
      // And the newest window is asked once that answer is in: the figure keeps up with the calls.
      await page.waitForFunction(
        (shown) => Number(document.querySelector('[data-testid="stat-volume"]')?.getAttribute('data-value')) > shown,
        first,
        { timeout: 20_000 },
      );
    } finally {
      clearInterval(feeding);
      await page.close();
    }
  });

  it('reloads itself once when a page\'s code is gone from the server (a tab left open across an upgrade)', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: 'Alerts', exact: true }).waitFor();
    let refused = 0;
    // The first ask for the alerts page's chunk fails as it does after an upgrade renamed it.
    await page.route('**/assets/AlertsPage-*.js', async (route) => {
      refused += 1;
      await route.fulfill({ status: 404, body: 'not found' });
      await page.unroute('**/assets/AlertsPage-*.js');
    });
    let loads = 0;
    page.on('load', () => (loads += 1));
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByTestId('alerts-count').waitFor({ timeout: 20_000 });
    assert.equal(refused, 1, 'the chunk was refused once');
    assert.equal(loads, 1, 'the console reloaded once and then showed the page');
    assert.equal(new URL(page.url()).pathname, '/alerts');
    await page.close();
  });

  it('raised no uncaught page error', () => {
    assert.deepEqual(pageErrors, []);
  });
});
