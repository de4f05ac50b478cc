import { sql, type Kysely } from 'kysely';
import { columnTypes, primaryKey } from './columns.js';
import type { Engine } from '../engine.js';

/**
 * Access: users, their sessions, API tokens (which absorb the ingest keys), the tenant an
 * integration was first seen with, and the hash-chained audit trail.
 */
export function access(engine: Engine) {
  const t = columnTypes(engine);
  const id = primaryKey(engine);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', t.id, id)
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        // JSON array of tenant names; null: every tenant.
        .addColumn('tenants', 'text')
        .addColumn('password_hash', 'text')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('totp_secret', 'text')
        .addColumn('sso_issuer', 'text')
        .addColumn('sso_subject', 'text')
        .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'bigint')
        .addColumn('last_sign_in_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('disabled_at', 'bigint')
        .execute();
      // One local user per person at a provider, even when two first sign-ins race.
      await db.schema.createIndex('users_by_sso').unique().on('users').columns(['sso_issuer', 'sso_subject']).execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', t.id, id)
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'bigint', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        // How the user proved who they are: password, totp or sso:<provider>.
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        // The last full sign-in or step-up: admin actions need it recent.
        .addColumn('authenticated_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('address', 'text')
        // The provider's id token, kept only to end the provider's session on sign-out.
        .addColumn('sso_id_token', 'text')
        .execute();
      await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();

      // A single-sign-on attempt in flight: the browser holds a random secret (cookie) whose
      // hash keys the state, nonce and PKCE verifier until the provider sends it back.
      await db.schema
        .createTable('sign_in_requests')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('return_to', 'text', (c) => c.notNull())
        .addColumn('step_up_session_id', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', t.id, id)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_prefix', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        // JSON arrays: scopes granted; tenants bound (null: every tenant).
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('tenants', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();

      // Every ingest key keeps working, as a token with the ingest scope under the same hash.
      await sql`insert into tokens (name, token_prefix, token_hash, scopes, tenants, created_by, created_at, expires_at, last_used_at, revoked_at)
        select name, key_prefix, key_hash, '["ingest"]', null, 'migration 005 (ingest key)', created_at, null, null, revoked_at
        from ingest_keys order by id`.execute(db);
      await db.schema.dropTable('ingest_keys').execute();

      await db.schema.alterTable('integrations_seen').addColumn('tenant', 'text').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', t.id, id)
        .addColumn('ts', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('integration', 'text')
        .addColumn('target', 'text')
        .addColumn('before_value', 'text')
        .addColumn('after_value', 'text')
        .addColumn('detail', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_by_ts').on('audit_log').column('ts').execute();
      // The chain's head: the newest entry's id and hash, so deleting the newest entries shows too.
      await db.schema
        .createTable('audit_head')
        .addColumn('singleton', 'integer', (c) => c.primaryKey())
        .addColumn('last_id', 'bigint', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .addColumn('pruned_before_id', 'bigint', (c) => c.notNull())
        .addColumn('pruned_hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (singleton, last_id, last_hash, pruned_before_id, pruned_hash) values (1, 0, 'genesis', 0, 'genesis')`.execute(db);
    },
  };
}
