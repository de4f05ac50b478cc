import type { Kysely } from 'kysely';
import { InputError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { isScope, SCOPES, type Scope } from './permissions.js';
import type { Principal } from './principal.js';
import { hashSecret, randomSecret, sameSecret } from './secrets.js';

/**
 * API tokens: random 256-bit secrets shown once; only their SHA-256 is stored. Ingest keys are
 * tokens with the ingest scope (prefix sbk_, as before); other tokens start with sbt_.
 */
export interface CreatedToken {
  id: number;
  name: string;
  token: string;
  scopes: Scope[];
  tenants: string[] | null;
  expires_at: number | null;
}

export interface TokenSpec {
  name: string;
  scopes: readonly string[];
  tenants?: readonly string[] | null;
  expiresAt?: number | null;
  createdBy?: string;
}

export function checkScopes(scopes: readonly string[]): Scope[] {
  if (scopes.length === 0) throw new InputError(`a token needs at least one scope of ${SCOPES.join(', ')}`, 'invalid_scopes');
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new InputError(`unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}; scopes are ${SCOPES.join(', ')}`, 'invalid_scopes');
  return [...new Set(scopes as Scope[])].sort((a, b) => SCOPES.indexOf(a) - SCOPES.indexOf(b));
}

export function checkTenants(tenants: readonly string[] | null | undefined): string[] | null {
  if (tenants === undefined || tenants === null) return null;
  const bad = tenants.find((tenant) => !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(tenant));
  if (bad !== undefined) throw new InputError(`tenant "${bad}" must be 1–64 letters, digits, dots, dashes or underscores`, 'invalid_tenant');
  if (tenants.length === 0) throw new InputError('tenants, when given, must name at least one tenant (leave it out for every tenant)', 'invalid_tenant');
  return [...new Set(tenants)].sort();
}

export async function createToken(db: Kysely<Database>, spec: TokenSpec, now = Date.now()): Promise<CreatedToken> {
  const name = spec.name.trim();
  if (name.length === 0 || name.length > 100) throw new InputError('a token needs a name of 1–100 characters', 'invalid_name');
  const scopes = checkScopes(spec.scopes);
  const tenants = checkTenants(spec.tenants);
  if (tenants !== null && scopes.includes('admin')) {
    throw new InputError('a token with the admin scope sees every tenant: leave tenants out, or drop the admin scope', 'admin_tenants');
  }
  const expiresAt = spec.expiresAt ?? null;
  if (expiresAt !== null && expiresAt <= now) throw new InputError('expires_at is in the past', 'invalid_expiry');
  const token = randomSecret(scopes.length === 1 && scopes[0] === 'ingest' ? 'sbk_' : 'sbt_');
  const row = await db
    .insertInto('tokens')
    .values({
      name,
      token_prefix: token.slice(0, 10),
      token_hash: hashSecret(token),
      scopes: JSON.stringify(scopes),
      tenants: tenants === null ? null : JSON.stringify(tenants),
      created_by: spec.createdBy ?? null,
      created_at: now,
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), name, token, scopes, tenants, expires_at: expiresAt };
}

export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  tenants: string[] | null;
  created_by: string | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

type TokenRow = Awaited<ReturnType<ReturnType<typeof tokenRows>['execute']>>[number];
function tokenRows(db: Kysely<Database>) {
  return db.selectFrom('tokens').selectAll();
}

function viewOf(row: TokenRow): TokenView {
  return {
    id: Number(row.id),
    name: row.name,
    prefix: row.token_prefix,
    scopes: JSON.parse(row.scopes) as Scope[],
    tenants: row.tenants === null ? null : (JSON.parse(row.tenants) as string[]),
    created_by: row.created_by,
    created_at: row.created_at,
    expires_at: row.expires_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}

/** Newest first, one page at a time (before: the smallest id of the previous page). */
export async function listTokens(db: Kysely<Database>, options: { scope?: Scope; limit?: number; before?: number } = {}): Promise<TokenView[]> {
  let query = tokenRows(db).orderBy('id', 'desc').limit(options.limit ?? 200);
  if (options.scope) query = query.where('scopes', 'like', `%"${options.scope}"%`);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  return (await query.execute()).map(viewOf);
}

export async function findToken(db: Kysely<Database>, id: number): Promise<TokenView | undefined> {
  const row = await tokenRows(db).where('id', '=', id).executeTakeFirst();
  return row ? viewOf(row) : undefined;
}

export async function revokeToken(db: Kysely<Database>, id: number, now = Date.now()): Promise<boolean> {
  const result = await db.updateTable('tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

interface CachedToken {
  principal: Principal;
  until: number;
}

/** The secrets given in the environment: SWITCHBOARD_ADMIN_TOKEN (every scope), SWITCHBOARD_INGEST_KEY. */
export interface EnvironmentTokens {
  adminToken?: string | undefined;
  ingestKey?: string | undefined;
}

/**
 * Turns a presented bearer token into a principal: the environment's tokens first, then the
 * store, with a short cache so a busy ingest path costs one hash and one map look-up. A revoked
 * token stops working within the cache time (5 s).
 */
export class TokenVerifier {
  private readonly cache = new Map<string, CachedToken>();
  private readonly lastUsedWritten = new Map<number, number>();
  /** Hashes of the tokens found valid lately, and when: see recentlyValid. */
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly environment: EnvironmentTokens,
    private readonly cacheMs = 5_000,
  ) {}

  /**
   * Whether this token is an environment token or was found valid in the last day: the guard lets
   * such a token be looked up even from an address blocked for bad credentials, so a neighbour
   * guessing keys behind the same NAT or proxy does not stop a service's ingest. (A guess is never
   * in this set; a revoked token in it still fails its look-up.)
   */
  recentlyValid(presented: string, now = Date.now()): boolean {
    if (this.environmentPrincipal(presented)) return true;
    const seen = this.recent.get(hashSecret(presented));
    return seen !== undefined && now - seen < 86_400_000;
  }

  async verify(presented: string, now = Date.now()): Promise<Principal | undefined> {
    const fromEnvironment = this.environmentPrincipal(presented);
    if (fromEnvironment) return fromEnvironment;
    const hash = hashSecret(presented);
    const cached = this.cache.get(hash);
    if (cached !== undefined && cached.until > now) {
      this.noteUse(cached.principal, now);
      this.recent.set(hash, now);
      return cached.principal;
    }
    const row = await this.db
      .selectFrom('tokens')
      .select(['id', 'name', 'scopes', 'tenants', 'expires_at'])
      .where('token_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || (row.expires_at !== null && row.expires_at <= now)) {
      this.cache.delete(hash);
      this.recent.delete(hash);
      return undefined;
    }
    const principal: Principal = {
      kind: 'token',
      id: `tokens:${row.id}`,
      name: row.name,
      scopes: new Set(JSON.parse(row.scopes) as Scope[]),
      tenants: row.tenants === null ? null : (JSON.parse(row.tenants) as string[]),
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: row.expires_at === null ? now + this.cacheMs : Math.min(now + this.cacheMs, row.expires_at) });
    if (this.recent.size > 100_000) this.recent.clear();
    this.recent.set(hash, now);
    this.noteUse(principal, now);
    return principal;
  }

  private environmentPrincipal(presented: string): Principal | undefined {
    const { adminToken, ingestKey } = this.environment;
    if (adminToken && sameSecret(presented, adminToken)) {
      return { kind: 'environment', id: 'env:SWITCHBOARD_ADMIN_TOKEN', name: 'SWITCHBOARD_ADMIN_TOKEN', scopes: new Set(SCOPES), tenants: null };
    }
    if (ingestKey && sameSecret(presented, ingestKey)) {
      return { kind: 'environment', id: 'env:SWITCHBOARD_INGEST_KEY', name: 'SWITCHBOARD_INGEST_KEY', scopes: new Set(['ingest']), tenants: null };
    }
    return undefined;
  }

  /** last_used_at, written at most once a minute per token and off the request's path. */
  private noteUse(principal: Principal, now: number): void {
    const id = Number(principal.id.slice('tokens:'.length));
    const written = this.lastUsedWritten.get(id);
    if (written !== undefined && now - written < 60_000) return;
    this.lastUsedWritten.set(id, now);
    void this.db
      .updateTable('tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .execute()
      .catch(() => this.lastUsedWritten.delete(id));
  }
}
