import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_SHUTDOWN_GRACE_MS, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/store/open.js';

const KEY = 'server-test-ingest-key-0042';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface Running {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The real CLI, as a user starts it: the `switchboard` command (bin/switchboard, which execs Node with the allocator's and V8's settings). */
async function serve(database: string, env: Record<string, string> = {}): Promise<Running> {
  const port = await freePort();
  const { MALLOC_MMAP_THRESHOLD_: _ours, NODE_OPTIONS: _runners, ...inherited } = process.env;
  const child = spawn('bin/switchboard', ['serve', '--port', String(port), '--database', database], {
    env: { ...inherited, SWITCHBOARD_INGEST_KEY: KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // Generous: a loaded two-core machine has been seen to take over 10 s to start the process.
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready within 45 s (exit code ${child.exitCode}):\n${output}`);
}

function batch(size: number, tag: string, extra: Record<string, unknown> = {}) {
  const now = Date.now();
  return Array.from({ length: size }, (_, i) => ({
    kind: 'call',
    ts: now - 1000 - i,
    integration: 'dhl-carrier',
    direction: 'outbound',
    operation: 'label.create',
    status: 200,
    latency_ms: 100 + i,
    correlation_id: `${tag}-${i}`,
    ...extra,
  }));
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/v1/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { accepted: number } };
}

/** The allocator setting the server process runs with: what the `switchboard` command gave it. */
function mmapThresholdOf(pid: number): string | undefined {
  const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  return environment.find((entry) => entry.startsWith('MALLOC_MMAP_THRESHOLD_='))?.slice('MALLOC_MMAP_THRESHOLD_='.length);
}

/** The bound on V8's old generation the server process was started with (the `switchboard` command's), if any. */
function heapBoundOf(pid: number): string | undefined {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  return argv.find((argument) => argument.startsWith('--max-old-space-size='))?.slice('--max-old-space-size='.length);
}

async function countRecords(database: string): Promise<number> {
  const { db } = await openDatabase(database);
  const row = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await db.destroy();
  return Number(row.n);
}

describe('the server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-server-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finishes in-flight ingest on SIGTERM: every acknowledged record is stored', async () => {
    const database = join(dir, 'graceful.db');
    const server = await serve(database);
    const requests = Array.from({ length: 30 }, (_, i) =>
      post(server.url, batch(500, `graceful-${i}`)).catch(() => ({ status: 0, body: { accepted: 0 } })),
    );
    // Stop once the first answer is in, with the others still in flight (a fixed delay is too
    // short on a loaded machine and too long on an idle one).
    await Promise.race(requests);
    server.child.kill('SIGTERM');
    const answers = await Promise.all(requests);
    assert.equal(await server.exited, 0, server.output());
    const acknowledged = answers.filter((a) => a.status === 200).reduce((sum, a) => sum + a.body.accepted, 0);
    assert.ok(acknowledged > 0, 'some requests were answered before the stop');
    assert.equal(await countRecords(database), acknowledged);
    assert.match(server.output(), /finishing in-flight requests/);
    // Every answer sent during the stop closed its connection: the client's keep-alive ones did
    // not hold the stop until the grace period ran out.
    assert.doesNotMatch(server.output(), /requests still open/);
  });

  it('refuses a grace period no timer can wait, and one that is not a number', () => {
    assert.throws(() => loadConfig({}, { SWITCHBOARD_SHUTDOWN_GRACE_MS: '99999999999' }), /SWITCHBOARD_SHUTDOWN_GRACE_MS=99999999999 is longer than a stop can wait/);
    assert.throws(() => loadConfig({}, { SWITCHBOARD_SHUTDOWN_GRACE_MS: 'soon' }), /SWITCHBOARD_SHUTDOWN_GRACE_MS=soon is not a non-negative number/);
    assert.equal(loadConfig({}, { SWITCHBOARD_SHUTDOWN_GRACE_MS: '1500' }).shutdownGraceMs, 1_500);
  });

  it('stops within its grace period (SWITCHBOARD_SHUTDOWN_GRACE_MS) while a request hangs, naming the request it cut', async () => {
    const database = join(dir, 'hung.db');
    // Shorter than the default, so that a stop that ignored the setting would take too long.
    const graceMs = 1_500;
    const server = await serve(database, { SWITCHBOARD_SHUTDOWN_GRACE_MS: String(graceMs) });
    // An upload that announces 1 MB and sends a few bytes: its request never completes by itself.
    const { port } = new URL(server.url);
    const hung = createConnection({ host: '127.0.0.1', port: Number(port) });
    hung.on('error', () => undefined);
    await new Promise<void>((resolve) => hung.once('connect', () => resolve()));
    hung.write(`POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n[{"kind":`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = Date.now();
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
    const tookMs = Date.now() - stopped;
    hung.destroy();
    assert.ok(tookMs >= graceMs && tookMs < DEFAULT_SHUTDOWN_GRACE_MS, `stopped ${tookMs} ms after SIGTERM (grace ${graceMs} ms)`);
    assert.match(server.output(), /requests still open .* closing their connections/);
    assert.match(server.output(), /POST \/api\/v1\/ingest/);
  });

  it('keeps every acknowledged record through a hard kill', async () => {
    const database = join(dir, 'killed.db');
    const server = await serve(database);
    let acknowledged = 0;
    for (let i = 0; i < 5; i++) acknowledged += (await post(server.url, batch(1000, `kill-${i}`))).body.accepted;
    server.child.kill('SIGKILL');
    await server.exited;
    assert.equal(acknowledged, 5000);
    assert.equal(await countRecords(database), 5000);
  });

  it('logs structured JSON lines with operation, integration and correlation id, and no secrets', async () => {
    const database = join(dir, 'logs.db');
    const server = await serve(database);
    const secret = 'sk_live_LOGSECRET_91';
    await post(server.url, batch(2, 'logs', { attrs: { api_key: secret }, error: `Bearer ${secret}`, status: 401 }), { 'x-correlation-id': 'trace-me-123' });
    await fetch(`${server.url}/api/v1/integrations/dhl-carrier/summary`, { headers: { authorization: `Bearer ${secret}` } });
    await post(server.url, [], { authorization: `Bearer ${secret}` });
    server.child.kill('SIGTERM');
    await server.exited;
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(lines.length >= 4);
    for (const line of lines) {
      assert.equal(line.service, 'switchboard');
      assert.ok(typeof line.time === 'string' && typeof line.level === 'string');
    }
    const ingest = lines.find((line) => line.operation === 'ingest' && line.correlation_id === 'trace-me-123');
    assert.ok(ingest, 'the caller’s correlation id is kept');
    const read = lines.find((line) => line.operation === 'GET /api/v1/integrations/:id/summary');
    assert.equal(read?.integration, 'dhl-carrier');
    assert.ok(!server.output().includes('LOGSECRET'), 'no secret reaches the log');
  });

  it('creates the first administrator with a one-time password that must be changed before anything else', async () => {
    const server = await serve(join(dir, 'first-start.db'));
    try {
      const password = /administrator "admin" with the one-time password (\S+)/.exec(server.output())?.[1];
      assert.ok(password, server.output());
      const signIn = async (secret: string) =>
        fetch(`${server.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: secret }) });
      const first = await signIn(password);
      assert.equal(first.status, 200);
      const session = (await first.json()) as { must_change_password: boolean; csrf_token: string };
      assert.equal(session.must_change_password, true);
      const headers = { cookie: first.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': session.csrf_token, origin: server.url };
      const blocked = await fetch(`${server.url}/api/v1/integrations`, { headers });
      assert.equal(blocked.status, 403);
      assert.equal(((await blocked.json()) as { code: string }).code, 'password_change_required');
      const changed = await fetch(`${server.url}/api/v1/auth/password`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ current: password, new: 'a passphrase of my own' }),
      });
      assert.equal(changed.status, 204);
      assert.equal((await fetch(`${server.url}/api/v1/integrations`, { headers })).status, 200);
      assert.equal((await signIn(password)).status, 401, 'the one-time password is spent');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const again = await serve(join(dir, 'first-start.db'));
    again.child.kill('SIGTERM');
    await again.exited;
    assert.doesNotMatch(again.output(), /one-time password/, 'only an empty store gets a first administrator');
  });

  it('serves /healthz, its OpenAPI document, and docs/openapi.json is that document', async () => {
    const server = await serve(join(dir, 'api.db'));
    try {
      assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { status: 'ok' });
      const served = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
      // Each operation's x-permission comes from its route's declaration (test/access-routes.test.ts walks them).
      for (const [path, operations] of Object.entries(served.paths as Record<string, Record<string, { 'x-permission'?: string }>>)) {
        for (const [method, operation] of Object.entries(operations)) assert.ok(operation['x-permission'], `${method} ${path} has no x-permission`);
      }
      assert.deepEqual(JSON.parse(readFileSync('docs/openapi.json', 'utf8')), served, 'run "npm run openapi" to refresh docs/openapi.json');
      const unknown = await fetch(`${server.url}/api/v1/nothing-here`);
      assert.equal(unknown.status, 404);
      assert.match(((await unknown.json()) as { error: string }).error, /no route for GET \/api\/v1\/nothing-here/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('runs with big buffers apart from the threads’ heaps and V8’s heap bounded under 2 GiB (bin/switchboard), unless the operator set their own', async () => {
    const [shipped, operators] = await Promise.all([
      serve(join(dir, 'launcher-shipped.db')),
      serve(join(dir, 'launcher-own.db'), { MALLOC_MMAP_THRESHOLD_: '262144', NODE_OPTIONS: '--max_old_space_size=3000' }),
    ]);
    try {
      assert.equal(mmapThresholdOf(shipped.child.pid!), '1048576', shipped.output());
      assert.equal(heapBoundOf(shipped.child.pid!), '2047', shipped.output());
      assert.equal(mmapThresholdOf(operators.child.pid!), '262144', operators.output());
      // The operator's bound reaches Node through NODE_OPTIONS, which a command-line bound would override.
      assert.equal(heapBoundOf(operators.child.pid!), undefined, operators.output());
    } finally {
      for (const server of [shipped, operators]) server.child.kill('SIGTERM');
      assert.deepEqual(await Promise.all([shipped.exited, operators.exited]), [0, 0]);
    }
  });

  it('refuses a database it cannot open with a message that says what to check', async () => {
    const child = spawn('bin/switchboard', ['serve', '--port', '0', '--database', join(dir, 'no', 'such', 'dir', 'x.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(stderr, /cannot open the database at .*x\.db.*Check that the file is writable/);
  });
});
