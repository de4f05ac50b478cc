import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { AuditTrail, verifyAuditTrail } from '../access/audit.js';
import { createToken, listTokens, revokeToken } from '../access/tokens.js';
import { createUser, listUsers, setPassword } from '../access/users.js';
import { oneTimePassword } from '../access/secrets.js';
import { loadConfig } from '../config.js';
import { SwitchboardError } from '../errors.js';
import { createIngestKey, listIngestKeys, revokeIngestKey } from '../ingest/keys.js';
import { engineOf } from '../store/engine.js';
import { openDatabase } from '../store/open.js';
import type { Database } from '../store/schema.js';
import { userInfo } from 'node:os';

import { databaseOption } from './options.js';

/** Opens the store, runs `work`, and records it in the audit trail as done from the command line. */
async function withStore<T>(
  options: { database?: string },
  work: (db: Kysely<Database>, audit: (entry: { action: string; target?: string; before?: unknown; after?: unknown }) => Promise<void>) => Promise<T>,
): Promise<T> {
  const database = loadConfig(options).database;
  const { db } = await openDatabase(database);
  const trail = new AuditTrail(db, engineOf(database));
  const actor = `cli:${userInfo().username}`;
  try {
    return await work(db, async (entry) => {
      await trail.append({ ts: Date.now(), actor, actorKind: 'cli', address: null, outcome: 'ok', ...entry });
    });
  } finally {
    await db.destroy();
  }
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
const list = (values: readonly string[] | null) => (values === null ? 'all tenants' : values.join(','));
const csv = (value: string | undefined) => (value === undefined ? null : value.split(',').map((part) => part.trim()).filter(Boolean));

/** `switchboard users|tokens|keys|audit …`: administration from the machine, each change audited. */
export function accessCommands(program: Command): void {
  const users = program.command('users').description('manage the people who sign in to the console');
  users
    .command('create')
    .description('create a user; without --password a one-time password is printed, to be changed at first sign-in')
    .requiredOption('--username <name>', 'the sign-in name')
    .option('--name <display>', 'the name shown in the console')
    .option('--role <role>', 'viewer, responder or admin', 'viewer')
    .option('--tenants <list>', 'comma-separated tenants the user may see (default: every tenant)')
    .option(...databaseOption)
    .action(async (options: { username: string; name?: string; role: string; tenants?: string; database?: string }) => {
      const password = process.env.SWITCHBOARD_NEW_PASSWORD;
      await withStore(options, async (db, audit) => {
        const created = await createUser(db, {
          username: options.username,
          role: options.role,
          tenants: csv(options.tenants),
          ...(options.name ? { name: options.name } : {}),
          ...(password ? { password } : {}),
        });
        await audit({ action: 'user.create', target: `users:${created.user.id}`, after: created.user });
        console.error(`Created ${created.user.role} "${created.user.username}" (#${created.user.id}, ${list(created.user.tenants)}).`);
        if (created.oneTimePassword) console.log(created.oneTimePassword);
      });
    });
  users
    .command('list')
    .description('list users (never their passwords)')
    .option(...databaseOption)
    .action(async (options: { database?: string }) => {
      await withStore(options, async (db) => {
        for (const user of await listUsers(db, { limit: 10_000 })) {
          const state = user.disabled_at ? 'disabled' : user.locked_until && user.locked_until > Date.now() ? 'locked' : 'active';
          console.log([user.id, user.username, user.role, list(user.tenants), user.sso ? 'sso' : user.totp ? 'password+totp' : 'password', state, iso(user.last_sign_in_at)].join('\t'));
        }
      });
    });
  users
    .command('reset-password <username>')
    .description('give a user a new one-time password (printed) and end their sessions')
    .option(...databaseOption)
    .action(async (username: string, options: { database?: string }) => {
      await withStore(options, async (db, audit) => {
        const row = await db.selectFrom('users').select(['id', 'sso_subject']).where('username', '=', username).executeTakeFirst();
        if (!row) throw new SwitchboardError('not_found', `no user "${username}"`, 404);
        if (row.sso_subject !== null) throw new SwitchboardError('sso_user', `"${username}" signs in through single sign-on and has no password here`, 400);
        const password = oneTimePassword();
        await setPassword(db, Number(row.id), password, { mustChange: true });
        await audit({ action: 'user.password.reset', target: `users:${row.id}` });
        console.log(password);
      });
    });

  const tokens = program.command('tokens').description('manage API tokens (service accounts)');
  tokens
    .command('create')
    .description('create a token; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'what it is for, e.g. "grafana"')
    .requiredOption('--scopes <list>', 'comma-separated: ingest, read, respond, admin')
    .option('--tenants <list>', 'comma-separated tenants it is bound to (default: every tenant)')
    .option('--expires-in-days <days>', 'how long it works', (value) => Number(value))
    .option(...databaseOption)
    .action(async (options: { name: string; scopes: string; tenants?: string; expiresInDays?: number; database?: string }) => {
      await withStore(options, async (db, audit) => {
        const days = options.expiresInDays;
        if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new SwitchboardError('invalid_expiry', '--expires-in-days must be a whole number of days ≥ 1', 400);
        const created = await createToken(db, {
          name: options.name,
          scopes: csv(options.scopes) ?? [],
          tenants: csv(options.tenants),
          expiresAt: days ? Date.now() + days * 86_400_000 : null,
          createdBy: `cli:${userInfo().username}`,
        });
        const { token, ...shown } = created;
        await audit({ action: 'token.create', target: `tokens:${created.id}`, after: shown });
        console.log(token);
        console.error(`Created token #${created.id} "${created.name}" (${created.scopes.join(', ')}; ${list(created.tenants)}). Store it now: it cannot be shown again.`);
      });
    });
  tokens
    .command('list')
    .description('list tokens (never their secrets)')
    .option(...databaseOption)
    .action(async (options: { database?: string }) => {
      await withStore(options, async (db) => {
        for (const token of await listTokens(db, { limit: 10_000 })) {
          const state = token.revoked_at ? `revoked ${iso(token.revoked_at)}` : token.expires_at && token.expires_at <= Date.now() ? 'expired' : 'active';
          console.log([token.id, `${token.prefix}…`, token.name, token.scopes.join(','), list(token.tenants), `last used ${iso(token.last_used_at)}`, state].join('\t'));
        }
      });
    });
  tokens
    .command('revoke <id>')
    .description('revoke a token by its id')
    .option(...databaseOption)
    .action(async (id: string, options: { database?: string }) => {
      await withStore(options, async (db, audit) => {
        if (!(await revokeToken(db, Number(id)))) throw new SwitchboardError('not_found', `no active token with id ${id}`, 404);
        await audit({ action: 'token.revoke', target: `tokens:${id}` });
        console.error(`Revoked token #${id}.`);
      });
    });

  const keys = program.command('keys').description('manage ingest keys (tokens with only the ingest scope)');
  keys
    .command('create')
    .description('create an ingest key; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'what the key is for, e.g. "carrier-gateway"')
    .option('--tenants <list>', 'comma-separated tenants it may write for (default: any)')
    .option(...databaseOption)
    .action(async (options: { name: string; tenants?: string; database?: string }) => {
      await withStore(options, async (db, audit) => {
        const created = await createIngestKey(db, options.name, Date.now(), csv(options.tenants));
        await audit({ action: 'key.create', target: `tokens:${created.id}`, after: { name: created.name, scopes: ['ingest'] } });
        console.log(created.key);
        console.error(`Created ingest key #${created.id} "${created.name}". Store it now: it cannot be shown again.`);
      });
    });
  keys
    .command('list')
    .description('list ingest keys (never their secrets)')
    .option(...databaseOption)
    .action(async (options: { database?: string }) => {
      await withStore(options, async (db) => {
        for (const key of await listIngestKeys(db)) {
          const state = key.revoked_at ? `revoked ${iso(key.revoked_at)}` : 'active';
          console.log(`${key.id}\t${key.key_prefix}…\t${key.name}\t${iso(key.created_at)}\t${state}`);
        }
      });
    });
  keys
    .command('revoke <id>')
    .description('revoke an ingest key by its id')
    .option(...databaseOption)
    .action(async (id: string, options: { database?: string }) => {
      await withStore(options, async (db, audit) => {
        if (!(await revokeIngestKey(db, Number(id)))) throw new SwitchboardError('not_found', `no active ingest key with id ${id}`, 404);
        await audit({ action: 'key.revoke', target: `tokens:${id}` });
        console.error(`Revoked ingest key #${id}.`);
      });
    });

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check that no entry of the audit trail was edited, inserted or deleted (exit 3 if one was)')
    .option(...databaseOption)
    .action(async (options: { database?: string }) => {
      const database = loadConfig(options).database;
      const { db } = await openDatabase(database);
      try {
        const { checked, problems } = await verifyAuditTrail(db);
        for (const problem of problems) console.log(problem.problem);
        if (problems.length > 0) {
          console.error(`The audit trail has been tampered with: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${checked} entries.`);
          process.exitCode = 3;
        } else {
          console.error(`The audit trail is intact: ${checked} entries, each chained to the one before.`);
        }
      } finally {
        await db.destroy();
      }
    });
}
