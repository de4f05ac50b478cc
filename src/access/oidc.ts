import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import * as client from 'openid-client';
import type { OidcConfig } from '../config.js';
import { InputError, messageOf } from '../errors.js';
import type { Database } from '../store/schema.js';
import type { AuditTrail } from './audit.js';
import { ROLES, type Role } from './permissions.js';
import { setSessionCookie } from './routes.js';
import { hashSecret, randomSecret, sameSecret } from './secrets.js';
import { endSession, startSession, stepUp, type SessionPolicy } from './sessions.js';
import { checkTenants } from './tokens.js';
import { createUser, updateUser, type UserView } from './users.js';

/** The cookie that ties a browser to its sign-in attempt in flight. */
export const OIDC_COOKIE = 'sb_oidc';
export const OIDC_START_PATH = '/api/v1/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
const COOKIE_PATH = '/api/v1/auth/oidc';
/** How long a sign-in attempt may spend at the provider. */
export const SIGN_IN_REQUEST_MS = 10 * 60_000;
/** Discovery is cached this long; keys are re-fetched by openid-client whenever a new one signs. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** On a step-up the provider must have checked the user this recently (max_age, seconds). */
const STEP_UP_MAX_AGE_S = 120;

export interface OidcDependencies {
  db: Kysely<Database>;
  config: OidcConfig;
  /** SWITCHBOARD_PUBLIC_URL: the base of the redirect URI; the request's own origin without it. */
  publicUrl: string | undefined;
  secureCookies: boolean;
  sessions: SessionPolicy;
  audit: AuditTrail;
  clock: () => number;
  signInPerMinute: number;
}

/**
 * A return address the browser may be sent to after signing in: a path on this server, never
 * another site (`//evil.example`, `https://…`, `/\evil`); anything else becomes "/".
 */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return '/';
  try {
    const base = 'http://switchboard.invalid';
    const url = new URL(raw, base);
    if (url.origin !== base) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** Reads a claim by name, or by a dotted path into nested objects (e.g. Keycloak's realm_access.roles). */
function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object' || !(part in value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The user's groups from a claim: a list of strings, or one string (comma or space separated). Undefined when absent. */
export function groupsOf(claims: Record<string, unknown>, claimName: string): string[] | undefined {
  const value = claimAt(claims, claimName);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** A group matches a mapping key as written, or without the leading "/" Keycloak adds to full group paths. */
function mapped(mapping: Record<string, string>, group: string): string | undefined {
  if (Object.hasOwn(mapping, group)) return mapping[group];
  if (group.startsWith('/') && Object.hasOwn(mapping, group.slice(1))) return mapping[group.slice(1)];
  return undefined;
}

export type Grant = { ok: true; role: Role; tenants: string[] | null } | { ok: false; reason: 'no_role' | 'no_tenant'; message: string };

/**
 * What the provider's groups give a user here. The role is the highest any group maps to; none:
 * refused. Admins see every tenant. Anyone else sees the tenants their groups map to; with no
 * tenant mapping configured at all, every tenant (a single-team install); with a mapping but no
 * group in it, they are refused rather than let in to an empty console.
 */
export function grantOf(groups: readonly string[], config: Pick<OidcConfig, 'roleGroups' | 'tenantGroups' | 'name'>): Grant {
  let rank = -1;
  for (const group of groups) {
    const role = mapped(config.roleGroups, group);
    const at = role === undefined ? -1 : ROLES.indexOf(role as Role);
    if (at > rank) rank = at;
  }
  if (rank < 0) {
    return {
      ok: false,
      reason: 'no_role',
      message: `your groups give you no role in Switchboard${groups.length > 0 ? ` (your groups: ${groups.join(', ')})` : ` (${config.name} sent no groups)`}; ask an administrator for access`,
    };
  }
  const role = ROLES[rank]!;
  if (role === 'admin') return { ok: true, role, tenants: null };
  if (Object.keys(config.tenantGroups).length === 0) return { ok: true, role, tenants: null };
  const tenants = new Set<string>();
  for (const group of groups) {
    const tenant = mapped(config.tenantGroups, group);
    if (tenant !== undefined) tenants.add(tenant);
  }
  if (tenants.size === 0) {
    return {
      ok: false,
      reason: 'no_tenant',
      message: `your groups make you a ${role} but give you no tenant in Switchboard; ask an administrator for access to your team's integrations`,
    };
  }
  return { ok: true, role, tenants: [...tenants].sort() };
}

/** A username from the provider's claims that fits the local rules (letters, digits, . _ @ + -). */
export function usernameFrom(claims: Record<string, unknown>): string {
  for (const name of ['preferred_username', 'email', 'nickname', 'sub']) {
    const value = claims[name];
    if (typeof value !== 'string') continue;
    const cleaned = value.normalize('NFKC').replace(/[^A-Za-z0-9._@+-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 90).replace(/[-.]+$/, '');
    if (cleaned.length > 0) return cleaned;
  }
  return 'sso-user';
}

async function freeUsername(db: Kysely<Database>, wanted: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? wanted : `${wanted}-${n}`;
    const taken = await db.selectFrom('users').select('id').where('username', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
  return `${wanted}-${randomSecret('', 6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Why a callback is refused: an HTTP status, a stable code and a sentence for the person. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Already in the audit trail under a more specific action. */
    readonly audited = false,
  ) {
    super(message);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A small page for a person whose browser landed on a refused callback (no script: the CSP allows none inline). */
function refusalPage(providerName: string, refusal: Refusal): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in refused · Switchboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2433;margin:0}main{max-width:34rem;margin:12vh auto;background:#fff;border-radius:8px;padding:2rem 2.25rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}h1{font-size:1.3rem;margin:0 0 1rem}p{line-height:1.5}code{background:#eef0f3;padding:0 .25rem;border-radius:3px}a{color:#1f5fbf}</style>
</head><body><main>
<h1>Sign-in with ${escapeHtml(providerName)} did not complete</h1>
<p id="reason">${escapeHtml(refusal.message)}</p>
<p><small>Code: <code>${escapeHtml(refusal.code)}</code> (HTTP ${refusal.status})</small></p>
<p><a href="${OIDC_START_PATH}?return_to=%2F">Try again</a> · <a href="/">Back to Switchboard</a></p>
</main></body></html>`;
}

/**
 * Single sign-on through one OpenID Connect provider: the authorization code flow with PKCE,
 * state and nonce, the attempt in flight kept server-side (sign_in_requests) under the hash of a
 * cookie secret, the provider's groups mapped to a role and tenants at every sign-in.
 */
export class OidcSignIn {
  private discovered: { at: number; configuration: Promise<client.Configuration> } | undefined;
  private readonly issuer: URL;

  constructor(private readonly deps: OidcDependencies) {
    const { config } = deps;
    try {
      this.issuer = new URL(config.issuer);
    } catch {
      throw new InputError(`SWITCHBOARD_OIDC_ISSUER=${config.issuer} is not a URL (e.g. https://sso.example.com/realms/ops)`, 'invalid_config');
    }
    if (this.issuer.protocol !== 'https:' && !(this.issuer.protocol === 'http:' && isLoopback(this.issuer.hostname))) {
      throw new InputError(`SWITCHBOARD_OIDC_ISSUER=${config.issuer}: the provider must be reached over https (plain http only on loopback, for development)`, 'invalid_config');
    }
    if (!config.scopes.split(/\s+/).includes('openid')) {
      throw new InputError(`SWITCHBOARD_OIDC_SCOPES="${config.scopes}" must include "openid"`, 'invalid_config');
    }
    for (const [group, tenant] of Object.entries(config.tenantGroups)) {
      try {
        checkTenants([tenant]);
      } catch (error) {
        throw new InputError(`SWITCHBOARD_OIDC_TENANT_GROUPS: group "${group}" maps to an invalid tenant: ${messageOf(error)}`, 'invalid_config');
      }
    }
  }

  get method(): string {
    return `sso:${this.deps.config.name}`;
  }

  /** The provider's metadata, discovered once and kept an hour; a failed discovery is retried at the next sign-in. */
  configuration(): Promise<client.Configuration> {
    const now = Date.now();
    if (this.discovered && now - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.configuration;
    const { config } = this.deps;
    const configuration = client.discovery(this.issuer, config.clientId, undefined, client.ClientSecretBasic(config.clientSecret), {
      ...(this.issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    this.discovered = { at: now, configuration };
    configuration.catch(() => {
      if (this.discovered?.configuration === configuration) this.discovered = undefined;
    });
    return configuration;
  }

  private base(request: FastifyRequest): string {
    return this.deps.publicUrl ? this.deps.publicUrl.replace(/\/$/, '') : `${request.protocol}://${request.host}`;
  }

  redirectUri(request: FastifyRequest): string {
    return `${this.base(request)}${OIDC_CALLBACK_PATH}`;
  }

  /** Where the provider sends the browser after its own sign-out. */
  postLogoutRedirectUri(request: FastifyRequest): string {
    return `${this.base(request)}/`;
  }

  /** The provider's end-session URL for a session that came from it, or undefined when the provider has none. */
  async signOutRedirect(idToken: string, request: FastifyRequest): Promise<string | undefined> {
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on: provider unreachable at sign-out; ending the local session only');
      return undefined;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, { id_token_hint: idToken, post_logout_redirect_uri: this.postLogoutRedirectUri(request) }).href;
  }

  async deleteStaleRequests(now: number): Promise<number> {
    const result = await this.deps.db.deleteFrom('sign_in_requests').where('created_at', '<', now - SIGN_IN_REQUEST_MS).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  routes() {
    const { deps } = this;
    const rateLimit = { max: deps.signInPerMinute, timeWindow: 60_000 };
    return async (app: FastifyInstance): Promise<void> => {
      app.get<{ Querystring: { return_to?: string; step_up?: string } }>(
        OIDC_START_PATH,
        { config: { permission: 'public', rateLimit } },
        async (request, reply) => this.start(request, reply),
      );
      app.get<{ Querystring: Record<string, string> }>(OIDC_CALLBACK_PATH, { config: { permission: 'public', rateLimit } }, async (request, reply) => {
        try {
          return await this.callback(request, reply);
        } catch (error) {
          // Refused; or the provider could not be reached or answered nonsense (fetch fails with a
          // TypeError, openid-client with a ClientError); or our own fault, which the log explains.
          const providerFault = error instanceof client.ClientError || (error instanceof TypeError && error.message === 'fetch failed');
          const refusal =
            error instanceof Refusal
              ? error
              : providerFault
                ? new Refusal(502, 'provider_failed', `signing in with ${deps.config.name} failed: ${describe(error)}; try again, and tell an administrator if it keeps failing`)
                : new Refusal(500, 'internal', `signing in failed on the Switchboard side; an administrator can find why in the server log (correlation id ${request.id})`);
          if (!(error instanceof Refusal)) request.log[providerFault ? 'warn' : 'error']({ err: error }, 'single sign-on callback failed');
          if (!refusal.audited) await deps.audit.append({
            ts: deps.clock(),
            actor: request.principal?.name ?? 'anonymous',
            actorKind: request.principal?.kind ?? 'anonymous',
            address: request.ip,
            action: 'auth.sso',
            outcome: refusal.status >= 500 ? 'failed' : 'refused',
            detail: { reason: refusal.code, message: refusal.message, provider: deps.config.name },
          });
          return this.answerRefusal(request, reply, refusal);
        }
      });
    };
  }

  private answerRefusal(request: FastifyRequest, reply: FastifyReply, refusal: Refusal) {
    reply.code(refusal.status).header('cache-control', 'no-store');
    if ((request.headers.accept ?? '').includes('text/html')) return reply.type('text/html; charset=utf-8').send(refusalPage(this.deps.config.name, refusal));
    return reply.send({ error: refusal.message, code: refusal.code });
  }

  private async start(request: FastifyRequest<{ Querystring: { return_to?: string; step_up?: string } }>, reply: FastifyReply) {
    const { deps } = this;
    const now = deps.clock();
    await this.deleteStaleRequests(now);
    let configuration: client.Configuration;
    try {
      configuration = await this.configuration();
    } catch (error) {
      request.log.warn({ err: error }, 'single sign-on: discovery failed');
      return this.answerRefusal(request, reply, new Refusal(502, 'provider_unreachable', `${deps.config.name} (${deps.config.issuer}) could not be reached: ${describe(error)}; try again in a moment`));
    }
    const principal = request.principal;
    const stepUpSession = request.query.step_up === '1' && principal?.kind === 'user' && principal.session ? principal.session.id : null;
    const secret = randomSecret('', 32);
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const returnTo = safeReturnTo(request.query.return_to);
    await deps.db
      .insertInto('sign_in_requests')
      .values({ id_hash: hashSecret(secret), state, nonce, code_verifier: codeVerifier, return_to: returnTo, step_up_session_id: stepUpSession, created_at: now })
      .execute();
    const parameters: Record<string, string> = {
      redirect_uri: this.redirectUri(request),
      scope: deps.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    // Step-up: the provider must check the person again, not wave an old provider session through.
    if (stepUpSession !== null) Object.assign(parameters, { prompt: 'login', max_age: String(STEP_UP_MAX_AGE_S) });
    reply.setCookie(OIDC_COOKIE, secret, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: SIGN_IN_REQUEST_MS / 1000 });
    reply.header('cache-control', 'no-store');
    return reply.redirect(client.buildAuthorizationUrl(configuration, parameters).href, 302);
  }

  private async callback(request: FastifyRequest<{ Querystring: Record<string, string> }>, reply: FastifyReply) {
    const { deps } = this;
    const { db, config } = deps;
    const now = deps.clock();
    reply.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies });
    const secret = request.cookies?.[OIDC_COOKIE];
    if (!secret) {
      throw new Refusal(400, 'no_sign_in_attempt', `this browser has no sign-in with ${config.name} in progress (it did not start here, it was already completed, or cookies are blocked); start the sign-in again`);
    }
    const idHash = hashSecret(secret);
    const attempt = await db.selectFrom('sign_in_requests').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    // One use: whoever deletes the row owns the attempt, so a replayed or concurrent callback finds nothing.
    const deleted = attempt ? Number((await db.deleteFrom('sign_in_requests').where('id_hash', '=', idHash).executeTakeFirst()).numDeletedRows) : 0;
    if (!attempt || deleted !== 1) {
      throw new Refusal(400, 'unknown_sign_in_attempt', 'this sign-in answer was used already or does not belong to a sign-in started here; start the sign-in again');
    }
    if (now - Number(attempt.created_at) > SIGN_IN_REQUEST_MS) {
      throw new Refusal(400, 'sign_in_expired', `the sign-in took longer than ${SIGN_IN_REQUEST_MS / 60_000} minutes; start it again`);
    }
    const query = request.query;
    if (typeof query.error === 'string' && !query.state) {
      throw new Refusal(400, 'provider_refused', `${config.name} refused the sign-in: ${query.error}${query.error_description ? ` (${query.error_description})` : ''}`);
    }
    if (typeof query.state !== 'string' || !sameSecret(query.state, attempt.state)) {
      throw new Refusal(400, 'state_mismatch', `the answer from ${config.name} does not belong to this sign-in (its state ${query.state ? 'does not match' : 'is missing'}); start the sign-in again`);
    }

    const configuration = await this.configuration();
    const redirectUri = this.redirectUri(request);
    const currentUrl = new URL(redirectUri);
    const queryAt = request.url.indexOf('?');
    currentUrl.search = queryAt >= 0 ? request.url.slice(queryAt) : '';
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        ...(attempt.step_up_session_id !== null ? { maxAge: STEP_UP_MAX_AGE_S } : {}),
      });
    } catch (error) {
      if (error instanceof client.AuthorizationResponseError) {
        throw new Refusal(400, 'provider_refused', `${config.name} refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`);
      }
      if (error instanceof client.ResponseBodyError) {
        throw new Refusal(400, 'code_refused', `${config.name} did not accept this sign-in's code (${error.error}${error.error_description ? `: ${error.error_description}` : ''}); it may have been used already; start the sign-in again`);
      }
      if (error instanceof client.ClientError) {
        throw new Refusal(400, 'invalid_provider_answer', `the answer from ${config.name} did not check out (${describe(error)}); start the sign-in again`);
      }
      throw error;
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new Refusal(400, 'invalid_provider_answer', `${config.name} sent no ID token`);
    let claims: Record<string, unknown> = { ...idClaims };
    let groups = groupsOf(claims, config.groupsClaim);
    if (groups === undefined || claims.preferred_username === undefined) {
      const userinfo = configuration.serverMetadata().userinfo_endpoint
        ? await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub).catch((error: unknown) => {
            request.log.warn({ err: error }, 'single sign-on: userinfo failed');
            return undefined;
          })
        : undefined;
      if (userinfo) {
        claims = { ...userinfo, ...claims };
        groups ??= groupsOf(userinfo as Record<string, unknown>, config.groupsClaim);
      }
    }
    return this.signIn(request, reply, { attempt, idToken: tokens.id_token ?? null, subject: idClaims.sub, claims, groups: groups ?? [], now });
  }

  private async signIn(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { attempt: Database['sign_in_requests']; idToken: string | null; subject: string; claims: Record<string, unknown>; groups: string[]; now: number },
  ) {
    const { deps } = this;
    const { db, config } = deps;
    const { attempt, claims, groups, now } = input;
    const issuer = config.issuer;
    const existing = await db
      .selectFrom('users')
      .select('id')
      .where('sso_issuer', '=', issuer)
      .where('sso_subject', '=', input.subject)
      .executeTakeFirst();
    const claimedName = usernameFrom(claims);
    const grant = grantOf(groups, config);
    if (!grant.ok) {
      // The provider no longer gives this person any access here: their open sessions end too.
      if (existing) await db.deleteFrom('sessions').where('user_id', '=', Number(existing.id)).execute();
      await deps.audit.append({
        ts: now,
        actor: claimedName,
        actorKind: 'anonymous',
        address: request.ip,
        action: 'auth.sign-in',
        outcome: 'refused',
        detail: { method: 'sso', provider: config.name, reason: grant.reason, groups },
      });
      throw new Refusal(403, grant.reason, grant.message, true);
    }
    const displayName = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : undefined;
    let user: UserView;
    if (existing) {
      const { before, after } = await updateUser(db, Number(existing.id), { role: grant.role, tenants: grant.tenants, ...(displayName ? { name: displayName } : {}) }, now);
      user = after;
      if (user.disabled_at !== null) {
        await deps.audit.append({ ts: now, actor: user.username, actorKind: 'user', address: request.ip, action: 'auth.sign-in', outcome: 'refused', detail: { method: 'sso', provider: config.name, reason: 'disabled' } });
        throw new Refusal(403, 'user_disabled', 'your Switchboard account is disabled; ask an administrator', true);
      }
      if (before.role !== after.role || JSON.stringify(before.tenants) !== JSON.stringify(after.tenants)) {
        await deps.audit.append({
          ts: now,
          actor: user.username,
          actorKind: 'user',
          address: request.ip,
          action: 'user.update',
          outcome: 'ok',
          target: `users:${user.id}`,
          before: { role: before.role, tenants: before.tenants },
          after: { role: after.role, tenants: after.tenants },
          detail: { via: 'sso', provider: config.name, groups },
        });
      }
    } else {
      const username = await freeUsername(db, claimedName);
      user = (await createUser(db, { username, ...(displayName ? { name: displayName } : {}), role: grant.role, tenants: grant.tenants, sso: { issuer, subject: input.subject } }, now)).user;
      await deps.audit.append({
        ts: now,
        actor: user.username,
        actorKind: 'user',
        address: request.ip,
        action: 'user.create',
        outcome: 'ok',
        target: `users:${user.id}`,
        after: user,
        detail: { via: 'sso', provider: config.name, groups },
      });
    }
    await db.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', user.id).execute();

    const current = request.principal?.session && request.principal.kind === 'user' ? request.principal : undefined;
    // A step-up confirms the person behind this browser's session: the same session, the same
    // account at the provider. When that session ended meanwhile, this is an ordinary sign-in.
    if (attempt.step_up_session_id !== null && current && current.session!.id === Number(attempt.step_up_session_id)) {
      if (current.id !== `users:${user.id}`) {
        await deps.audit.append({ ts: now, actor: current.name, actorKind: 'user', address: request.ip, action: 'auth.step-up', outcome: 'refused', detail: { method: 'sso', provider: config.name, reason: 'other_account', signed_in_as: user.username } });
        throw new Refusal(403, 'step_up_other_account', `you confirmed as ${user.username} at ${config.name}, but this session belongs to ${current.name}; sign out and sign in as the account you mean to use`, true);
      }
      await stepUp(db, current.session!.id, this.method, now);
      if (input.idToken) await db.updateTable('sessions').set({ sso_id_token: input.idToken }).where('id', '=', current.session!.id).execute();
      await deps.audit.append({ ts: now, actor: user.username, actorKind: 'user', address: request.ip, action: 'auth.step-up', outcome: 'ok', detail: { method: 'sso', provider: config.name } });
      reply.header('cache-control', 'no-store');
      return reply.redirect(attempt.return_to, 302);
    }

    // A full sign-in: whatever session this browser had ends, and a new one (a new secret) starts.
    if (current) await endSession(db, current.session!.id);
    const session = await startSession(db, deps.sessions, { userId: user.id, method: this.method, address: request.ip, ssoIdToken: input.idToken }, now);
    setSessionCookie(reply, deps.secureCookies, session.secret, session.expiresAt);
    await deps.audit.append({
      ts: now,
      actor: user.username,
      actorKind: 'user',
      address: request.ip,
      action: 'auth.sign-in',
      outcome: 'ok',
      detail: { method: 'sso', provider: config.name, role: user.role, tenants: user.tenants },
    });
    reply.header('cache-control', 'no-store');
    return reply.redirect(attempt.return_to, 302);
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${messageOf(error)}${cause}`;
}
