/**
 * Issue 13 on the demo's own pages, in headless Chromium: integrations by name, chart axes in one
 * unit with a top that fits the data, flow counts that agree across the headline and both tables,
 * runbooks without placeholders, glue or doubled words, check targets and sources fit to read.
 * Screenshots go to test-artifacts/.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axisScale, logSplits } from '../console/src/components/axis.js';
import { ARTIFACTS, buildConsoleIfMissing, eventually, launchChromium, watchPage } from './support/browser.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** "the the", "in Switchboard: … in Switchboard"-style slips: a word written twice in a row. */
const DOUBLED = /\b(\w+)\s+\1\b/i;
/** Words the catalogue's fallbacks used to leave in a sentence. */
const GLUE = /\(the partner\)|\(its SLO\)|of The integration|the integration page in Switchboard/;

describe('chart axis scales', () => {
  it('step nicely in one unit with one precision, and fit the data', () => {
    // The lead-time axis that read "0 ms, 33 min, 67 min, 100 min, 2.2 h".
    assert.deepEqual(axisScale(2.2 * 3_600_000, 'duration').labels, ['0.0 h', '0.5 h', '1.0 h', '1.5 h', '2.0 h', '2.5 h']);
    assert.deepEqual(axisScale(100 * 60_000, 'duration').labels, ['0 min', '20 min', '40 min', '60 min', '80 min', '100 min']);
    // An exception rate under 25 % on a 0–25 % axis, not 0–100 %; shares to one precision.
    assert.deepEqual(axisScale(0.22, 'share').labels, ['0 %', '5 %', '10 %', '15 %', '20 %', '25 %']);
    assert.equal(axisScale(0.999, 'share').max, 1);
    assert.deepEqual(axisScale(37, 'count').labels, ['0', '10', '20', '30', '40']);
    assert.deepEqual(logSplits(8, 2_000), [10, 100, 1_000]);
    assert.deepEqual(logSplits(30, 900), [50, 100, 200, 500]);
  });
});

describe('the demo reads right (headless Chromium)', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-reads-right-'));
  let url = '';
  let banner = '';
  let child: ReturnType<typeof spawn>;
  let auth = { authorization: '' };
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const api = async (path: string) => (await fetch(`${url}${path}`, { headers: auth })).json() as Promise<any>;
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `reads-right-${name}.png`), fullPage: true });

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    const port = await freePort();
    child = spawn('bin/switchboard', ['demo', '--port', String(port), '--database', join(dir, 'demo.db'), '--history', '1', '--scale', '10'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => (banner += chunk));
    child.stdout!.on('data', (chunk) => (banner += chunk));
    for (let i = 0; i < 1800 && !banner.includes('Stop with Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
    url = `http://127.0.0.1:${port}`;
    auth = { authorization: `Bearer ${/A read \+ respond token for the API: (sbt_\S+)/.exec(banner)?.[1]}` };
    browser = await launchChromium();
    const context = await browser.newContext({ extraHTTPHeaders: auth, viewport: { width: 1280, height: 900 } });
    page = watchPage(await context.newPage(), problems);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    child?.kill('SIGTERM');
    await new Promise((resolve) => child?.on('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns at start-up that notification links are built on its own address', () => {
    assert.match(banner, /SWITCHBOARD_PUBLIC_URL is not set: links in notifications point at http:\/\/localhost:\d+/);
  });

  it('flow: names, not ids; counts that agree across the headline and both tables; axes in one unit that fit the data', async () => {
    await page.goto(`${url}/flow?window=1h`);
    const carriers = page.getByTestId('carrier-flow-table');
    await carriers.locator('tbody tr').first().waitFor();
    const answer = await eventually('a flow answer with exceptions', async () => {
      const flow = await api(`/api/v1/flow?from=${Number(await page.getByTestId('flow-summary').getAttribute('data-from'))}&to=${Number(await page.getByTestId('flow-summary').getAttribute('data-to'))}`);
      return flow.exceptions > 0 ? flow : undefined;
    }, 20_000);
    // Names: each row's first cell starts with the catalogue's title, the id beside it.
    const catalogue = await api('/api/v1/catalogue');
    const titles = new Map<string, string>(catalogue.integrations.map((e: { id: string; title: string }) => [e.id, e.title]));
    for (const row of await carriers.locator('tbody tr').all()) {
      const id = (await row.getAttribute('data-integration'))!;
      assert.match(await row.locator('th').innerText(), new RegExp(`^${titles.get(id)}\\s+${id}$`));
    }
    assert.doesNotMatch(await page.getByTestId('flow-summary').innerText(), /stalest: [a-z0-9-]+-(carrier|connector)\b/i);

    // Counts: the tables' cells add up to the headline, all three read at one moment from the page
    // (one answer); the demo keeps writing, so the API asked afterwards counts at least as many.
    await page.reload();
    await carriers.locator('tbody tr').first().waitFor();
    const onPage = await page.evaluate((tables) => {
      const cells = tables.map((table) => Array.from(document.querySelectorAll(`[data-testid="${table}"] td[data-col="exceptions"]`)));
      const [carriers, origins] = cells.map((column) => column.reduce((total, cell) => total + Number(cell.getAttribute('data-value')), 0));
      const headline = document.querySelector('[data-testid="flow-exception-rate"]')?.parentElement?.querySelector('.figure__sub')?.textContent ?? '';
      return { carriers, origins, headline };
    }, ['carrier-flow-table', 'origin-flow-table']);
    const headline = Number(/^([\d,]+) exceptions?$/.exec(onPage.headline)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    const shown = await api(`/api/v1/flow?from=${await page.getByTestId('flow-summary').getAttribute('data-from')}&to=${await page.getByTestId('flow-summary').getAttribute('data-to')}`);
    assert.ok(answer.exceptions > 0 && headline > 0, `the demo raises exceptions (headline "${onPage.headline}")`);
    assert.equal(onPage.carriers, headline, 'carriers add up to the headline');
    assert.equal(onPage.origins, headline, 'order channels (and the unattributed) add up to the headline');
    assert.ok(shown.exceptions >= headline, `the API counts at least what the page showed: ${shown.exceptions} < ${headline}`);
    assert.ok(shown.origins.some((o: { exceptions: number }) => o.exceptions > 0), 'order channels count the exceptions of their orders');

    // Axes: every label of a chart in one unit, with the same decimals; shares that fit the data.
    for (const chart of ['chart-flow-lead-time', 'chart-flow-exceptions', 'chart-flow-labels', 'chart-flow-tracking']) {
      const labels = ((await page.getByTestId(chart).locator('.uplot').getAttribute('data-y-labels')) ?? '').split('|');
      assert.ok(labels.length >= 2, `${chart}: ${labels}`);
      const units = new Set(labels.map((label) => label.replace(/^[\d.,]+\s*/, '')));
      assert.equal(units.size, 1, `${chart} in one unit: ${labels.join(', ')}`);
      const decimals = new Set(labels.map((label) => /\.(\d+)/.exec(label)?.[1]?.length ?? 0));
      assert.equal(decimals.size, 1, `${chart} with one precision: ${labels.join(', ')}`);
      assert.notEqual(labels[0], '0 ms', `${chart} does not start at "0 ms" on a minutes axis`);
    }
    const exceptionAxis = ((await page.getByTestId('chart-flow-exceptions').locator('.uplot').getAttribute('data-y-labels')) ?? '').split('|');
    const highest = Math.max(...(await api(`/api/v1/flow/timeseries?from=${shown.from}&to=${shown.to}&step=120000`)).series.exception_rate.filter((v: number | null) => v !== null));
    if (highest < 0.25) assert.notEqual(exceptionAxis.at(-1), '100 %', `an exception rate up to ${highest} is not drawn on a 0–100 % axis`);
    await shot('flow');
  });

  it('runbooks: cards and every rendered runbook, with and without an integration, read whole', async () => {
    await page.goto(`${url}/runbooks`);
    const cards = page.getByTestId('runbooks');
    await cards.locator('li').first().waitFor();
    const cardText = await cards.innerText();
    assert.doesNotMatch(cardText, /\$\{|\{\{/);
    assert.doesNotMatch(cardText, GLUE);
    assert.doesNotMatch(cardText, DOUBLED, cardText.match(DOUBLED)?.[0]);
    await shot('runbooks');
    const { runbooks } = await api('/api/v1/runbooks');
    assert.ok(runbooks.length >= 5);
    for (const { name } of runbooks as Array<{ name: string }>) {
      for (const integration of [undefined, 'dhl-carrier', 'shopify-connector']) {
        await page.goto(`${url}/runbooks/${name}${integration ? `?integration=${integration}` : ''}`);
        const body = page.getByTestId('runbook');
        await body.waitFor();
        const text = await body.innerText();
        const where = `${name}${integration ? ` for ${integration}` : ''}`;
        assert.doesNotMatch(text, /\$\{|\{\{/, where);
        assert.doesNotMatch(text, GLUE, where);
        assert.doesNotMatch(text, DOUBLED, `${where}: ${text.match(DOUBLED)?.[0]}`);
        if (integration) assert.match(text, new RegExp(integration === 'dhl-carrier' ? 'DHL Parcel API' : 'Shopify connector'), `${where}: the integration is named`);
      }
    }
    await page.goto(`${url}/runbooks/partner-timeouts-5xx`);
    await page.getByTestId('runbook').waitFor();
    await shot('runbook-template');
  });

  it('catalogue: check targets name their environment variables; "Declared in" stays in the catalogue folder', async () => {
    await page.goto(`${url}/integrations/dhl-carrier?tab=catalogue`);
    const record = page.getByTestId('catalogue-record');
    await record.waitFor();
    const text = await record.innerText();
    assert.doesNotMatch(text, /\$\{/);
    assert.match(text, /SWITCHBOARD_DEMO_SANDBOX\/dhl\/health/);
    const source = await page.getByTestId('catalogue-source').innerText();
    assert.match(source, /^carriers\.yaml:\d+$/);
    await shot('catalogue');
  });

  it('integration page: checks without raw references; volume and latency axes in one unit each', async () => {
    await page.goto(`${url}/integrations/dhl-carrier?tab=health`);
    await eventually('the checks table', async () => ((await page.getByTestId('check-api-health').count()) > 0 ? true : undefined), 20_000);
    assert.doesNotMatch(await page.getByTestId('check-api-health').innerText(), /\$\{/);
    assert.match(await page.getByTestId('check-api-health').innerText(), /SWITCHBOARD_DEMO_SANDBOX\/dhl\/health/);
    await shot('health');
    await page.goto(`${url}/integrations/dhl-carrier?window=1h`);
    await page.getByTestId('chart-latency').locator('.uplot').waitFor();
    for (const chart of ['chart-volume', 'chart-latency']) {
      const labels = await eventually(`${chart} labels`, async () => (await page.getByTestId(chart).locator('.uplot').getAttribute('data-y-labels')) ?? undefined);
      const units = new Set(labels.split('|').map((label) => label.replace(/^[\d.,]+\s*/, '')));
      assert.equal(units.size, 1, `${chart} in one unit: ${labels}`);
      assert.equal(new Set(labels.split('|')).size, labels.split('|').length, `${chart}: no label twice: ${labels}`);
    }
    await page.getByTestId('chart-latency').screenshot({ path: join(ARTIFACTS, 'reads-right-latency-chart.png') });
    await shot('integration');
  });

  it('trace: the integrations an order went through by name', async () => {
    // The order the demo prints, or one from the label calls that failed (they carry their order).
    const failed = async () => {
      const to = Date.now();
      const { failures } = await api(`/api/v1/integrations/dhl-carrier/failures?from=${to - 3_600_000}&to=${to}&limit=200`);
      return (failures as Array<{ order_id: string | null }>).find((f) => f.order_id)?.order_id ?? undefined;
    };
    const order = /trace\?order_id=(\S+)/.exec(banner)?.[1] ?? (await eventually('an order id', failed, 20_000));
    await page.goto(`${url}/trace?order_id=${order}`);
    const related = page.getByTestId('trace-related');
    await related.waitFor();
    // The names arrive with the catalogue, a moment after the trace.
    const text = await eventually('the names', async () => {
      const shown = await related.innerText();
      return /Shopify connector|DHL Parcel API|UPS Shipping API|Amazon marketplace/.test(shown) ? shown : undefined;
    });
    assert.doesNotMatch(text.split('\n').find((line) => /\(\d+/.test(line)) ?? '', /^[a-z0-9]+(-[a-z0-9]+)+ \(/, text);
    const steps = await page.getByTestId('trace-step').locator('td:nth-child(3)').allInnerTexts();
    assert.ok(steps.length > 0 && steps.every((name) => !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(name.trim())), JSON.stringify(steps.slice(0, 5)));
    await shot('trace');
  });

  it('board: tiles by name; the success figure names its window, in the format the reasons use', async () => {
    await page.goto(`${url}/?window=1h`);
    const tile = page.getByTestId('tile-dhl-carrier');
    await tile.waitFor();
    assert.equal((await tile.locator('.tile__name').innerText()).trim(), 'DHL Parcel API');
    const figures = await tile.locator('.figures').innerText();
    assert.match(figures, /Success\s+(\d+(\.\d)? %|–)\s+last 1 h/i, figures);
    assert.doesNotMatch(`${figures} ${await tile.getByTestId('tile-reason').innerText()}`, /\d%/, 'every percentage written "98.2 %"');
    await shot('board');
  });

  it('raised no browser console errors or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
