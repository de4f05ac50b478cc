/**
 * One-click recovery in headless Chromium: the integration page offers the catalogue's actions,
 * a responder runs one and reads its result (secret scrubbed); a viewer is told why there is no button.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ENGINES } from './support/engines.js';
import { ARTIFACTS, buildConsoleIfMissing, launchChromium, signIn, watchPage } from './support/browser.js';
import { startTestServer, type TestServer } from './support/server.js';
import { recoveryCatalogue, SECRET, teamService } from './support/recovery.js';

describe('console: recovery actions in headless Chromium (sqlite)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let service: Awaited<ReturnType<typeof teamService>>;
  let browser: Browser;
  const problems: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-console-recovery-'));

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    service = await teamService();
    const file = join(dir, 'catalogue.yaml');
    writeFileSync(file, recoveryCatalogue(service.url));
    const alerting = join(dir, 'alerting.yaml');
    writeFileSync(alerting, 'rules:\n  - { name: crm-auth, kind: error_rate, outcome: auth_error, integration: crm-sync, threshold: 0.2, for: 0s, window: 2m }\n');
    server = await startTestServer(ENGINES[0]!, { now: Date.now(), catalogue: file, alerting });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    service?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a responder run an action and shows its result with the secret masked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signIn(context, server, 'responder');
    const page = watchPage(await context.newPage(), problems);
    await page.goto(`${server.url}/integrations/crm-sync`);
    const panel = page.getByTestId('recovery-panel');
    await panel.getByTestId('recovery-run-refresh-token').click();
    const run = panel.getByTestId('recovery-run').first();
    await run.getByText('200 in').waitFor();
    assert.match(await run.innerText(), /refresh-token\s+200 in \d+ ms · by responder-/);
    await run.getByText('Answer').click();
    const excerpt = await run.locator('pre').innerText();
    assert.match(excerpt, /"refreshed":true/);
    assert.ok(!(await page.content()).includes(SECRET), 'the page never holds the secret');
    await page.screenshot({ path: join(ARTIFACTS, 'recovery-integration.png'), fullPage: false });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('records a customer report from the health tab and counts it in the figures', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1100 } });
    await signIn(context, server, 'responder');
    const page = watchPage(await context.newPage(), problems);
    await page.goto(`${server.url}/integrations/crm-sync?tab=health`);
    await page.getByTestId('incident-figures').waitFor();
    await page.getByLabel(/A customer reported a problem now/).fill('ZD-4711');
    await page.getByRole('button', { name: 'Record customer report' }).click();
    await page.getByText('detected before the customer reported it: 0 of 1 (0 %)').waitFor();
    const stored = await server.store.db.selectFrom('customer_reports').select(['ticket', 'recorded_by']).execute();
    assert.deepEqual(stored.map((row) => row.ticket), ['ZD-4711']);
    await page.getByTestId('incidents-panel').screenshot({ path: join(ARTIFACTS, 'recovery-incidents.png') });
    const ran = page.getByTestId('health-history').locator('tr[data-kind="recovery"]');
    await ran.first().waitFor();
    assert.match(await ran.first().innerText(), /recovery\s+refresh-token: 200 in \d+ ms · by responder-/, 'the one-click run of the first test is in the health history');
    await page.getByTestId('health-changes').screenshot({ path: join(ARTIFACTS, 'recovery-health-history.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('says on the alert page what the failure means and offers the fitting action first', async () => {
    const now = server.clock.now;
    const calls = Array.from({ length: 60 }, (_, i) => ({ kind: 'call', ts: now - 60_000 + i * 900, integration: 'crm-sync', direction: 'outbound', operation: 'contacts.sync', status: 401, error: 'invalid_grant: token expired', latency_ms: 90 }));
    assert.equal((await server.ingest(calls)).status, 200);
    await server.app.alerting.evaluate();
    const alert = (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === 'crm-auth');
    assert.equal(alert?.state, 'firing');
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await signIn(context, server, 'responder');
    const page = watchPage(await context.newPage(), problems);
    await page.goto(`${server.url}/alerts/${alert.id}`);
    const advice = page.getByTestId('recovery-advice').first();
    await advice.waitFor();
    assert.match(await advice.innerText(), /^The access token has expired or been revoked\. Refresh the token; if refreshing fails too, re-authorize the connection\. Runbook$/);
    const buttons = await page.getByTestId('recovery-panel').locator('button').allInnerTexts();
    assert.deepEqual(buttons.slice(0, 2), ['refresh-token', 'reauthorize ↗'], 'the actions for auth errors first');
    await page.screenshot({ path: join(ARTIFACTS, 'recovery-alert.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('says on the board tile what the failure means, the next step and the action that fits', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signIn(context, server, 'responder');
    const page = watchPage(await context.newPage(), problems);
    await page.goto(`${server.url}/`);
    const tile = page.getByTestId('tile-crm-sync');
    await tile.getByTestId('tile-advice').waitFor();
    assert.match((await tile.getAttribute('data-status')) ?? '', /^(degraded|down)$/);
    const advice = tile.getByTestId('tile-advice');
    assert.match(await advice.innerText(), /^The access token has expired or been revoked\. Next: Refresh the token; if refreshing fails too, re-authorize the connection\.\s+One click: refresh-token$/);
    assert.equal(await advice.getAttribute('title'), 'The access token has expired or been revoked. Next: Refresh the token; if refreshing fails too, re-authorize the connection.');
    const height = await advice.locator('.tile__advice-text').evaluate((node) => node.getBoundingClientRect().height / parseFloat(getComputedStyle(node).lineHeight));
    assert.ok(height <= 2.05, `the advice takes at most two lines (${height})`);
    assert.equal(await page.getByTestId('tile-other-sync').getByTestId('tile-advice').count(), 0, 'a tile without trouble has none');
    assert.equal(await tile.getByTestId('tile-advice-responder').count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, 'recovery-board-tile.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('tells a viewer on the tile that a responder can run the action, with no chip to press', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await signIn(context, server, 'viewer');
    const page = watchPage(await context.newPage(), problems);
    await page.goto(`${server.url}/`);
    const advice = page.getByTestId('tile-crm-sync').getByTestId('tile-advice');
    await advice.waitFor();
    assert.match(await advice.innerText(), /Next: Refresh the token; if refreshing fails too, re-authorize the connection\.\s+A responder can run refresh-token$/);
    assert.equal(await advice.getByTestId('tile-advice-action').count(), 0, 'no "One click" chip for a viewer');
    const look = await advice.getByTestId('tile-advice-responder').evaluate((node) => getComputedStyle(node).borderStyle);
    assert.equal(look, 'none', 'the wording has no chip border');
    await page.getByTestId('tile-crm-sync').screenshot({ path: join(ARTIFACTS, 'recovery-board-tile-viewer.png') });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('tells a viewer that running an action needs the responder role', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await signIn(context, server, 'viewer');
    const page = watchPage(await context.newPage(), problems);
    await page.goto(`${server.url}/integrations/crm-sync`);
    await page.getByTestId('recovery-role-note').waitFor();
    assert.equal(await page.getByTestId('recovery-run-refresh-token').count(), 0);
    assert.match(await page.getByTestId('recovery-runs').innerText(), /refresh-token/, 'a viewer still sees what was tried');
    assert.deepEqual(problems, []);
    await context.close();
  });
});
