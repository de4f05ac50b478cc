/**
 * The console's flow page in real headless Chromium, against a real server fed by the traffic
 * simulator: every figure and row on screen is compared with what the flow API answers for the
 * same window and filters; filters live in the URL; new events show without a reload.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, eventually, watchPage } from './support/browser.js';
import type { TestServer } from './support/server.js';
import { openSimulatedConsole } from './support/simulated-console.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('console: the flow page in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const now = Date.now();

  const api = async (path: string) => {
    const answer = await server.get(path);
    assert.equal(answer.status, 200, `GET ${path}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** The flow answer for the window the page says it shows, with the page's filters. */
  const flowShown = async () => {
    const summary = page.getByTestId('flow-summary');
    await summary.waitFor();
    const url = new URL(page.url());
    const params = new URLSearchParams({ from: (await summary.getAttribute('data-from'))!, to: (await summary.getAttribute('data-to'))! });
    for (const name of ['env', 'site', 'release']) if (url.searchParams.get(name)) params.set(name, url.searchParams.get(name)!);
    return api(`/api/v1/flow?${params}`);
  };
  const shown = async (testId: string) => {
    const value = await page.getByTestId(testId).getAttribute('data-value');
    return value === '' || value === null ? null : Number(value);
  };
  const assertFiguresMatch = async (answer: any) => {
    assert.equal(await shown('flow-lead-p50'), answer.lead_time.p50_ms);
    assert.equal(await shown('flow-lead-p95'), answer.lead_time.p95_ms);
    assert.equal(await shown('flow-shipped'), answer.lead_time.count);
    assert.equal(await shown('flow-orders'), answer.orders);
    assert.equal(await shown('flow-exception-rate'), answer.exception_rate);
    assert.equal(await shown('flow-label-success'), answer.labels.success_rate);
    assert.equal(await shown('flow-tracking-age'), answer.tracking.stalest?.age_ms ?? null);
    const rows = await page
      .getByTestId('carrier-flow-table')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => ({
          integration: tr.getAttribute('data-integration'),
          ...Object.fromEntries(Array.from(tr.querySelectorAll('[data-col]')).map((td) => [td.getAttribute('data-col'), td.getAttribute('data-value')])),
        })),
      );
    assert.deepEqual(
      rows,
      answer.carriers.map((c: any) => ({
        integration: c.integration,
        shipments: String(c.shipments),
        labels_created: String(c.labels_created),
        labels_failed: String(c.labels_failed),
        label_success_rate: String(c.label_success_rate ?? ''),
        tracking_updates: String(c.tracking_updates),
        tracking_age: String(c.tracking_age_ms ?? ''),
        lead_time_count: String(c.lead_time.count),
        lead_time_p50: String(c.lead_time.p50_ms ?? ''),
        lead_time_p95: String(c.lead_time.p95_ms ?? ''),
        exceptions: String(c.exceptions),
      })),
    );
    const origins = await page
      .getByTestId('origin-flow-table')
      .locator('tbody tr:not([data-testid=origin-unattributed])')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-integration'), tr.querySelector('[data-col=orders]')?.getAttribute('data-value'), tr.querySelector('[data-col=exceptions]')?.getAttribute('data-value')]));
    assert.deepEqual(origins, answer.origins.map((o: any) => [o.integration, String(o.orders), String(o.exceptions)]));
  };

  before(async () => {
    ({ server, browser, page } = await openSimulatedConsole({ now, hours: 3, seed: 7, incident: { integration: 'ups-carrier', startMs: now - 50 * MINUTE, durationMs: 40 * MINUTE }, problems }));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('opens from the header and shows the four signals, their trends and the carrier and channel tables as the API answers them', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Flow' }).click();
    await page.waitForURL((url) => url.pathname === '/flow');
    assert.equal(await page.getByRole('link', { name: 'Flow' }).getAttribute('aria-current'), 'page');
    const answer = await flowShown();
    assert.ok(answer.lead_time.count > 15 && answer.carriers.length === 2 && answer.origins.length === 2, JSON.stringify({ carriers: answer.carriers.map((c: any) => c.integration), origins: answer.origins }));
    await assertFiguresMatch(answer);
    for (const chart of ['chart-flow-lead-time', 'chart-flow-exceptions', 'chart-flow-labels', 'chart-flow-tracking']) {
      await page.locator(`[data-testid=${chart}] canvas`).first().waitFor();
    }
    // One legend entry per carrier on the per-carrier charts.
    const legend = await page.locator('[data-testid=chart-flow-labels] .u-legend .u-series .u-label').allInnerTexts();
    // Without a catalogue the ids are the names (the demo test checks the catalogue's names).
    assert.deepEqual(legend.filter((label) => label !== 'Time' && label !== ''), ['dhl-carrier', 'ups-carrier']);
    assert.equal(await page.getByTestId('carrier-flow-table').getByRole('link', { name: 'ups-carrier' }).getAttribute('href'), '/integrations/ups-carrier?window=1h');
    await page.screenshot({ path: join(ARTIFACTS, 'console-flow.png'), fullPage: true });
  });

  it('narrows by site and window, keeps both in the URL, and a deep link shows the same', async () => {
    await page.getByRole('search', { name: 'Filters' }).locator('select[name=site]').selectOption('ams-1');
    await page.waitForURL((url) => url.searchParams.get('site') === 'ams-1');
    await page.getByRole('radio', { name: '24 h' }).check();
    await page.waitForURL((url) => url.searchParams.get('window') === '24h' && url.searchParams.get('site') === 'ams-1');
    const narrowed = await eventually('the figures for ams-1 over 24 h', async () => {
      const answer = await flowShown();
      return answer.to - answer.from === 24 * HOUR && (await shown('flow-orders')) === answer.orders ? answer : undefined;
    });
    await assertFiguresMatch(narrowed);
    const all = await api(`/api/v1/flow?from=${narrowed.from}&to=${narrowed.to}`);
    assert.ok(narrowed.orders < all.orders, 'one site has fewer orders than all of them');

    const link = page.url();
    const fresh = watchPage(await page.context().newPage(), problems);
    await fresh.goto(link);
    await fresh.getByTestId('flow-summary').waitFor();
    assert.equal(await fresh.locator('select[name=site]').inputValue(), 'ams-1');
    assert.equal(await fresh.getByRole('radio', { name: '24 h' }).isChecked(), true);
    assert.equal(await fresh.getByTestId('flow-orders').getAttribute('data-value'), String(narrowed.orders));
    await fresh.close();
  });

  it('shows new orders without a reload', async () => {
    // 24 hours: the simulated traffic's 3 hours stay inside it however long the test takes (in the
    // default hour, orders leaving its older edge meanwhile made the count 69 instead of 70).
    await page.goto(`${server.url}/flow?window=24h`);
    await eventually('the live feed to connect', async () => ((await page.getByTestId('live-status').textContent()) === 'live' ? true : undefined));
    const before = Number(await page.getByTestId('flow-orders').getAttribute('data-value'));
    const orders = Array.from({ length: 3 }, (_, i) => ({ kind: 'event', name: 'order.received', ts: now - 1_000 - i, integration: 'shopify-connector', order_id: `live-${i}`, env: 'production', site: 'ams-1' }));
    const answer = await server.ingest(orders);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.accepted, 3, JSON.stringify(answer.body));
    // The push is coalesced (1 s) and the page refetches at most every 2 s; the rest is a loaded
    // machine's Chromium, so the wait is generous and the failure says what was on screen.
    await eventually(
      `the new orders on screen (${before} before)`,
      async () => {
        const seen = Number(await page.getByTestId('flow-orders').getAttribute('data-value'));
        if (seen === before + 3) return true;
        throw new Error(`${seen} on screen, live status ${await page.getByTestId('live-status').textContent()}`);
      },
      30_000,
    );
    assert.deepEqual(problems, []);
  });
});
