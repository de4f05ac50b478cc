import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { ROLE_SCOPES, type Role } from './permissions.js';
import type { Principal } from './principal.js';
import { hashSecret, randomSecret } from './secrets.js';

export const SESSION_COOKIE = 'sb_session';

export interface SessionPolicy {
  /** A session ends this long after its last use. */
  idleMs: number;
  /** …and this long after sign-in, whatever its use. */
  absoluteMs: number;
  /** Admin actions need a sign-in or step-up no older than this. */
  stepUpMs: number;
}

export interface NewSession {
  /** The cookie's value: shown to the browser once, stored only as a hash. */
  secret: string;
  id: number;
  csrfToken: string;
  expiresAt: number;
}

/** Starts a session: a new secret on every sign-in, so a session id planted before it is worthless. */
export async function startSession(
  db: Kysely<Database>,
  policy: SessionPolicy,
  start: { userId: number; method: string; address: string | null; ssoIdToken?: string | null },
  now = Date.now(),
): Promise<NewSession> {
  const secret = randomSecret('', 32);
  const csrfToken = randomSecret('', 24);
  const expiresAt = now + policy.absoluteMs;
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: hashSecret(secret),
      user_id: start.userId,
      csrf_token: csrfToken,
      method: start.method,
      created_at: now,
      authenticated_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      address: start.address,
      sso_id_token: start.ssoIdToken ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { secret, id: Number(row.id), csrfToken, expiresAt };
}

/** The principal behind a session cookie, or undefined when it is unknown, expired, idle too long or its user disabled. */
export async function sessionPrincipal(db: Kysely<Database>, policy: SessionPolicy, secret: string, now = Date.now()): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.method',
      'sessions.authenticated_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.username',
      'users.role',
      'users.tenants',
      'users.disabled_at',
      'users.must_change_password',
    ])
    .where('sessions.token_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.disabled_at !== null || row.expires_at <= now || now - row.last_seen_at > policy.idleMs) return undefined;
  // Written at most once a minute: a busy console must not turn every read into a write.
  if (now - row.last_seen_at > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.session_id).execute();
  }
  const role = row.role as Role;
  return {
    kind: 'user',
    id: `users:${row.user_id}`,
    name: row.username,
    role,
    scopes: new Set(ROLE_SCOPES[role] ?? []),
    tenants: row.tenants === null ? null : (JSON.parse(row.tenants) as string[]),
    mustChangePassword: row.must_change_password === 1,
    session: { id: Number(row.session_id), csrfToken: row.csrf_token, authenticatedAt: row.authenticated_at, method: row.method },
  };
}

export async function stepUp(db: Kysely<Database>, sessionId: number, method: string, now = Date.now()): Promise<void> {
  await db.updateTable('sessions').set({ authenticated_at: now, method }).where('id', '=', sessionId).execute();
}

export async function endSession(db: Kysely<Database>, sessionId: number): Promise<string | null> {
  const row = await db.selectFrom('sessions').select('sso_id_token').where('id', '=', sessionId).executeTakeFirst();
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  return row?.sso_id_token ?? null;
}

/** Ends the session a cookie names, if any (a new sign-in from the same browser replaces it). */
export async function endSessionOf(db: Kysely<Database>, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(secret)).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, policy: SessionPolicy, now: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', now - policy.idleMs)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
