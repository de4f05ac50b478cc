/**
 * The console's operations overview in real headless Chromium, against a real server fed by the
 * traffic simulator with an incident: every figure and table row on screen is the admin API's
 * answer, the five sections have their charts, rows link to the integration pages, the
 * navigation shows the page to administrators only, and new runs show without a reload.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createToken } from '../src/access/tokens.js';
import { ARTIFACTS, eventually } from './support/browser.js';
import type { TestServer } from './support/server.js';
import { openSimulatedConsole } from './support/simulated-console.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const API = '/api/v1/admin/integrations';

describe('console: the operations overview in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
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
  const shown = async (testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));
  /** The rows of a table: the integration (or first cell) and the data-value of every numeric cell. */
  const rowsOf = (testId: string) =>
    page
      .getByTestId(testId)
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th, td')!.textContent, ...Array.from(tr.querySelectorAll('[data-col]')).map((cell) => `${cell.getAttribute('data-col')}=${cell.getAttribute('data-value')}`)]),
      );

  before(async () => {
    ({ server, browser, page } = await openSimulatedConsole({
      now,
      hours: 6,
      seed: 11,
      incident: { integration: 'ups-carrier', startMs: now - 30 * MINUTE, durationMs: 60 * MINUTE },
      catalogue: 'examples/catalogue',
      problems,
    }));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('opens from the header and shows the five sections as the admin API answers them', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL((url) => url.pathname === '/overview');
    await page.getByTestId('overview-figures').waitFor();

    const stats = await api(`${API}/stats`);
    assert.ok(stats.jobs.runs > 10 && stats.top_integrations.length >= 4, JSON.stringify(stats).slice(0, 300));
    assert.equal(await shown('overview-integrations'), stats.integrations.total);
    for (const status of ['healthy', 'degraded', 'down', 'unknown']) assert.equal(await shown(`overview-status-${status}`), stats.integrations.by_status[status]);
    assert.deepEqual([await shown('overview-runs'), await shown('overview-runs-success'), await shown('overview-runs-failed')], [stats.jobs.runs, stats.jobs.success, stats.jobs.failed]);
    assert.deepEqual(
      await rowsOf('overview-top'),
      stats.top_integrations.map((row: any) => [row.integration, `calls=${row.calls}`, `error_rate=${row.error_rate ?? ''}`, `runs=${row.runs}`, `records=${row.records}`]),
    );

    const health = await api(`${API}/health?limit=100`);
    const healthRows = await rowsOf('overview-health');
    assert.deepEqual(healthRows.map((row) => row[0]).sort(), health.integrations.map((row: any) => row.id).sort());
    // Trouble first: the incident's integration is above every healthy one.
    const firstHealthy = healthRows.findIndex((row) => health.integrations.find((h: any) => h.id === row[0]).status === 'healthy');
    const ups = healthRows.findIndex((row) => row[0] === 'ups-carrier');
    assert.notEqual(health.integrations.find((h: any) => h.id === 'ups-carrier').status, 'healthy');
    assert.ok(ups < firstHealthy, `${ups} < ${firstHealthy}`);

    const activity = await api(`${API}/sync-activity?limit=25`);
    assert.deepEqual(await shown('activity-runs'), activity.totals.runs);
    const runRows = await rowsOf('overview-runs-table');
    assert.deepEqual(
      runRows.map((row) => [row[0], row.at(-1)]),
      activity.runs.map((run: any) => [run.integration, `records=${run.records}`]),
    );

    const errors = await api(`${API}/errors?limit=10`);
    assert.deepEqual((await rowsOf('overview-errors')).map((row) => [row[0], row[2]]), errors.by_integration.map((row: any) => [row.integration, `errors=${row.errors}`]));
    assert.equal(await shown('errors-server_error'), errors.by_type.server_error);

    const performance = await api(`${API}/performance`);
    assert.deepEqual((await rowsOf('overview-latency')).map((row) => [row[0], row[2]]), performance.latency_by_adapter.map((row: any) => [row.adapter ?? 'not catalogued', `calls=${row.calls}`]));
    assert.deepEqual((await rowsOf('overview-durations')).map((row) => row[0]), performance.run_duration.map((row: any) => row.integration));
    assert.equal(await shown('performance-records'), performance.records);

    for (const chart of ['chart-overview-errors', 'chart-overview-runs', 'chart-overview-duration', 'chart-overview-throughput', 'chart-overview-queues']) {
      await page.locator(`[data-testid=${chart}] canvas`).first().waitFor();
    }
    const top = stats.top_integrations[0].integration;
    assert.equal(await page.getByTestId('overview-top').getByRole('link', { name: top }).getAttribute('href'), `/integrations/${top}?window=24h`);
    assert.equal(await page.getByTestId('overview-health').getByRole('link', { name: 'ups-carrier' }).getAttribute('href'), '/integrations/ups-carrier?window=24h&tab=health');
    await page.screenshot({ path: join(ARTIFACTS, 'console-overview.png'), fullPage: true });
    await page.getByTestId('overview-top').getByRole('link', { name: top }).click();
    await page.waitForURL((url) => url.pathname === `/integrations/${top}`);
  });

  it('shows a new failed run without a reload', async () => {
    await page.goto(`${server.url}/overview`);
    await eventually('the live feed to connect', async () => ((await page.getByTestId('live-status').textContent()) === 'live' ? true : undefined));
    const failedBefore = await shown('activity-failed');
    // The server's clock stands still at `now`: the run falls inside the window it reads, and no
    // simulated run can be newer than it (a tie goes to the later id, this one).
    const run = { kind: 'run', ts: now - 1, integration: 'salesforce-sync', job: 'contacts-sync', status: 'failed', duration_ms: 1_500, error: 'session expired' };
    assert.equal((await server.ingest([run])).status, 200);
    await eventually('the new failed run on screen', async () => ((await shown('activity-failed')) === failedBefore + 1 ? true : undefined), 15_000);
    assert.equal(await page.getByTestId('overview-runs-table').locator('tbody tr').first().locator('th').textContent(), 'salesforce-sync');
    assert.deepEqual(problems, []);
  });

  it('is in the navigation of administrators only; a viewer gets one note and no data', async () => {
    const viewer = (await createToken(server.store.db, { name: 'viewer', scopes: ['read'] }, Date.now())).token;
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${viewer}` }, viewport: { width: 1280, height: 800 } });
    const viewerPage = await context.newPage();
    await viewerPage.goto(`${server.url}/`);
    const nav = viewerPage.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('link', { name: 'Flow' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Overview' }).count(), 0);
    const asked: string[] = [];
    viewerPage.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await viewerPage.goto(`${server.url}/overview`);
    await viewerPage.getByTestId('overview-admins-only').waitFor();
    assert.deepEqual(asked.filter((path) => path.startsWith('/api/v1/admin/')), []);
    assert.equal((await server.get(`${API}/stats`, viewer)).status, 403);
    await viewerPage.screenshot({ path: join(ARTIFACTS, 'console-overview-viewer.png') });
    await context.close();
  });
});
