import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

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
    child = spawn(process.execPath, ['bin/switchboard.js', 'demo', '--port', String(port), '--database', join(dir, 'demo.db'), '--history', '1', '--scale', '10'], {
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
    const since = Date.now();
    let serverErrors = 0;
    for (let i = 0; i < 40 && serverErrors < 3; i++) {
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
});
