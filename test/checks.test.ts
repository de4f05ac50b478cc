import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CheckDefinition, DnsCheck, HeartbeatCheck, HttpCheck, TcpCheck, TlsCheck } from '../src/catalogue/types.js';
import { heartbeatLateness } from '../src/checks/lateness.js';
import { parseJsonPath, readJsonPath } from '../src/checks/json-path.js';
import { probe } from '../src/checks/probes/index.js';
import { CheckScheduler } from '../src/checks/scheduler.js';
import { latestCheckStates } from '../src/checks/state.js';
import { deleteOldCheckResults } from '../src/checks/store.js';
import type { CatalogueSource, Logger } from '../src/checks/types.js';
import type { Catalogue } from '../src/catalogue/catalogue.js';
import { loadConfig } from '../src/config.js';
import { createIngestKey } from '../src/ingest/keys.js';
import { createApp, type SwitchboardApp } from '../src/server/app.js';
import { ENGINES, type TestStore } from './support/engines.js';
import { ManualClock } from './support/server.js';

const MINUTE = 60_000;
const SECRET = 'tok_9f8e7d6c5b4a3210';

// ---- fixtures -------------------------------------------------------------------------------

function httpCheck(url: string, overrides: Partial<HttpCheck> = {}): HttpCheck {
  return {
    type: 'http',
    name: 'api',
    integration: 'acme',
    intervalMs: 60_000,
    timeoutMs: 2_000,
    url,
    method: 'GET',
    headers: {},
    expectStatus: [200, 201, 202, 204],
    ...overrides,
  };
}

function tlsCheck(port: number, overrides: Partial<TlsCheck> = {}): TlsCheck {
  return { type: 'tls', name: 'cert', integration: 'acme', intervalMs: 60_000, timeoutMs: 2_000, host: '127.0.0.1', port, warnBeforeMs: 14 * 86_400_000, ...overrides };
}

function heartbeat(name: string, overrides: Partial<HeartbeatCheck>): HeartbeatCheck {
  return { type: 'heartbeat', name, integration: 'feed', intervalMs: 5 * MINUTE, timeoutMs: 5_000, graceMs: 5 * MINUTE, job: name, ...overrides };
}

/** A catalogue the test edits: fires onChange like a reload of the files would. */
class TestCatalogue implements CatalogueSource {
  private readonly listeners: Array<() => void> = [];
  private entries: Array<{ id: string; checks: CheckDefinition[] }> = [];

  constructor(checks: CheckDefinition[]) {
    this.entries = this.group(checks);
  }

  private group(checks: CheckDefinition[]) {
    const byId = new Map<string, CheckDefinition[]>();
    for (const check of checks) byId.set(check.integration, [...(byId.get(check.integration) ?? []), check]);
    return [...byId].map(([id, list]) => ({ id, checks: list }));
  }

  all() {
    return this.entries;
  }

  get(id: string) {
    return this.entries.find((entry) => entry.id === id);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  replace(checks: CheckDefinition[]): void {
    this.entries = this.group(checks);
    for (const listener of this.listeners) listener();
  }
}

function recordingLog(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { errors, info() {}, warn() {}, debug() {}, error: (obj: object, msg?: string) => errors.push({ ...obj, msg }) };
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: { close: (cb: () => void) => void; closeAllConnections?: () => void }): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The partner API the probes call: a few behaviours by path, and what it was sent. */
function partnerHandler(seen: IncomingMessage[], flaky: Map<string, number>) {
  return (request: IncomingMessage, response: ServerResponse) => {
    seen.push(request);
    const url = new URL(request.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/ok':
        return json(200, { status: 'ok', items: [{ state: 'ready' }] });
      case '/degraded':
        return json(200, { status: 'degraded', items: [] });
      case '/slow':
        return void setTimeout(() => json(200, { status: 'ok' }), 150);
      case '/hang':
        return; // never answers
      case '/echo':
        return json(200, { auth: request.headers.authorization ?? null });
      case '/fail':
        return json(500, { error: 'boom' });
      case '/flaky': {
        // 503 for the first `fails` requests of each id, then 200.
        const id = url.searchParams.get('id') ?? '';
        const count = (flaky.get(id) ?? 0) + 1;
        flaky.set(id, count);
        return count <= Number(url.searchParams.get('fails') ?? 3) ? json(503, { error: 'maintenance' }) : json(200, { status: 'ok' });
      }
      default:
        return json(404, { error: 'no such path' });
    }
  };
}

interface Certificates {
  dir: string;
  /** Self-signed for localhost / 127.0.0.1, valid for 3 more days. */
  soonKey: string;
  soonCert: string;
  /** Expired yesterday. */
  expiredCert: string;
  /** The client certificate the mTLS server trusts. */
  clientKey: string;
  clientCert: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: 'pipe' });
}

function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-checks-'));
  const at = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-keyout', at('soon.key'), '-out', at('soon.crt'), '-days', '3', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']);
  openssl(['req', '-new', '-key', at('soon.key'), '-subj', '/CN=localhost', '-out', at('expired.csr')]);
  openssl(['x509', '-req', '-in', at('expired.csr'), '-signkey', at('soon.key'), '-days', '-1', '-out', at('expired.crt')]);
  openssl(['req', '-x509', ...ec, '-keyout', at('client.key'), '-out', at('client.crt'), '-days', '30', '-subj', '/CN=switchboard-probe']);
  return { dir, soonKey: at('soon.key'), soonCert: at('soon.crt'), expiredCert: at('expired.crt'), clientKey: at('client.key'), clientCert: at('client.crt') };
}

// ---- probes (no store) ----------------------------------------------------------------------

describe('probes', () => {
  const seen: IncomingMessage[] = [];
  const flaky = new Map<string, number>();
  let server: Server;
  let base: string;
  let certs: Certificates;
  let trustedCa: string[];

  before(async () => {
    server = createHttpServer(partnerHandler(seen, flaky));
    base = `http://127.0.0.1:${await listen(server)}`;
    certs = makeCertificates();
    trustedCa = [readFileSync(certs.soonCert, 'utf8'), readFileSync(certs.expiredCert, 'utf8')];
  });
  after(async () => {
    await close(server);
    rmSync(certs.dir, { recursive: true, force: true });
  });

  describe('http', () => {
    it('is up on an expected status, with latency and HTTP status', async () => {
      const result = await probe(httpCheck(`${base}/ok`));
      assert.equal(result.status, 'up');
      assert.equal(result.http_status, 200);
      assert.ok(result.latency_ms > 0 && result.latency_ms < 1000);
      assert.equal(result.error, undefined);
    });

    it('is down on an unexpected status, saying what was expected', async () => {
      const result = await probe(httpCheck(`${base}/fail`));
      assert.equal(result.status, 'down');
      assert.equal(result.http_status, 500);
      assert.equal(result.error, 'HTTP 500, expected 200, 201, 202 or 204');
      assert.equal((await probe(httpCheck(`${base}/fail`, { expectStatus: [500] }))).status, 'up');
    });

    it('checks a JSON path in the body: pass, wrong value, missing path, not JSON', async () => {
      const pass = await probe(httpCheck(`${base}/ok`, { expectJson: { path: '$.items[0].state', equals: 'ready' } }));
      assert.equal(pass.status, 'up', pass.error);
      const wrong = await probe(httpCheck(`${base}/degraded`, { expectJson: { path: '$.status', equals: 'ok' } }));
      assert.equal(wrong.status, 'down');
      assert.equal(wrong.error, '$.status is "degraded", expected "ok"');
      assert.equal(wrong.http_status, 200);
      const missing = await probe(httpCheck(`${base}/degraded`, { expectJson: { path: '$.items[0].state', equals: 'ready' } }));
      assert.equal(missing.error, '$.items[0].state is missing from the response body');
      const exists = await probe(httpCheck(`${base}/ok`, { expectJson: { path: '$.status' } }));
      assert.equal(exists.status, 'up');
    });

    it('is degraded when slower than maxLatency, with the reason', async () => {
      const result = await probe(httpCheck(`${base}/slow`, { maxLatencyMs: 50 }));
      assert.equal(result.status, 'degraded');
      assert.match(result.error!, /^answered in \d+ ms, over the 50 ms limit$/);
    });

    it('is down "timed out after 500 ms" when the server hangs, and quickly', async () => {
      const started = Date.now();
      const result = await probe(httpCheck(`${base}/hang`, { timeoutMs: 500 }));
      const took = Date.now() - started;
      assert.equal(result.status, 'down');
      assert.equal(result.error, 'timed out after 500 ms');
      assert.ok(took >= 490 && took < 1000, `took ${took} ms`);
    });

    it('is down with a clear reason when nothing listens', async () => {
      const closed = createTcpServer();
      const port = await listen(closed);
      await close(closed);
      const result = await probe(httpCheck(`http://127.0.0.1:${port}/`));
      assert.equal(result.status, 'down');
      assert.equal(result.error, 'connection refused (ECONNREFUSED)');
    });

    it('resolves ${ENV} in url and headers at probe time, and never reports the secret', async () => {
      const env = { SB_TEST_TOKEN: SECRET, SB_TEST_PATH: 'echo' };
      const check = httpCheck(`${base}/\${SB_TEST_PATH}`, {
        headers: { Authorization: 'Bearer ${SB_TEST_TOKEN}', 'X-Partner': 'acme' },
        expectJson: { path: '$.auth', equals: 'something else' },
      });
      const result = await probe(check, { env });
      const request = seen.at(-1)!;
      assert.equal(request.url, '/echo');
      assert.equal(request.headers.authorization, `Bearer ${SECRET}`);
      assert.equal(request.headers['x-partner'], 'acme');
      // The server echoed the token back; the result must not carry it.
      assert.equal(result.status, 'down');
      assert.ok(!JSON.stringify(result).includes(SECRET), JSON.stringify(result));
      assert.match(result.error!, /\[REDACTED\]/);
    });

    it('is down, not crashing, when a referenced variable is not set', async () => {
      const check = httpCheck(`${base}/ok`, { headers: { Authorization: 'Bearer ${DHL_API_TOKEN}' } });
      const result = await probe(check, { env: {} });
      assert.equal(result.status, 'down');
      assert.equal(result.error, 'environment variable DHL_API_TOKEN is not set');
      assert.equal((await probe(check, { env: { DHL_API_TOKEN: '' } })).error, 'environment variable DHL_API_TOKEN is empty');
    });
  });

  describe('tls', () => {
    it('is degraded when the certificate expires within warnBefore, with days left and details', async () => {
      const server = createHttpsServer({ key: readFileSync(certs.soonKey), cert: readFileSync(certs.soonCert) }, (_q, s) => s.end('ok'));
      const port = await listen(server);
      try {
        const result = await probe(tlsCheck(port), { trustedCa });
        assert.equal(result.status, 'degraded', result.error);
        assert.match(result.error!, /^certificate for 127\.0\.0\.1 expires in 3 days \(\d{4}-\d{2}-\d{2}\)$/);
        assert.equal(result.detail!.days_left, 3);
        assert.equal(result.detail!.subject_cn, 'localhost');
        assert.equal(result.detail!.issuer, 'localhost');
        assert.match(String(result.detail!.valid_to), /^\d{4}-\d{2}-\d{2}T/);
        // Warned only inside the window; an untrusted certificate is down whatever its age.
        assert.equal((await probe(tlsCheck(port, { warnBeforeMs: 86_400_000 }), { trustedCa })).status, 'up');
        const untrusted = await probe(tlsCheck(port));
        assert.equal(untrusted.status, 'down');
        assert.match(untrusted.error!, /not trusted: the server certificate is self-signed/);
        // And an https check against it works once the CA is trusted.
        assert.equal((await probe(httpCheck(`https://127.0.0.1:${port}/`), { trustedCa })).status, 'up');
      } finally {
        await close(server);
      }
    });

    it('is down when the certificate has expired', async () => {
      const server = createHttpsServer({ key: readFileSync(certs.soonKey), cert: readFileSync(certs.expiredCert) }, (_q, s) => s.end('ok'));
      const port = await listen(server);
      try {
        const result = await probe(tlsCheck(port), { trustedCa });
        assert.equal(result.status, 'down');
        assert.match(result.error!, /^certificate for 127\.0\.0\.1 expired (1 day|\d+ h) ago \(\d{4}-\d{2}-\d{2}\)$/);
        const http = await probe(httpCheck(`https://127.0.0.1:${port}/`), { trustedCa });
        assert.equal(http.status, 'down');
        assert.equal(http.error, 'the server certificate has expired (CERT_HAS_EXPIRED)');
      } finally {
        await close(server);
      }
    });

    it('passes a client-certificate (mTLS) endpoint with clientCertificate, fails without', async () => {
      const server = createHttpsServer(
        { key: readFileSync(certs.soonKey), cert: readFileSync(certs.soonCert), requestCert: true, rejectUnauthorized: true, ca: [readFileSync(certs.clientCert)] },
        (request, response) => response.end(JSON.stringify({ client: (request.socket as import('node:tls').TLSSocket).getPeerCertificate().subject?.CN })),
      );
      const port = await listen(server);
      const clientCertificate = { certFile: certs.clientCert, keyFile: certs.clientKey };
      try {
        const withCert = await probe(httpCheck(`https://127.0.0.1:${port}/`, { clientCertificate, expectJson: { path: '$.client', equals: 'switchboard-probe' } }), { trustedCa });
        assert.equal(withCert.status, 'up', withCert.error);
        const withoutCert = await probe(httpCheck(`https://127.0.0.1:${port}/`), { trustedCa });
        assert.equal(withoutCert.status, 'down');
        assert.match(withoutCert.error!, /client certificate|ECONNRESET|socket hang up/);

        const tlsWith = await probe(tlsCheck(port, { clientCertificate, warnBeforeMs: 86_400_000 }), { trustedCa });
        assert.equal(tlsWith.status, 'up', tlsWith.error);
        const tlsWithout = await probe(tlsCheck(port, { warnBeforeMs: 86_400_000 }), { trustedCa });
        assert.equal(tlsWithout.status, 'down');
        assert.match(tlsWithout.error!, /TLS handshake with 127\.0\.0\.1:\d+ failed: the server requires a client certificate/);

        const missingFile = await probe(tlsCheck(port, { clientCertificate: { certFile: join(certs.dir, 'nope.crt'), keyFile: certs.clientKey } }));
        assert.equal(missingFile.status, 'down');
        assert.match(missingFile.error!, /cannot read the client certificate file .*nope\.crt \(ENOENT\)/);
      } finally {
        await close(server);
      }
    });
  });

  describe('tcp and dns', () => {
    it('tcp is up on an open port and down on a closed one', async () => {
      const listener = createTcpServer((socket) => socket.end());
      const port = await listen(listener);
      const check: TcpCheck = { type: 'tcp', name: 'port', integration: 'acme', intervalMs: 60_000, timeoutMs: 1_000, host: '127.0.0.1', port };
      assert.equal((await probe(check)).status, 'up');
      await close(listener);
      const closed = await probe(check);
      assert.equal(closed.status, 'down');
      assert.equal(closed.error, `cannot connect to 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    });

    it('dns resolves localhost and is down for an .invalid name with the resolver reason', async () => {
      const check: DnsCheck = { type: 'dns', name: 'dns', integration: 'acme', intervalMs: 60_000, timeoutMs: 2_000, host: 'localhost', recordType: 'A' };
      const ok = await probe(check);
      assert.equal(ok.status, 'up', ok.error);
      assert.ok((ok.detail!.records as string[]).includes('127.0.0.1'));
      const missing = await probe({ ...check, host: 'does-not-exist.invalid' });
      assert.equal(missing.status, 'down');
      assert.match(missing.error!, /^does-not-exist\.invalid does not resolve \(A\): no such domain \(ENOTFOUND\)$/);
    });
  });

  it('json paths: dotted, indexed, quoted', () => {
    const doc = { a: { b: 1 }, items: [{ state: 'x' }], 'odd key': true };
    assert.deepEqual(readJsonPath(doc, parseJsonPath('$.a.b')), { found: true, value: 1 });
    assert.deepEqual(readJsonPath(doc, parseJsonPath('$.items[0].state')), { found: true, value: 'x' });
    assert.deepEqual(readJsonPath(doc, parseJsonPath("$['odd key']")), { found: true, value: true });
    assert.deepEqual(readJsonPath(doc, parseJsonPath('$.items[3]')), { found: false });
    assert.throws(() => parseJsonPath('a.b'), /must start with \$/);
  });

  it('heartbeat lateness: once per missed expectation, by period and by cron', () => {
    const t0 = Date.UTC(2026, 10, 20, 10, 0);
    const period = heartbeat('hourly', { periodMs: 10 * MINUTE });
    const input = { lastPingAt: t0, since: t0 - MINUTE, reportedFor: undefined };
    assert.equal(heartbeatLateness(period, { ...input, now: t0 + 14 * MINUTE }).late, undefined);
    assert.equal(heartbeatLateness(period, { ...input, now: t0 + 14 * MINUTE }).nextCheckAt, t0 + 15 * MINUTE);
    const late = heartbeatLateness(period, { ...input, now: t0 + 15 * MINUTE });
    assert.deepEqual(late.late, { expectedAt: t0 + 10 * MINUTE, message: 'late: no ping since 10:00 UTC (expected every 10 min + 5 min grace)' });
    assert.equal(heartbeatLateness(period, { ...input, now: t0 + 20 * MINUTE, reportedFor: t0 + 10 * MINUTE }).late, undefined);
    assert.equal(heartbeatLateness(period, { ...input, now: t0 + 25 * MINUTE, reportedFor: t0 + 10 * MINUTE }).late?.expectedAt, t0 + 20 * MINUTE);

    const cron = heartbeat('cron', { cron: '0 * * * *', graceMs: 5 * MINUTE });
    const base = { since: t0 - 3 * 60 * MINUTE, reportedFor: undefined };
    assert.equal(heartbeatLateness(cron, { ...base, lastPingAt: t0 + 61 * MINUTE, now: t0 + 70 * MINUTE }).late, undefined);
    const missed = heartbeatLateness(cron, { ...base, lastPingAt: t0 + MINUTE, now: t0 + 65 * MINUTE });
    assert.equal(missed.late?.expectedAt, t0 + 60 * MINUTE);
    assert.equal(missed.late?.message, 'late: no ping since 10:01 UTC (expected at 11:00 UTC by cron "0 * * * *" + 5 min grace)');
    assert.equal(missed.nextCheckAt, t0 + 125 * MINUTE);
    // Never pinged and only watching since after 11:00: 11:00 is not held against it.
    assert.equal(heartbeatLateness(cron, { since: t0 + 62 * MINUTE, lastPingAt: undefined, reportedFor: undefined, now: t0 + 66 * MINUTE }).late, undefined);
  });
});

// ---- scheduler, store, heartbeats and routes, on both engines -------------------------------

interface Harness {
  store: TestStore;
  app: SwitchboardApp;
  url: string;
  key: string;
  /** `Authorization` with the harness's admin token. */
  auth: { authorization: string };
  scheduler: CheckScheduler;
  log: ReturnType<typeof recordingLog>;
  close: () => Promise<void>;
}

async function startHarness(store: TestStore, catalogue: CatalogueSource, options: { clock?: () => number; random?: () => number; env?: NodeJS.ProcessEnv } = {}): Promise<Harness> {
  const log = recordingLog();
  const clock = options.clock ?? Date.now;
  const scheduler = new CheckScheduler({
    db: store.db,
    catalogue,
    log,
    clock,
    random: options.random ?? (() => 0.5),
    probeContext: { env: options.env ?? {} },
    firstRunSpreadMs: 200,
  });
  const adminToken = 'sbt_checks_harness_admin_token';
  const config = loadConfig({ database: store.database, port: 0 }, { SWITCHBOARD_ADMIN_TOKEN: adminToken });
  // The app takes the catalogue only to hand it on; a stand-in with the scheduler's interface is enough here.
  const app = await createApp({ config, db: store.db, logLevel: 'silent', clock, runJobs: false, catalogue: catalogue as Catalogue, checkScheduler: scheduler });
  const url = await app.app.listen({ host: '127.0.0.1', port: 0 });
  const { key } = await createIngestKey(store.db, 'tests');
  return {
    store,
    app,
    url,
    key,
    auth: { authorization: `Bearer ${adminToken}` },
    scheduler,
    log,
    close: async () => {
      await scheduler.stop();
      await app.close();
    },
  };
}

async function rows(store: TestStore, integration: string, name: string) {
  return store.db.selectFrom('check_results').selectAll().where('integration', '=', integration).where('check_name', '=', name).orderBy('id').execute();
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const engine of ENGINES) {
  describe(`checks on ${engine.name}`, () => {
    const seen: IncomingMessage[] = [];
    const flaky = new Map<string, number>();
    let partner: Server;
    let base: string;
    let store: TestStore;

    before(async () => {
      partner = createHttpServer(partnerHandler(seen, flaky));
      base = `http://127.0.0.1:${await listen(partner)}`;
      store = await engine.open();
    });
    after(async () => {
      await close(partner);
      await store.dispose();
    });

    it('runs a failing check with back-off, stores each result, and sees it recover', async () => {
      const check = httpCheck(`${base}/flaky?id=${engine.name}&fails=3`, { integration: 'flaky', name: 'health', intervalMs: 200, timeoutMs: 500 });
      const catalogue = new TestCatalogue([check]);
      const harness = await startHarness(store, catalogue);
      try {
        harness.scheduler.start();
        const results = await waitFor('a recovery', () => rows(store, 'flaky', 'health'), (list) => list.some((row) => row.status === 'up'));
        assert.deepEqual(results.slice(0, 4).map((row) => row.status), ['down', 'down', 'down', 'up']);
        assert.equal(results[0]!.error, 'HTTP 503, expected 200, 201, 202 or 204');
        assert.equal(results[0]!.check_type, 'http');
        assert.equal(Number(results[0]!.http_status), 503);
        // Gaps after 1, 2, 3 failures: 2×, 4×, 4× the 200 ms interval (jitter pinned at 0).
        const gaps = results.slice(0, 4).map((row, i, list) => (i === 0 ? 0 : Number(row.ts) - Number(list[i - 1]!.ts))).slice(1);
        assert.ok(gaps[0]! >= 390 && gaps[0]! < 650, `gaps ${gaps}`);
        assert.ok(gaps[1]! >= 790 && gaps[1]! < 1100, `gaps ${gaps}`);
        assert.ok(gaps[2]! >= 790 && gaps[2]! < 1100, `gaps ${gaps}`);

        const states = await latestCheckStates(store.db, catalogue);
        assert.equal(states[0]!.status, 'up');
        assert.equal(states[0]!.consecutive_failures, 0);
        assert.deepEqual(harness.log.errors, []);
      } finally {
        await harness.close();
      }
    });

    it('stores a timeout as down, quickly, and reports the failure streak', async () => {
      const check = httpCheck(`${base}/hang`, { integration: 'hang', name: 'health', intervalMs: 100, timeoutMs: 300 });
      const catalogue = new TestCatalogue([check]);
      const harness = await startHarness(store, catalogue);
      try {
        harness.scheduler.start();
        await waitFor('two timeouts', () => rows(store, 'hang', 'health'), (list) => list.length >= 2, 5_000);
        await harness.scheduler.stop();
        const list = await rows(store, 'hang', 'health');
        assert.ok(list.every((row) => row.status === 'down' && row.error === 'timed out after 300 ms'));
        const [state] = await latestCheckStates(store.db, catalogue);
        assert.equal(state!.status, 'down');
        assert.equal(state!.consecutive_failures, list.length);
      } finally {
        await harness.close();
      }
    });

    it('serves checks with history, next run and streak; "check now" is rate-limited', async () => {
      const env = { SB_TEST_TOKEN: SECRET };
      const checks: CheckDefinition[] = [
        httpCheck(`${base}/echo`, { integration: 'shop', name: 'echo', headers: { Authorization: 'Bearer ${SB_TEST_TOKEN}' }, expectJson: { path: '$.auth', equals: 'x' } }),
        httpCheck(`${base}/ok`, { integration: 'shop', name: 'ok' }),
        heartbeat('nightly', { integration: 'shop', periodMs: 24 * 60 * MINUTE }),
      ];
      const catalogue = new TestCatalogue(checks);
      const harness = await startHarness(store, catalogue, { env });
      try {
        const first = await fetch(`${harness.url}/api/v1/integrations/shop/checks/ok/run`, { method: 'POST', headers: harness.auth });
        assert.equal(first.status, 200);
        const body = (await first.json()) as any;
        assert.equal(body.result.status, 'up');
        assert.equal(body.result.http_status, 200);

        const again = await fetch(`${harness.url}/api/v1/integrations/shop/checks/ok/run`, { method: 'POST', headers: harness.auth });
        assert.equal(again.status, 429);
        assert.ok(Number(again.headers.get('retry-after')) >= 9 && Number(again.headers.get('retry-after')) <= 10);
        assert.match(((await again.json()) as any).error, /run by hand less than 10 s ago/);

        const echo = await fetch(`${harness.url}/api/v1/integrations/shop/checks/echo/run`, { method: 'POST', headers: { ...harness.auth, 'content-type': 'application/json' } });
        assert.equal(echo.status, 200);
        assert.equal(((await echo.json()) as any).result.status, 'down');
        assert.equal(seen.at(-1)!.headers.authorization, `Bearer ${SECRET}`);

        assert.equal((await fetch(`${harness.url}/api/v1/integrations/shop/checks/nope/run`, { method: 'POST', headers: harness.auth })).status, 404);
        assert.equal((await fetch(`${harness.url}/api/v1/integrations/shop/checks/nightly/run`, { method: 'POST', headers: harness.auth })).status, 400);

        const list = (await (await fetch(`${harness.url}/api/v1/integrations/shop/checks`, { headers: harness.auth })).json()) as any;
        const byName = Object.fromEntries(list.checks.map((c: any) => [c.name, c]));
        assert.deepEqual(Object.keys(byName).sort(), ['echo', 'nightly', 'ok']);
        assert.equal(byName.ok.status, 'up');
        assert.equal(byName.ok.type, 'http');
        assert.equal(byName.ok.target, `${base}/ok`);
        assert.equal(byName.ok.interval_ms, 60_000);
        assert.equal(byName.ok.history.length, 1);
        assert.equal(byName.echo.status, 'down');
        assert.equal(byName.echo.consecutive_failures, 1);
        assert.equal(byName.nightly.status, 'pending');
        assert.equal(byName.nightly.last, null);
        assert.equal(byName.nightly.target, '/api/v1/heartbeats/shop/nightly');
        assert.equal(byName.ok.next_run, null); // not started on this instance
        assert.equal((await fetch(`${harness.url}/api/v1/integrations/unknown/checks`, { headers: harness.auth })).status, 404);

        // Nothing stored or served carries the resolved secret.
        const stored = JSON.stringify(await store.db.selectFrom('check_results').selectAll().execute());
        assert.ok(!stored.includes(SECRET));
        assert.ok(!JSON.stringify(list).includes(SECRET));

        harness.scheduler.start();
        await waitFor('first scheduled runs', async () => (await (await fetch(`${harness.url}/api/v1/checks`, { headers: harness.auth })).json()) as any, (all) =>
          all.checks.filter((c: any) => c.integration === 'shop' && c.type === 'http').every((c: any) => c.next_run !== null),
        );
        const all = (await (await fetch(`${harness.url}/api/v1/checks`, { headers: harness.auth })).json()) as any;
        const ok = all.checks.find((c: any) => c.integration === 'shop' && c.name === 'ok');
        assert.equal(ok.history, undefined);
        assert.ok(ok.next_run > Date.now() - 1000);

        // History is newest first and capped at 50.
        const many = Array.from({ length: 60 }, (_, i) => ({ integration: 'shop', check_name: 'ok', check_type: 'http', ts: 1_000 + i, status: 'up', latency_ms: 1, http_status: 200, error: null, detail: null }));
        await store.db.insertInto('check_results').values(many).execute();
        const capped = (await (await fetch(`${harness.url}/api/v1/integrations/shop/checks`, { headers: harness.auth })).json()) as any;
        const history = capped.checks.find((c: any) => c.name === 'ok').history;
        assert.equal(history.length, 50);
        assert.ok(history.every((r: any, i: number) => i === 0 || r.ts <= history[i - 1].ts));
      } finally {
        await harness.close();
      }
    });

    it('follows catalogue reloads: adds, drops and reschedules checks', async () => {
      const a = httpCheck(`${base}/ok`, { integration: 'reload', name: 'a', intervalMs: 150 });
      const b = httpCheck(`${base}/ok`, { integration: 'reload', name: 'b', intervalMs: 150 });
      const catalogue = new TestCatalogue([a]);
      const harness = await startHarness(store, catalogue);
      try {
        harness.scheduler.start();
        await waitFor('a runs', () => rows(store, 'reload', 'a'), (list) => list.length >= 1);
        assert.equal(harness.scheduler.size, 1);
        catalogue.replace([b]);
        assert.equal(harness.scheduler.size, 1);
        await waitFor('b runs', () => rows(store, 'reload', 'b'), (list) => list.length >= 2);
        await new Promise((resolve) => setTimeout(resolve, 200)); // any run of a in flight finishes
        const aCount = (await rows(store, 'reload', 'a')).length;
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal((await rows(store, 'reload', 'a')).length, aCount, 'a dropped check runs no more');
        catalogue.replace([b, { ...a, intervalMs: 100 }]);
        assert.equal(harness.scheduler.size, 2);
        await waitFor('a runs again', () => rows(store, 'reload', 'a'), (list) => list.length > aCount);
      } finally {
        await harness.close();
      }
    });

    it('heartbeats: pings doubles as run records; late once per missed period; failed pings are down', async () => {
      const clock = new ManualClock(Date.UTC(2026, 10, 20, 10, 0, 0));
      const nightly = heartbeat('price-scrape', { integration: 'feed', periodMs: 10 * MINUTE, graceMs: 5 * MINUTE, job: 'price-scrape-job' });
      const cron = heartbeat('sync', { integration: 'feed', cron: '*/10 * * * *', graceMs: 2 * MINUTE });
      const probeCheck = httpCheck(`${base}/ok`, { integration: 'feed', name: 'api' });
      const catalogue = new TestCatalogue([nightly, cron, probeCheck]);
      const harness = await startHarness(store, catalogue, { clock: clock.read });
      const ping = async (path: string, init: RequestInit = {}, key: string | null = harness.key) => {
        const headers = new Headers(init.headers);
        if (key !== null) headers.set('authorization', `Bearer ${key}`);
        const response = await fetch(`${harness.url}/api/v1/heartbeats/${path}`, { method: 'POST', ...init, headers });
        return { status: response.status, body: (await response.json()) as any };
      };
      const results = (name: string) => rows(store, 'feed', name);
      const at = (h: number, m: number, s = 0) => (clock.now = Date.UTC(2026, 10, 20, h, m, s));
      try {
        at(10, 3);
        harness.scheduler.start();
        await harness.scheduler.tick();
        assert.deepEqual(await results('price-scrape'), []);

        // A ping with counts: stored as an up result and as a run record of the job.
        const first = await ping('feed/price-scrape', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ counts: { skus: 5120, promos: 310 }, duration_ms: 5400 }) });
        assert.deepEqual(first, { status: 200, body: { recorded: true } });
        const [up] = await results('price-scrape');
        assert.equal(up!.status, 'up');
        assert.equal(up!.check_type, 'heartbeat');
        assert.equal(Number(up!.ts), clock.now);
        const runs = await store.db.selectFrom('records').selectAll().where('kind', '=', 'run').where('integration', '=', 'feed').execute();
        assert.equal(runs.length, 1);
        assert.equal(runs[0]!.job, 'price-scrape-job');
        assert.equal(runs[0]!.run_status, 'success');
        assert.deepEqual(JSON.parse(runs[0]!.counts!), { skus: 5120, promos: 310 });
        assert.equal(Number(runs[0]!.duration_ms), 5400);

        // Due at 10:13 + 5 min grace = 10:18: on time at 10:17, late once at 10:18.
        at(10, 17, 59);
        await harness.scheduler.tick();
        assert.equal((await results('price-scrape')).length, 1);
        at(10, 18, 1);
        await harness.scheduler.tick();
        at(10, 20);
        await harness.scheduler.tick();
        at(10, 27);
        await harness.scheduler.tick();
        let list = await results('price-scrape');
        assert.deepEqual(list.map((r) => r.status), ['up', 'down']);
        assert.equal(list[1]!.error, 'late: no ping since 10:03 UTC (expected every 10 min + 5 min grace)');
        // The next missed period is its own late result.
        at(10, 28, 1);
        await harness.scheduler.tick();
        list = await results('price-scrape');
        assert.deepEqual(list.map((r) => r.status), ['up', 'down', 'down']);

        // A failed ping (query form, for cron one-liners): a down result and a failed run record.
        const failed = await ping('feed/price-scrape?status=failed&counts.skus=12&error=SFTP%20login%20refused');
        assert.equal(failed.status, 200);
        list = await results('price-scrape');
        assert.equal(list.at(-1)!.status, 'down');
        assert.equal(list.at(-1)!.error, 'SFTP login refused');
        const failedRun = await store.db.selectFrom('records').selectAll().where('kind', '=', 'run').where('run_status', '=', 'failed').executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(failedRun.counts!), { skus: 12 });
        assert.equal(failedRun.error, 'SFTP login refused');
        let [state] = (await latestCheckStates(store.db, catalogue, 'feed')).filter((s) => s.name === 'price-scrape');
        assert.equal(state!.consecutive_failures, 3);

        // The next good ping (a GET works too) brings it back up.
        const getPing = await fetch(`${harness.url}/api/v1/heartbeats/feed/price-scrape`, { headers: { authorization: `Bearer ${harness.key}` } });
        assert.equal(getPing.status, 200);
        [state] = (await latestCheckStates(store.db, catalogue, 'feed')).filter((s) => s.name === 'price-scrape');
        assert.equal(state!.status, 'up');
        assert.equal(state!.consecutive_failures, 0);
        // A form body (curl -d) works too; a partial run is degraded.
        const form = await ping('feed/price-scrape', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=partial&counts.skus=7' });
        assert.equal(form.status, 200);
        list = await results('price-scrape');
        assert.equal(list.at(-1)!.status, 'degraded');
        assert.deepEqual(JSON.parse(list.at(-1)!.detail!), { source: 'ping', job: 'price-scrape-job', run_status: 'partial', counts: { skus: 7 } });

        // Cron: watching since 10:03, so 10:00 is not held against it; 10:10 + 2 min is.
        assert.deepEqual((await results('sync')).map((r) => r.error), ['late: no ping yet (expected at 10:10 UTC by cron "*/10 * * * *" + 2 min grace)', 'late: no ping yet (expected at 10:20 UTC by cron "*/10 * * * *" + 2 min grace)']);
        at(10, 31);
        assert.equal((await ping('feed/sync', { method: 'POST' })).status, 200);
        at(10, 41, 30);
        await harness.scheduler.tick();
        assert.equal((await results('sync')).length, 3);
        at(10, 52, 30);
        await harness.scheduler.tick();
        assert.equal((await results('sync')).at(-1)!.error, 'late: no ping since 10:31 UTC (expected at 10:50 UTC by cron "*/10 * * * *" + 2 min grace)');

        // Refusals: unknown names, bad counts, no key, key in the URL, not a heartbeat.
        assert.equal((await ping('nope/price-scrape')).status, 404);
        const unknownCheck = await ping('feed/nope');
        assert.equal(unknownCheck.status, 404);
        assert.match(unknownCheck.body.error, /integration "feed" has no check nope; its heartbeat checks are "price-scrape", "sync"/);
        const negative = await ping('feed/price-scrape?counts.skus=-1');
        assert.equal(negative.status, 400);
        assert.equal(negative.body.error, 'counts.skus must be a whole number ≥ 0, got "-1"');
        const fractional = await ping('feed/price-scrape', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ counts: { skus: 1.5 } }) });
        assert.equal(fractional.status, 400);
        assert.equal((await ping('feed/price-scrape', { headers: { 'content-type': 'application/json' }, body: '{"count": 1}' })).status, 400);
        assert.equal((await ping('feed/price-scrape', {}, null)).status, 401);
        const inUrl = await ping(`feed/price-scrape?key=${harness.key}`, {}, null);
        assert.equal(inUrl.status, 401);
        assert.match(inUrl.body.error, /key in the URL is not accepted/);
        assert.equal((await ping('feed/api')).status, 400);
        const head = await fetch(`${harness.url}/api/v1/heartbeats/feed/price-scrape`, { method: 'HEAD', headers: { authorization: `Bearer ${harness.key}` } });
        assert.equal(head.status, 404, 'a HEAD is not a ping');
        assert.deepEqual(harness.log.errors, []);
      } finally {
        await harness.close();
      }
    });

    it('heartbeats: run records that arrive through ingest keep a heartbeat alive too', async () => {
      const clock = new ManualClock(Date.UTC(2026, 10, 20, 10, 0, 0));
      const sync = heartbeat('contacts', { integration: 'crm', periodMs: 10 * MINUTE, graceMs: 5 * MINUTE, job: 'contacts-sync' });
      const harness = await startHarness(store, new TestCatalogue([sync]), { clock: clock.read });
      const at = (h: number, m: number) => (clock.now = Date.UTC(2026, 10, 20, h, m, 0));
      const ingestRun = async () => {
        const response = await fetch(`${harness.url}/api/v1/ingest`, {
          method: 'POST',
          headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
          body: JSON.stringify([{ kind: 'run', ts: clock.now, integration: 'crm', job: 'contacts-sync', status: 'success' }]),
        });
        assert.equal(response.status, 200);
      };
      try {
        at(10, 1);
        await ingestRun();
        harness.scheduler.start();
        await harness.scheduler.tick();
        at(10, 14);
        await harness.scheduler.tick();
        assert.deepEqual((await rows(store, 'crm', 'contacts')).map((r) => r.status), [], 'the 10:01 run counts: due 10:16');
        at(10, 17);
        await harness.scheduler.tick();
        assert.deepEqual((await rows(store, 'crm', 'contacts')).map((r) => r.status), ['down']);
        at(10, 18);
        await ingestRun();
        at(10, 19);
        await harness.scheduler.tick();
        const list = await rows(store, 'crm', 'contacts');
        assert.deepEqual(list.map((r) => r.status), ['down', 'up'], 'the late run brings it back up');
        assert.equal(JSON.parse(list[1]!.detail!).source, 'run');
      } finally {
        await harness.close();
      }
    });

    it('retention deletes results older than the cutoff', async () => {
      const now = Date.UTC(2026, 10, 20);
      const row = (ts: number) => ({ integration: 'retention', check_name: 'x', check_type: 'tcp', ts, status: 'up', latency_ms: 1, http_status: null, error: null, detail: null });
      await store.db.insertInto('check_results').values([row(now - 40 * 86_400_000), row(now - 31 * 86_400_000), row(now - 86_400_000)]).execute();
      const cutoff = now - 30 * 86_400_000;
      const old = await store.db.selectFrom('check_results').select((eb) => eb.fn.countAll<number>().as('n')).where('ts', '<', cutoff).executeTakeFirstOrThrow();
      const total = await store.db.selectFrom('check_results').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.ok(Number(old.n) >= 2);
      assert.equal(await deleteOldCheckResults(store.db, 30 * 86_400_000, now), Number(old.n));
      assert.deepEqual((await rows(store, 'retention', 'x')).map((r) => Number(r.ts)), [now - 86_400_000]);
      const left = await store.db.selectFrom('check_results').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(left.n), Number(total.n) - Number(old.n));
    });
  });
}
