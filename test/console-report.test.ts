/**
 * The printable report page in real headless Chromium: it shows the report API's figures, the
 * integration page links to it, its CSV link downloads the CSV, and printed (Chromium's own PDF)
 * it keeps the figures and leaves out the navigation and the buttons.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ENGINES } from './support/engines.js';
import { ARTIFACTS, buildConsoleIfMissing, openAdminPage } from './support/browser.js';
import { scriptIncidents } from './support/incidents.js';
import { ingestAll, startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'switchboard-console-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('console: the printable report page in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  // The browser reads the real clock: the incidents lie in the last few hours.
  const T0 = Math.floor(Date.now() / MINUTE) * MINUTE - 3 * 60 * MINUTE;
  const window = { from: T0 - 60 * MINUTE, to: T0 + 3 * 60 * MINUTE };

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(dir, 'catalogue.yaml');
    writeFileSync(
      file,
      `apiVersion: switchboard/v1
kind: Integration
metadata: { name: crm-sync }
spec: { type: saas, partner: CRM, owner: team-crm, tenant: acme, slo: { successRate: 0.99, latencyP95: 250ms } }
---
apiVersion: switchboard/v1
kind: Integration
metadata: { name: erp-feed }
spec: { type: feed, partner: ERP, owner: team-erp, tenant: acme }
`,
    );
    server = await startTestServer(ENGINES[0]!, { now: Date.now(), catalogue: file });
    const calls = [];
    for (let i = 0; i < 120; i++) {
      for (const operation of ['contact.sync', 'deal.sync', 'ping']) {
        const failed = (operation === 'contact.sync' && i % 10 === 0) || (operation === 'deal.sync' && i % 30 === 0);
        calls.push({ kind: 'call', ts: T0 + i * MINUTE, integration: 'crm-sync', direction: 'outbound', operation, status: failed ? 503 : 200, latency_ms: i % 20 === 7 ? 400 : 100 });
      }
    }
    await ingestAll(server, calls);
    await scriptIncidents(server, T0);
    for (const [minutes, ticket] of [[10, 'ZD-1'], [65, 'ZD-2'], [120, 'ZD-3']] as const) {
      await server.store.db.insertInto('customer_reports').values({ integration: 'crm-sync', reported_at: T0 + minutes * MINUTE, ticket, note: null, recorded_by: 'test', recorded_at: T0 + minutes * MINUTE }).execute();
    }
    ({ browser, page } = await openAdminPage(server, problems, { width: 1280, height: 900 }));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('links the report from the integration page and shows the API’s figures', async () => {
    const report = await server.get(`/api/v1/integrations/crm-sync/report?from=${window.from}&to=${window.to}`);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    await page.goto(`${server.url}/integrations/crm-sync`);
    const link = page.getByTestId('integration-report-link');
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), '/integrations/crm-sync/report');

    await page.goto(`${server.url}/integrations/crm-sync/report?from=${new Date(window.from).toISOString()}&to=${new Date(window.to).toISOString()}`);
    await page.getByTestId('report-summary').waitFor();
    const { availability, figures } = report.body;
    assert.equal(availability.meets_slo, false);
    assert.match(await page.getByTestId('report-availability').innerText(), new RegExp(`^${(Math.round(availability.success_rate * 1000) / 10).toFixed(1)} % misses the SLO of 99 %$`));
    assert.equal(await page.getByTestId('report-incident-count').innerText(), String(figures.incidents));
    const spent = report.body.budget.budget_spent;
    assert.equal(await page.getByTestId('report-budget').innerText(), `${Math.round(spent * 1000) / 10} %${spent > 1 ? ' overspent' : ''}`);
    const slow = report.body.latency_budget;
    assert.equal(await page.getByTestId('report-latency-budget').innerText(), `${Math.round(slow.budget_spent * 1000) / 10} %${slow.budget_spent > 1 ? ' overspent' : ''}`);
    assert.equal(slow.bad, 18, 'one call in twenty took 400 ms');
    assert.equal(await page.getByTestId('report-mttr').innerText(), `${figures.mttr_ms / MINUTE} min`);
    assert.equal(await page.getByTestId('report-detected-share').innerText(), `${Math.round(figures.detected_before_reported_share * 1000) / 10} % (${figures.detected_before_reported} of ${figures.reports})`);
    assert.equal(await page.getByTestId('report-incidents').locator('tbody tr').count(), report.body.incidents.length);
    assert.deepEqual(
      await page.getByTestId('report-operations').locator('tbody tr td:first-child').allInnerTexts(),
      report.body.worst_operations.map((operation: { operation: string }) => operation.operation),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'console-report.png'), fullPage: true });
    assert.deepEqual(problems, []);
  });

  it('downloads the CSV from its link', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    assert.match(download.suggestedFilename(), /^switchboard-report-crm-sync-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = join(ARTIFACTS, 'console-report.csv');
    await download.saveAs(path);
    assert.ok(statSync(path).size > 0);
  });

  it('prints to a PDF without the navigation or the buttons, and page 1 becomes an image', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.topbar').isVisible(), false);
    assert.equal(await page.getByRole('button').filter({ visible: true }).count(), 0);
    assert.equal(await page.getByTestId('report-csv').isVisible(), false);
    assert.equal(await page.getByTestId('report-availability').isVisible(), true);
    const pdf = join(ARTIFACTS, 'console-report.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    // Summary, incidents and worst operations each begin a page.
    assert.ok(pages >= 3, `${pages} pages`);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
    assert.match(text, /crm-sync: report for/);
    assert.match(text, /Error budget spent/);
    assert.doesNotMatch(text, /Download CSV|Previous month|Sign out/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(ARTIFACTS, 'console-report-page')]);
    assert.ok(existsSync(join(ARTIFACTS, 'console-report-page-1.png')));
    await page.emulateMedia({ media: 'screen' });
  });

  it('shows the tenant report from the navigation, one row per integration with the API\'s figures, and its CSV', async () => {
    const api = await server.get(`/api/v1/reports?from=${window.from}&to=${window.to}`);
    assert.equal(api.status, 200, JSON.stringify(api.body));
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByTestId('tenant-report').waitFor();
    await page.goto(`${server.url}/reports?from=${new Date(window.from).toISOString()}&to=${new Date(window.to).toISOString()}`);
    const table = page.getByTestId('tenant-report-table');
    await table.waitFor();
    assert.deepEqual(await table.locator('tbody th').allInnerTexts(), api.body.integrations.map((row: { integration: string }) => row.integration));
    const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;
    const crm = api.body.integrations.find((row: { integration: string }) => row.integration === 'crm-sync');
    const cell = (id: string, name: string) => page.getByTestId(`tenant-report-${id}`).locator(`[data-cell="${name}"]`).innerText();
    assert.equal(await cell('crm-sync', 'volume'), String(crm.availability.volume));
    assert.equal(await cell('crm-sync', 'availability'), `${(Math.round(crm.availability.success_rate * 1000) / 10).toFixed(1)} %`);
    assert.equal(await cell('crm-sync', 'budget'), `${pct(crm.budget.budget_spent)}${crm.budget.budget_spent > 1 ? ' overspent' : ''}`);
    assert.equal(await cell('crm-sync', 'latency-budget'), pct(crm.latency_budget.budget_spent));
    assert.equal(await cell('crm-sync', 'incidents'), String(crm.figures.incidents));
    assert.equal(await cell('crm-sync', 'mttr'), `${crm.figures.mttr_ms / MINUTE} min`);
    assert.equal(await cell('crm-sync', 'detected'), `${pct(crm.figures.detected_before_reported_share)} (${crm.figures.detected_before_reported} of ${crm.figures.reports})`);
    assert.deepEqual([await cell('erp-feed', 'budget'), await cell('erp-feed', 'latency-budget'), await cell('erp-feed', 'detected')], ['–', '–', '– (no reports)'], 'no SLO, no budgets');
    await page.screenshot({ path: join(ARTIFACTS, 'console-tenant-report.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tenant-report-csv').click()]);
    const path = join(ARTIFACTS, 'console-tenant-report.csv');
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
    assert.match(lines[0]!, /^integration,tenant,volume,ok,success_rate/);
    assert.equal(lines.length, 1 + api.body.integrations.length);
    assert.deepEqual(problems, []);
  });
});
