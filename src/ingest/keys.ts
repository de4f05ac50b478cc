import type { Kysely } from 'kysely';
import { createToken, listTokens, revokeToken } from '../access/tokens.js';
import type { Database } from '../store/schema.js';

/**
 * Ingest keys are API tokens with only the ingest scope (prefix sbk_): what services and jobs
 * use to send records. `switchboard keys …` and these helpers are shorthands for such tokens.
 */
export interface CreatedKey {
  id: number;
  name: string;
  key: string;
}

export async function createIngestKey(db: Kysely<Database>, name: string, now = Date.now(), tenants: readonly string[] | null = null): Promise<CreatedKey> {
  const created = await createToken(db, { name, scopes: ['ingest'], tenants, createdBy: 'switchboard keys' }, now);
  return { id: created.id, name: created.name, key: created.token };
}

export async function listIngestKeys(db: Kysely<Database>) {
  const tokens = await listTokens(db, { scope: 'ingest', limit: 1_000 });
  return tokens.map((token) => ({ id: token.id, name: token.name, key_prefix: token.prefix, created_at: token.created_at, revoked_at: token.revoked_at }));
}

export async function revokeIngestKey(db: Kysely<Database>, id: number, now = Date.now()): Promise<boolean> {
  return revokeToken(db, id, now);
}
