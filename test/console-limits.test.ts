/**
 * Issue 10, item 3 in the console: records refused by a cardinality limit are shown, never silent.
 * The board says how many were refused and links to the ingest limits page, which names each
 * refusal (which limit, how many, the last value) and the integrations nearest a limit. Real
 * headless Chromium against a server whose limit of integrations is 2.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';
import { ARTIFACTS, buildConsoleIfMissing, launchChromium } from './support/browser.js';

describe('ingest limits in the console (sqlite, headless Chromium)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    buildConsoleIfMissing();
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now, env: { SWITCHBOARD_LIMIT_INTEGRATIONS: '2', SWITCHBOARD_LIMIT_OPERATIONS: '3' } });
    const call = (integration: string, operation: string, i: number) => ({ kind: 'call', ts: now - 1_000 - i, integration, direction: 'outbound', operation, status: 200, latency_ms: 80 });
    const accepted = await server.ingest([call('dhl-carrier', 'label.create', 0), call('ups-carrier', 'label.create', 1)]);
    assert.equal(accepted.status, 200);
    // A third integration (2 records) and a fourth and fifth operation of dhl-carrier go past the limits.
    const refused = await server.ingest([call('fedex-carrier', 'label.create', 2), call('fedex-carrier', 'label.create', 3), ...['a', 'b', 'c', 'd'].map((op, i) => call('dhl-carrier', `op.${op}`, 4 + i))]);
    assert.equal(refused.body.rejected.length, 4, JSON.stringify(refused.body));
    browser = await launchChromium();
    context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('the board says records were refused and links to what was refused', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    const note = page.getByTestId('refused-records-note');
    await note.waitFor();
    assert.match(await note.innerText(), /Ingest limits refused 4 records since the server started/);
    await note.getByRole('link', { name: 'See what was refused' }).click();
    await page.getByTestId('limits-rejections').waitFor();
    const table = await page.getByTestId('limits-rejections').innerText();
    assert.match(table, /new ids\s+new integration ids past the limit of 2 integrations\s+2\s+fedex-carrier/);
    assert.match(table, /dhl-carrier\s+new operations past 3 per integration\s+2\s+op\.d/);
    assert.match(await page.getByTestId('limits-refused-total').innerText(), /4 records refused since/);
    assert.match(await page.getByTestId('limits-integrations').innerText(), /2 of 2 integrations \(100 %\)/);
    assert.match(await page.getByTestId('limits-busiest').innerText(), /dhl-carrier\s+3\s+0/);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-ingest-limits.png'), fullPage: true });
    await page.close();
  });

  it('says so when nothing was refused, and the board shows no note', async () => {
    const quiet = await startTestServer(ENGINES[0]!, { now: Date.now() });
    const quietContext = await browser.newContext({ extraHTTPHeaders: quiet.auth });
    try {
      const page = await quietContext.newPage();
      await page.goto(`${quiet.url}/ingest/limits`);
      await page.getByTestId('limits-nothing-refused').waitFor();
      // The note would come with the limits answer: wait for that answer before looking.
      const limits = page.waitForResponse((response) => response.url().includes('/api/v1/ingest/limits'));
      await page.goto(`${quiet.url}/`);
      await page.getByRole('heading', { name: 'Integrations' }).waitFor();
      assert.equal((await limits).status(), 200);
      assert.equal(await page.getByTestId('refused-records-note').count(), 0);
    } finally {
      await quietContext.close();
      await quiet.close();
    }
  });
});
