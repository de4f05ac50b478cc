/**
 * The trace page in real headless Chromium, against a real server on a real SQLite file fed by
 * the simulator (a carrier whose webhooks stop, a burst of 5xx) and a few hand-made traces. What
 * the page shows is compared with what the timeline API answers for the same id.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { WireRecord } from '../src/ingest/wire.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { ARTIFACTS, buildConsoleIfMissing, eventually, launchChromium, watchPage } from './support/browser.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const isEvent = (r: WireRecord, name: string) => r.kind === 'event' && r.name === name;

describe('trace page in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let failedOrder: string;
  let stuckOrder: string;
  let stuckShipment: string;

  const timeline = async (query: string) => {
    const answer = await server.get(`/api/v1/trace/timeline?${query}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  };

  /** Types into the header's search box on whatever page is open, and presses Enter. */
  const searchFromHeader = async (text: string) => {
    const box = page.getByRole('search', { name: 'Trace an order' }).getByRole('searchbox');
    await box.fill(text);
    await box.press('Enter');
  };

  before(async () => {
    // The browser reads the real clock, so the data lives around real now.
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now });
    const sim = createSimulator({ seed: 11, integrations: ['shopify-connector', 'dhl-carrier', 'ups-carrier'] });
    sim.startIncident('webhook-gap', { integration: 'dhl-carrier', startMs: now - 6 * HOUR, durationMs: 4 * HOUR });
    sim.startIncident('server-errors', { integration: 'dhl-carrier', startMs: now - 7 * HOUR, durationMs: HOUR });
    const records = sim.generate(now - 8 * HOUR, now);
    const polls = Array.from({ length: 5_001 }, (_, i) => ({
      kind: 'call',
      ts: now - 3 * HOUR + i * 1_000,
      integration: 'ups-carrier',
      direction: 'outbound',
      operation: 'tracking.get',
      status: 200,
      latency_ms: 40 + (i % 50),
      correlation_id: 'poll-loop-1',
    }));
    const twice = [
      { kind: 'event', ts: now - HOUR, integration: 'shopify-connector', name: 'order.received', order_id: 'twice-1' },
      { kind: 'call', ts: now - HOUR, integration: 'ups-carrier', direction: 'outbound', operation: 'rates.get', status: 200, latency_ms: 90, correlation_id: 'twice-1' },
    ];
    const all = [...records, ...polls, ...twice];
    for (let i = 0; i < all.length; i += 10_000) {
      const batch = all.slice(i, i + 10_000);
      assert.equal((await server.ingest(batch)).body.accepted, batch.length);
    }

    const flows = new Map<string, WireRecord[]>();
    for (const r of records) if (r.correlation_id) (flows.get(r.correlation_id) ?? flows.set(r.correlation_id, []).get(r.correlation_id)!).push(r);
    const orders = [...flows.values()].filter((f) => f.some((r) => isEvent(r, 'order.received')));
    const orderOf = (f: WireRecord[]) => f.find((r) => isEvent(r, 'order.received'))!.order_id!;
    failedOrder = orderOf(orders.find((f) => f.some((r) => isEvent(r, 'label.failed')) && f.some((r) => isEvent(r, 'label.created')))!);
    const stuck = orders.find(
      (f) => f.some((r) => isEvent(r, 'label.created') && now - (r.ts as number) > 3 * HOUR) && !f.some((r) => isEvent(r, 'carrier.confirmed') || isEvent(r, 'tracking.updated')),
    )!;
    stuckOrder = orderOf(stuck);
    stuckShipment = stuck.find((r) => r.shipment_id)!.shipment_id!;

    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 } });
    page = watchPage(await context.newPage(), problems);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('searches from the header of any page and opens the order as a deep link, every step shown', async () => {
    await page.goto(`${server.url}/jobs`);
    await searchFromHeader(failedOrder);
    await page.waitForURL((url) => url.pathname === '/trace' && url.searchParams.get('order_id') === failedOrder);
    await page.getByTestId('trace-timeline').waitFor();
    const answer = await timeline(`order_id=${failedOrder}`);
    const rows = page.locator('[data-testid=trace-timeline] tbody > tr');
    assert.equal(await rows.count(), answer.steps.length, 'one row per step or group');
    assert.deepEqual(
      await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-name'))),
      answer.steps.map((s: { name: string }) => s.name),
    );
    assert.equal(await page.getByRole('searchbox').inputValue(), failedOrder, 'the box says what is traced');
    const counts = await page.getByTestId('trace-counts').innerText();
    assert.match(counts, new RegExp(`${answer.summary.records} records`));
  });

  it('makes a failure stand out in colour, icon and word, and marks the retry after it', async () => {
    const failed = page.locator('[data-testid=trace-step][data-failed=true]').first();
    const fine = page.locator('[data-testid=trace-step][data-failed=false]').first();
    assert.match(await failed.innerText(), /✕\s*failed/);
    const background = (row: typeof failed) => row.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(await background(failed), await background(fine), 'a failed row has its own colour');
    const answer = await timeline(`order_id=${failedOrder}`);
    const retries = answer.steps.filter((s: { retry?: boolean }) => s.retry).length;
    assert.ok(retries >= 1);
    assert.equal(await page.locator('[data-testid=trace-step][data-retry=true]').count(), retries);
    assert.match(await page.locator('[data-testid=trace-step][data-retry=true]').first().innerText(), /↻\s*retry/);
    assert.equal(await page.locator('[data-milestone="label.failed"]').getAttribute('data-state'), 'failure');
    for (const { id } of answer.integrations as Array<{ id: string }>) {
      assert.equal(await page.getByTestId('trace-related').getByRole('link', { name: id, exact: true }).getAttribute('href'), `/integrations/${id}`);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'console-trace-failure.png'), fullPage: true });
  });

  it('calls out a missing step at the top, in the words the API uses', async () => {
    await searchFromHeader(stuckOrder);
    await page.waitForURL((url) => url.searchParams.get('order_id') === stuckOrder);
    const missing = page.getByTestId('trace-missing');
    await missing.waitFor();
    const answer = await timeline(`order_id=${stuckOrder}`);
    assert.equal(answer.missing.length, 1);
    const shown = await missing.locator('li').allInnerTexts();
    assert.deepEqual(shown.map((text) => text.toLowerCase()), answer.missing.map((text: string) => text.toLowerCase()));
    assert.match(shown[0]!, /^No carrier confirmation \d+ h( \d+ min)? after the label was created$/);
    assert.equal(await missing.getAttribute('role'), 'alert');
    assert.equal(await page.locator('[data-milestone="carrier.confirmed"]').getAttribute('data-state'), 'missing');
    // The alert sits above the timeline.
    const [alertY, timelineY] = await Promise.all([missing.boundingBox(), page.getByTestId('trace-timeline').boundingBox()]);
    assert.ok(alertY!.y < timelineY!.y);
    await page.screenshot({ path: join(ARTIFACTS, 'console-trace.png'), fullPage: true });
  });

  it('finds a shipment by its id alone and links it back to its order', async () => {
    await searchFromHeader(stuckShipment);
    await page.waitForURL((url) => url.searchParams.get('shipment_id') === stuckShipment);
    const order = page.getByTestId('related-order_id');
    await order.waitFor();
    assert.equal(await order.innerText(), stuckOrder);
    await order.click();
    await page.waitForURL((url) => url.searchParams.get('order_id') === stuckOrder);
    await page.getByTestId('trace-missing').waitFor();
  });

  it('collapses a polling loop into one line that opens, and says when the trace is cut', async () => {
    await page.goto(`${server.url}/trace?correlation_id=poll-loop-1`);
    await page.getByTestId('trace-truncated').waitFor();
    assert.match(await page.getByTestId('trace-truncated').innerText(), /more than 5,000 records/);
    const group = page.getByTestId('trace-group');
    assert.equal(await group.count(), 1);
    assert.equal(await group.getAttribute('data-count'), '5000');
    assert.equal(await page.getByTestId('trace-member').count(), 0, 'closed at first');
    const toggle = group.getByTestId('group-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.getByTestId('trace-member').count(), 100);
    await page.getByText('… and 4900 more calls like these, not listed').waitFor();
  });

  it('says when a string is more than one kind of id, and lets the user pick', async () => {
    await searchFromHeader('twice-1');
    const choices = page.getByTestId('trace-choices');
    await choices.waitFor();
    assert.deepEqual(await choices.getByRole('link').allInnerTexts(), ['Order id', 'Correlation id']);
    await choices.getByRole('link', { name: 'Correlation id' }).click();
    await page.waitForURL((url) => url.searchParams.get('correlation_id') === 'twice-1');
    await page.getByTestId('trace-timeline').waitFor();
  });

  it('shows not found and API errors in the server’s words', async () => {
    await searchFromHeader('nope-404');
    const notFound = page.getByTestId('trace-not-found');
    await notFound.waitFor();
    const answer = await server.get('/api/v1/trace/search?q=nope-404');
    assert.equal(answer.status, 404);
    assert.match(await notFound.innerText(), new RegExp(answer.body.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

    await page.goto(`${server.url}/trace?q=${'x'.repeat(129)}`);
    const error = page.getByTestId('error');
    await error.waitFor();
    assert.match(await error.innerText(), /q is 129 characters long; ids are at most 128/);

    await page.goto(`${server.url}/trace?order_id=nope-order`);
    await eventually('the not-found message', async () => ((await page.getByTestId('trace-not-found').count()) > 0 ? true : undefined));
    assert.match(await page.getByTestId('trace-not-found').innerText(), /no record carries order id "nope-order"/);
  });

  it("opens a failed call's trace from an integration page's recent failures", async () => {
    await page.goto(`${server.url}/integrations/dhl-carrier?window=24h`);
    const link = page.getByTestId('failures-table').locator('tbody tr').first().getByRole('link').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    assert.match(href, /^\/trace\?(order_id|shipment_id|correlation_id)=/);
    await link.click();
    await page.waitForURL((url) => url.pathname === '/trace');
    await page.getByTestId('trace-timeline').waitFor();
    assert.ok((await page.locator('[data-failed=true]').count()) >= 1, 'the failed call is in its trace');
  });

  it('had no console errors but the answers it was sent to provoke', () => {
    const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of (400|404)/.test(p));
    assert.deepEqual(unexpected, []);
  });
});
