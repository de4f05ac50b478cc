/**
 * The console's alert pages in real headless Chromium, against a real server whose alert engine
 * judged calls sent through the ingest API and delivered to a real webhook receiver on loopback.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, ROOT, buildConsoleIfMissing, eventually, launchChromium, watchPage } from './support/browser.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const MINUTE = 60_000;

describe('console: alerts and silences in headless Chromium (sqlite)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let receiver: Server;
  let received = 0;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const problems: string[] = [];

  before(async () => {
    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received += 1;
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'switchboard-console-alerts-'));
    const file = join(dir, 'alerting.yaml');
    const port = (receiver.address() as { port: number }).port;
    writeFileSync(file, `channels:\n  - { name: ops, type: webhook, url: "http://127.0.0.1:${port}/hook", secret: "\${OPS_SECRET}" }\n`);

    // The browser reads the real clock, so the data lives around real now.
    const now = Date.now();
    server = await startTestServer(ENGINES[0]!, { now, catalogue: join(ROOT, 'examples', 'catalogue'), alerting: file, env: { OPS_SECRET: 'console-secret' } });
    // Seven whole minutes in which a fifth of DHL's label calls fail with 503.
    const start = Math.floor(now / MINUTE) * MINUTE - 7 * MINUTE;
    const calls = [];
    for (let m = 0; m < 7; m++) {
      for (let i = 0; i < 50; i++) {
        const ts = start + m * MINUTE + i * 1_000;
        calls.push({ kind: 'call', ts, integration: 'dhl-carrier', direction: 'outbound', operation: 'label.create', status: i % 5 === 0 ? 503 : 201, latency_ms: 150, correlation_id: `console-${m}-${i}` });
      }
    }
    assert.equal((await server.ingest(calls)).status, 200);
    await server.app.alerting.evaluate();
    await server.app.alerting.dispatch();
    assert.equal(received, 1, 'the firing notification reached the receiver');

    browser = await launchChromium();
    page = watchPage(await (await browser.newContext({ extraHTTPHeaders: server.auth, viewport: { width: 1280, height: 900 } })).newPage(), problems);
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the firing alert on the board tile and in the header', async () => {
    await page.goto(`${server.url}/`);
    const badge = page.getByTestId('tile-dhl-carrier').getByTestId('alert-count');
    await badge.waitFor();
    assert.equal((await badge.innerText()).trim().replace(/\s+/g, ' '), '▲ 1 firing');
    assert.equal((await page.getByTestId('header-firing').innerText()).trim(), '1');
    assert.equal(await page.getByTestId('tile-ups-carrier').getByTestId('alert-count').count(), 0, 'no badge where nothing fires');
  });

  it('lists it on the alerts page, and opens it with its context and its delivery', async () => {
    await page.getByRole('link', { name: /^Alerts/ }).click();
    const row = page.getByTestId('alert-dhl-carrier:error_rate');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'firing');
    // The integration by its catalogue name, the rule without the id it starts with.
    assert.match(await row.innerText(), /critical[\s\S]*DHL Parcel API[\s\S]*error rate[\s\S]*5xx share 20 % over 2 %/);
    assert.match(await page.getByTestId('alerts-count').innerText(), /^1 firing/);

    await row.getByRole('link', { name: 'error rate' }).click();
    await page.getByTestId('alert-summary').waitFor();
    assert.match(page.url(), /\/alerts\/\d+$/);
    assert.equal(await page.getByTestId('alert-state').getAttribute('data-status'), 'firing');
    assert.match(await page.getByTestId('alert-summary').innerText(), /5xx share 20 % over 2 % in 5 min/);
    assert.equal((await page.getByTestId('alert-owner').innerText()).trim(), 'team-shipping');
    assert.ok((await page.getByTestId('alert-first-steps').locator('li').count()) >= 2);
    assert.equal(await page.getByTestId('alert-samples').locator('tbody tr').count(), 5);
    assert.match(await page.getByTestId('alert-samples').innerText(), /503/);
    assert.match(await page.getByTestId('alert-title').innerText(), /^DHL Parcel API · error rate\s+dhl-carrier:error_rate$/);
    // Sample ids are links to their traces, each in its own labelled column.
    const headings = await page.getByTestId('alert-samples').locator('thead th').allInnerTexts();
    assert.deepEqual(headings.slice(-2).map((h) => h.toLowerCase()), ['correlation id', 'order']);
    const sampleLink = page.getByTestId('alert-samples').locator('tbody tr').first().locator('a').first();
    assert.match((await sampleLink.getAttribute('href'))!, /^\/trace\?correlation_id=console-/);
    // The first step's console link is a link to the integration's page.
    assert.equal(await page.getByTestId('alert-first-steps').locator('a[href="/integrations/dhl-carrier"]').count(), 1);
    // The trend is a chart with a scale: a canvas and y labels in one unit (a share: "… %").
    const trend = page.getByTestId('alert-trend');
    assert.equal(await trend.locator('canvas').count(), 1);
    const yLabels = ((await trend.locator('.uplot').getAttribute('data-y-labels')) ?? '').split('|');
    assert.ok(yLabels.length >= 2 && yLabels.every((t) => /^\d+(\.\d+)? %$/.test(t)), JSON.stringify(yLabels));
    const delivery = page.getByTestId('alert-deliveries').locator('tbody tr');
    assert.equal(await delivery.count(), 1);
    assert.equal(await delivery.first().getAttribute('data-status'), 'delivered');
    assert.match(await page.getByTestId('alert-events').innerText(), /inactive → firing/);
    assert.equal(await page.getByTestId('alert-runbook-link').getAttribute('href'), '/runbooks/partner-timeouts-5xx?integration=dhl-carrier');
    await page.screenshot({ path: join(ARTIFACTS, 'console-alert.png'), fullPage: true });
  });

  it('silences it from its page, with the server refusing a bad matcher in its own words', async () => {
    const form = page.getByTestId('silence-form');
    await form.getByLabel('Matchers').fill('integration=dhl-carrier, team');
    await form.getByLabel('Your name').fill('Ana on call');
    await form.getByLabel('Reason').fill('DHL ticket 4711');
    await form.getByTestId('silence-submit').click();
    assert.match(await page.getByTestId('silence-problem').innerText(), /"team" is not label=value/);

    await form.getByLabel('Matchers').fill('integration=dhl-carrier, severity=~(critical');
    await form.getByTestId('silence-submit').click();
    await eventually('the server error', async () => ((await page.getByTestId('silence-problem').innerText()).includes('invalid regular expression') ? true : undefined));
    // The browser logs the refused request itself; that one was asked for.
    const refused = problems.findIndex((p) => /status of 400/.test(p));
    assert.ok(refused >= 0, JSON.stringify(problems));
    problems.splice(refused, 1);

    await form.getByLabel('Matchers').fill('alertname=dhl-carrier:error_rate, integration=dhl-carrier');
    await form.getByTestId('silence-submit').click();
    await page.getByTestId('silence-created').waitFor();
    const { body } = await server.get('/api/v1/silences?active=true');
    assert.equal(body.silences.length, 1);
    assert.equal(body.silences[0].author, 'Ana on call');
    assert.deepEqual(body.silences[0].matchers, [
      { label: 'alertname', value: 'dhl-carrier:error_rate' },
      { label: 'integration', value: 'dhl-carrier' },
    ]);
  });

  it('lists silences and expires one early', async () => {
    await page.goto(`${server.url}/silences`);
    const row = page.getByTestId('silences-table').locator('tbody tr').first();
    await row.waitFor();
    assert.equal(await row.getAttribute('data-active'), 'true');
    assert.match(await row.innerText(), /Ana on call[\s\S]*DHL ticket 4711/);
    await row.getByRole('button', { name: 'Expire now' }).click();
    await eventually('the silence to expire', async () => ((await row.getAttribute('data-active')) === 'false' ? true : undefined));
    assert.equal((await server.get('/api/v1/silences?active=true')).body.silences.length, 0);
    await page.screenshot({ path: join(ARTIFACTS, 'console-silences.png'), fullPage: true });
  });

  it('shows the alert on the integration page and in the history with how long it has lasted', async () => {
    await page.goto(`${server.url}/integrations/dhl-carrier`);
    const strip = page.getByTestId('alert-strip');
    await strip.waitFor();
    assert.match(await strip.innerText(), /critical[\s\S]*firing[\s\S]*dhl-carrier:error_rate/);

    await page.goto(`${server.url}/alerts?view=history&window=24h`);
    const history = page.getByTestId('alert-history');
    await history.waitFor();
    // The catalogue's names arrive in a request of their own, after the rows.
    const shown = await eventually('the catalogue name in the history', async () => {
      const text = await history.innerText();
      return text.includes('DHL Parcel API') ? text : undefined;
    });
    assert.match(shown, /still firing[\s\S]*DHL Parcel API[\s\S]*error rate/);
  });

  it('acknowledges it from the page the notification links to, and takes it back', async () => {
    const alert = (await server.get('/api/v1/alerts?state=firing')).body.alerts.find((a: { rule: string }) => a.rule === 'dhl-carrier:error_rate');
    const link = new URL(alert.context.links.acknowledge, server.url);
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    const note = page.getByTestId('alert-ack-note');
    await note.waitFor();
    await eventually('the link lands on the note field', async () => ((await note.evaluate((el) => el === document.activeElement)) ? true : undefined));
    await note.fill('looking at DHL status page');
    await page.getByTestId('alert-ack-button').click();
    const state = page.getByTestId('alert-ack-state');
    await state.waitFor();
    assert.match(await state.innerText(), /Acknowledged by SWITCHBOARD_ADMIN_TOKEN.*looking at DHL status page/s);
    const stored = (await server.get(`/api/v1/alerts/${alert.id}`)).body.alert;
    assert.equal(stored.acknowledgement.note, 'looking at DHL status page');
    await eventually('the acknowledgement in the state history', async () => (/acknowledged by/.test(await page.getByTestId('alert-events').innerText()) ? true : undefined));

    // The alerts list says who is on it.
    await page.goto(`${server.url}/alerts`);
    const row = page.getByTestId('alert-dhl-carrier:error_rate');
    const badge = row.getByTestId('alert-acknowledged');
    await badge.waitFor();
    assert.equal((await badge.innerText()).trim(), 'acknowledged · SWITCHBOARD_ADMIN_TOKEN');
    assert.match((await badge.getAttribute('title')) ?? '', /looking at DHL status page/);
    await page.screenshot({ path: join(ARTIFACTS, 'console-alerts-acknowledged.png') });

    await page.goto(`${server.url}/alerts/${alert.id}`);
    await page.getByTestId('alert-unack').click();
    await page.getByTestId('alert-ack-button').waitFor();
    assert.equal((await server.get(`/api/v1/alerts/${alert.id}`)).body.alert.acknowledgement, null);
    await page.goto(`${server.url}/alerts`);
    await row.waitFor();
    assert.equal(await row.getByTestId('alert-acknowledged').count(), 0, 'the badge went with the acknowledgement');
  });

  it('assigns it to a person from its page, shows who has it on the list, hands it over and unassigns it', async () => {
    const alert = (await server.get('/api/v1/alerts')).body.alerts.find((a: { rule: string }) => a.rule === 'dhl-carrier:error_rate');
    await page.goto(`${server.url}/alerts/${alert.id}`);
    const button = page.getByTestId('alert-assign-button');
    await button.waitFor();
    assert.equal(await button.isDisabled(), true, 'nothing to assign to yet');
    await page.getByTestId('alert-assignee').fill('Dana Okafor');
    await button.click();
    const state = page.getByTestId('alert-assignment-state');
    await state.waitFor();
    assert.match(await state.innerText(), /^Assigned to Dana Okafor by SWITCHBOARD_ADMIN_TOKEN at /);
    assert.equal((await server.get(`/api/v1/alerts/${alert.id}`)).body.alert.assignment.to, 'Dana Okafor');
    await eventually('the assignment in the state history', async () => (/assigned to Dana Okafor by/.test(await page.getByTestId('alert-events').innerText()) ? true : undefined));
    await page.getByTestId('alert-assign').screenshot({ path: join(ARTIFACTS, 'console-alert-assigned.png') });

    await page.goto(`${server.url}/alerts`);
    const badge = page.getByTestId('alert-dhl-carrier:error_rate').getByTestId('alert-assigned');
    await badge.waitFor();
    assert.equal((await badge.innerText()).trim(), 'assigned · Dana Okafor');
    await page.screenshot({ path: join(ARTIFACTS, 'console-alerts-assigned.png') });

    await page.goto(`${server.url}/alerts/${alert.id}`);
    await page.getByTestId('alert-assignee').fill('Sam Lee');
    await page.getByTestId('alert-assign-button').click();
    await eventually('the hand-over', async () => (/^Assigned to Sam Lee/.test(await page.getByTestId('alert-assignment-state').innerText()) ? true : undefined));
    await page.getByTestId('alert-unassign').click();
    await eventually('the unassignment', async () => ((await page.getByTestId('alert-assignment-state').count()) === 0 ? true : undefined));
    assert.equal((await server.get(`/api/v1/alerts/${alert.id}`)).body.alert.assignment, null);
  });

  it('raised no browser console errors or page errors', () => {
    assert.deepEqual(problems, []);
  });
});
