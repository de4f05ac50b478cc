/**
 * The Logs tab and log lines in a trace, in real headless Chromium against a real server: what the
 * page shows is compared with what the API answers for the same filters; new lines appear without
 * a reload; an error type's "show its lines" narrows the list to it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, buildConsoleIfMissing, eventually, openAdminPage } from './support/browser.js';
import { ENGINES } from './support/engines.js';
import { postLogs } from './support/logs.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;
const ID = 'crm-sync';

describe('Logs tab in headless Chromium (sqlite)', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let now: number;

  const api = async (query: string) => {
    const answer = await server.get(`/api/v1/integrations/${ID}/logs?${query}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  };
  const rowsShown = async () => {
    await page.getByTestId('log-lines').waitFor();
    return page.getByTestId('log-line').count();
  };

  before(async () => {
    buildConsoleIfMissing();
    // The browser reads the real clock, so the lines live around real now.
    now = Date.now();
    const alerting = join(mkdtempSync(join(tmpdir(), 'logs-console-')), 'alerting.yaml');
    writeFileSync(alerting, `rules:\n  - { name: "${ID}:log-errors", kind: log_errors, integration: ${ID}, window: 1h, for: 0s }\n`);
    server = await startTestServer(ENGINES[0]!, { now, alerting });
    const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE).toISOString();
    const lines = [
      ...Array.from({ length: 12 }, (_, i) => ({ timestamp: at(50 - i), level: 'info', service: 'sync-task-service', operation: 'sync.started', tenantId: 'tenant-123', integrationId: ID, metadata: { taskId: `task-${400 + i}`, entity: 'contact', syncType: 'scheduled' } })),
      ...Array.from({ length: 5 }, (_, i) => ({ timestamp: at(40 - i * 5), level: 'error', service: 'salesforce-adapter', operation: 'fetch.failed', tenantId: 'tenant-123', integrationId: ID, metadata: { entity: 'contact', error: 'Invalid session token', retryable: true, orderId: `ord-${70 + i}` } })),
      ...Array.from({ length: 3 }, (_, i) => ({ timestamp: at(30 - i), level: 'warn', service: 'salesforce-adapter', operation: 'fetch.retry', tenantId: 'tenant-123', integrationId: ID, message: `Rate limit at ${90 + i}% of the daily quota`, metadata: { entity: 'contact' } })),
      { timestamp: at(20), level: 'info', service: 'sync-task-service', operation: 'sync.completed', tenantId: 'tenant-123', integrationId: ID, metadata: { entity: 'contact', recordCount: 1520, duration: 48_000, orderId: 'ord-72' } },
    ];
    assert.equal((await postLogs(server, lines)).body.accepted, lines.length);
    // A call of the same order, so its trace has a step besides the lines.
    assert.equal((await server.ingest([{ kind: 'call', ts: now - 36 * MINUTE, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: 201, latency_ms: 300, order_id: 'ord-72' }])).body.accepted, 1);
    ({ browser, page } = await openAdminPage(server, problems, { width: 1400, height: 1200 }));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists the lines newest first and the error types, as the API answers them', async () => {
    await page.goto(`${server.url}/integrations/${ID}?tab=logs`);
    const expected = await api('');
    assert.equal(await rowsShown(), expected.logs.length);
    const firstTime = await page.getByTestId('log-line').first().locator('time').getAttribute('datetime');
    assert.equal(Date.parse(firstTime!), expected.logs[0].ts, 'newest first');
    const groups = (await server.get(`/api/v1/integrations/${ID}/logs/errors?from=${now - 60 * MINUTE}`)).body.groups;
    await page.getByTestId('error-groups').waitFor();
    assert.equal(await page.getByTestId('error-group').count(), groups.length);
    assert.match(await page.getByTestId('error-group').first().innerText(), /Invalid session token/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-logs.png'), fullPage: true });
  });

  it('filters by level and text as the API does', async () => {
    await page.getByTestId('log-level').selectOption('error,fatal');
    await page.getByTestId('log-text').fill('session');
    await page.getByTestId('log-apply').click();
    const expected = await api('level=error,fatal&q=session');
    assert.equal(expected.logs.length, 5);
    await eventually('the filtered lines', async () => ((await rowsShown()) === expected.logs.length ? true : undefined));
    assert.ok(page.url().includes('level=error%2Cfatal') || page.url().includes('level=error,fatal'), 'the filters are in the URL');
  });

  it("narrows the list to one error type from its row, and shows a line's context", async () => {
    await page.goto(`${server.url}/integrations/${ID}?tab=logs`);
    await page.getByTestId('error-group-lines').first().click();
    await page.getByTestId('log-chip-type').waitFor();
    await eventually('the lines of the type', async () => ((await rowsShown()) === 5 ? true : undefined));
    await page.getByTestId('log-line').first().locator('summary').click();
    await page.getByTestId('log-context').first().click();
    await page.getByTestId('log-chip-around').waitFor();
    const around = Number(new URL(page.url()).searchParams.get('around'));
    const context = await api(`from=${around - 5 * MINUTE}&to=${around + 5 * MINUTE}`);
    await eventually('the lines around it', async () => ((await rowsShown()) === context.logs.length ? true : undefined));
  });

  it('shows a new line without a reload', async () => {
    await page.goto(`${server.url}/integrations/${ID}?tab=logs`);
    const before = await rowsShown();
    await postLogs(server, [{ timestamp: new Date().toISOString(), level: 'error', integrationId: ID, operation: 'fetch.failed', message: 'Connection reset by partner' }]);
    await eventually('the new line', async () => ((await rowsShown()) === before + 1 ? true : undefined), 15_000);
    assert.match(await page.getByTestId('log-line').first().innerText(), /Connection reset by partner/);
  });

  it('links a log_errors alert to the lines of the error type it names', async () => {
    await server.app.alerting.evaluate();
    const alert = (await server.get(`/api/v1/alerts?integration=${ID}`)).body.alerts.find((a: { rule: string }) => a.rule === `${ID}:log-errors`);
    assert.equal(alert?.state, 'firing', JSON.stringify(alert));
    assert.match(alert.summary, /new error type "Invalid session token"/);
    // The alert carries the type its summary names: the same fingerprint the error groups give it.
    const groups = (await server.get(`/api/v1/integrations/${ID}/logs/errors?from=${now - 60 * MINUTE}`)).body.groups as Array<{ fingerprint: string; pattern: string }>;
    const named = groups.find((group) => group.pattern === 'Invalid session token');
    assert.equal(alert.context?.errorType?.fingerprint, named?.fingerprint, JSON.stringify(alert.context));
    await page.goto(`${server.url}/alerts/${alert.id}`);
    const link = page.getByTestId('alert-log-lines');
    assert.match(await link.innerText(), /error type Invalid session token/);
    await link.click();
    await page.getByTestId('log-chip-type').waitFor();
    await page.getByTestId('log-lines').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('fingerprint'), named!.fingerprint, page.url());
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'logs');
    // Exactly the lines of that type, in the window the page asked for (the test server's clock stands
    // still while the browser's runs): the five failed fetches, not the rate-limit warnings or the reset.
    const shownWindow = page.getByTestId('log-lines');
    const [from, to] = [await shownWindow.getAttribute('data-from'), await shownWindow.getAttribute('data-to')];
    const expected = (await api(`fingerprint=${named!.fingerprint}&from=${from}&to=${to}`)).logs as Array<{ message: string | null; metadata: { error?: string } | null }>;
    assert.equal(expected.length, 5);
    await eventually('the lines of the type', async () => ((await page.getByTestId('log-line').count()) === expected.length ? true : undefined));
    for (const text of await page.getByTestId('log-line').allInnerTexts()) assert.match(text, /Invalid session token/);
    assert.match(await page.getByTestId('log-chip-type').innerText(), /Invalid session token/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-alert-log-lines.png'), fullPage: true });
  });

  it('shows the log lines of an order in its trace', async () => {
    await page.goto(`${server.url}/trace?order_id=ord-72`);
    await page.getByTestId('trace-logs').waitFor();
    const timeline = (await server.get('/api/v1/trace/timeline?order_id=ord-72')).body;
    assert.equal(timeline.logs.length, 2, 'the failed fetch and the completed sync carry ord-72');
    assert.equal(await page.getByTestId('trace-log-lines').getByTestId('log-line').count(), 2);
    await page.screenshot({ path: join(ARTIFACTS, 'console-trace-logs.png'), fullPage: true });
  });

  it('links a resolved log_errors alert still to the lines of the error type it fired on', async () => {
    const fired = (await server.get(`/api/v1/alerts?integration=${ID}`)).body.alerts.find((a: { rule: string }) => a.rule === `${ID}:log-errors`);
    const fingerprint = fired?.context?.errorType?.fingerprint as string;
    assert.match(fingerprint, /^[0-9a-f]{16}$/, JSON.stringify(fired));
    // Two hours on, the rule's hour holds no new type: the alert resolves.
    server.clock.advance(120 * MINUTE);
    await server.app.alerting.evaluate();
    const alert = (await server.get(`/api/v1/alerts?integration=${ID}&state=resolved`)).body.alerts.find((a: { rule: string }) => a.rule === `${ID}:log-errors`);
    assert.equal(alert?.state, 'resolved', JSON.stringify(alert));
    assert.equal(alert.context?.errorType?.fingerprint, fingerprint);
    assert.match(alert.context.links.console, new RegExp(`[?&]fingerprint=${fingerprint}(&|$)`));
    await page.goto(`${server.url}/alerts/${alert.id}`);
    const link = page.getByTestId('alert-log-lines');
    assert.equal(await link.getAttribute('href'), `/integrations/${ID}?tab=logs&fingerprint=${fingerprint}`);
    assert.equal(await link.getAttribute('data-fingerprint'), fingerprint);
    assert.match(await link.innerText(), /error type Invalid session token/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-resolved-alert-log-lines.png'), fullPage: true });
    await link.click();
    await page.getByTestId('log-chip-type').waitFor();
    assert.equal(new URL(page.url()).searchParams.get('fingerprint'), fingerprint, page.url());
    assert.deepEqual(problems, []);
  });
});
