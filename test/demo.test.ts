import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ARTIFACTS, buildConsoleIfMissing, launchChromium, watchPage } from './support/browser.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('switchboard demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
  let url = '';
  let banner = '';
  let child: ReturnType<typeof spawn>;
  /** The read + respond token the demo prints. */
  let auth: { authorization: string } = { authorization: '' };

  before(async () => {
    const port = await freePort();
    child = spawn('bin/switchboard', ['demo', '--port', String(port), '--database', join(dir, 'demo.db'), '--history', '1', '--scale', '10'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (chunk) => (banner += chunk));
    for (let i = 0; i < 1200 && !banner.includes('Stop with Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
    url = `http://127.0.0.1:${port}`;
    auth = { authorization: `Bearer ${/A read \+ respond token for the API: (sbt_\S+)/.exec(banner)?.[1]}` };
  });
  after(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints its URL and an ingest key that works', async () => {
    assert.match(banner, /demo is running: open http:\/\/localhost:\d+/);
    const key = /Ingest key for this demo: (sbk_\S+)/.exec(banner)?.[1];
    assert.ok(key, banner);
    const response = await fetch(`${url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ kind: 'event', ts: Date.now(), integration: 'demo-check', name: 'webhook.received' }]),
    });
    assert.deepEqual(await response.json(), { accepted: 1, rejected: [] });
  });

  it('prints a sign-in for each role, and the API refuses callers without one', async () => {
    for (const role of ['viewer', 'responder', 'admin']) assert.match(banner, new RegExp(`${role} / \\S+`));
    assert.equal((await fetch(`${url}/api/v1/integrations`)).status, 401);
    const signedIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'viewer', password: /viewer \/ (\S+?),/.exec(banner)![1] }),
    });
    assert.equal(signedIn.status, 200);
    assert.equal(((await signedIn.json()) as { role: string }).role, 'viewer');
  });

  it('shows the six demo integrations with an hour of traffic', async () => {
    const board = (await (await fetch(`${url}/api/v1/integrations`, { headers: auth })).json()) as { integrations: Array<{ id: string; volume: number }> };
    const ids = board.integrations.map((i) => i.id);
    for (const id of ['shopify-connector', 'amazon-marketplace', 'dhl-carrier', 'ups-carrier', 'salesforce-sync', 'retailer-feed']) {
      assert.ok(ids.includes(id), `${id} on the board`);
    }
    assert.ok(board.integrations.find((i) => i.id === 'dhl-carrier')!.volume > 100);
  });

  it('plays an incident on demand, and refuses one its target cannot have', async () => {
    const started = await fetch(`${url}/api/v1/demo/incidents`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'server-errors', integration: 'ups-carrier', duration_minutes: 5 }),
    });
    assert.equal(started.status, 201);
    const since = ((await started.json()) as { startMs: number }).startMs;
    // Waits up to a minute: at the night's quietest hour UPS makes about one call every two seconds,
    // so three 503s (40 % of calls) can take 20 s to arrive on a loaded machine.
    let serverErrors = 0;
    for (let i = 0; i < 120 && serverErrors < 3; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const summary = (await (await fetch(`${url}/api/v1/integrations/ups-carrier/summary?from=${since}&to=${Date.now() + 60_000}`, { headers: auth })).json()) as { server_error: number };
      serverErrors = summary.server_error;
    }
    assert.ok(serverErrors >= 3, `server errors at ups-carrier during the incident: ${serverErrors}`);
    const listed = (await (await fetch(`${url}/api/v1/demo/incidents`, { headers: auth })).json()) as { active: Array<{ kind: string }> };
    assert.deepEqual(listed.active.map((i) => i.kind), ['server-errors']);
    const refused = await fetch(`${url}/api/v1/demo/incidents`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'count-drop', integration: 'dhl-carrier' }),
    });
    assert.equal(refused.status, 400);
    assert.ok(((await refused.json()) as { error: string }).error.length > 10);
  });

  it("shows last month's report with a month of history: incidents, MTTD, MTTR and detected before reported, as the API's own routes answer", async () => {
    const get = async (path: string) => (await (await fetch(`${url}${path}`, { headers: auth })).json()) as any;
    const now = new Date();
    const month = { from: Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1), to: Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) };
    const tenant = await get('/api/v1/reports');
    assert.deepEqual([tenant.from, tenant.to], [month.from, month.to], 'the default report is the last full month');
    const rows = tenant.integrations as Array<{ integration: string; availability: { volume: number }; figures: Record<string, number | null> }>;
    const sum = (key: string) => rows.reduce((total, row) => total + (row.figures[key] ?? 0), 0);
    assert.ok(sum('incidents') >= 3, `${sum('incidents')} incidents last month`);
    assert.ok(sum('reports') >= 2 && sum('detected_before_reported') >= 1 && sum('detected_before_reported') < sum('reports'), 'some customer reports came after detection, some before');
    const demo = ['shopify-connector', 'amazon-marketplace', 'dhl-carrier', 'ups-carrier', 'salesforce-sync', 'retailer-feed'];
    for (const row of rows.filter((r) => demo.includes(r.integration))) assert.ok(row.availability.volume > 1_000, `${row.integration}: ${row.availability.volume} calls last month`);
    for (const row of rows.filter((r) => (r.figures.incidents ?? 0) > 0)) {
      const report = await get(`/api/v1/integrations/${row.integration}/report`);
      const incidents = await get(`/api/v1/integrations/${row.integration}/incidents?from=${month.from}&to=${month.to}`);
      assert.deepEqual(report.figures, row.figures, `${row.integration}: the integration report and the tenant report agree`);
      assert.deepEqual(report.figures, incidents.figures, `${row.integration}: the report and the incidents route agree`);
      assert.deepEqual(report.incidents, incidents.incidents);
      assert.ok(report.figures.mttd_ms > 0 && report.figures.mttr_ms > report.figures.mttd_ms, `${row.integration}: MTTD ${report.figures.mttd_ms}, MTTR ${report.figures.mttr_ms}`);
    }

    buildConsoleIfMissing();
    mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
      const password = /responder \/ (\S+?),/.exec(banner)![1];
      assert.equal((await context.request.post(`${url}/api/v1/auth/sign-in`, { data: { username: 'responder', password } })).status(), 200);
      const problems: string[] = [];
      const page = watchPage(await context.newPage(), problems);
      await page.goto(`${url}/reports`);
      await page.getByTestId('tenant-report-table').waitFor();
      const detected = page.getByTestId('tenant-report-salesforce-sync').locator('[data-cell="detected"]');
      assert.match(await detected.innerText(), /^100 % \(1 of 1\)$/);
      const edge = await detected.evaluate((cell) => cell.getBoundingClientRect().right);
      assert.ok(edge <= 1280, `the detected-first column is in the window without scrolling (right edge ${edge} px)`);
      await page.screenshot({ path: join(ARTIFACTS, 'demo-tenant-report.png'), fullPage: true });
      const worst = rows.filter((r) => (r.figures.incidents ?? 0) > 0).sort((a, b) => (b.figures.reports ?? 0) - (a.figures.reports ?? 0))[0]!;
      await page.goto(`${url}/integrations/${worst.integration}/report`);
      await page.getByTestId('report-incidents').waitFor();
      assert.equal(await page.getByTestId('report-incident-count').innerText(), String(worst.figures.incidents));
      assert.doesNotMatch(await page.getByTestId('report-mttd').innerText(), /–/);
      await page.screenshot({ path: join(ARTIFACTS, 'demo-report.png'), fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    } finally {
      await browser.close();
    }
  });
});
