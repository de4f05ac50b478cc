import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditTrail, listAudit, pruneAudit, verifyAuditTrail } from '../src/access/audit.js';
import { hashSecret } from '../src/access/secrets.js';
import { TokenVerifier } from '../src/access/tokens.js';
import { createUser } from '../src/access/users.js';
import { openDatabase } from '../src/store/open.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

async function call(server: TestServer, method: string, path: string, body?: unknown, headers: Record<string, string> = server.auth) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any, cookie: response.headers.get('set-cookie') };
}

for (const engine of ENGINES) {
  describe(`audit trail (${engine.name})`, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(engine, { now: NOW });
      await createUser(server.store.db, { username: 'rita', role: 'responder', password: 'correct horse battery' });
    });
    after(() => server.close());

    it('records sign-ins, failed sign-ins, silences, users, tokens and reads of partner records: who, when, from where, before and after', async () => {
      assert.equal((await call(server, 'POST', '/api/v1/auth/sign-in', { username: 'rita', password: 'wrong password!' }, {})).status, 401);
      const signedIn = await call(server, 'POST', '/api/v1/auth/sign-in', { username: 'rita', password: 'correct horse battery' }, {});
      assert.equal(signedIn.status, 200);
      const cookie = signedIn.cookie!.split(';')[0]!;
      const silence = await call(server, 'POST', '/api/v1/silences', { integration: 'dhl-carrier', duration: '2h', author: 'rita', reason: 'partner maintenance' }, {
        cookie,
        'x-csrf-token': signedIn.body.csrf_token,
        origin: server.url,
      });
      assert.equal(silence.status, 201, JSON.stringify(silence.body));
      assert.equal((await call(server, 'DELETE', `/api/v1/silences/${silence.body.id}`)).status, 200);
      const user = await call(server, 'POST', '/api/v1/users', { username: 'vic', role: 'viewer' });
      assert.equal(user.status, 201);
      assert.equal((await call(server, 'PATCH', `/api/v1/users/${user.body.user.id}`, { role: 'responder', tenants: ['acme'] })).status, 200);
      const token = await call(server, 'POST', '/api/v1/tokens', { name: 'grafana', scopes: ['read'] });
      assert.equal(token.status, 201);
      assert.equal((await call(server, 'DELETE', `/api/v1/tokens/${token.body.id}`)).status, 200);
      assert.equal((await server.get('/api/v1/trace?order_id=ORD-1')).status, 200);
      assert.equal((await server.get('/api/v1/integrations/dhl-carrier/failures')).status, 200);
      assert.equal((await call(server, 'POST', '/api/v1/notifications/999/retry')).status, 404);

      const entries = await listAudit(server.store.db, { limit: 100 });
      const byAction = (action: string) => entries.filter((entry) => entry.action === action);
      const signIns = byAction('auth.sign-in');
      assert.deepEqual(signIns.map((entry) => [entry.actor, entry.outcome]).sort(), [['rita', 'ok'], ['rita', 'refused']]);
      assert.ok(signIns.every((entry) => entry.address === '127.0.0.1'));
      const created = byAction('silence.create')[0]!;
      assert.equal(created.actor, 'rita');
      assert.equal(created.actor_kind, 'user');
      assert.equal(created.integration, 'dhl-carrier');
      const expired = byAction('silence.expire')[0]!;
      assert.equal(expired.actor, 'SWITCHBOARD_ADMIN_TOKEN');
      assert.equal(expired.integration, null, 'a silence id is not an integration');
      assert.equal((expired.after as { id: number }).id, silence.body.id);
      const update = byAction('user.update')[0]!;
      assert.equal((update.before as { role: string }).role, 'viewer');
      assert.deepEqual((update.after as { role: string; tenants: string[] }).tenants, ['acme']);
      assert.equal((byAction('token.create')[0]!.after as { name: string }).name, 'grafana');
      assert.ok(!JSON.stringify(entries).includes(token.body.token), 'a token never reaches the audit trail');
      assert.equal(byAction('token.revoke')[0]!.target, `tokens:${token.body.id}`);
      assert.deepEqual((byAction('trace.read')[0]!.detail as { query: unknown }).query, { order_id: 'ORD-1' });
      assert.equal(byAction('failures.read')[0]!.integration, 'dhl-carrier');
      assert.equal(byAction('notification.retry')[0]!.outcome, 'refused');
      assert.ok(!JSON.stringify(entries).includes('correct horse battery'), 'a password never reaches the audit trail');
      assert.deepEqual(await verifyAuditTrail(server.store.db), { checked: entries.length, problems: [] });
    });

    it('names an edited entry, a deleted one and deleted newest entries', async () => {
      const trail = new AuditTrail(server.store.db, engine.name);
      for (let i = 0; i < 5; i++) await trail.append({ ts: NOW + i, actor: 'tester', actorKind: 'user', address: null, action: 'test.step', outcome: 'ok', detail: { i } });
      const ids = (await listAudit(server.store.db, { action: 'test.step', limit: 10 })).map((entry) => entry.id).sort((a, b) => a - b);
      await server.store.db.updateTable('audit_log').set({ actor: 'someone else' }).where('id', '=', ids[1]!).execute();
      await server.store.db.deleteFrom('audit_log').where('id', '=', ids[2]!).execute();
      await server.store.db.deleteFrom('audit_log').where('id', '=', ids[4]!).execute();
      const { problems } = await verifyAuditTrail(server.store.db);
      assert.deepEqual(
        problems.map((problem) => problem.problem),
        [
          `entry ${ids[1]} was edited: its content no longer matches its hash`,
          `entry ${ids[3]} does not follow entry ${ids[1]}: entry ${ids[2]} was deleted or rewritten`,
          `the newest entries after ${ids[3]} (up to ${ids[4]}) were deleted`,
        ],
      );
    });
  });

  describe(`audit retention and the ingest-key upgrade (${engine.name})`, () => {
    it('commits entries appended at once in a few group commits, each resolved with its own id, the chain intact', async () => {
      const store = await engine.open();
      try {
        let headUpdates = 0;
        const counting = store.db.withPlugin({
          transformQuery: (args) => {
            if (args.node.kind === 'UpdateQueryNode' && JSON.stringify(args.node.table).includes('audit_head')) headUpdates++;
            return args.node;
          },
          transformResult: async (args) => args.result,
        });
        const trail = new AuditTrail(counting, engine.name);
        const ids = await Promise.all(
          Array.from({ length: 200 }, (_, i) => trail.append({ ts: NOW + i, actor: 'a', actorKind: 'user', address: null, action: 'read', outcome: 'ok', detail: { i } })),
        );
        assert.equal(new Set(ids).size, 200);
        const stored = await listAudit(store.db, { action: 'read', limit: 500 });
        assert.equal(stored.length, 200);
        // Each promise got the id of its own entry.
        for (const entry of stored) assert.equal(ids[(entry.detail as { i: number }).i], entry.id);
        assert.deepEqual(await verifyAuditTrail(store.db), { checked: 200, problems: [] });
        assert.ok(headUpdates <= 3, `${headUpdates} commits for 200 entries appended at once`);
      } finally {
        await store.dispose();
      }
    });

    it('prunes entries past their retention and the rest still verifies', async () => {
      const store = await engine.open();
      try {
        const trail = new AuditTrail(store.db, engine.name);
        for (let i = 0; i < 6; i++) await trail.append({ ts: NOW + i * 86_400_000, actor: 'a', actorKind: 'user', address: null, action: 'x', outcome: 'ok' });
        assert.equal(await pruneAudit(store.db, 3 * 86_400_000, NOW + 5 * 86_400_000, 2), 2);
        assert.deepEqual(await verifyAuditTrail(store.db), { checked: 4, problems: [] });
        await trail.append({ ts: NOW + 6 * 86_400_000, actor: 'a', actorKind: 'user', address: null, action: 'x', outcome: 'ok' });
        assert.deepEqual(await verifyAuditTrail(store.db), { checked: 5, problems: [] });
      } finally {
        await store.dispose();
      }
    });

    it('keeps every ingest key working as a token with the ingest scope, and a revoked one revoked', async () => {
      const store = await engine.open({ migrateTo: '004_flow' });
      try {
        const old = store.db as any;
        await old.insertInto('ingest_keys').values({ name: 'carrier-gateway', key_prefix: 'sbk_abcdef', key_hash: hashSecret('sbk_abcdef-the-old-key'), created_at: NOW, revoked_at: null }).execute();
        await old.insertInto('ingest_keys').values({ name: 'gone', key_prefix: 'sbk_zzzzzz', key_hash: hashSecret('sbk_zzzzzz-revoked'), created_at: NOW, revoked_at: NOW + 1 }).execute();
        const upgraded = await store.openAnother();
        try {
          const verifier = new TokenVerifier(upgraded.db, {});
          const principal = await verifier.verify('sbk_abcdef-the-old-key', NOW);
          assert.deepEqual([principal?.name, [...(principal?.scopes ?? [])], principal?.tenants], ['carrier-gateway', ['ingest'], null]);
          assert.equal(await verifier.verify('sbk_zzzzzz-revoked', NOW), undefined);
        } finally {
          await upgraded.db.destroy();
        }
      } finally {
        await store.dispose();
      }
    });
  });
}

describe('switchboard audit verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-audit-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('says the trail is intact, then names the entry edited behind its back and exits 3', async () => {
    const database = join(dir, 'audit.db');
    const created = spawnSync(process.execPath, ['bin/switchboard.js', 'tokens', 'create', '--name', 'ci', '--scopes', 'read', '--database', database], { encoding: 'utf8' });
    assert.equal(created.status, 0, created.stderr);
    assert.match(created.stdout, /^sbt_/);
    const intact = spawnSync(process.execPath, ['bin/switchboard.js', 'audit', 'verify', '--database', database], { encoding: 'utf8' });
    assert.equal(intact.status, 0, intact.stderr);
    assert.match(intact.stderr, /intact: 1 entries/);
    const { db } = await openDatabase(database);
    await db.updateTable('audit_log').set({ after_value: '{"name":"not ci"}' }).execute();
    await db.destroy();
    const tampered = spawnSync(process.execPath, ['bin/switchboard.js', 'audit', 'verify', '--database', database], { encoding: 'utf8' });
    assert.equal(tampered.status, 3);
    assert.match(tampered.stdout, /entry 1 was edited/);
  });
});
