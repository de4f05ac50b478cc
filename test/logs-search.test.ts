/**
 * GET /api/v1/integrations/:id/logs: the document's example lines, ingested verbatim, are found by
 * text, level and operation; pages follow each other without a gap or a repeat; other tenants'
 * lines stay out of sight; bad parameters are 400s; every read is audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../src/access/tokens.js';
import { listAudit } from '../src/access/audit.js';
import { MINUTE } from '../src/rollup/tiers.js';
import { tokenWith, userSession } from './support/access.js';
import { ENGINES } from './support/engines.js';
import { AFTER_EXAMPLES, DOCUMENT_EXAMPLES, postLogs } from './support/logs.js';
import { startTestServer, type TestServer } from './support/server.js';

const SF = 'salesforce-connection-1';

for (const engine of ENGINES) {
  describe(`log search (${engine.name})`, () => {
    let server: TestServer;
    const search = async (query: string, token?: string | null) => server.get(`/api/v1/integrations/${SF}/logs${query}`, token);
    before(async () => {
      server = await startTestServer(engine, { now: AFTER_EXAMPLES });
      // Verbatim: the document prints them as two pretty-printed objects; sent as a JSON array.
      const answer = await postLogs(server, `[${DOCUMENT_EXAMPLES.map((line) => JSON.stringify(line, null, 2)).join(',\n')}]`);
      assert.deepEqual(answer.body, { accepted: 2, rejected: [], derived: { runs: 0, calls: 1, skipped: 0 } });
    });
    after(async () => server.close());

    it('finds the error line by its text, and the info line by a value of its metadata', async () => {
      const byText = await search('?q=session%20TOKEN');
      assert.equal(byText.status, 200);
      assert.deepEqual(byText.body.logs.map((l: any) => [l.level, l.operation, l.message, l.metadata.retryable]), [['error', 'fetch.failed', 'Invalid session token', true]]);
      const byMetadata = await search('?q=task-456');
      assert.deepEqual(byMetadata.body.logs.map((l: any) => [l.level, l.operation, l.tenant, l.service]), [['info', 'sync.started', 'tenant-123', 'sync-task-service']]);
    });

    it('filters by level and operation, newest first, in the window asked', async () => {
      const all = await search('');
      assert.deepEqual(all.body.logs.map((l: any) => l.operation), ['fetch.failed', 'sync.started'], 'the last hour, newest first');
      assert.deepEqual((await search('?level=error')).body.logs.map((l: any) => l.operation), ['fetch.failed']);
      assert.deepEqual((await search('?level=info,warn')).body.logs.map((l: any) => l.operation), ['sync.started']);
      assert.deepEqual((await search('?operation=sync.started&q=contact')).body.logs.length, 1);
      assert.deepEqual((await search('?q=contact')).body.logs.length, 2);
      const before = await search(`?to=${Date.parse('2025-12-20T10:30:00Z')}&from=${Date.parse('2025-12-20T10:00:00Z')}`);
      assert.deepEqual(before.body.logs, [], 'the window ends before both lines');
    });

    it('takes % and _ in a search literally', async () => {
      await postLogs(server, [
        { timestamp: AFTER_EXAMPLES - MINUTE, level: 'warn', integrationId: SF, message: 'quota at 100% for contact_sync' },
        { timestamp: AFTER_EXAMPLES - MINUTE, level: 'warn', integrationId: SF, message: 'quota at 1000 for contactXsync' },
      ]);
      assert.deepEqual((await search('?q=100%25')).body.logs.map((l: any) => l.message), ['quota at 100% for contact_sync']);
      assert.deepEqual((await search('?q=contact_sync')).body.logs.map((l: any) => l.message), ['quota at 100% for contact_sync']);
    });

    it('pages through many lines with the cursor, each line once, newest first', async () => {
      const lines = Array.from({ length: 25 }, (_, i) => ({ timestamp: AFTER_EXAMPLES - 10 * MINUTE + (i % 5) * 1000, level: 'debug', integrationId: 'paged', message: `line ${i}` }));
      assert.equal((await postLogs(server, lines)).body.accepted, 25);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { status: number; body: any } = await server.get(`/api/v1/integrations/paged/logs?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(page.status, 200);
        const ts = page.body.logs.map((l: any) => l.ts);
        assert.deepEqual(ts, [...ts].sort((a, b) => b - a));
        seen.push(...page.body.logs.map((l: any) => l.message));
        cursor = page.body.next;
        pages += 1;
      } while (cursor);
      assert.equal(pages, 3);
      assert.deepEqual([...seen].sort(), lines.map((l) => l.message).sort());
    });

    it('traces an order that only log lines carry', async () => {
      await postLogs(server, [{ timestamp: AFTER_EXAMPLES - 2 * MINUTE, level: 'error', integrationId: 'logs-only-shop', operation: 'push.failed', metadata: { orderId: 'only-in-logs', error: 'Contact 4 not found' } }]);
      const timeline = await server.get('/api/v1/trace/timeline?order_id=only-in-logs');
      assert.equal(timeline.status, 200, JSON.stringify(timeline.body));
      assert.deepEqual(timeline.body.logs.map((l: any) => [l.operation, l.message]), [['push.failed', 'Contact 4 not found']]);
      assert.equal(timeline.body.summary.calls, 1, 'the failed push derived a call of the same order');
      assert.equal((await server.get('/api/v1/trace/timeline?order_id=nowhere')).status, 404);
    });

    it('answers bad parameters with a 400 that names them', async () => {
      for (const [query, code] of [['?level=loud', 'invalid_value'], ['?limit=0', 'invalid_limit'], ['?limit=501', 'invalid_limit'], ['?cursor=abc!', 'invalid_cursor'], [`?q=${'x'.repeat(201)}`, 'invalid_search'], ['?from=yesterday', 'invalid_time']]) {
        const answer = await search(query!);
        assert.equal(answer.status, 400, query);
        assert.equal(answer.body.code, code, query);
      }
    });

    it('shows a tenant only its own integrations, needs the read scope, and audits every read', async () => {
      const other = (await createToken(server.store.db, { name: 'other-tenant', scopes: ['read'], tenants: ['tenant-999'] }, server.clock.now)).token;
      assert.equal((await search('', other)).status, 404, "another tenant's integration answers as an unknown one");
      const own = (await createToken(server.store.db, { name: 'own-tenant', scopes: ['read'], tenants: ['tenant-123'] }, server.clock.now)).token;
      assert.equal((await search('?level=error', own)).body.logs.length, 1);
      const ingestOnly = await tokenWith(server, 'ingest-only', ['ingest']);
      assert.equal((await search('', ingestOnly)).status, 403);
      assert.equal((await search('', null)).status, 401);
      const viewer = await userSession(server, 'viewer-logs', 'viewer');
      const asViewer = await fetch(`${server.url}/api/v1/integrations/${SF}/logs`, { headers: { cookie: viewer.cookie } });
      assert.equal(asViewer.status, 200);
      const entries = await listAudit(server.store.db, { action: 'logs.read', integration: SF, limit: 100 });
      assert.ok(entries.some((e) => e.actor === 'viewer-logs' && e.outcome === 'ok'), 'the viewer read is audited');
      assert.ok(entries.some((e) => e.outcome === 'refused'), 'the refused read of the other tenant is audited');
    });

    it('leaves lines past the log retention out of a trace, though they may still be stored', async () => {
      // On PostgreSQL a line outlives the retention until its whole day's partition is dropped (up to
      // a day); no retention job runs here, so on both engines the line is still in log_records.
      await postLogs(server, [{ timestamp: server.clock.now - MINUTE, level: 'warn', integrationId: 'logs-old-shop', operation: 'note.added', message: 'Order held for review', metadata: { orderId: 'aged-out' } }]);
      assert.equal((await server.get('/api/v1/trace/timeline?order_id=aged-out')).body.logs.length, 1);
      server.clock.advance(server.config.retention.logsMs);
      const stored = await server.store.db.selectFrom('log_records').select('id').where('order_id', '=', 'aged-out').execute();
      assert.equal(stored.length, 1, 'still stored');
      assert.equal((await server.get('/api/v1/trace/timeline?order_id=aged-out')).status, 404);
    });
  });
}
