/**
 * The integration page's error budget in real headless Chromium: budget left over the SLO's
 * period and the burn over the long windows, as the API computes them from the calls sent.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ENGINES } from './support/engines.js';
import { ARTIFACTS, buildConsoleIfMissing, openAdminPage, ROOT } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('console: error budget on the integration page in headless Chromium (sqlite)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const sent: Array<{ ts: number; failed: boolean }> = [];
  let start = 0;

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    // The browser reads the real clock, so the data lives around real now.
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now, catalogue: join(ROOT, 'examples', 'catalogue') });
    // Two hours of DHL label calls every 10 s; in the last half hour one in ten fails with 503.
    start = now - 2 * HOUR;
    const calls = [];
    for (let ts = start, i = 0; ts < now; ts += 10_000, i++) {
      const failed = ts >= now - 30 * MINUTE && i % 10 === 0;
      sent.push({ ts, failed });
      calls.push({ kind: 'call', ts, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: failed ? 503 : 201, latency_ms: failed ? 1_200 : 150 });
    }
    assert.equal((await server.ingest(calls)).status, 200);
    ({ browser, page } = await openAdminPage(server, problems, { width: 1280, height: 900 }));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('shows the budget left and the burn over 1 h, 6 h and 3 d of each SLO, as the calls sent make them', async () => {
    const answer = await server.get('/api/v1/integrations/dhl-carrier/budget');
    assert.equal(answer.status, 200);
    const success = answer.body.objectives.find((o: { kind: string }) => o.kind === 'success');
    const end: number = answer.body.to;
    // Independently of the server: the last hour's failures over its calls, against a 2 % budget.
    const lastHour = sent.filter((call) => call.ts >= end - HOUR);
    const hourBurn = lastHour.filter((call) => call.failed).length / lastHour.length / 0.02;
    const hour = success.burn_rates.find((r: { window_ms: number }) => r.window_ms === HOUR);
    assert.ok(Math.abs(hour.burn_rate - hourBurn) < 1e-5, `1 h burn ${hour.burn_rate}, expected ${hourBurn}`);

    await page.goto(`${server.url}/integrations/dhl-carrier`);
    const strip = page.getByTestId('budget-strip');
    await strip.waitFor();
    const left = (await page.getByTestId('budget-success-left').innerText()).trim();
    assert.equal(left, `${Math.floor(success.budget_left * 100)} % left`);
    assert.match(await strip.getByTestId('budget-success').innerText(), /success ≥ 98 %.*30 d/i);
    const burn = (await page.getByTestId(`budget-success-burn-${HOUR}`).innerText()).trim();
    assert.equal(burn, `${hourBurn.toFixed(1)}× over 60 min`);
    assert.equal(await page.getByTestId(`budget-success-burn-${HOUR}`).locator('.budget__burn--fast').count(), hourBurn > 1 ? 1 : 0);
    // The latency SLO (p95 ≤ 800 ms): the failing calls took 1.2 s.
    assert.match(await page.getByTestId('budget-latency').innerText(), /95 % within 800 ms/i);
    await page.screenshot({ path: join(ARTIFACTS, 'console-budget.png'), fullPage: false });
    assert.deepEqual(problems, []);
  });

  it('shows no budget for an integration whose catalogue record has no SLO', async () => {
    const catalogue = await server.get('/api/v1/catalogue');
    const bare = (catalogue.body.integrations as Array<{ id: string; slo: { successRate?: number; latencyP95Ms?: number } }>).find((e) => e.slo.successRate === undefined && e.slo.latencyP95Ms === undefined);
    if (!bare) return;
    await page.goto(`${server.url}/integrations/${bare.id}`);
    await page.getByTestId('contact-strip').waitFor();
    assert.equal(await page.getByTestId('budget-strip').count(), 0);
  });
});
