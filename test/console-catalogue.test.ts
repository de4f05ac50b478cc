/**
 * The console's catalogue, runbook, health and jobs pages in real headless Chromium, against a real
 * server on a real SQLite file with the demo catalogue (examples/catalogue), fed by the traffic
 * simulator. What the pages show is compared with what the API answers.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { compactAll } from '../src/rollup/compact.js';
import { createSimulator } from '../src/simulator/simulator.js';
import { ENGINES } from './support/engines.js';
import { ingestAll, startTestServer, type TestServer } from './support/server.js';
import { buildConsoleIfMissing, eventually, launchChromium, signIn } from './support/browser.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CATALOGUED = ['amazon-marketplace', 'dhl-carrier', 'retailer-feed', 'salesforce-sync', 'shopify-connector', 'ups-carrier'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A runbook of the team's own that tries every way to run script in the console. */
const MALICIOUS_RUNBOOK = `# Hostile runbook

Partner ticketing for {{title}}: {{partner_ticketing}}.

## Steps

1. Read this.

<script>window.__pwned = 'script tag';</script>

<img src="data:image/png;base64,AAAA" onerror="window.__pwned = 'img onerror'">

<a href="javascript:window.__pwned='javascript link'" id="js-link">a javascript: link</a>

[markdown javascript link](javascript:window.__pwned='markdown%20link')

<iframe src="javascript:window.parent.__pwned='iframe'"></iframe>

<div onmouseover="window.__pwned = 'handler'" style="position:fixed;inset:0">cover</div>
`;

/** The ids of the catalogue table's rows, in the order shown. */
async function shownRows(page: Page): Promise<string[]> {
  return page.getByTestId('catalogue-table').locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
}

async function rowsBecome(page: Page, expected: string[], what: string): Promise<void> {
  await eventually(what, async () => {
    const rows = await shownRows(page);
    return JSON.stringify(rows) === JSON.stringify(expected) ? true : undefined;
  });
}

describe('console: catalogue, runbooks, health and jobs in headless Chromium (sqlite)', { timeout: 240_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let runbooks: string;
  let sandbox: Server;
  const problems: string[] = [];

  const api = async <T = any>(path: string): Promise<T> => {
    const answer = await server.get(path);
    assert.equal(answer.status, 200, `GET ${path}: ${JSON.stringify(answer.body)}`);
    return answer.body as T;
  };

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
    // The partner's health endpoint the demo catalogue's dhl-carrier check probes, on loopback.
    sandbox = createServer((request, response) => {
      const authorised = request.headers.authorization === 'Bearer console-test-token';
      response.writeHead(authorised ? 200 : 401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: authorised ? 'ok' : 'unauthorised' }));
    });
    await new Promise<void>((resolve) => sandbox.listen(0, '127.0.0.1', resolve));
    // Read by the probe when it runs, as a deployment would set them.
    process.env.SWITCHBOARD_DEMO_SANDBOX = `http://127.0.0.1:${(sandbox.address() as AddressInfo).port}`;
    process.env.DHL_API_TOKEN = 'console-test-token';
    runbooks = mkdtempSync(join(tmpdir(), 'switchboard-runbooks-'));
    writeFileSync(join(runbooks, 'hostile.md'), MALICIOUS_RUNBOOK);

    // The browser reads the real clock, so the data lives around real now.
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, {
      now,
      catalogue: join(ROOT, 'examples', 'catalogue'),
      env: { SWITCHBOARD_RUNBOOKS: runbooks },
    });
    const sim = createSimulator({ seed: 11 });
    // The contact sync fails for its last runs; the price feed's last three or four runs bring ~45 %
    // fewer records (fewer might all fail on their own; five or more would pull the trailing average down).
    sim.startIncident('run-failures', { integration: 'salesforce-sync', startMs: now - 35 * MINUTE, durationMs: 60 * MINUTE });
    sim.startIncident('count-drop', { integration: 'retailer-feed', startMs: now - 50 * MINUTE, durationMs: 60 * MINUTE });
    const records = sim.generate(now - 6 * HOUR, now);
    await ingestAll(server, records);
    // An integration nobody has catalogued yet.
    const mystery = Array.from({ length: 30 }, (_, i) => ({
      kind: 'call',
      ts: now - 5_000 - i * 1_000,
      integration: 'mystery-feed',
      direction: 'outbound',
      operation: 'items.pull',
      status: 200,
      latency_ms: 120 + i,
      env: 'production',
    }));
    assert.equal((await server.ingest(mystery)).body.accepted, mystery.length);
    await compactAll(server.store.db);

    browser = await launchChromium();
    context = await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // Downloads go out without the page's extra headers: they ride on the session cookie.
    await signIn(context, server);
    page = watch(await context.newPage());
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    if (runbooks) rmSync(runbooks, { recursive: true, force: true });
    await new Promise((resolve) => sandbox?.close(resolve));
  });

  it('lists the six catalogued integrations with their owners, and the uncatalogued id below', async () => {
    await page.goto(`${server.url}/catalogue`);
    await page.getByTestId('catalogue-table').waitFor();
    const catalogue = await api<{ integrations: Array<{ id: string; owner: string }>; uncatalogued: string[] }>('/api/v1/catalogue');
    assert.deepEqual(catalogue.integrations.map((e) => e.id).sort(), CATALOGUED);

    const rows = await shownRows(page);
    assert.deepEqual([...rows].sort(), CATALOGUED, 'one row per catalogued integration');
    for (const entry of catalogue.integrations) {
      const owner = await page.getByTestId(`catalogue-row-${entry.id}`).locator('[data-col=owner]').innerText();
      assert.equal(owner.trim(), entry.owner, `${entry.id}: owner`);
    }
    // The health column says it in words, as the API does.
    const health = await api<{ integrations: Array<{ id: string; status: string }> }>('/api/v1/health');
    const dhl = health.integrations.find((h) => h.id === 'dhl-carrier')!;
    const dhlHealth = page.getByTestId('catalogue-row-dhl-carrier').getByTestId('catalogue-health');
    await eventually('the health column', async () => ((await dhlHealth.getAttribute('data-status')) === dhl.status ? true : undefined));
    assert.match((await dhlHealth.innerText()).trim(), new RegExp(`${dhl.status}$`));

    assert.ok(catalogue.uncatalogued.includes('mystery-feed'));
    const uncatalogued = page.getByTestId('uncatalogued');
    assert.match(await uncatalogued.innerText(), /sending data but not in the catalogue — add a record/);
    await page.getByTestId('uncatalogued-mystery-feed').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-catalogue.png'), fullPage: true });
  });

  it('narrows the table with the text, type and owner filters, sorts by a column, and keeps it all in the URL', async () => {
    await page.getByLabel('Type', { exact: true }).selectOption('carrier');
    await page.waitForURL((url) => url.searchParams.get('type') === 'carrier');
    await rowsBecome(page, ['dhl-carrier', 'ups-carrier'], 'the carriers');

    await page.getByLabel('Type', { exact: true }).selectOption('');
    await page.getByLabel('Owner', { exact: true }).selectOption('team-commerce');
    await page.waitForURL((url) => url.searchParams.get('owner') === 'team-commerce' && !url.searchParams.has('type'));
    await rowsBecome(page, ['amazon-marketplace', 'shopify-connector'], "team-commerce's integrations");

    await page.getByLabel('Search', { exact: true }).fill('shop');
    await page.waitForURL((url) => url.searchParams.get('q') === 'shop');
    await rowsBecome(page, ['shopify-connector'], 'the text filter');
    assert.match(await page.getByTestId('catalogue-count').innerText(), /1 of 6 integrations/);

    await page.reload();
    await rowsBecome(page, ['shopify-connector'], 'the filters to survive a reload');
    assert.equal(await page.getByLabel('Search', { exact: true }).inputValue(), 'shop');
    assert.equal(await page.getByLabel('Owner', { exact: true }).inputValue(), 'team-commerce');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await rowsBecome(page, [...CATALOGUED].sort((a, b) => a.localeCompare(b)), 'all six, by name');

    // Sort by owner, then reverse it.
    await page.getByTestId('sort-owner').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'owner');
    const catalogue = await api<{ integrations: Array<{ id: string; owner: string; title: string }> }>('/api/v1/catalogue');
    const byOwner = [...catalogue.integrations].sort((a, b) => a.owner.localeCompare(b.owner) || a.title.localeCompare(b.title)).map((e) => e.id);
    await rowsBecome(page, byOwner, 'the owner order');
    assert.equal(await page.locator('th[aria-sort=ascending]').innerText(), await page.getByTestId('sort-owner').innerText());
    await page.getByTestId('sort-owner').click();
    await page.waitForURL((url) => url.searchParams.get('dir') === 'desc');
    const owners = await page.getByTestId('catalogue-table').locator('tbody [data-col=owner]').allInnerTexts();
    assert.deepEqual(owners, [...owners].sort((a, b) => b.localeCompare(a)), 'owners descending');
  });

  it('exports the catalogue as CSV: a header row and one row per integration', async () => {
    await page.goto(`${server.url}/catalogue`);
    await page.getByTestId('catalogue-table').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('catalogue-csv').click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.split(/\r?\n/).filter((line) => line !== '');
    assert.match(lines[0]!, /^id,name,type,partner/);
    assert.equal(lines.length, 1 + CATALOGUED.length, text);
    for (const id of CATALOGUED) assert.ok(lines.some((line) => line.startsWith(`${id},`)), `${id} in the CSV`);
  });

  it('shows health, owner and the "uncatalogued" tag on the board', async () => {
    await page.goto(`${server.url}/`);
    await page.getByTestId('board').waitFor();
    const board = page.getByTestId('board');
    const from = Number(await board.getAttribute('data-from'));
    const to = Number(await board.getAttribute('data-to'));
    const answer = await api<{ integrations: Array<{ id: string; status: string; status_reason: string; owner: string | null; uncatalogued: boolean }> }>(
      `/api/v1/integrations?from=${from}&to=${to}`,
    );
    for (const tile of answer.integrations) {
      const shown = page.getByTestId(`tile-${tile.id}`);
      assert.ok(['healthy', 'degraded', 'down', 'unknown'].includes(tile.status), `${tile.id}: ${tile.status}`);
      assert.equal(await shown.getAttribute('data-status'), tile.status, `${tile.id}: status`);
      assert.match((await shown.getByTestId('tile-status').innerText()).trim(), new RegExp(`${tile.status}$`), `${tile.id}: status in words`);
      assert.equal((await shown.getByTestId('tile-reason').innerText()).trim(), tile.status_reason, `${tile.id}: reason`);
      if (tile.owner) assert.equal((await shown.getByTestId('tile-owner').innerText()).trim(), tile.owner, `${tile.id}: owner`);
      assert.equal(await shown.getByTestId('tile-uncatalogued').count(), tile.uncatalogued ? 1 : 0, `${tile.id}: uncatalogued tag`);
    }
    assert.equal(answer.integrations.find((t) => t.id === 'mystery-feed')?.uncatalogued, true);
    assert.equal((await page.getByTestId('tile-mystery-feed').getByTestId('tile-uncatalogued').innerText()).trim(), 'uncatalogued');
  });

  it("shows an integration's catalogue record: owner, escalation, SLOs, runbooks and where it is declared", async () => {
    await page.goto(`${server.url}/integrations/dhl-carrier?window=1h`);
    await page.getByTestId('summary').waitFor();
    // The header's status is the current health, with its reasons.
    const health = await api<{ status: string; reasons: string[] }>('/api/v1/integrations/dhl-carrier/health');
    await eventually('the header health', async () =>
      (await page.getByTestId('integration-status').getAttribute('data-status')) === health.status ? true : undefined,
    );
    assert.match(await page.getByTestId('integration-reason').innerText(), new RegExp(health.reasons[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal((await page.getByTestId('header-owner').innerText()).trim(), 'team-shipping');

    await page.getByTestId('tab-catalogue').click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'catalogue' && url.searchParams.get('window') === '1h');
    await page.getByTestId('catalogue-record').waitFor();
    assert.equal((await page.getByTestId('catalogue-owner').innerText()).trim(), 'team-shipping');
    const escalation = await page.getByTestId('catalogue-escalation').innerText();
    assert.match(escalation, /Dana Okafor \(shipping lead\)/);
    assert.match(escalation, /dana\.okafor@example\.com/);
    assert.equal(await page.getByTestId('catalogue-escalation').locator('a[href="mailto:dana.okafor@example.com"]').count(), 1);
    assert.match(await page.getByTestId('catalogue-partner-ticketing').innerText(), /integrations@dhl\.example/);
    const slo = await page.getByTestId('catalogue-slo').innerText();
    assert.match(slo, /success ≥ 98 %/);
    assert.match(slo, /p95 ≤ 800 ms/);
    assert.match(slo, /tracking\.updated within 30 min/);
    // Named from the catalogue folder, never from where the server runs.
    assert.match(await page.getByTestId('catalogue-source').innerText(), /^carriers\.yaml:\d+$/);
    const links = await page
      .getByTestId('catalogue-runbooks')
      .locator('a')
      .evaluateAll((anchors) => anchors.map((a) => new URL((a as HTMLAnchorElement).href).pathname + new URL((a as HTMLAnchorElement).href).search));
    assert.deepEqual(links, [
      '/runbooks/partner-timeouts-5xx?integration=dhl-carrier',
      '/runbooks/rate-limiting?integration=dhl-carrier',
      '/runbooks/credential-expiry?integration=dhl-carrier',
      '/runbooks/webhook-gaps?integration=dhl-carrier',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'console-integration-catalogue.png'), fullPage: true });

    // Back to the signals keeps the window.
    await page.getByTestId('tab-signals').click();
    await page.waitForURL((url) => !url.searchParams.has('tab') && url.searchParams.get('window') === '1h');
    await page.getByTestId('summary').waitFor();
  });

  it("shows an integration's health now, its history of changes and its checks", async () => {
    await page.goto(`${server.url}/integrations/dhl-carrier?tab=health`);
    await page.getByTestId('health-current').waitFor();
    const health = await api<{ status: string; reasons: string[]; history: Array<{ status: string; reason: string }> }>(
      '/api/v1/integrations/dhl-carrier/health',
    );
    assert.equal(await page.getByTestId('health-status').getAttribute('data-status'), health.status);
    assert.deepEqual(await page.getByTestId('health-reasons').locator('li').allInnerTexts(), health.reasons);
    const history = page.getByTestId('health-history').locator('tbody tr');
    await history.first().waitFor();
    assert.equal(await history.count(), health.history.length);
    assert.match(await history.first().innerText(), new RegExp(health.history[0]!.status));

    const check = page.getByTestId('check-api-health');
    await check.waitFor();
    assert.match(await check.innerText(), /api-health/);
    assert.match(await check.getByTestId('check-status').innerText(), /(up|degraded|down|pending)$/);
    await page.getByTestId('check-now-api-health').waitFor();
  });

  it('runs a check at once with "Check now", and says when to try again when asked too often', async () => {
    // A page of its own: the browser logs the 429 it gets here as a console error, on purpose.
    const checkPage = await context.newPage();
    const errors: string[] = [];
    checkPage.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    checkPage.on('pageerror', (error) => errors.push(error.message));
    try {
      await checkPage.goto(`${server.url}/integrations/dhl-carrier?tab=health`);
      const row = checkPage.getByTestId('check-api-health');
      await row.waitFor();
      await checkPage.getByTestId('check-now-api-health').click();
      await eventually('the result of "check now"', async () =>
        /^up, \d/.test(await checkPage.getByTestId('check-now-message-api-health').innerText()) ? true : undefined,
      );
      // The row follows: status, last result and latency from the stored result.
      const checks = await api<{ checks: Array<{ name: string; status: string; last: { latency_ms: number; http_status: number } | null }> }>(
        '/api/v1/integrations/dhl-carrier/checks',
      );
      const stored = checks.checks.find((c) => c.name === 'api-health')!;
      assert.equal(stored.status, 'up');
      assert.equal(stored.last?.http_status, 200);
      await eventually('the check row to show the new result', async () =>
        (await row.getAttribute('data-status')) === 'up' && /HTTP 200/.test(await row.innerText()) ? true : undefined,
      );
      assert.match((await row.getByTestId('check-status').innerText()).trim(), /up$/);

      await checkPage.getByTestId('check-now-api-health').click();
      await eventually('"try again in N s"', async () =>
        /^try again in \d+ s$/.test(await checkPage.getByTestId('check-now-message-api-health').innerText()) ? true : undefined,
      );
      assert.equal(await checkPage.getByTestId('check-now-api-health').isDisabled(), true, 'the button waits too');
      assert.ok(errors.every((text) => /429/.test(text)), errors.join('\n'));
    } finally {
      await checkPage.close();
    }
  });

  it("opens a runbook filled in for the integration: headings, and the partner's ticketing contact", async () => {
    await page.goto(`${server.url}/integrations/dhl-carrier?tab=catalogue`);
    await page.getByTestId('catalogue-runbooks').getByTestId('runbook-link-partner-timeouts-5xx').click();
    await page.waitForURL((url) => url.pathname === '/runbooks/partner-timeouts-5xx' && url.searchParams.get('integration') === 'dhl-carrier');
    const runbook = page.getByTestId('runbook');
    await runbook.waitFor();
    assert.equal((await runbook.locator('h1').innerText()).trim(), 'Partner timeouts and 5xx errors');
    const headings = await runbook.locator('h2').allInnerTexts();
    assert.ok(headings.includes('First triage (5 minutes)') && headings.includes('Contact and escalate'), headings.join(' | '));
    const text = await runbook.innerText();
    assert.match(text, /DHL integration desk, integrations@dhl\.example, https:\/\/partner\.example\/dhl\/tickets/);
    assert.match(text, /Dana Okafor/);
    // Links to other sites open apart from the console.
    const external = runbook.locator('a[href="https://partner.example/dhl/tickets"]');
    assert.equal(await external.getAttribute('rel'), 'noopener noreferrer');
    await page.screenshot({ path: join(ARTIFACTS, 'console-runbook.png'), fullPage: true });

    // A link into the console inside the runbook navigates in place.
    await runbook.locator('a[href="/integrations/dhl-carrier"]').click();
    await page.waitForURL((url) => url.pathname === '/integrations/dhl-carrier');
    await page.getByTestId('summary').waitFor();

    // The list of runbooks, each opening the template.
    await page.goto(`${server.url}/runbooks`);
    await page.getByTestId('runbooks').waitFor();
    const listed = await api<{ runbooks: Array<{ name: string }> }>('/api/v1/runbooks');
    assert.equal(await page.getByTestId('runbooks').locator('li').count(), listed.runbooks.length);
    assert.doesNotMatch(await page.getByTestId('runbooks').innerText(), /\{\{/, 'no raw placeholders in the summaries');
  });

  it('renders Markdown sanitised: no script, handler or javascript: link in a runbook runs', async () => {
    await page.goto(`${server.url}/runbooks/hostile?integration=dhl-carrier`);
    const runbook = page.getByTestId('runbook');
    await runbook.waitFor();
    assert.equal((await runbook.locator('h1').innerText()).trim(), 'Hostile runbook');
    assert.match(await runbook.innerText(), /Partner ticketing for DHL Parcel API: DHL integration desk/);
    // Give an image error or a script time to fire, then hover and click what is left.
    await page.waitForTimeout(500);
    await runbook.hover();
    for (const link of await runbook.locator('a').all()) await link.click({ trial: false }).catch(() => undefined);
    const found = await page.evaluate(() => {
      const root = document.querySelector('[data-testid=runbook]')!;
      return {
        pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
        scripts: root.querySelectorAll('script, iframe, object, embed, style').length,
        handlers: Array.from(root.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => a.name.startsWith('on')).map((a) => a.name)),
        styles: root.querySelectorAll('[style]').length,
        hrefs: Array.from(root.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? ''),
      };
    });
    assert.equal(found.pwned, null, 'no injected code ran');
    assert.equal(found.scripts, 0);
    assert.deepEqual(found.handlers, []);
    assert.equal(found.styles, 0);
    assert.ok(found.hrefs.every((href) => !/^\s*javascript:/i.test(href)), found.hrefs.join(' '));
  });

  it('lists feeds and jobs, failed first, with last run, failure history and count trends against their trailing average', async () => {
    await page.goto(`${server.url}/jobs`);
    await page.getByTestId('jobs').waitFor();
    const jobs = await api<{ jobs: Array<{ integration: string; job: string; last_run: { status: string } | null; runs: number; failures: number; counts: Record<string, { points: unknown[]; change: number | null }> }> }>(
      '/api/v1/jobs',
    );
    const cards = page.getByTestId('jobs').locator('article');
    const order = await cards.evaluateAll((articles) => articles.map((a) => a.getAttribute('data-testid')));
    assert.deepEqual([...order].sort(), jobs.jobs.map((j) => `job-${j.integration}-${j.job}`).sort());
    assert.ok(order.includes('job-retailer-feed-price-scrape') && order.includes('job-salesforce-sync-contacts-sync'), order.join(', '));

    const contacts = page.getByTestId('job-salesforce-sync-contacts-sync');
    assert.equal(await contacts.getAttribute('data-state'), 'failed', 'the failing contact sync reads failed');
    assert.equal(order[0], 'job-salesforce-sync-contacts-sync', 'failed jobs come first');
    assert.match(await contacts.getByTestId('job-state').innerText(), /failed$/);
    const api_contacts = jobs.jobs.find((j) => j.job === 'contacts-sync')!;
    assert.equal(Number(await contacts.getByTestId('run-strip').getAttribute('data-failed')), Math.min(api_contacts.failures, 50));
    assert.match(await contacts.getByTestId('job-failures').innerText(), new RegExp(`${api_contacts.failures} of ${api_contacts.runs} runs · \\d+ in a row`));
    await contacts.getByTestId('job-error').waitFor();

    const prices = page.getByTestId('job-retailer-feed-price-scrape');
    // The simulator fails one scrape in seventy, so the card must say what the API's last run did.
    const lastPrices = jobs.jobs.find((j) => j.job === 'price-scrape')!.last_run!;
    assert.match(await prices.getByTestId('job-last-run').innerText(), new RegExp(`ago · ${lastPrices.status}\\b`));
    assert.match(await prices.getByTestId('job-last-success').innerText(), /ago · target within 4 h/);
    const skus = prices.getByTestId('count-skus');
    const apiSkus = jobs.jobs.find((j) => j.job === 'price-scrape')!.counts.skus!;
    assert.ok(apiSkus.change !== null && apiSkus.change < -0.3, `the simulated count drop (${apiSkus.change})`);
    assert.equal(Number(await skus.getAttribute('data-change')), apiSkus.change);
    assert.match(await skus.getByTestId('count-change').innerText(), /^▼?\s*−\d+ % drop · avg [\d,.]+$/);
    assert.match(await skus.getAttribute('class') ?? '', /count--bad/);
    // Two lines: the counts and the trailing average.
    const paths = await skus.locator('svg path').evaluateAll((ps) => ps.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).length));
    assert.equal(paths.length, 2);
    assert.equal(paths[1], apiSkus.points.length, 'one point per run');
    assert.ok(paths[0]! >= apiSkus.points.length - 1, 'a trailing average from the second run on');
    // The card links the runbook of what is wrong first: a stale feed when the last scrape failed (one in seventy), else the drop.
    const stale = ['failed', 'late'].includes((await prices.getAttribute('data-state')) ?? '');
    await prices.getByRole('link', { name: stale ? /Runbook: stale feed/ : /Runbook: record-count drop/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'console-jobs.png'), fullPage: true });

    // Narrowed to one integration, in the URL.
    await page.getByLabel('Integration', { exact: true }).selectOption('retailer-feed');
    await page.waitForURL((url) => url.searchParams.get('integration') === 'retailer-feed');
    await eventually('the jobs to narrow', async () => ((await cards.count()) === 1 ? true : undefined));
  });

  it('shows an uncatalogued integration as such on its page', async () => {
    await page.goto(`${server.url}/integrations/mystery-feed?tab=catalogue`);
    await page.getByTestId('uncatalogued-note').waitFor();
    assert.equal((await page.getByTestId('integration-uncatalogued').innerText()).trim(), 'uncatalogued');
    assert.match(await page.getByTestId('uncatalogued-note').innerText(), /name: mystery-feed/);
  });

  it('raised no browser console errors or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
