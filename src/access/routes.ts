import { Readable } from 'node:stream';
import { csvRow } from '../common/csv.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AccessConfig } from '../config.js';
import { InputError, NotFoundError } from '../errors.js';
import { parseLimit, parseTime, shown, type QueryParams } from '../query/params.js';
import type { Database } from '../store/schema.js';
import { listAudit, type AuditFilter, type AuditTrail, type StoredAuditEntry } from './audit.js';
import { ForbiddenError } from './guard.js';
import { ROLE_SCOPES } from './permissions.js';
import { actorOf, type Principal } from './principal.js';
import { endSession, endSessionOf, SESSION_COOKIE, startSession, stepUp, type SessionPolicy } from './sessions.js';
import type { FailureThrottle } from './throttle.js';
import { createToken, findToken, listTokens, revokeToken } from './tokens.js';
import {
  checkPasswordSignIn,
  createUser,
  enableTotp,
  findUser,
  listUsers,
  newTotpSecret,
  setPassword,
  SignInError,
  updateUser,
  type UserView,
} from './users.js';
import { oneTimePassword } from './secrets.js';

export interface AccessRouteDependencies {
  db: Kysely<Database>;
  config: AccessConfig;
  sessions: SessionPolicy;
  audit: AuditTrail;
  throttle: FailureThrottle;
  clock: () => number;
  /** Single sign-on: the provider's end-session URL for a session it started (undefined: the provider has none). */
  signOutRedirect?: (idToken: string, request: FastifyRequest) => Promise<string | undefined>;
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
const tenants = { anyOf: [{ type: 'null' }, { type: 'array', maxItems: 100, items: text(64) }] };

function principalOf(request: FastifyRequest): Principal {
  return request.principal!;
}

function userIdOf(principal: Principal): number {
  if (principal.kind !== 'user') throw new ForbiddenError('this is for people signed in to the console, not for tokens');
  return Number(principal.id.slice('users:'.length));
}

function idParam(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new InputError(`${shown(raw)} is not ${what} id (a positive whole number)`);
  return id;
}

/** The session cookie: HttpOnly, SameSite=Lax (the provider's redirect back must carry it), Secure behind HTTPS. */
export function setSessionCookie(reply: FastifyReply, secure: boolean, secret: string, expiresAt: number): void {
  reply.setCookie(SESSION_COOKIE, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: new Date(expiresAt) });
}

function sessionAnswer(principal: Principal, user: UserView | undefined, deps: AccessRouteDependencies) {
  return {
    kind: principal.kind,
    name: principal.kind === 'user' ? (user?.name ?? principal.name) : principal.name,
    username: principal.kind === 'user' ? principal.name : null,
    role: principal.role ?? null,
    scopes: [...principal.scopes],
    tenants: principal.tenants,
    csrf_token: principal.session?.csrfToken ?? null,
    authenticated_at: principal.session?.authenticatedAt ?? null,
    step_up_until: principal.session ? principal.session.authenticatedAt + deps.sessions.stepUpMs : null,
    method: principal.session?.method ?? null,
    sso: user?.sso ?? false,
    totp: user?.totp ?? false,
    must_change_password: user?.must_change_password ?? false,
  };
}

function auditFilterOf(query: QueryParams, maxLimit: number): AuditFilter {
  return {
    limit: parseLimit(query.limit, Math.min(100, maxLimit), maxLimit),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.integration ? { integration: query.integration } : {}),
    ...(query.from ? { from: parseTime('from', query.from) } : {}),
    ...(query.to ? { to: parseTime('to', query.to) } : {}),
    ...(query.before ? { before: idParam(query.before, 'an audit entry') } : {}),
  };
}

const CSV_COLUMNS = ['id', 'ts', 'actor', 'actor_kind', 'address', 'action', 'outcome', 'integration', 'target', 'before', 'after', 'detail', 'hash'] as const;

function csvLine(entry: StoredAuditEntry): string {
  return csvRow(CSV_COLUMNS.map((column) => (column === 'ts' ? new Date(entry.ts).toISOString() : entry[column])));
}

/** Sign-in and sessions, the users and tokens administration, and the audit trail. */
export function accessRoutes(deps: AccessRouteDependencies) {
  const { db, clock } = deps;
  const signInLimit = { max: deps.config.rateLimits.signInPerMinute, timeWindow: 60_000 };

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/v1/auth/providers', { config: { permission: 'public' } }, async () => ({
      password: true,
      oidc: deps.config.oidc ? { name: deps.config.oidc.name, start: '/api/v1/auth/oidc/start' } : null,
    }));

    app.get('/api/v1/auth/session', { config: { permission: 'signed-in' } }, async (request) => {
      const principal = principalOf(request);
      const user = principal.kind === 'user' ? await findUser(db, userIdOf(principal)) : undefined;
      return sessionAnswer(principal, user, deps);
    });

    app.post<{ Body: { username: string; password: string; totp?: string } }>(
      '/api/v1/auth/sign-in',
      {
        config: { permission: 'public', rateLimit: signInLimit },
        schema: {
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'password'],
            properties: { username: text(100), password: text(1024), totp: { type: 'string', maxLength: 12 } },
          },
        },
      },
      async (request, reply) => {
        const now = clock();
        deps.throttle.check(request.ip);
        const { username, password, totp } = request.body;
        let user: UserView;
        try {
          user = await checkPasswordSignIn(db, { username, password, ...(totp ? { totp } : {}) }, now);
        } catch (error) {
          if (error instanceof SignInError && error.code !== 'totp_required') {
            deps.throttle.noteFailure(request.ip);
            await deps.audit.append({
              ts: now,
              actor: username,
              actorKind: 'anonymous',
              address: request.ip,
              action: 'auth.sign-in',
              outcome: 'refused',
              detail: { reason: error.code },
            });
          }
          if (error instanceof SignInError && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
          throw error;
        }
        // Rotation: the session this browser held ends, and only the new cookie works from now on.
        const previous = request.cookies?.[SESSION_COOKIE];
        if (previous) await endSessionOf(db, previous);
        const session = await startSession(db, deps.sessions, { userId: user.id, method: user.totp ? 'password+totp' : 'password', address: request.ip }, now);
        setSessionCookie(reply, deps.config.secureCookies, session.secret, session.expiresAt);
        await deps.audit.append({ ts: now, actor: user.username, actorKind: 'user', address: request.ip, action: 'auth.sign-in', outcome: 'ok', detail: { method: 'password' } });
        return {
          ...sessionAnswer(
            { kind: 'user', id: `users:${user.id}`, name: user.username, role: user.role, scopes: new Set(ROLE_SCOPES[user.role]), tenants: user.tenants, session: { id: session.id, csrfToken: session.csrfToken, authenticatedAt: now, method: 'password' } },
            user,
            deps,
          ),
        };
      },
    );

    app.post('/api/v1/auth/sign-out', { config: { permission: 'signed-in', audit: { action: 'auth.sign-out' } } }, async (request, reply) => {
      const principal = principalOf(request);
      const idToken = principal.session ? await endSession(db, principal.session.id) : null;
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      // A session from single sign-on also ends at the provider: the console follows this URL.
      const redirect = idToken && deps.signOutRedirect ? await deps.signOutRedirect(idToken, request) : undefined;
      if (redirect) return reply.code(200).send({ redirect });
      return reply.code(204).send();
    });

    app.post<{ Body: { password: string; totp?: string } }>(
      '/api/v1/auth/step-up',
      {
        config: { permission: 'signed-in', rateLimit: signInLimit, audit: { action: 'auth.step-up' } },
        schema: { body: { type: 'object', additionalProperties: false, required: ['password'], properties: { password: text(1024), totp: { type: 'string', maxLength: 12 } } } },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        if (!principal.session) throw new ForbiddenError('step-up is for console sessions; tokens need none');
        deps.throttle.check(request.ip);
        const now = clock();
        try {
          await checkPasswordSignIn(db, { username: principal.name, password: request.body.password, ...(request.body.totp ? { totp: request.body.totp } : {}) }, now);
        } catch (error) {
          if (error instanceof SignInError && error.code !== 'totp_required') deps.throttle.noteFailure(request.ip);
          if (error instanceof SignInError && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
          throw error;
        }
        const user = await findUser(db, userIdOf(principal));
        const method = user?.totp ? 'password+totp' : 'password';
        await stepUp(db, principal.session.id, method, now);
        return sessionAnswer({ ...principal, session: { ...principal.session, authenticatedAt: now, method } }, user, deps);
      },
    );

    app.post<{ Body: { current: string; new: string } }>(
      '/api/v1/auth/password',
      {
        config: { permission: 'signed-in', rateLimit: signInLimit, audit: { action: 'user.password.change' } },
        schema: { body: { type: 'object', additionalProperties: false, required: ['current', 'new'], properties: { current: text(1024), new: text(1024) } } },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const id = userIdOf(principal);
        deps.throttle.check(request.ip);
        try {
          await checkPasswordSignIn(db, { username: principal.name, password: request.body.current }, clock());
        } catch (error) {
          if (error instanceof SignInError && error.code === 'invalid_credentials') deps.throttle.noteFailure(request.ip);
          if (!(error instanceof SignInError && error.code === 'totp_required')) throw error;
        }
        await setPassword(db, id, request.body.new, principal.session ? { keepSession: principal.session.id } : {});
        return reply.code(204).send();
      },
    );

    app.post('/api/v1/auth/totp/setup', { config: { permission: 'signed-in' } }, async (request) => {
      const principal = principalOf(request);
      userIdOf(principal);
      return newTotpSecret(principal.name);
    });

    app.post<{ Body: { secret: string; code: string } }>(
      '/api/v1/auth/totp/enable',
      {
        config: { permission: 'signed-in', audit: { action: 'user.totp.enable' } },
        schema: { body: { type: 'object', additionalProperties: false, required: ['secret', 'code'], properties: { secret: text(128), code: text(12) } } },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const id = userIdOf(principal);
        await enableTotp(db, id, request.body.secret, request.body.code);
        if (principal.session) await stepUp(db, principal.session.id, 'password+totp', clock());
        return reply.code(204).send();
      },
    );

    // Users: administrators only.
    app.get<{ Querystring: QueryParams }>('/api/v1/users', { config: { permission: 'admin' } }, async (request) => {
      const limit = parseLimit(request.query.limit, 100, 500);
      const after = request.query.after ? idParam(request.query.after, 'a user') : undefined;
      const users = await listUsers(db, { limit, ...(after !== undefined ? { after } : {}) });
      return { users, next: users.length === limit ? String(users.at(-1)!.id) : null };
    });

    app.post<{ Body: { username: string; name?: string; role: string; tenants?: string[] | null; password?: string } }>(
      '/api/v1/users',
      {
        config: { permission: 'admin', audit: { action: 'user.create' } },
        schema: {
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'role'],
            properties: { username: text(100), name: { type: 'string', maxLength: 200 }, role: text(20), tenants, password: text(1024) },
          },
        },
      },
      async (request, reply) => {
        const created = await createUser(db, request.body, clock());
        request.auditNote = { target: `users:${created.user.id}`, after: created.user };
        return reply.code(201).send({ user: created.user, ...(created.oneTimePassword ? { one_time_password: created.oneTimePassword } : {}) });
      },
    );

    app.patch<{ Params: { id: string }; Body: { name?: string; role?: string; tenants?: string[] | null; disabled?: boolean } }>(
      '/api/v1/users/:id',
      {
        config: { permission: 'admin', audit: { action: 'user.update' } },
        schema: {
          body: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { name: { type: 'string', maxLength: 200 }, role: text(20), tenants, disabled: { type: 'boolean' } },
          },
        },
      },
      async (request) => {
        const id = idParam(request.params.id, 'a user');
        const principal = principalOf(request);
        if (principal.id === `users:${id}` && (request.body.disabled || (request.body.role && request.body.role !== 'admin'))) {
          throw new InputError('you cannot disable yourself or take away your own admin role; ask another administrator', 'self_lockout');
        }
        const { before, after } = await updateUser(db, id, request.body, clock());
        request.auditNote = { target: `users:${id}`, before, after };
        return { user: after };
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/v1/users/:id/password-reset',
      { config: { permission: 'admin', audit: { action: 'user.password.reset' } } },
      async (request) => {
        const id = idParam(request.params.id, 'a user');
        const user = await findUser(db, id);
        if (!user) throw new NotFoundError(`no user ${id}`);
        if (user.sso) throw new InputError(`${user.username} signs in through single sign-on and has no password here`, 'sso_user');
        const password = oneTimePassword();
        await setPassword(db, id, password, { mustChange: true });
        request.auditNote = { target: `users:${id}` };
        return { one_time_password: password };
      },
    );

    // Tokens (service accounts and ingest keys): administrators only.
    app.get<{ Querystring: QueryParams }>('/api/v1/tokens', { config: { permission: 'admin' } }, async (request) => {
      const limit = parseLimit(request.query.limit, 100, 500);
      const before = request.query.before ? idParam(request.query.before, 'a token') : undefined;
      const tokens = await listTokens(db, { limit, ...(before !== undefined ? { before } : {}) });
      return { tokens, next: tokens.length === limit ? String(tokens.at(-1)!.id) : null };
    });

    app.post<{ Body: { name: string; scopes: string[]; tenants?: string[] | null; expires_in_days?: number } }>(
      '/api/v1/tokens',
      {
        config: { permission: 'admin', audit: { action: 'token.create' } },
        schema: {
          body: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'scopes'],
            properties: {
              name: text(100),
              scopes: { type: 'array', minItems: 1, maxItems: 4, items: text(20) },
              tenants,
              expires_in_days: { type: 'integer', minimum: 1, maximum: 3650 },
            },
          },
        },
      },
      async (request, reply) => {
        const now = clock();
        const { name, scopes, expires_in_days: days } = request.body;
        const created = await createToken(
          db,
          { name, scopes, tenants: request.body.tenants ?? null, expiresAt: days ? now + days * 86_400_000 : null, createdBy: actorOf(principalOf(request)) },
          now,
        );
        const { token, ...shown } = created;
        request.auditNote = { target: `tokens:${created.id}`, after: shown };
        return reply.code(201).send({ ...shown, token, note: 'the token is shown only now: store it in your secret manager' });
      },
    );

    app.delete<{ Params: { id: string } }>('/api/v1/tokens/:id', { config: { permission: 'admin', audit: { action: 'token.revoke' } } }, async (request) => {
      const id = idParam(request.params.id, 'a token');
      const before = await findToken(db, id);
      if (!before) throw new NotFoundError(`no token ${id}`);
      const revoked = await revokeToken(db, id, clock());
      request.auditNote = { target: `tokens:${id}`, before, after: await findToken(db, id) };
      return { revoked, token: await findToken(db, id) };
    });

    // The audit trail: administrators only, and reading it is itself recorded.
    app.get<{ Querystring: QueryParams }>('/api/v1/audit', { config: { permission: 'admin', audit: { action: 'audit.read' } } }, async (request) => {
      const filter = auditFilterOf(request.query, 500);
      const entries = await listAudit(db, filter);
      return { entries, next: entries.length === filter.limit ? String(entries.at(-1)!.id) : null };
    });

    for (const format of ['csv', 'ndjson'] as const) {
      app.get<{ Querystring: QueryParams }>(
        `/api/v1/audit.${format}`,
        { config: { permission: 'admin', audit: { action: 'audit.export' } } },
        async (request, reply) => {
          // Streamed a page at a time, however long the trail: never the whole table in memory.
          const filter = auditFilterOf({ ...request.query, limit: request.query.limit ?? '1000' }, 1000);
          const cap = request.query.max ? parseLimit(request.query.max, 100_000, 1_000_000) : 100_000;
          async function* lines() {
            if (format === 'csv') yield CSV_COLUMNS.join(',') + '\n';
            let before = filter.before;
            let sent = 0;
            while (sent < cap) {
              const page = await listAudit(db, { ...filter, ...(before !== undefined ? { before } : {}), limit: Math.min(filter.limit, cap - sent) });
              for (const entry of page) yield format === 'csv' ? csvLine(entry) : JSON.stringify(entry) + '\n';
              sent += page.length;
              if (page.length < filter.limit) return;
              before = page.at(-1)!.id;
            }
          }
          return reply
            .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
            .header('content-disposition', `attachment; filename="switchboard-audit.${format}"`)
            .send(Readable.from(lines()));
        },
      );
    }
  };
}

