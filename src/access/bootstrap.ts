import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Role } from './permissions.js';
import { oneTimePassword } from './secrets.js';
import { countUsers, createUser, setPassword } from './users.js';

/**
 * On an empty store, the first administrator: "admin" with a one-time password that must be
 * changed at first sign-in. Returns the password to print, or undefined when users exist.
 */
export async function ensureFirstAdmin(db: Kysely<Database>, now = Date.now()): Promise<{ username: string; password: string } | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const created = await createUser(db, { username: 'admin', name: 'Administrator', role: 'admin' }, now);
  return { username: created.user.username, password: created.oneTimePassword! };
}

/** The demo's three people, one per role, with fresh passwords on every start. */
export async function ensureDemoUsers(db: Kysely<Database>, now = Date.now()): Promise<Array<{ username: string; role: Role; password: string }>> {
  const people: Array<{ username: string; name: string; role: Role }> = [
    { username: 'viewer', name: 'Vera Viewer', role: 'viewer' },
    { username: 'responder', name: 'Rafael Responder', role: 'responder' },
    { username: 'admin', name: 'Ada Admin', role: 'admin' },
  ];
  const result = [];
  for (const person of people) {
    const password = oneTimePassword();
    const existing = await db.selectFrom('users').select('id').where('username', '=', person.username).executeTakeFirst();
    if (existing) await setPassword(db, Number(existing.id), password);
    else await createUser(db, { ...person, password }, now);
    result.push({ username: person.username, role: person.role, password });
  }
  return result;
}
