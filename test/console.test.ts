/**
 * The web console in real headless Chromium, against a real server on a real SQLite file fed by
 * the traffic simulator. Every figure checked on screen is compared with what the API answers for
 * the same window and filters.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { compactAll } from '../src/rollup/compact.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { ENGINES } from './support/engines.js';
import { ingestAll, startTestServer, type TestServer } from './support/server.js';
import { buildConsoleIfMissing, eventually, launchChromium } from './support/browser.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const INTEGRATIONS = ['amazon-marketplace', 'dhl-carrier', 'retailer-feed', 'salesforce-sync', 'shopify-connector', 'ups-carrier'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  return search.toString();
}

/** The filters a page's URL carries (what the page passes to the API). */
function filtersIn(page: Page): Record<string, string> {
  const url = new URL(page.url());
  const filters: Record<string, string> = {};
  for (const name of ['env', 'site', 'release', 'operation', 'direction']) {
    const value = url.searchParams.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

/** The summary figures the integration page shows, with the window its answer covered. */
/**
 * The summary's window and volume, read in one synchronous evaluation in the page: read one by
 * one, a refresh landing in between (a poll, a push) pairs one answer's window with another's volume.
 */
async function shownSummary(page: Page): Promise<{ volume: number; from: number; to: number }> {
  await page.getByTestId('summary').waitFor();
  return page.evaluate(() => {
    const summary = document.querySelector('[data-testid="summary"]')!;
    const volume = document.querySelector('[data-testid="stat-volume"]')?.getAttribute('data-value');
    return { volume: Number(volume), from: Number(summary.getAttribute('data-from')), to: Number(summary.getAttribute('data-to')) };
  });
}

function callsFor(integration: string, count: number, operation: string): unknown[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    kind: 'call',
    ts: now - 2_000 - (i % 1_000),
    integration,
    direction: 'outbound',
    operation,
    status: 200,
    latency_ms: 80 + (i % 50),
    env: 'production',
    site: 'ams-1',
    correlation_id: `console-live-${integration}-${now}-${i}`,
  }));
}

describe('web console in headless Chromium (sqlite)', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  /** The operation the filter test narrows to, kept by the tests after it. */
  let narrowedTo = '';

  const api = async <T = any>(path: string): Promise<T> => {
    const answer = await server.get(path);
    assert.equal(answer.status, 200, `GET ${path}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  };
  const summaryOf = (id: string, from: number, to: number, filters: Record<string, string>) =>
    api<{ volume: number }>(`/api/v1/integrations/${id}/summary?${query({ from, to, ...filters })}`);

  /** Watches a page for console errors and uncaught exceptions. */
  const watch = (target: Page): Page => {
    target.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error on ${target.url()}: ${message.text()}`);
    });
    target.on('pageerror', (error) => problems.push(`page error on ${target.url()}: ${error.message}`));
    return target;
  };

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    // The browser reads the real clock, so the data lives around real now.
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now });
    const sim = createSimulator({ seed: 7 });
    sim.startIncident('server-errors', { integration: 'dhl-carrier', startMs: now - 40 * MINUTE, durationMs: 60 * MINUTE });
    const records = sim.generate(now - 3 * HOUR, now);
    await ingestAll(server, records);
    // The jobs are off in tests: carry the minute rollups up to the coarser tiers by hand.
    await compactAll(server.store.db);

    browser = await launchChromium();
    context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 } });
    page = watch(await context.newPage());
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('shows every integration on the board, with status, figures the API agrees with and a live header', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('board').waitFor();
    await eventually('the live feed to connect', async () => ((await page.getByTestId('live-status').textContent()) === 'live' ? true : undefined));

    for (const id of INTEGRATIONS) await page.getByTestId(`tile-${id}`).waitFor();
    // One synchronous read of the whole board: the page slides its window each minute, so reading
    // the window and then tile by tile could mix two renders.
    const shown = await page.getByTestId('board').evaluate((board) => ({
      from: Number(board.getAttribute('data-from')),
      to: Number(board.getAttribute('data-to')),
      tiles: Array.from(board.querySelectorAll<HTMLElement>('[data-status]')).map((tile) => ({
        testId: tile.dataset.testid,
        tag: tile.tagName,
        status: tile.dataset.status,
        statusText: (tile.querySelector<HTMLElement>('[data-testid="tile-status"]')?.innerText ?? '').trim(),
        volume: Number(tile.querySelector('[data-testid="tile-volume"]')?.getAttribute('data-value')),
      })),
    }));
    const answer = await api<{ integrations: Array<{ id: string; status: string; volume: number }> }>(`/api/v1/integrations?${query({ from: shown.from, to: shown.to })}`);
    for (const id of INTEGRATIONS) {
      const tile = shown.tiles.find((t) => t.testId === `tile-${id}`);
      const expected = answer.integrations.find((i) => i.id === id);
      assert.ok(tile, `${id} has a tile`);
      assert.ok(expected, `${id} is on the API's board`);
      assert.equal(tile.status, expected.status, `${id}: status on screen vs API`);
      assert.match(tile.statusText, new RegExp(`${tile.status}$`), `${id} shows its status as text, not only colour`);
      assert.equal(tile.volume, expected.volume, `${id}: volume`);
      assert.equal(tile.tag, 'A', 'a tile is a link');
    }
    assert.match(await page.getByTestId('tile-dhl-carrier').getAttribute('data-status') ?? '', /^(degraded|down)$/);
    // The tile says why, in the health evaluator's words (the API's status_reason).
    const dhl = answer.integrations.find((i) => i.id === 'dhl-carrier') as { status_reason?: string } | undefined;
    assert.equal((await page.getByTestId('tile-dhl-carrier').getByTestId('tile-reason').innerText()).trim(), dhl?.status_reason);
    assert.match(dhl?.status_reason ?? '', /fail|server error|5xx|success/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-board.png'), fullPage: true });
  });

  it('opens an integration page from its tile, with charts, operations and failures', async () => {
    await page.getByTestId('tile-dhl-carrier').click();
    await page.waitForURL((url) => url.pathname === '/integrations/dhl-carrier');
    assert.equal(new URL(page.url()).searchParams.get('window'), '1h', 'the board keeps its window');

    for (const chart of ['chart-volume', 'chart-latency']) {
      await page.locator(`[data-testid=${chart}] canvas`).first().waitFor();
      assert.ok((await page.locator(`[data-testid=${chart}] canvas`).count()) >= 1, `${chart} has a uPlot canvas`);
    }
    await page.getByTestId('operations-table').waitFor();
    const { from, to } = await shownSummary(page);
    const operations = await api<{ operations: Array<{ operation: string; direction: string; volume: number }> }>(
      `/api/v1/integrations/dhl-carrier/operations?${query({ from, to })}`,
    );
    assert.ok(operations.operations.length >= 2);
    const rows = page.getByTestId('operations-table').locator('tbody tr');
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => `${tr.getAttribute('data-operation')} ${tr.getAttribute('data-direction')} ${tr.querySelector('[data-col=volume]')?.getAttribute('data-value')}`),
    );
    assert.deepEqual(
      shown.sort(),
      operations.operations.map((o) => `${o.operation} ${o.direction} ${o.volume}`).sort(),
      'the operations table lists what the API lists',
    );
    const failures = page.getByTestId('failures-table').locator('tbody tr');
    await failures.first().waitFor();
    assert.ok((await failures.count()) > 0, 'the failures table has rows');
    assert.match(await page.getByTestId('failures-table').innerText(), /Server error \(5xx\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-integration.png'), fullPage: true });
  });

  it('changes the figures when a filter changes, and shows what the API answers', async () => {
    const before = await shownSummary(page);
    assert.equal(before.volume, (await summaryOf('dhl-carrier', before.from, before.to, {})).volume, 'unfiltered volume vs API');

    await page.getByLabel('Env', { exact: true }).selectOption('staging');
    await page.waitForURL((url) => url.searchParams.get('env') === 'staging');
    const staging = await eventually('the staging figures', async () => {
      const shown = await shownSummary(page);
      const answer = await summaryOf('dhl-carrier', shown.from, shown.to, { env: 'staging' });
      return shown.volume === answer.volume && shown.volume !== before.volume ? shown : undefined;
    });
    assert.ok(staging.volume > 0 && staging.volume < before.volume, `staging is a part of the traffic (${staging.volume} of ${before.volume})`);

    // The simulated traffic follows the time of day, so which operations staging saw in the last
    // hour depends on when the test runs: narrow to the busiest one it did see.
    const stagingOperations = (
      await api<{ operations: { operation: string; volume: number }[] }>(
        `/api/v1/integrations/dhl-carrier/operations?${query({ from: staging.from, to: staging.to, env: 'staging' })}`,
      )
    ).operations;
    assert.ok(new Set(stagingOperations.map((o) => o.operation)).size >= 2, `staging saw several operations: ${JSON.stringify(stagingOperations)}`);
    narrowedTo = [...stagingOperations].sort((a, b) => b.volume - a.volume || a.operation.localeCompare(b.operation))[0]!.operation;

    await page.getByLabel('Operation', { exact: true }).selectOption(narrowedTo);
    await page.waitForURL((url) => url.searchParams.get('operation') === narrowedTo);
    await eventually(`the operations table to narrow to ${narrowedTo}`, async () => {
      const names = await page.getByTestId('operations-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-operation')));
      return names.length > 0 && names.every((name) => name === narrowedTo) ? true : undefined;
    });
    await eventually(`the ${narrowedTo} figures`, async () => {
      const shown = await shownSummary(page);
      const answer = await summaryOf('dhl-carrier', shown.from, shown.to, { env: 'staging', operation: narrowedTo });
      return shown.volume === answer.volume && shown.volume < staging.volume ? true : undefined;
    });
  });

  it('keeps the filters in the URL: reload restores them, back and forward walk them', async () => {
    assert.deepEqual(filtersIn(page), { env: 'staging', operation: narrowedTo });
    await page.reload();
    await page.getByTestId('summary').waitFor();
    assert.equal(await page.getByLabel('Env', { exact: true }).inputValue(), 'staging');
    assert.equal(await page.getByLabel('Operation', { exact: true }).inputValue(), narrowedTo);
    const shown = await shownSummary(page);
    assert.equal(shown.volume, (await summaryOf('dhl-carrier', shown.from, shown.to, { env: 'staging', operation: narrowedTo })).volume);

    await page.getByLabel('24 h', { exact: true }).check();
    await page.waitForURL((url) => url.searchParams.get('window') === '24h');
    await eventually('the 24 h window', async () => {
      const s = await shownSummary(page);
      return s.to - s.from >= 23 * HOUR ? true : undefined;
    });

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('window') === '1h' && url.searchParams.get('operation') === narrowedTo);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('operation') === null && url.searchParams.get('env') === 'staging');
    await eventually('the operation drop-down to follow the URL back', async () => ((await page.getByLabel('Operation', { exact: true }).inputValue()) === '' ? true : undefined));
    await page.goForward();
    await page.waitForURL((url) => url.searchParams.get('operation') === narrowedTo);
    await eventually('the operation drop-down to follow the URL forward', async () =>
      (await page.getByLabel('Operation', { exact: true }).inputValue()) === narrowedTo ? true : undefined,
    );
  });

  it('refreshes live: calls ingested while the page is open show up within seconds', async () => {
    await page.goto(`${server.url}/integrations/salesforce-sync?window=1h`);
    await page.getByTestId('summary').waitFor();
    await eventually('the live feed to connect', async () => ((await page.getByTestId('live-status').textContent()) === 'live' ? true : undefined));
    const before = await shownSummary(page);
    const answer = await server.ingest(callsFor('salesforce-sync', 400, 'contacts.sync'));
    assert.equal(answer.body.accepted, 400);
    const after = await eventually('the integration page volume to grow', async () => {
      const shown = await shownSummary(page);
      return shown.volume >= before.volume + 300 ? shown : undefined;
    });
    assert.equal(after.volume, (await summaryOf('salesforce-sync', after.from, after.to, {})).volume);

    // The board too.
    await page.goto(`${server.url}/?window=1h`);
    const tile = page.getByTestId('tile-shopify-connector');
    await tile.waitFor();
    await eventually('the live feed to connect', async () => ((await page.getByTestId('live-status').textContent()) === 'live' ? true : undefined));
    const tileBefore = Number(await tile.getByTestId('tile-volume').getAttribute('data-value'));
    assert.equal((await server.ingest(callsFor('shopify-connector', 250, 'orders.list'))).body.accepted, 250);
    await eventually('the board tile volume to grow', async () => {
      const value = Number(await tile.getByTestId('tile-volume').getAttribute('data-value'));
      return value >= tileBefore + 200 ? true : undefined;
    });
  });

  it('says "reconnecting" and polls every 5 s while the live stream is down', async () => {
    // A page of its own: the browser logs the refused stream requests as console errors, on purpose.
    const polled = await context.newPage();
    const pageErrors: string[] = [];
    polled.on('pageerror', (error) => pageErrors.push(error.message));
    await polled.route('**/api/v1/stream', (route) => route.abort('connectionrefused'));
    try {
      await polled.goto(`${server.url}/integrations/ups-carrier?window=1h`);
      await polled.getByTestId('summary').waitFor();
      await eventually('the header to say reconnecting', async () =>
        (await polled.getByTestId('live-status').textContent()) === 'reconnecting' ? true : undefined,
      );
      const before = await shownSummary(polled);
      // 150 more than the 250 looked for: a poll whose window has slid a minute drops that minute's calls (up to ~70).
      assert.equal((await server.ingest(callsFor('ups-carrier', 400, 'tracking.get'))).body.accepted, 400);
      const after = await eventually(
        'a poll to bring the new calls in',
        async () => {
          const shown = await shownSummary(polled);
          return shown.volume >= before.volume + 250 ? shown : undefined;
        },
        // Polls come every 5 s; a loaded machine's read can take most of one.
        25_000,
      );
      assert.equal(after.volume, (await summaryOf('ups-carrier', after.from, after.to, {})).volume);
      assert.deepEqual(pageErrors, []);
    } finally {
      await polled.close();
    }
  });

  it('says "No calls in this window" when a filter matches nothing', async () => {
    await page.goto(`${server.url}/integrations/dhl-carrier?window=1h&env=nowhere`);
    // Until the summary lands, the operations and failures panels may each say they are empty on their own.
    await page.locator('[data-testid="stat-volume"][data-value="0"]').waitFor();
    assert.equal((await page.getByTestId('empty').innerText()).trim(), 'No calls in this window', 'one empty message, for the whole page');
    assert.equal(await page.getByLabel('Env', { exact: true }).inputValue(), 'nowhere', 'the URL value stays selected');
  });

  it("shows an API error in the server's words", async () => {
    // A page of its own: the browser logs the 400 answers it gets here as console errors, on purpose.
    const errorPage = await context.newPage();
    const pageErrors: string[] = [];
    errorPage.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await errorPage.goto(`${server.url}/integrations/dhl-carrier?window=1h&direction=sideways`);
      await errorPage.getByTestId('error').waitFor();
      assert.match(await errorPage.getByTestId('error').innerText(), /direction=sideways must be "inbound" or "outbound"/);
      assert.deepEqual(pageErrors, []);
    } finally {
      await errorPage.close();
    }
  });

  it('raised no browser console errors or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
