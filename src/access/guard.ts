import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { SwitchboardError } from '../errors.js';
import type { Database } from '../store/schema.js';
import type { AuditTrail } from './audit.js';
import type { Permission } from './permissions.js';
import { actorOf, type Principal } from './principal.js';
import type { RouteRegistry } from './registry.js';
import { SESSION_COOKIE, sessionPrincipal, type SessionPolicy } from './sessions.js';
import { sameSecret } from './secrets.js';
import type { FailureThrottle } from './throttle.js';
import type { TokenVerifier } from './tokens.js';

export class UnauthorizedError extends SwitchboardError {
  constructor(message: string) {
    super('unauthorized', message, 401);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends SwitchboardError {
  constructor(message: string, code = 'forbidden') {
    super(code, message, 403);
    this.name = 'ForbiddenError';
  }
}

export interface GuardOptions {
  db: Kysely<Database>;
  tokens: TokenVerifier;
  sessions: SessionPolicy;
  audit: AuditTrail;
  clock: () => number;
  /** Local admins must have a second factor (TOTP) for admin actions. */
  adminTotpRequired: boolean;
  /** Counts credentials that did not check out, per address, and refuses the address past its limit. */
  throttle: FailureThrottle;
  /** Where every route is noted as it is registered (the OpenAPI document reads it too). */
  registry: RouteRegistry;
}

/** What a route writes to the audit trail, declared next to its permission. */
export interface AuditDeclaration {
  /** e.g. "silence.create", "trace.read". */
  action: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** When set, every answer of the route (but 401s) becomes an audit entry. */
    audit?: AuditDeclaration;
  }
  interface FastifyRequest {
    /** What the handler adds to the route's audit entry: the values before and after, the target. */
    auditNote?: { integration?: string | null; target?: string | null; before?: unknown; after?: unknown; detail?: unknown };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerOf(request: FastifyRequest): string | undefined | null {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function missingCredentials(permission: Permission): UnauthorizedError {
  return permission === 'ingest'
    ? new UnauthorizedError('missing ingest key: send "Authorization: Bearer <ingest key>"')
    : new UnauthorizedError('sign in, or send "Authorization: Bearer <token>" with a token from an administrator');
}

function allowed(principal: Principal, permission: Permission): boolean {
  return permission === 'public' || permission === 'signed-in' || principal.scopes.has(permission);
}

function refusal(principal: Principal, permission: Permission): ForbiddenError {
  if (principal.kind === 'user') {
    return new ForbiddenError(`your role (${principal.role}) does not allow this; it needs a role with the "${permission}" permission`);
  }
  return new ForbiddenError(`this token has the scopes ${[...principal.scopes].join(', ')}; this needs the "${permission}" scope`);
}

/** The same site: a browser's Origin (or Referer) must name this server. */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin ?? (request.headers.referer ? new URL(request.headers.referer).origin : undefined);
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Who may call what, in one place: every route declares `config.permission` (the server refuses
 * to start otherwise), each request is authenticated by a bearer token or a session cookie and
 * checked against it, cookie-authenticated writes must carry the session's CSRF token from this
 * origin, and admin actions from the console need a recent sign-in.
 */
export function installGuard(app: FastifyInstance, options: GuardOptions): void {
  // Judged once every plugin has had its say: a plugin's own onRoute hook may declare it later.
  app.addHook('onRoute', (route: RouteOptions) => {
    options.registry.note(route);
  });
  app.addHook('onReady', async () => {
    const undeclared = options.registry.list().filter((route) => !route.permission).map((route) => `${route.method} ${route.url}`);
    if (undeclared.length > 0) {
      throw new Error(`routes without a permission (set config.permission on each): ${[...new Set(undeclared)].join('; ')}`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config?.permission ?? 'public';
    const principal = await authenticate(request, options, permission);
    if (principal) request.principal = principal;
    if (permission === 'public') return;
    if (!principal) throw missingCredentials(permission);
    if (!allowed(principal, permission)) throw refusal(principal, permission);
    if (principal.mustChangePassword && permission !== 'signed-in') {
      throw new ForbiddenError('you signed in with a one-time password: choose your own password first', 'password_change_required');
    }
    if (principal.session) {
      if (!SAFE_METHODS.has(request.method)) {
        const presented = request.headers['x-csrf-token'];
        if (!sameOrigin(request) || typeof presented !== 'string' || !sameSecret(presented, principal.session.csrfToken)) {
          throw new ForbiddenError('this request did not come from the Switchboard console (missing or wrong CSRF token); reload the page and try again', 'csrf');
        }
      }
      if (permission === 'admin') {
        const age = options.clock() - principal.session.authenticatedAt;
        if (age > options.sessions.stepUpMs) {
          const window = options.sessions.stepUpMs >= 60_000 ? `${Math.round(options.sessions.stepUpMs / 60_000)} minutes` : `${Math.max(1, Math.round(options.sessions.stepUpMs / 1000))} seconds`;
          throw new ForbiddenError(`administration needs a sign-in from the last ${window}: confirm your password (or sign in with your provider) again`, 'step_up_required');
        }
        if (options.adminTotpRequired && principal.session.method === 'password') {
          throw new ForbiddenError('administration needs a second factor: set up an authenticator app under "Your account", then sign in with it', 'totp_required');
        }
      }
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const declared = request.routeOptions.config?.audit;
    if (!declared || reply.statusCode === 401 || !request.principal) return payload;
    const principal = request.principal;
    const note = request.auditNote ?? {};
    const params = (request.params ?? {}) as Record<string, string>;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    // Only these routes name an integration by their :id; elsewhere :id is an alert, a silence, a user…
    const byPath = /^\/api\/v1\/(integrations|catalogue|heartbeats)\/:id/.test(request.routeOptions.url ?? '') ? params.id : undefined;
    const named = [byPath, query.integration, body.integration].find((value): value is string => typeof value === 'string');
    await options.audit.append({
      ts: options.clock(),
      actor: actorOf(principal),
      actorKind: principal.kind,
      address: request.ip,
      action: declared.action,
      outcome: reply.statusCode < 400 ? 'ok' : reply.statusCode === 403 || reply.statusCode === 404 ? 'refused' : 'failed',
      integration: note.integration ?? named ?? null,
      target: note.target ?? (Object.keys(params).length > 0 ? JSON.stringify(params) : null),
      before: note.before,
      after: note.after,
      detail: note.detail ?? (Object.keys(query).length > 0 ? { query, status: reply.statusCode } : { status: reply.statusCode }),
    });
    return payload;
  });
}

async function authenticate(request: FastifyRequest, options: GuardOptions, permission: Permission): Promise<Principal | undefined> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (permission !== 'public' && ['key', 'token', 'access_token'].some((name) => name in query)) {
    throw new UnauthorizedError('a key in the URL is not accepted (URLs end up in logs); send "Authorization: Bearer <key>", e.g. curl -H "Authorization: Bearer $SWITCHBOARD_KEY" …');
  }
  const bearer = bearerOf(request);
  const now = options.clock();
  if (bearer === null) {
    if (permission === 'public') return undefined;
    throw new UnauthorizedError('the Authorization header must be "Bearer <token>"');
  }
  if (bearer !== undefined) {
    // A blocked address gets no look-up, but for tokens this server found valid lately: a guesser
    // behind the same NAT or proxy must not stop the services that share its address.
    try {
      options.throttle.check(request.ip);
    } catch (blocked) {
      if (!options.tokens.recentlyValid(bearer, now)) throw blocked;
    }
    const principal = await options.tokens.verify(bearer, now);
    if (principal) return principal;
    options.throttle.noteFailure(request.ip);
    if (permission === 'public') return undefined;
    throw new UnauthorizedError(
      permission === 'ingest'
        ? 'unknown or revoked ingest key; create one with "switchboard keys create"'
        : 'unknown, expired or revoked token; an administrator can create one under Tokens or with "switchboard tokens create"',
    );
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const principal = await sessionPrincipal(options.db, options.sessions, cookie, now);
    if (principal) return principal;
    if (permission !== 'public' && permission !== 'ingest') throw new UnauthorizedError('your session has ended; sign in again');
  }
  return undefined;
}
