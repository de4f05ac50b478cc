/**
 * The TypeScript client's log() and its pino destination against the real server: lines land as
 * log lines (and what they derive), beside the client's records, and flush waits for both.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import pino from 'pino';
import { createClient } from '../client/src/index.js';
import { logOfPino, pinoDestination } from '../client/src/pino.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const ROOT = join(import.meta.dirname, '..');
/** The transport as the package ships it: pino's worker thread loads plain JavaScript (`npm run build` makes it). */
const TRANSPORT = join(ROOT, 'client/dist/pino-transport.js');

describe('pino lines as log lines', () => {
  it('maps levels, time, msg, err and fields', () => {
    const line = logOfPino({ level: 50, time: 1_795_000_000_000, pid: 1, hostname: 'h', name: 'worker', msg: 'fetch failed', operation: 'fetch.failed', tenantId: 't-1', orderId: 'o-1', err: { type: 'Error', message: 'Invalid session token', stack: 'Error: …' } }, { integration: 'crm' });
    assert.deepEqual(line, {
      integration: 'crm',
      level: 'error',
      ts: 1_795_000_000_000,
      message: 'fetch failed',
      operation: 'fetch.failed',
      service: 'worker',
      tenant: 't-1',
      metadata: { orderId: 'o-1', error: 'Invalid session token', errorType: 'Error' },
    });
    assert.equal(logOfPino({ level: 35 }, { integration: 'crm' }).level, 'info');
    assert.equal(logOfPino({ level: 'warn', integration: 'other' }, { integration: 'crm' }).integration, 'other');
  });
});

describe('client log() and the pino destination (sqlite)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(ENGINES[0]!, { now: Date.now() });
  });
  after(async () => server.close());

  it('sends log lines through their own route beside records, and flush waits for both', async () => {
    const dropped: unknown[] = [];
    const client = createClient({ url: server.url, key: server.key, flushOnExit: false, tenant: 'tenant-123', onDrop: (report) => dropped.push(report) });
    client.call({ integration: 'crm', direction: 'outbound', operation: 'contacts.list', status: 200, latency_ms: 80 });
    client.log({ integration: 'crm', level: 'info', operation: 'sync.started', metadata: { entity: 'contact' } });
    client.log({ integration: 'crm', level: 'error', operation: 'fetch.failed', metadata: { entity: 'contact', error: 'Invalid session token' } });
    client.log({ integration: 'Not Valid', level: 'info' });
    assert.equal(await client.flush(5_000), true);
    const lines = await server.store.db.selectFrom('log_records').select(['level', 'operation', 'tenant']).where('integration', '=', 'crm').orderBy('id').execute();
    assert.deepEqual(lines, [{ level: 'info', operation: 'sync.started', tenant: 'tenant-123' }, { level: 'error', operation: 'fetch.failed', tenant: 'tenant-123' }]);
    // The records and the lines go in two requests at once: which commits first is not promised.
    const calls = await server.store.db.selectFrom('records').select(['operation', 'outcome']).where('integration', '=', 'crm').orderBy('operation').execute();
    assert.deepEqual(calls, [{ operation: 'contacts.list', outcome: 'ok' }, { operation: 'fetch.contact', outcome: 'auth_error' }]);
    assert.equal(dropped.length, 1, 'the invalid line is reported, not sent');
    assert.deepEqual({ ...client.stats }, { buffered: 0, sent: 3, rejected: 0, dropped: 1, retried: 0 });
    assert.equal(await client.close(), true);
  });

  it('ships a pino logger\'s lines with one line of configuration', async () => {
    const destination = pinoDestination({ url: server.url, key: server.key, integration: 'pino-sync', service: 'sync-worker', flushOnExit: false });
    const logger = pino({ base: { pid: 1, hostname: 'host' } }, destination);
    logger.info({ operation: 'sync.completed', entity: 'order', recordCount: 12, duration: 900, orderId: 'o-pino' }, 'synced');
    logger.error({ operation: 'fetch.failed', err: new Error('Invalid session token') }, 'fetch failed');
    logger.debug('not written: below pino\'s level');
    assert.equal(await destination.client.flush(5_000), true);
    const lines = await server.store.db.selectFrom('log_records').select(['level', 'operation', 'message', 'service', 'order_id', 'metadata']).where('integration', '=', 'pino-sync').orderBy('id').execute();
    assert.deepEqual(lines.map((l) => [l.level, l.operation, l.message, l.service, l.order_id]), [
      ['info', 'sync.completed', 'synced', 'sync-worker', 'o-pino'],
      ['error', 'fetch.failed', 'fetch failed', 'sync-worker', null],
    ]);
    assert.equal(JSON.parse(lines[1]!.metadata!).error, 'Invalid session token');
    const derived = await server.store.db.selectFrom('records').select(['kind', 'outcome', 'job']).where('integration', '=', 'pino-sync').orderBy('id').execute();
    assert.deepEqual(derived, [{ kind: 'run', outcome: null, job: 'sync.order' }, { kind: 'call', outcome: 'auth_error', job: null }]);
    await destination.client.close();
  });

  it("ships pino logs from pino's worker thread, and sends what it holds as the process exits", async () => {
    if (!existsSync(TRANSPORT)) execFileSync('npx', ['tsc', '-p', 'client/tsconfig.json'], { cwd: ROOT });
    const rows = (integration: string) => server.store.db.selectFrom('log_records').select(['level', 'operation', 'message', 'service', 'tenant', 'metadata']).where('integration', '=', integration).orderBy('ts').execute();
    const transport = pino.transport({ target: TRANSPORT, options: { url: server.url, key: server.key, integration: 'pino-worker', service: 'sync-worker', tenant: 'tenant-123', flushIntervalMs: 50 } });
    const logger = pino({ base: { pid: 1, hostname: 'host' } }, transport);
    logger.info({ operation: 'sync.started', entity: 'order' }, 'sync started');
    logger.error({ operation: 'fetch.failed', err: new Error('Invalid session token') }, 'fetch failed');
    let lines: Awaited<ReturnType<typeof rows>> = [];
    for (let tries = 0; tries < 100 && lines.length < 2; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      lines = await rows('pino-worker');
    }
    assert.deepEqual(lines.map((l) => [l.level, l.operation, l.message, l.service, l.tenant]), [
      ['info', 'sync.started', 'sync started', 'sync-worker', 'tenant-123'],
      ['error', 'fetch.failed', 'fetch failed', 'sync-worker', 'tenant-123'],
    ]);
    assert.equal(JSON.parse(lines[1]!.metadata!).error, 'Invalid session token');
    // Ending the transport here would block this thread, the server's, until the worker is done.
    transport.unref();

    // A service that logs and exits at once: nothing is sent before the exit (a minute's interval),
    // so the lines arrive only if ending the transport sends them.
    const script = `
      import pino from 'pino';
      const transport = pino.transport({ target: ${JSON.stringify(TRANSPORT)}, options: { url: ${JSON.stringify(server.url)}, key: ${JSON.stringify(server.key)}, integration: 'pino-exit', flushIntervalMs: 60000 } });
      const logger = pino(transport);
      transport.on('ready', () => {
        for (let i = 0; i < 250; i++) logger.info({ operation: 'fetch.completed', entity: 'order', duration: i }, 'line ' + i);
      });`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 30_000 });
    const exited = await rows('pino-exit');
    assert.equal(exited.length, 250);
    assert.deepEqual([exited[0]!.message, exited[249]!.message], ['line 0', 'line 249']);
    const derived = await server.store.db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('integration', '=', 'pino-exit').executeTakeFirstOrThrow();
    assert.equal(Number(derived.n), 250, 'each fetch.completed line is a call');
  });

  it("gives pino's worker the client's hooks (fetch, onError, onDrop) from a module the transport names", async () => {
    if (!existsSync(TRANSPORT)) execFileSync('npx', ['tsc', '-p', 'client/tsconfig.json'], { cwd: ROOT });
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-pino-hooks-'));
    try {
      const heard = join(dir, 'heard.ndjson');
      // The hooks write what they are told to a file: they run in pino's worker, in the child process.
      // Its fetch refuses the first request, so the client reports it (onError) and retries.
      writeFileSync(
        join(dir, 'hooks.mjs'),
        `import { appendFileSync } from 'node:fs';
        const note = (entry) => appendFileSync(${JSON.stringify(heard)}, JSON.stringify(entry) + '\\n');
        let requests = 0;
        export async function fetch(url, init) {
          requests += 1;
          note({ hook: 'fetch', path: new URL(url).pathname, request: requests });
          if (requests === 1) throw new TypeError('fetch failed (refused by the hooks module)');
          return globalThis.fetch(url, init);
        }
        export const onError = (error) => note({ hook: 'onError', type: error.type, retrying: error.retrying, message: error.message });
        export const onDrop = (drop) => note({ hook: 'onDrop', reason: drop.reason, count: drop.count });`,
      );
      // Named by a path relative to the working directory; 250 lines into a buffer of 100: the oldest 150 overflow.
      const hooks = relative(ROOT, join(dir, 'hooks.mjs'));
      assert.match(hooks, /^\.\.\//);
      const script = `
        import pino from 'pino';
        const transport = pino.transport({ target: ${JSON.stringify(TRANSPORT)}, options: { url: ${JSON.stringify(server.url)}, key: ${JSON.stringify(server.key)}, integration: 'pino-hooks', flushIntervalMs: 60000, maxBufferedRecords: 100, maxBatchRecords: 100, initialBackoffMs: 50, hooks: ${JSON.stringify(hooks)} } });
        const logger = pino(transport);
        transport.on('ready', () => {
          for (let i = 0; i < 250; i++) logger.info({ operation: 'cache.refresh' }, 'line ' + i);
        });`;
      await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 30_000 });
      const entries = readFileSync(heard, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      const fetches = entries.filter((entry) => entry.hook === 'fetch');
      assert.ok(fetches.length >= 2, JSON.stringify(entries));
      assert.ok(fetches.every((entry) => entry.path === '/api/v1/logs'), JSON.stringify(fetches));
      assert.deepEqual(entries.filter((entry) => entry.hook === 'onError').map(({ type, retrying }) => ({ type, retrying })), [{ type: 'network', retrying: true }]);
      const drops = entries.filter((entry) => entry.hook === 'onDrop');
      assert.ok(drops.every((entry) => entry.reason === 'overflow'), JSON.stringify(drops));
      assert.equal(drops.reduce((total, entry) => total + Number(entry.count), 0), 150);
      const stored = await server.store.db.selectFrom('log_records').select('message').where('integration', '=', 'pino-hooks').orderBy('ts').orderBy('id').execute();
      assert.equal(stored.length, 100);
      assert.deepEqual([stored[0]!.message, stored[99]!.message], ['line 150', 'line 249']);

      // A module that exports none of the hooks is refused: the worker fails to start, and says why.
      writeFileSync(join(dir, 'empty.mjs'), 'export const unrelated = 1;\n');
      const refused = `
        import pino from 'pino';
        const transport = pino.transport({ target: ${JSON.stringify(TRANSPORT)}, options: { url: ${JSON.stringify(server.url)}, key: 'k', integration: 'pino-hooks', hooks: ${JSON.stringify(join(dir, 'empty.mjs'))} } });
        transport.on('error', (error) => { console.log('transport error: ' + error.message); process.exit(0); });`;
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', refused], { cwd: ROOT, timeout: 30_000 });
      assert.match(stdout, /hooks module .*empty\.mjs exports none of onError, onDrop, fetch/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
