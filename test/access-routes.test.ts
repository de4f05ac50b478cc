/**
 * The route walk: every operation of the served OpenAPI document, on both engines, is refused
 * without credentials (401), refused for a role or token scope below its `x-permission` (403), and
 * let through for the lowest role and scope allowed; and the document lists every route the server
 * registered, each with the permission its definition declares. A route added later without a
 * permission stops the server from starting; one left out of the document fails here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Permission, Scope } from '../src/access/permissions.js';
import { createToken } from '../src/access/tokens.js';
import { documentCoverage, isApiRoute, routeUrlOf } from '../src/server/openapi.js';
import { addUser, tokenWith, userSession, type Session } from './support/access.js';
import { ENGINES } from './support/engines.js';
import { startTestServer, type TestServer } from './support/server.js';

interface Operation {
  method: string;
  /** As the document writes it: /api/v1/integrations/{id}. */
  path: string;
  permission: Permission;
}

type Caller = { kind: 'none' } | { kind: 'token'; name: string; token: string } | { kind: 'session'; name: string; session: Session };

interface Callers {
  ingest: Caller;
  read: Caller;
  respond: Caller;
  admin: Caller;
  viewer: Caller;
  responder: Caller;
  administrator: Caller;
  /** Throwaway sessions for the operations that end or change the session they are made with. */
  spare: () => Promise<Caller>;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The callers just below an operation's permission: each must get 403. */
function below(permission: Permission, callers: Callers): Caller[] {
  switch (permission) {
    case 'ingest':
      // No role carries ingest, not even admin: ingest is for services, through tokens.
      return [callers.read, callers.respond, callers.viewer, callers.administrator];
    case 'read':
      return [callers.ingest];
    case 'respond':
      return [callers.viewer, callers.read, callers.ingest];
    case 'admin':
      return [callers.responder, callers.respond, callers.read];
    default:
      return [];
  }
}

/** The lowest role and the narrowest token allowed: each must get through the guard. */
function lowest(permission: Permission, callers: Callers): Caller[] {
  switch (permission) {
    case 'public':
      return [{ kind: 'none' }];
    case 'signed-in':
      return [callers.viewer];
    case 'ingest':
      return [callers.ingest];
    case 'read':
      return [callers.viewer, callers.read];
    case 'respond':
      return [callers.responder, callers.respond];
    case 'admin':
      return [callers.administrator, callers.admin];
  }
}

function nameOf(caller: Caller): string {
  return caller.kind === 'none' ? 'no credentials' : caller.name;
}

interface Fixtures {
  /** A user the admin operations may rename. */
  spareUserId: number;
  /** A token the revoke operation may revoke. */
  spareTokenId: number;
  viewerUsername: string;
  viewerPassword: string;
}

/** A plausible request for each operation: path parameters, query and body. */
function requestOf(operation: Operation, fixtures: Fixtures, serial: number): { url: string; body?: string; contentType?: string } {
  const key = `${operation.method} ${operation.path}`;
  const ids: Record<string, string> = {
    '/api/v1/users/{id}': String(fixtures.spareUserId),
    '/api/v1/users/{id}/password-reset': '999999',
    '/api/v1/tokens/{id}': String(fixtures.spareTokenId),
    '/api/v1/alerts/{id}': '1',
    '/api/v1/silences/{id}': '1',
    '/api/v1/notifications/{id}/retry': '1',
  };
  let url = operation.path
    .replace('{id}', ids[operation.path] ?? 'acme-shop')
    .replace('{name}', operation.path.startsWith('/api/v1/runbooks') ? 'partner-5xx' : 'api')
    .replace('{check}', 'nightly');
  const query: Record<string, string> = {
    'GET /api/v1/trace': 'order_id=o-1',
    'GET /api/v1/trace/timeline': 'order_id=o-1',
    'GET /api/v1/trace/search': 'q=o-1',
  };
  if (query[key]) url += `?${query[key]}`;
  const bodies: Record<string, unknown> = {
    'POST /api/v1/ingest': [],
    'POST /api/v1/logs': [],
    'POST /v1/traces': {},
    'POST /api/v1/heartbeats/{id}/{check}': { status: 'success' },
    'POST /api/v1/auth/sign-in': { username: fixtures.viewerUsername, password: fixtures.viewerPassword },
    'POST /api/v1/auth/step-up': { password: fixtures.viewerPassword },
    'POST /api/v1/auth/password': { current: fixtures.viewerPassword, new: `a new password number ${serial}` },
    'POST /api/v1/auth/totp/enable': { secret: 'JBSWY3DPEHPK3PXP', code: '000000' },
    'POST /api/v1/users': { username: `walker-${serial}`, role: 'viewer', password: `walker password ${serial}` },
    'PATCH /api/v1/users/{id}': { name: `Renamed ${serial}` },
    'POST /api/v1/tokens': { name: `walk ${serial}`, scopes: ['read'] },
    'POST /api/v1/silences': { kind: 'maintenance', integration: 'acme-shop', duration: '30m', author: 'route walk', reason: 'proving the guard' },
  };
  if (key in bodies) return { url, body: JSON.stringify(bodies[key]), contentType: 'application/json' };
  return { url };
}

async function send(
  server: TestServer,
  operation: Operation,
  caller: Caller,
  request: { url: string; body?: string; contentType?: string },
  options: { csrf?: string | null; origin?: string } = {},
): Promise<{ status: number; code?: string | number }> {
  const headers: Record<string, string> = {};
  if (request.contentType) headers['content-type'] = request.contentType;
  if (caller.kind === 'token') headers.authorization = `Bearer ${caller.token}`;
  if (caller.kind === 'session') {
    headers.cookie = caller.session.cookie;
    const csrf = options.csrf === undefined ? caller.session.csrf : options.csrf;
    if (WRITE.has(operation.method) && csrf !== null) headers['x-csrf-token'] = csrf;
  }
  if (options.origin) headers.origin = options.origin;
  const controller = new AbortController();
  const response = await fetch(`${server.url}${request.url}`, {
    method: operation.method,
    headers,
    signal: controller.signal,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    // The live stream never ends by itself: its status is the answer.
    controller.abort();
    return { status: response.status };
  }
  const text = await response.text();
  // Our errors carry a string code; OTLP's google.rpc.Status a numeric one.
  let code: string | number | undefined;
  try {
    code = (JSON.parse(text) as { code?: string | number }).code;
  } catch {
    code = undefined;
  }
  return { status: response.status, ...(code ? { code } : {}) };
}

for (const engine of ENGINES) {
  describe(`every route asks for its permission (${engine.name})`, () => {
    let server: TestServer;
    let operations: Operation[];
    let callers: Callers;
    let fixtures: Fixtures;
    let serial = 0;

    before(async () => {
      // The walk presents unknown tokens on purpose; the throttle of bad credentials per address
      // (test/access-defences.test.ts) would soon refuse this address everything.
      server = await startTestServer(engine, { env: { SWITCHBOARD_RATE_BAD_CREDENTIALS_PER_MINUTE: '100000' } });
      const scoped = async (name: string, scopes: Scope[]): Promise<Caller> => ({ kind: 'token', name: `a token with ${name}`, token: await tokenWith(server, name, scopes) });
      const session = async (username: string, role: 'viewer' | 'responder' | 'admin'): Promise<Caller> => ({
        kind: 'session',
        name: `a ${role} session`,
        session: await userSession(server, username, role),
      });
      let spares = 0;
      callers = {
        ingest: { kind: 'token', name: 'an ingest key', token: server.key },
        read: await scoped('read', ['read']),
        // Below admin as a token: read and respond, not admin.
        respond: await scoped('read, respond', ['read', 'respond']),
        admin: await scoped('admin', ['admin']),
        viewer: await session('vera', 'viewer'),
        responder: await session('rafael', 'responder'),
        administrator: await session('ada', 'admin'),
        spare: async () => session(`spare-${++spares}`, 'viewer'),
      };
      const spareUser = await addUser(server, 'renamed-by-the-walk', 'viewer');
      const revocable = await createToken(server.store.db, { name: 'revoked by the walk', scopes: ['read'] }, server.clock.now);
      fixtures = { spareUserId: spareUser.id, spareTokenId: revocable.id, viewerUsername: 'vera', viewerPassword: (callers.viewer as { session: Session }).session.password };

      const response = await fetch(`${server.url}/api/v1/openapi.json`);
      assert.equal(response.status, 200);
      const document = (await response.json()) as { paths: Record<string, Record<string, { 'x-permission'?: Permission }>> };
      operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, permission: operation['x-permission']! })),
      );
    });

    after(async () => {
      await server?.close();
    });

    it('the document describes every route the server registered, with the permission its definition declares', async () => {
      const routes = server.app.access.routes.list();
      const response = await fetch(`${server.url}/api/v1/openapi.json`);
      const coverage = documentCoverage((await response.json()) as { paths: object }, routes);
      assert.deepEqual(coverage.undocumented, [], 'routes the OpenAPI document does not describe: add them to their domain\'s openapi part');
      assert.deepEqual(coverage.unserved, [], 'operations of the document without a route of that permission');
      // What the document leaves out is only HEAD (answered like GET) and the console's public files.
      for (const route of routes.filter((candidate) => !isApiRoute(candidate))) {
        assert.ok(route.method === 'HEAD' || (route.method === 'GET' && route.permission === 'public'), `${route.method} ${route.url} is left out of the document`);
      }
      for (const operation of operations) {
        const route = routes.find((candidate) => candidate.method === operation.method && candidate.url === routeUrlOf(operation.path));
        assert.equal(operation.permission, route?.permission, `${operation.method} ${operation.path}`);
      }
      assert.ok(operations.length >= 55, `only ${operations.length} operations`);
      const permissions = new Set(operations.map((operation) => operation.permission));
      assert.deepEqual([...permissions].sort(), ['admin', 'ingest', 'public', 'read', 'respond', 'signed-in']);
    });

    it('answers 401 without credentials on every operation but the public ones', async () => {
      const failures: string[] = [];
      for (const operation of operations.filter((candidate) => candidate.permission !== 'public')) {
        const answer = await send(server, operation, { kind: 'none' }, requestOf(operation, fixtures, ++serial));
        if (answer.status !== 401 || (typeof answer.code === 'string' && answer.code !== 'unauthorized')) failures.push(`${operation.method} ${operation.path}: ${answer.status} ${answer.code}`);
      }
      assert.deepEqual(failures, []);
    });

    it('answers 401 to an unknown token, and to an ended session, on every operation but the public ones', async () => {
      const ended = await callers.spare();
      const session = (ended as { session: Session }).session;
      const out = await fetch(`${server.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrf } });
      assert.equal(out.status, 204);
      const unknown: Caller = { kind: 'token', name: 'an unknown token', token: 'sbt_not-a-token-anyone-was-given' };
      const failures: string[] = [];
      for (const operation of operations.filter((candidate) => candidate.permission !== 'public')) {
        for (const caller of [unknown, ...(operation.permission === 'ingest' ? [] : [ended])]) {
          const answer = await send(server, operation, caller, requestOf(operation, fixtures, ++serial));
          if (answer.status !== 401) failures.push(`${operation.method} ${operation.path} as ${nameOf(caller)}: ${answer.status} ${answer.code}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('answers 403 to every role and token scope below the permission of each operation', async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const operation of operations) {
        for (const caller of below(operation.permission, callers)) {
          const answer = await send(server, operation, caller, requestOf(operation, fixtures, ++serial));
          checked++;
          // 403 for the role or scope itself, not for a missing CSRF token.
          if (answer.status !== 403 || (typeof answer.code === 'string' && answer.code !== 'forbidden')) failures.push(`${operation.method} ${operation.path} as ${nameOf(caller)}: ${answer.status} ${answer.code}`);
        }
      }
      assert.deepEqual(failures, []);
      assert.ok(checked > 50, `only ${checked} refusals checked`);
    });

    it('lets the lowest role and the narrowest token allowed through on every operation', async () => {
      const failures: string[] = [];
      for (const operation of operations) {
        const key = `${operation.method} ${operation.path}`;
        // These end or change the session they are made with: each gets a session of its own.
        const own = key === 'POST /api/v1/auth/sign-out' || key === 'POST /api/v1/auth/password';
        const callersOf = own ? [await callers.spare()] : lowest(operation.permission, callers);
        for (const caller of callersOf) {
          const request =
            own && key === 'POST /api/v1/auth/password'
              ? { ...requestOf(operation, fixtures, ++serial), body: JSON.stringify({ current: (caller as { session: Session }).session.password, new: `another password ${serial}` }) }
              : requestOf(operation, fixtures, ++serial);
          const answer = await send(server, operation, caller, request);
          // Through the guard: a success, or a 4xx about the input (an unknown id, a wrong code).
          const ok = answer.status < 300 || (answer.status >= 400 && answer.status < 500 && ![401, 403, 429].includes(answer.status));
          if (!ok) failures.push(`${key} as ${nameOf(caller)}: ${answer.status} ${answer.code}`);
        }
      }
      assert.deepEqual(failures, []);
    });

    it('refuses every cookie-authenticated write without its CSRF token, with a wrong one, or from another origin', async () => {
      const failures: string[] = [];
      const writes = operations.filter((operation) => WRITE.has(operation.method) && operation.permission !== 'public' && operation.permission !== 'ingest');
      assert.ok(writes.length >= 14, `only ${writes.length} writes`);
      for (const operation of writes) {
        const caller = operation.permission === 'signed-in' ? callers.viewer : lowest(operation.permission, callers)[0]!;
        const session = (caller as { session: Session }).session;
        for (const [what, options] of [
          ['no CSRF token', { csrf: null }],
          ['a wrong CSRF token', { csrf: `${session.csrf.slice(0, -2)}xx` }],
          ['another origin', { origin: 'http://evil.example' }],
        ] as const) {
          const answer = await send(server, operation, caller, requestOf(operation, fixtures, ++serial), options);
          if (answer.status !== 403 || answer.code !== 'csrf') failures.push(`${operation.method} ${operation.path} with ${what}: ${answer.status} ${answer.code}`);
        }
      }
      assert.deepEqual(failures, []);
      // None of them took effect: the sessions still work.
      for (const caller of [callers.viewer, callers.responder, callers.administrator]) {
        const answer = await send(server, { method: 'GET', path: '/api/v1/auth/session', permission: 'signed-in' }, caller, { url: '/api/v1/auth/session' });
        assert.equal(answer.status, 200, `${nameOf(caller)} still signed in`);
      }
    });
  });
}
