/**
 * The TypeScript client (client/) against the real server on loopback, on both engines where it
 * reads the store, and against real loopback HTTP servers standing in for a partner or for an
 * ingest endpoint that misbehaves in a way the real server never does (400, 415, 5xx, 429).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  callErrorClass,
  createClient,
  type ClientOptions,
  type DeliveryError,
  type DropReport,
  type SwitchboardClient,
} from '../client/src/index.js';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/server/app.js';
import { ENGINES, type EngineHarness, type TestStore } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const CLIENT_ENTRY = pathToFileURL(join(process.cwd(), 'client/src/index.ts')).href;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What the client told its hooks, and the bodies of the requests it made (through the real fetch). */
function observed() {
  const errors: DeliveryError[] = [];
  const drops: DropReport[] = [];
  const bodies: string[] = [];
  const requestTimes: number[] = [];
  const observingFetch: typeof fetch = (input, init) => {
    bodies.push(String(init?.body));
    requestTimes.push(performance.now());
    return fetch(input, init);
  };
  const options: Partial<ClientOptions> = {
    onError: (error) => errors.push(error),
    onDrop: (drop) => drops.push(drop),
    fetch: observingFetch,
    flushOnExit: false,
  };
  return { errors, drops, bodies, requestTimes, options };
}

function call(operation: string, extra: Record<string, unknown> = {}) {
  return { integration: 'client-tests', direction: 'outbound' as const, operation, status: 200, latency_ms: 42, ...extra };
}

async function storedWith(store: TestStore, column: 'operation' | 'integration', value: string) {
  return store.db.selectFrom('records').selectAll().where(column, '=', value).orderBy('id').execute();
}

interface Loopback {
  url: string;
  port: number;
  close: () => Promise<void>;
}

async function listen(server: NetServer): Promise<Loopback> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A real HTTP server on loopback; `handle` answers each request (its body already read). */
async function httpServer(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void) {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handle(request, body, response));
  });
  return listen(server);
}

/** The real app on a port chosen beforehand, with a known ingest key (for the outage test). */
async function startServerOnPort(engine: EngineHarness, port: number, key: string) {
  const store = await engine.open();
  const config = loadConfig({ database: store.database, port }, { SWITCHBOARD_INGEST_KEY: key });
  const app = await createApp({ config, db: store.db, logLevel: 'silent', runJobs: false });
  await app.app.listen({ host: '127.0.0.1', port });
  return {
    store,
    close: async () => {
      await app.close();
      await store.dispose();
    },
  };
}

/** Runs `code` (an ES module importing the client) in a fresh Node process; fails if it has not exited in time. */
async function runChild(code: string, env: Record<string, string>, timeoutMs = 20_000) {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code_, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(killer);
  return { code: code_, signal, stdout, stderr, ms: Date.now() - started };
}

/** A child that records 20 calls and then simply ends, leaving delivery to the client's exit flush. */
const CHILD_THAT_JUST_ENDS = `
import { createClient } from ${JSON.stringify(CLIENT_ENTRY)};
const client = createClient({
  url: process.env.SB_URL, key: process.env.SB_KEY,
  flushIntervalMs: 60_000, exitTimeoutMs: 1_500, initialBackoffMs: 50,
});
for (let i = 0; i < 20; i++) {
  client.call({ integration: 'client-tests', direction: 'outbound', operation: 'child.exit', status: 200, latency_ms: i });
}
process.on('exit', () => console.log(JSON.stringify(client.stats)));
`;

for (const engine of ENGINES) {
  describe(`client delivery to the real server (${engine.name})`, () => {
    let server: TestServer;
    const clients: SwitchboardClient[] = [];
    const client = (options: Partial<ClientOptions>) => {
      const created = createClient({ url: server.url, key: server.key, ...options });
      clients.push(created);
      return created;
    };
    before(async () => {
      server = await startTestServer(engine, { now: Date.now() });
    });
    after(async () => {
      await Promise.all(clients.map((c) => c.close(1000)));
      await server.close();
    });

    it('sends N records in ceil(N / maxBatchRecords) requests and the server stores every one', async () => {
      const seen = observed();
      const sb = client({ ...seen.options, maxBatchRecords: 10, flushIntervalMs: 60_000 });
      for (let i = 0; i < 95; i++) sb.call(call('batch.count', { correlation_id: `batch-${i}` }));
      assert.equal(await sb.flush(), true);
      assert.deepEqual(
        seen.bodies.map((body) => (JSON.parse(body) as unknown[]).length),
        [10, 10, 10, 10, 10, 10, 10, 10, 10, 5],
      );
      const stored = await storedWith(server.store, 'operation', 'batch.count');
      assert.deepEqual(
        stored.map((row) => row.correlation_id),
        Array.from({ length: 95 }, (_, i) => `batch-${i}`),
      );
      assert.deepEqual(sb.stats, { buffered: 0, sent: 95, rejected: 0, dropped: 0, retried: 0 });
      assert.deepEqual(seen.errors, []);
    });

    it('keeps every request within maxBatchBytes', async () => {
      const seen = observed();
      const sb = client({ ...seen.options, maxBatchBytes: 2_000, flushIntervalMs: 60_000 });
      // Multi-byte characters: the limit is on bytes, not on string length.
      for (let i = 0; i < 60; i++) sb.call(call('batch.bytes', { attrs: { note: `${'x'.repeat(40)}${'é€😀'.repeat(10)}`, i } }));
      assert.equal(await sb.flush(), true);
      const sizes = seen.bodies.map((body) => Buffer.byteLength(body));
      assert.ok(sizes.every((size) => size <= 2_000), `request sizes ${sizes.join(', ')}`);
      const perRequest = seen.bodies.map((body) => (JSON.parse(body) as unknown[]).length);
      assert.ok(perRequest.every((n) => n > 1), `records per request ${perRequest.join(', ')}`);
      assert.equal(perRequest.reduce((a, b) => a + b, 0), 60);
      assert.equal((await storedWith(server.store, 'operation', 'batch.bytes')).length, 60);
    });

    it('sends a partial batch on its own once flushIntervalMs has passed', async () => {
      const seen = observed();
      const sb = client({ ...seen.options, flushIntervalMs: 50 });
      for (let i = 0; i < 3; i++) sb.call(call('batch.interval'));
      assert.equal(sb.stats.sent, 0);
      await waitFor('the interval send', () => sb.stats.sent === 3);
      assert.equal(seen.bodies.length, 1);
      assert.equal((await storedWith(server.store, 'operation', 'batch.interval')).length, 3);
    });

    it('sends every kind of record, with ts defaulting to now and env from the client', async () => {
      const seen = observed();
      const sb = client({ ...seen.options, env: 'staging', release: 'r-42' });
      const before = Date.now();
      sb.call({ integration: 'client-kinds', direction: 'inbound', operation: 'webhook.order', status: 204, latency_ms: 3 });
      sb.run({ integration: 'client-kinds', job: 'price-scrape', status: 'partial', duration_ms: 5400, counts: { skus: 5120 } });
      sb.event({ integration: 'client-kinds', name: 'order.received', order_id: 'o-kinds-1', env: 'qa' });
      sb.gauge({ integration: 'client-kinds', name: 'queue.depth', value: 12, ts: new Date(before - 60_000) });
      assert.equal(await sb.flush(), true);
      const after = Date.now();
      const rows = await storedWith(server.store, 'integration', 'client-kinds');
      assert.deepEqual(
        rows.map((row) => [row.kind, row.env, row.release]),
        [
          ['call', 'staging', 'r-42'],
          ['run', 'staging', 'r-42'],
          ['event', 'qa', 'r-42'],
          ['gauge', 'staging', 'r-42'],
        ],
      );
      for (const row of rows.slice(0, 3)) assert.ok(Number(row.ts) >= before && Number(row.ts) <= after, `ts ${row.ts}`);
      assert.equal(Number(rows[3]!.ts), before - 60_000);
      assert.equal(rows[1]!.run_status, 'partial');
      assert.equal(Number(rows[3]!.value), 12);
    });

    it('reports the records a 200 answer rejects, never retries them, and stores the rest', async () => {
      const seen = observed();
      const sb = client(seen.options);
      sb.call(call('rejection', { correlation_id: 'kept-1' }));
      sb.call(call('rejection', { correlation_id: 'from-the-future', ts: Date.now() + 86_400_000 }));
      sb.call(call('rejection', { correlation_id: 'kept-2' }));
      assert.equal(await sb.flush(), true);
      assert.equal(seen.bodies.length, 1);
      assert.equal(seen.drops.length, 1);
      const drop = seen.drops[0]!;
      assert.equal(drop.reason, 'rejected');
      assert.match(drop.error, /in the future/);
      assert.ok('records' in drop && drop.records[0]!.correlation_id === 'from-the-future');
      assert.deepEqual(sb.stats, { buffered: 0, sent: 2, rejected: 1, dropped: 0, retried: 0 });
      assert.deepEqual(
        (await storedWith(server.store, 'operation', 'rejection')).map((row) => row.correlation_id),
        ['kept-1', 'kept-2'],
      );
    });

    it('reports a 401 once, drops the batch and does not retry', async () => {
      const seen = observed();
      const sb = client({ ...seen.options, key: 'not-a-key-of-this-server', initialBackoffMs: 10 });
      for (let i = 0; i < 5; i++) sb.call(call('wrong.key'));
      assert.equal(await sb.flush(), true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(seen.bodies.length, 1);
      assert.equal(seen.errors.length, 1);
      assert.deepEqual(
        { ...seen.errors[0]!, message: undefined },
        { type: 'http', status: 401, message: undefined, records: 5, retrying: false, attempt: 1 },
      );
      assert.match(seen.errors[0]!.message, /401: unknown or revoked ingest key/);
      assert.deepEqual(seen.drops.map((drop) => [drop.reason, drop.count, 'status' in drop ? drop.status : null]), [['failed', 5, 401]]);
      assert.deepEqual(sb.stats, { buffered: 0, sent: 0, rejected: 5, dropped: 0, retried: 0 });
      assert.equal((await storedWith(server.store, 'operation', 'wrong.key')).length, 0);
    });

    it('reports a 413 (more records than the server takes) without retrying', async () => {
      const small = await startTestServer(engine, { now: Date.now(), env: { SWITCHBOARD_INGEST_MAX_RECORDS: '5' } });
      try {
        const seen = observed();
        const sb = createClient({ url: small.url, key: small.key, ...seen.options, maxBatchRecords: 8, initialBackoffMs: 10 });
        for (let i = 0; i < 8; i++) sb.call(call('too.many'));
        assert.equal(await sb.flush(), true);
        assert.equal(seen.bodies.length, 1);
        assert.deepEqual(seen.errors.map((error) => [error.status, error.retrying]), [[413, false]]);
        assert.match(seen.errors[0]!.message, /more than the limit of 5/);
        assert.deepEqual(seen.drops.map((drop) => [drop.reason, drop.count]), [['failed', 8]]);
        assert.equal(sb.stats.rejected, 8);
        assert.equal((await storedWith(small.store, 'operation', 'too.many')).length, 0);
        await sb.close();
      } finally {
        await small.close();
      }
    });

    it('drops the oldest records when the buffer is full, counts them and delivers the newest', async () => {
      const seen = observed();
      const sb = client({ ...seen.options, maxBufferedRecords: 10, maxBatchRecords: 10, flushIntervalMs: 60_000 });
      for (let i = 0; i < 25; i++) sb.call(call('overflow', { correlation_id: `overflow-${i}` }));
      assert.equal(sb.stats.buffered, 10);
      assert.equal(sb.stats.dropped, 15);
      assert.deepEqual(
        seen.drops.map((drop) => [drop.reason, 'records' in drop ? drop.records[0]!.correlation_id : null]),
        Array.from({ length: 15 }, (_, i) => ['overflow', `overflow-${i}`]),
      );
      assert.equal(await sb.flush(), true);
      assert.deepEqual(
        (await storedWith(server.store, 'operation', 'overflow')).map((row) => row.correlation_id),
        Array.from({ length: 10 }, (_, i) => `overflow-${i + 15}`),
      );
      assert.deepEqual(sb.stats, { buffered: 0, sent: 10, rejected: 0, dropped: 15, retried: 0 });
    });

    it('buffers while nothing listens, then delivers every record exactly once when the server starts on that port', async () => {
      const port = await freePort();
      const key = 'client-outage-test-key-0001';
      const seen = observed();
      const sb = createClient({ url: `http://127.0.0.1:${port}`, key, ...seen.options, initialBackoffMs: 20, maxBackoffMs: 200 });
      for (let i = 0; i < 50; i++) sb.call(call('outage', { correlation_id: `outage-${i}` }));
      await waitFor('three failed attempts', () => seen.errors.length >= 3);
      assert.equal(await sb.flush(100), false, 'flush says the records are still pending');
      assert.equal(sb.stats.sent, 0);
      assert.equal(sb.stats.buffered, 50);
      for (const error of seen.errors) {
        assert.equal(error.type, 'network');
        assert.equal(error.retrying, true);
        assert.match(error.message, /ECONNREFUSED/);
      }
      const up = await startServerOnPort(engine, port, key);
      try {
        assert.equal(await sb.flush(10_000), true);
        const stored = await storedWith(up.store, 'operation', 'outage');
        assert.equal(stored.length, 50);
        assert.deepEqual(
          stored.map((row) => row.correlation_id).sort(),
          Array.from({ length: 50 }, (_, i) => `outage-${i}`).sort(),
        );
        assert.equal(sb.stats.sent, 50);
        assert.equal(sb.stats.dropped, 0);
        assert.ok(sb.stats.retried >= 3, `retried ${sb.stats.retried}`);
        await sb.close();
      } finally {
        await up.close();
      }
    });

    it('records fetch calls to a real partner: status, latency, and the correlation id the partner received', async () => {
      const received: IncomingMessage['headers'][] = [];
      const partner = await httpServer((request, _body, response) => {
        received.push(request.headers);
        setTimeout(() => response.writeHead(201, { 'content-type': 'application/json' }).end('{"label":"ok"}'), 40);
      });
      try {
        const sb = client({ flushOnExit: false });
        const partnerFetch = sb.instrumentFetch(fetch, { integration: 'client-partner' });
        const response = await partnerFetch(`${partner.url}/v1/shipments/12345/label?api_key=secret-in-query`, {
          method: 'POST',
          headers: { authorization: 'Bearer partner-secret-token-1', 'content-type': 'application/json' },
          body: '{}',
          switchboard: { order_id: 'o-partner-1', shipment_id: 's-partner-1-1' },
        });
        assert.equal(response.status, 201);
        assert.deepEqual(await response.json(), { label: 'ok' });
        assert.equal(received[0]!.authorization, 'Bearer partner-secret-token-1', 'the caller\'s headers reach the partner');
        const correlationId = received[0]!['x-correlation-id'] as string;
        assert.match(correlationId, /^[0-9a-f-]{36}$/);

        const labelFetch = sb.instrumentFetch(fetch, { integration: 'client-partner', operation: (url) => (url.pathname.endsWith('/label') ? 'label.create' : 'other') });
        const own = await labelFetch(new Request(`${partner.url}/v1/shipments/9/label`, { method: 'POST', headers: { 'X-Correlation-Id': 'caller-corr-1' }, body: '{}' }));
        assert.equal(own.status, 201);
        assert.equal(received[1]!['x-correlation-id'], 'caller-corr-1');
        assert.equal(await sb.flush(), true);

        const generated = await server.get(`/api/v1/trace?correlation_id=${correlationId}`);
        assert.equal(generated.status, 200);
        const [record] = generated.body.records;
        assert.equal(generated.body.records.length, 1);
        assert.equal(record.kind, 'call');
        assert.equal(record.integration, 'client-partner');
        assert.equal(record.direction, 'outbound');
        assert.equal(record.operation, 'POST /v1/shipments/:id/label');
        assert.equal(record.status, 201);
        assert.equal(record.correlation_id, correlationId);
        assert.equal(record.order_id, 'o-partner-1');
        assert.equal(record.shipment_id, 's-partner-1-1');
        assert.ok(record.latency_ms >= 40, `latency ${record.latency_ms}`);
        const given = await server.get('/api/v1/trace?correlation_id=caller-corr-1');
        assert.deepEqual(given.body.records.map((r: { operation: string; status: number }) => [r.operation, r.status]), [['label.create', 201]]);

        const everything = JSON.stringify(await server.store.db.selectFrom('records').selectAll().where('integration', '=', 'client-partner').execute());
        assert.doesNotMatch(everything, /partner-secret-token|secret-in-query|authorization/i);
      } finally {
        await partner.close();
      }
    });

    it('classifies a timeout, a refused connection and a certificate error, and the caller gets the very error fetch threw', async () => {
      const partner = await httpServer(() => {
        // never answers
      });
      const tls = await selfSignedHttpsServer();
      const refusedPort = await freePort();
      try {
        const sb = client({ flushOnExit: false });
        const thrown: unknown[] = [];
        const watchedFetch: typeof fetch = (input, init) => fetch(input, init).catch((error: unknown) => {
          thrown.push(error);
          throw error;
        });
        const partnerFetch = sb.instrumentFetch(watchedFetch, { integration: 'client-failures' });
        const attempts: Array<[string, string, RequestInit?]> = [
          ['timeout', `${partner.url}/slow`, { signal: AbortSignal.timeout(100), switchboard: { order_id: 'o-fail-timeout' } } as RequestInit],
          ['connection', `http://127.0.0.1:${refusedPort}/down`, { switchboard: { order_id: 'o-fail-connection' } } as RequestInit],
          ['tls', `${tls.url}/cert`, { switchboard: { order_id: 'o-fail-tls' } } as RequestInit],
        ];
        for (const [expected, url, init] of attempts) {
          const before = thrown.length;
          await assert.rejects(partnerFetch(url, init), (error) => {
            assert.equal(error, thrown[before], 'the same error object plain fetch threw');
            return true;
          });
          assert.equal(callErrorClass(thrown[before]), expected);
        }
        assert.equal((thrown[0] as Error).name, 'TimeoutError');
        assert.equal(await sb.flush(), true);
        for (const [expected] of attempts) {
          const answer = await server.get(`/api/v1/trace?order_id=o-fail-${expected}`);
          assert.deepEqual(
            answer.body.records.map((r: { error: string; status: number | null; outcome: string }) => [r.error, r.status, r.outcome]),
            [[expected, null, expected === 'timeout' ? 'timeout' : 'network_error']],
          );
        }
      } finally {
        await partner.close();
        await tls.close();
      }
    });

    it('a process that records calls and simply ends delivers them on its way out, and exits on its own', async () => {
      const result = await runChild(CHILD_THAT_JUST_ENDS, { SB_URL: server.url, SB_KEY: server.key });
      assert.equal(result.signal, null, `the child had to be killed: ${result.stderr}`);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(JSON.parse(result.stdout), { buffered: 0, sent: 20, rejected: 0, dropped: 0, retried: 0 });
      assert.equal((await storedWith(server.store, 'operation', 'child.exit')).length, 20);
    });
  });
}

/** An HTTPS server with a fresh self-signed certificate, which fetch must refuse. */
async function selfSignedHttpsServer(): Promise<Loopback> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-client-tls-'));
  try {
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1', '-days', '1'], { stdio: 'pipe' });
    assert.equal(made.status, 0, `openssl could not make a certificate: ${made.stderr}`);
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_request, response) => response.end('ok'));
    const running = await listen(server);
    return { ...running, url: running.url.replace('http:', 'https:') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('client failures that need no store', () => {
  it('never throws while the server is unreachable, retries, and reports what close() drops', async () => {
    const port = await freePort();
    const seen = observed();
    const sb = createClient({ url: `http://127.0.0.1:${port}`, key: 'some-key-for-nothing', ...seen.options, initialBackoffMs: 10, maxBackoffMs: 40 });
    assert.doesNotThrow(() => {
      sb.call(call('unreachable'));
      sb.run({ integration: 'client-tests', job: 'feed', status: 'success' });
      sb.event({ integration: 'client-tests', name: 'order.received' });
      sb.gauge({ integration: 'client-tests', name: 'depth', value: 1 });
    });
    assert.equal(await sb.flush(200), false);
    assert.ok(seen.errors.length >= 2 && seen.errors.every((e) => e.type === 'network' && e.retrying && e.records === 4));
    assert.equal(await sb.close(100), false);
    assert.deepEqual(seen.drops.map((drop) => [drop.reason, drop.count]), [['closed', 4]]);
    assert.ok('records' in seen.drops[0]! && seen.drops[0].records.map((r) => r.kind).join() === 'call,run,event,gauge');
    assert.equal(sb.stats.dropped, 4);
    assert.equal(sb.stats.buffered, 0);
    assert.ok(sb.stats.retried >= 1);
    assert.doesNotThrow(() => sb.call(call('after.close')));
    assert.equal(sb.stats.dropped, 5);
    assert.equal(seen.drops[1]!.reason, 'closed');
    assert.equal(await sb.flush(), true);
  });

  it('retries 500, 408 and 429 (waiting as Retry-After asks), then delivers the same batch', async () => {
    const answers = [500, 408, 429, 200];
    const bodies: string[] = [];
    const times: number[] = [];
    const ingest = await httpServer((_request, body, response) => {
      bodies.push(body);
      times.push(performance.now());
      const status = answers[bodies.length - 1] ?? 200;
      if (status === 200) return response.writeHead(200).end(JSON.stringify({ accepted: JSON.parse(body).length, rejected: [] }));
      response.writeHead(status, status === 429 ? { 'retry-after': '1' } : {}).end(JSON.stringify({ error: `status ${status} for the test` }));
    });
    try {
      const seen = observed();
      const sb = createClient({ url: ingest.url, key: 'test-key-abc', ...seen.options, initialBackoffMs: 10, maxBackoffMs: 40 });
      sb.call(call('retry.me'));
      sb.call(call('retry.me'));
      assert.equal(await sb.flush(5_000), true);
      assert.equal(bodies.length, 4);
      assert.ok(bodies.every((body) => body === bodies[0]), 'each attempt sends the same records');
      assert.deepEqual(seen.errors.map((e) => [e.type, e.status, e.retrying, e.attempt]), [
        ['http', 500, true, 1],
        ['http', 408, true, 2],
        ['http', 429, true, 3],
      ]);
      assert.match(seen.errors[0]!.message, /500: status 500 for the test/);
      assert.equal(seen.errors[2]!.retryInMs, 1000);
      assert.ok(times[3]! - times[2]! >= 950, `waited ${Math.round(times[3]! - times[2]!)} ms after Retry-After: 1`);
      assert.deepEqual(sb.stats, { buffered: 0, sent: 2, rejected: 0, dropped: 0, retried: 3 });
      assert.deepEqual(seen.drops, []);
      await sb.close();
    } finally {
      await ingest.close();
    }
  });

  it('does not retry a 400 or a 415, and reports both', async () => {
    const answers = [400, 415];
    let requests = 0;
    const ingest = await httpServer((_request, _body, response) => {
      const status = answers[requests++] ?? 500;
      response.writeHead(status).end(JSON.stringify({ error: `refused with ${status}` }));
    });
    try {
      const seen = observed();
      const sb = createClient({ url: ingest.url, key: 'test-key-abc', ...seen.options, maxBatchRecords: 2, initialBackoffMs: 10 });
      for (let i = 0; i < 4; i++) sb.call(call('refused'));
      assert.equal(await sb.flush(), true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(requests, 2);
      assert.deepEqual(seen.errors.map((e) => [e.status, e.retrying]), [[400, false], [415, false]]);
      assert.deepEqual(seen.drops.map((d) => [d.reason, d.count, 'status' in d ? d.status : null, d.error]), [
        ['failed', 2, 400, 'the server answered 400: refused with 400'],
        ['failed', 2, 415, 'the server answered 415: refused with 415'],
      ]);
      assert.deepEqual(sb.stats, { buffered: 0, sent: 0, rejected: 4, dropped: 0, retried: 0 });
    } finally {
      await ingest.close();
    }
  });

  it('drops invalid input with a specific reason instead of throwing, and sends nothing for it', async () => {
    const seen = observed();
    const sb = createClient({ url: 'http://127.0.0.1:9', key: 'test-key-abc', ...seen.options });
    const circular: Record<string, unknown> = { integration: 'client-tests', name: 'loop' };
    circular.attrs = { self: circular };
    const cases: Array<[() => void, RegExp]> = [
      [() => sb.call(null as never), /a call record must be an object/],
      [() => sb.call({ ...call('x'), integration: 'Not A Catalogue Id' }), /integration must match/],
      [() => sb.call({ ...call('x'), direction: 'sideways' as never }), /direction must be one of "outbound", "inbound"/],
      [() => sb.call({ ...call('x'), latency_ms: -5 }), /latency_ms must be a finite number >= 0/],
      [() => sb.call({ ...call('x'), status: undefined }), /a call needs "status" or "error"/],
      [() => sb.run({ integration: 'client-tests', job: 'feed', status: 'done' as never }), /status must be one of "success", "failed", "partial"/],
      [() => sb.gauge({ integration: 'client-tests', name: 'depth', value: Number.NaN }), /value must be a finite number/],
      [() => sb.event({ integration: 'client-tests', name: 'x', ts: new Date('nonsense') }), /ts must be/],
      [() => sb.event(circular as never), /cannot be serialised as JSON/],
      [() => sb.event({ integration: 'client-tests', name: 'big', attrs: { n: 1n as never } }), /cannot be serialised as JSON/],
    ];
    for (const [record, reason] of cases) {
      const before = seen.drops.length;
      assert.doesNotThrow(record);
      const drop = seen.drops[before];
      assert.equal(drop?.reason, 'invalid');
      assert.match(drop!.error, reason);
    }
    assert.equal(sb.stats.dropped, cases.length);
    assert.equal(sb.stats.buffered, 0);
    assert.equal(await sb.flush(), true);
    assert.equal(seen.bodies.length, 0);
  });

  it('stays bounded when an onDrop hook records each drop into the same full client', async () => {
    let hookCalls = 0;
    const sb: SwitchboardClient = createClient({
      url: `http://127.0.0.1:${await freePort()}`,
      key: 'some-key-for-nothing',
      flushOnExit: false,
      maxBufferedRecords: 5,
      flushIntervalMs: 60_000,
      onDrop: () => {
        hookCalls++;
        sb.event({ integration: 'client-tests', name: 'client.dropped' });
      },
    });
    assert.doesNotThrow(() => {
      for (let i = 0; i < 20; i++) sb.call(call('self.logging'));
    });
    assert.equal(hookCalls, 15, 'one report per record the caller gave beyond the cap');
    assert.equal(sb.stats.buffered, 5);
    assert.equal(sb.stats.dropped, 30, 'the records the hook gave pushed out as many more, counted unreported');
    await sb.close(0);
  });

  it('reports unusable options instead of throwing, and drops what it is given', () => {
    const seen = observed();
    const sb = createClient({ url: 'localhost:7300', key: '', ...seen.options, maxBatchRecords: -1 });
    assert.deepEqual(seen.errors.map((e) => e.type), ['config', 'config']);
    assert.match(seen.errors[0]!.message, /maxBatchRecords must be a positive number; using 500/);
    assert.match(seen.errors[1]!.message, /the client cannot send: url "localhost:7300" is not an absolute URL|url must be http or https/);
    assert.doesNotThrow(() => sb.call(call('unusable')));
    assert.equal(seen.drops[0]?.reason, 'closed');
    assert.equal(sb.stats.dropped, 1);
  });

  it('names DNS failures from the error chain Node\'s fetch builds', () => {
    const systemError = (code: string) => Object.assign(new Error(`getaddrinfo ${code} partner.example`), { code });
    assert.equal(callErrorClass(new TypeError('fetch failed', { cause: systemError('ENOTFOUND') })), 'dns');
    assert.equal(callErrorClass(new TypeError('fetch failed', { cause: systemError('EAI_AGAIN') })), 'dns');
    const aggregate = Object.assign(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]), { code: undefined });
    assert.equal(callErrorClass(new TypeError('fetch failed', { cause: aggregate })), 'connection');
    assert.equal(callErrorClass(new TypeError('fetch failed', { cause: systemError('ECONNRESET') })), 'connection');
    assert.equal(callErrorClass(new TypeError('fetch failed', { cause: systemError('CERT_HAS_EXPIRED') })), 'tls');
    assert.equal(callErrorClass(new TypeError('fetch failed', { cause: systemError('EWEIRD') })), 'eweird');
    assert.equal(callErrorClass(new Error('no code at all')), 'error');
  });

  it('instrumentFetch leaves the request alone when recording cannot work: a failing namer, a closed client, a relative URL', async () => {
    const requests: string[] = [];
    const partner = await httpServer((request, _body, response) => {
      requests.push(`${request.method} ${request.url} ${request.headers['x-correlation-id'] ?? '-'}`);
      response.writeHead(503).end('busy');
    });
    try {
      const seen = observed();
      const sb = createClient({ url: 'http://127.0.0.1:9', key: 'test-key-abc', ...seen.options, flushIntervalMs: 60_000 });
      const failingNamer = sb.instrumentFetch(fetch, { integration: 'client-tests', operation: () => { throw new Error('namer bug'); } });
      const response = await failingNamer(`${partner.url}/a/1234`, { method: 'PUT' });
      assert.equal(response.status, 503, 'an error status is an answer, returned as is');
      assert.equal(await response.text(), 'busy');
      await sb.close(50);
      const afterClose = await failingNamer(`${partner.url}/b`);
      assert.equal(afterClose.status, 503);
      const closedDrops = seen.drops.filter((d) => d.reason === 'closed');
      assert.deepEqual(
        closedDrops.flatMap((d) => ('records' in d ? d.records.map((r) => [r.kind === 'call' && r.operation, r.kind === 'call' && r.status]) : [])),
        [['PUT /a/:id', 503], ['GET /b', 503]],
      );
      await assert.rejects(failingNamer('/relative/path'), (error: Error) => error instanceof TypeError);
      assert.equal(requests.length, 2);
      assert.match(requests[0]!, /^PUT \/a\/1234 [0-9a-f-]{36}$/);
    } finally {
      await partner.close();
    }
  });

  it('a process whose server is down still exits on its own, reporting what it could not deliver', async () => {
    const port = await freePort();
    const result = await runChild(CHILD_THAT_JUST_ENDS, { SB_URL: `http://127.0.0.1:${port}`, SB_KEY: 'some-key-for-nothing' });
    assert.equal(result.signal, null, `the child had to be killed: ${result.stderr}`);
    assert.equal(result.code, 0, result.stderr);
    const stats = JSON.parse(result.stdout);
    assert.equal(stats.sent, 0);
    assert.equal(stats.dropped, 20);
    assert.equal(stats.buffered, 0);
  });
});
