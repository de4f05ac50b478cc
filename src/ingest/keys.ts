import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * Ingest keys are random 256-bit secrets shown once at creation; only their SHA-256 is stored
 * (a slow password hash buys nothing for keys with this much entropy, and would cost every request).
 */
const KEY_PREFIX = 'sbk_';

export interface CreatedKey {
  id: number;
  name: string;
  key: string;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export async function createIngestKey(db: Kysely<Database>, name: string, now = Date.now()): Promise<CreatedKey> {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('ingest_keys')
    .values({ name, key_prefix: key.slice(0, 10), key_hash: hashKey(key), created_at: now, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), name, key };
}

export async function listIngestKeys(db: Kysely<Database>) {
  return db.selectFrom('ingest_keys').select(['id', 'name', 'key_prefix', 'created_at', 'revoked_at']).orderBy('id').execute();
}

export async function revokeIngestKey(db: Kysely<Database>, id: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .updateTable('ingest_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Checks presented keys against the store and the configured environment key, with a short cache. */
export class IngestKeyVerifier {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly environmentKey: string | undefined,
    private readonly cacheMs = 5_000,
  ) {}

  async verify(presented: string, now = Date.now()): Promise<boolean> {
    const hash = hashKey(presented);
    if (this.environmentKey !== undefined && timingSafeEqual(Buffer.from(hash), Buffer.from(hashKey(this.environmentKey)))) {
      return true;
    }
    const cachedUntil = this.cache.get(hash);
    if (cachedUntil !== undefined && cachedUntil > now) return true;
    const row = await this.db
      .selectFrom('ingest_keys')
      .select('id')
      .where('key_hash', '=', hash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return false;
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(hash, now + this.cacheMs);
    return true;
  }
}
