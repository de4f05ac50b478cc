/**
 * Issue 13, times: one format and one zone for tables, headings and chart legends, the zone said
 * on the page, and a switch to UTC that every time follows. Headless Chromium in New York time.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { formatAxisTimes } from '../console/src/format.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';
import { ARTIFACTS, buildConsoleIfMissing, launchChromium } from './support/browser.js';

/** Five minutes ago, to the second: the console's windows end at the browser's now. */
const FAILED_AT = Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000;
const clock = (timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(FAILED_AT);
/** New York is on EST (UTC−5) in winter, EDT (UTC−4) in summer. */
const NEW_YORK = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'short' }).formatToParts(FAILED_AT).find((part) => part.type === 'timeZoneName')!.value;
// The window's end names its day only when the window crosses midnight in the zone shown.
const SECOND_DAY = '(?:[A-Z][a-z]{2} \\d{1,2} )?';

describe('chart axis labels', () => {
  it('read as the time of day over a day, as dates (and times off midnight) over more', () => {
    const local = (day: number, hour: number) => new Date(2026, 11, day, hour).getTime();
    assert.deepEqual(formatAxisTimes([local(4, 6), local(4, 18)], 86_400_000), ['06:00', '18:00']);
    const days = formatAxisTimes([local(4, 0), local(4, 12), local(5, 0)], 3 * 86_400_000);
    assert.match(days[0]!, /^Dec 4$/);
    assert.match(days[1]!, /^Dec 4 12:00$/);
    assert.match(days[2]!, /^Dec 5$/);
    assert.deepEqual(formatAxisTimes([Number.NaN], 1), ['invalid date']);
  });
});

describe('times in the console (sqlite, headless Chromium, America/New_York)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    buildConsoleIfMissing();
    server = await startTestServer(ENGINES[0]!, { now: FAILED_AT + 5 * 60_000 });
    const calls = Array.from({ length: 20 }, (_, i) => ({
      kind: 'call', ts: FAILED_AT - i * 1000, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: i === 0 ? 503 : 200, latency_ms: 90,
    }));
    assert.equal((await server.ingest(calls)).status, 200);
    browser = await launchChromium();
    context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 }, timezoneId: 'America/New_York', locale: 'en-US' });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  const failedAtText = async (page: Page) => (await page.getByTestId('failures-table').locator('tbody tr').first().locator('time').first().innerText()).trim();

  it('says the zone in the heading, shows table times in it, and switches every time to UTC', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/integrations/dhl-carrier?window=1h`);
    await page.getByTestId('failures-table').waitFor();
    const heading = await page.locator('.page-head__window').innerText();
    // A window that crosses midnight names the second day too ("Dec 4 23:11 – Dec 5 00:11").
    assert.match(heading, new RegExp(`\\d\\d:\\d\\d – ${SECOND_DAY}\\d\\d:\\d\\d ${NEW_YORK}$`), heading);
    assert.equal(await failedAtText(page), clock('America/New_York'));
    assert.equal((await page.getByTestId('zone-toggle').innerText()).trim(), NEW_YORK);

    // The chart's legend shows the cursor's time as the tables do, in the same zone.
    const chart = page.getByTestId('chart-volume').locator('.u-over');
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const legendTime = (await page.getByTestId('chart-volume').locator('.u-legend .u-series').first().locator('.u-value').innerText()).trim();
    assert.match(legendTime, /^[A-Z][a-z]{2} \d{1,2}, \d\d:\d\d:\d\d$/, legendTime);

    await page.getByTestId('zone-toggle').click();
    await page.waitForLoadState('load');
    await page.getByTestId('failures-table').waitFor();
    assert.match(await page.locator('.page-head__window').innerText(), new RegExp(`\\d\\d:\\d\\d – ${SECOND_DAY}\\d\\d:\\d\\d UTC$`));
    assert.equal(await failedAtText(page), clock('UTC'));
    assert.equal((await page.getByTestId('zone-toggle').innerText()).trim(), 'UTC');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-times-utc.png'), fullPage: true });
    // And back: the choice is this browser's, kept across pages until changed.
    await page.getByTestId('zone-toggle').click();
    await page.waitForLoadState('load');
    await page.getByTestId('failures-table').waitFor();
    assert.equal(await failedAtText(page), clock('America/New_York'));
    await page.close();
  });
});
