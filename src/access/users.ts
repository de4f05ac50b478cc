import { sql, type Kysely, type Updateable } from 'kysely';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import { InputError, NotFoundError, SwitchboardError } from '../errors.js';
import type { Database } from '../store/schema.js';
import { isRole, ROLES, type Role } from './permissions.js';
import { decoyPasswordHash, hashPassword, oneTimePassword, verifyPassword } from './secrets.js';
import { checkTenants } from './tokens.js';

export interface UserView {
  id: number;
  username: string;
  name: string;
  role: Role;
  tenants: string[] | null;
  sso: boolean;
  totp: boolean;
  must_change_password: boolean;
  created_at: number;
  last_sign_in_at: number | null;
  disabled_at: number | null;
  locked_until: number | null;
}

type UserRow = Database['users'] & { id: number };

export function userView(row: UserRow): UserView {
  return {
    id: Number(row.id),
    username: row.username,
    name: row.display_name,
    role: row.role as Role,
    tenants: row.tenants === null ? null : (JSON.parse(row.tenants) as string[]),
    sso: row.sso_subject !== null,
    totp: row.totp_secret !== null,
    must_change_password: row.must_change_password === 1,
    created_at: Number(row.created_at),
    last_sign_in_at: row.last_sign_in_at,
    disabled_at: row.disabled_at,
    locked_until: row.locked_until,
  };
}

/** Administrators see across every tenant (the system-wide view); binding one would be a false promise. */
function refuseBoundAdmin(role: Role, tenants: readonly string[] | null): void {
  if (role === 'admin' && tenants !== null) {
    throw new InputError('administrators see every tenant: leave tenants out for an admin, or give a tenant-bound person the responder or viewer role', 'admin_tenants');
  }
}

export function checkRole(role: string): Role {
  if (!isRole(role)) throw new InputError(`role "${role}" must be one of ${ROLES.join(', ')}`, 'invalid_role');
  return role;
}

function checkUsername(username: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$/.test(username)) {
    throw new InputError('a username is 1–100 letters, digits and . _ @ + - (starting with a letter or digit)', 'invalid_username');
  }
  return username;
}

export function checkPassword(password: string): string {
  if (password.length < 12) throw new InputError('a password needs at least 12 characters', 'weak_password');
  if (password.length > 1024) throw new InputError('a password may have at most 1,024 characters', 'invalid_password');
  return password;
}

export interface NewUser {
  username: string;
  name?: string;
  role: string;
  tenants?: readonly string[] | null;
  /** Without one, a one-time password is made and must be changed at first sign-in. */
  password?: string;
  sso?: { issuer: string; subject: string };
}

export async function createUser(db: Kysely<Database>, spec: NewUser, now = Date.now()): Promise<{ user: UserView; oneTimePassword?: string }> {
  const username = checkUsername(spec.username);
  const role = checkRole(spec.role);
  const tenants = checkTenants(spec.tenants);
  refuseBoundAdmin(role, tenants);
  const generated = spec.password === undefined && !spec.sso ? oneTimePassword() : undefined;
  const password = spec.password === undefined ? generated : checkPassword(spec.password);
  const taken = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (taken) throw new InputError(`a user named "${username}" exists already`, 'user_exists', 409);
  const row = await db
    .insertInto('users')
    .values({
      username,
      display_name: spec.name?.trim() || username,
      role,
      tenants: tenants === null ? null : JSON.stringify(tenants),
      password_hash: password === undefined ? null : await hashPassword(password),
      must_change_password: generated ? 1 : 0,
      totp_secret: null,
      sso_issuer: spec.sso?.issuer ?? null,
      sso_subject: spec.sso?.subject ?? null,
      failed_sign_ins: 0,
      locked_until: null,
      last_sign_in_at: null,
      created_at: now,
      disabled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user: userView(row as UserRow), ...(generated ? { oneTimePassword: generated } : {}) };
}

export async function findUser(db: Kysely<Database>, id: number): Promise<UserView | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? userView(row as UserRow) : undefined;
}

export async function listUsers(db: Kysely<Database>, options: { limit: number; after?: number }): Promise<UserView[]> {
  let query = db.selectFrom('users').selectAll().orderBy('id').limit(options.limit);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  return (await query.execute()).map((row) => userView(row as UserRow));
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserChange {
  name?: string;
  role?: string;
  tenants?: readonly string[] | null;
  disabled?: boolean;
}

/** Applies a change; returns the user before and after (for the audit trail). */
export async function updateUser(db: Kysely<Database>, id: number, change: UserChange, now = Date.now()): Promise<{ before: UserView; after: UserView }> {
  const before = await findUser(db, id);
  if (!before) throw new NotFoundError(`no user ${id}`);
  const set: Updateable<Database['users']> = {};
  if (change.name !== undefined) set.display_name = change.name.trim() || before.username;
  if (change.role !== undefined) set.role = checkRole(change.role);
  if (change.tenants !== undefined) {
    const tenants = checkTenants(change.tenants);
    set.tenants = tenants === null ? null : JSON.stringify(tenants);
  }
  if (change.disabled !== undefined) set.disabled_at = change.disabled ? (before.disabled_at ?? now) : null;
  refuseBoundAdmin(
    (set.role as Role | undefined) ?? before.role,
    set.tenants === undefined ? before.tenants : set.tenants === null ? null : (JSON.parse(set.tenants as string) as string[]),
  );
  if (Object.keys(set).length > 0) await db.updateTable('users').set(set).where('id', '=', id).execute();
  if (change.disabled) await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  return { before, after: (await findUser(db, id))! };
}

/** Sets a new password (and ends the user's other sessions, when a session id to keep is given). */
export async function setPassword(db: Kysely<Database>, id: number, password: string, options: { mustChange?: boolean; keepSession?: number } = {}): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(checkPassword(password)), must_change_password: options.mustChange ? 1 : 0, failed_sign_ins: 0, locked_until: null })
    .where('id', '=', id)
    .execute();
  let sessions = db.deleteFrom('sessions').where('user_id', '=', id);
  if (options.keepSession !== undefined) sessions = sessions.where('id', '!=', options.keepSession);
  await sessions.execute();
}

export class SignInError extends SwitchboardError {
  constructor(
    code: 'invalid_credentials' | 'totp_required' | 'locked',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message, code === 'locked' ? 429 : 401);
    this.name = 'SignInError';
  }
}

/** How long an account stays locked after its nth failed sign-in in a row: 5 free, then doubling from 30 s, at most 15 min. */
export function lockoutMs(failures: number): number {
  if (failures < 5) return 0;
  return Math.min(30_000 * 2 ** (failures - 5), 15 * 60_000);
}

const WRONG = 'wrong username or password';

/**
 * locked_until for the count an attempt claims (failed_sign_ins + 1, the column's value before the
 * update): lockoutMs of it, as a CASE both engines evaluate inside the claiming UPDATE.
 */
function lockFor(now: number) {
  const ladder: Array<[number, number]> = [];
  let n = 5;
  for (; lockoutMs(n) < 15 * 60_000; n++) ladder.push([n, lockoutMs(n)]);
  const count = sql`${sql.ref('failed_sign_ins')} + 1`;
  return sql<number | null>`case ${sql.join(
    ladder.map(([failures, ms]) => sql`when ${count} = ${failures} then cast(${now + ms} as bigint)`),
    sql` `,
  )} when ${count} >= ${n} then cast(${now + lockoutMs(n)} as bigint) else ${sql.ref('locked_until')} end`;
}

function lockedError(lockedUntil: number, now: number): SignInError {
  const seconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  return new SignInError('locked', `too many failed sign-ins for this account; try again in ${seconds} s or ask an administrator`, seconds);
}

/**
 * Checks a username, password and (when the user has one) TOTP code. Wrong answers count against
 * the account, which is then locked for growing spells; the check runs the password hash even for
 * unknown users, so timing does not tell which usernames exist.
 *
 * Each attempt claims its place in the count, and the lock it would earn, in one UPDATE before the
 * costly hash, and a locked account's attempts claim nothing: so concurrent guesses cannot all read
 * the same count (and lock nothing), and once an account is locked no guess is hashed, however many
 * arrive at once or from however many addresses. A success clears the count and the lock.
 */
export async function checkPasswordSignIn(
  db: Kysely<Database>,
  attempt: { username: string; password: string; totp?: string },
  now = Date.now(),
): Promise<UserView> {
  const row = (await db.selectFrom('users').selectAll().where('username', '=', attempt.username).executeTakeFirst()) as UserRow | undefined;
  if (!row || row.password_hash === null || row.disabled_at !== null) {
    await verifyPassword(attempt.password, await decoyPasswordHash());
    throw new SignInError('invalid_credentials', WRONG);
  }
  if (row.locked_until !== null && Number(row.locked_until) > now) throw lockedError(Number(row.locked_until), now);
  const claimed = await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1), locked_until: lockFor(now) }))
    .where('id', '=', row.id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['failed_sign_ins', 'locked_until'])
    .executeTakeFirst();
  if (!claimed) {
    // Another attempt locked the account since we read it.
    const current = await db.selectFrom('users').select('locked_until').where('id', '=', row.id).executeTakeFirst();
    throw lockedError(Number(current?.locked_until ?? now + 1000), now);
  }
  const passwordOk = await verifyPassword(attempt.password, row.password_hash);
  const totpOk = row.totp_secret === null || (attempt.totp !== undefined && (await totpMatches(row.totp_secret, attempt.totp)));
  if (passwordOk && totpOk) {
    await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null, last_sign_in_at: now }).where('id', '=', row.id).execute();
    return userView({ ...row, failed_sign_ins: 0, locked_until: null, last_sign_in_at: now });
  }
  if (passwordOk && attempt.totp === undefined) {
    // The first step of a sign-in with a second factor is no failure: give the claim back (any lock stays).
    await db
      .updateTable('users')
      .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '-', 1) }))
      .where('id', '=', row.id)
      .where('failed_sign_ins', '>', 0)
      .execute();
    throw new SignInError('totp_required', 'enter the 6-digit code from your authenticator app');
  }
  throw new SignInError('invalid_credentials', passwordOk ? 'wrong authenticator code' : WRONG);
}

export async function totpMatches(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  try {
    return (await verifyTotp({ secret, token: code, epochTolerance: 30 })).valid;
  } catch {
    return false;
  }
}

/** Starts TOTP enrolment: a new secret, kept aside until a code from it proves the app has it. */
export function newTotpSecret(username: string): { secret: string; uri: string } {
  const secret = generateSecret();
  return { secret, uri: generateURI({ issuer: 'Switchboard', label: username, secret }) };
}

export async function enableTotp(db: Kysely<Database>, id: number, secret: string, code: string): Promise<void> {
  if (!(await totpMatches(secret, code))) throw new InputError('that code does not match the new secret; check the time on your device and try again', 'invalid_totp');
  await db.updateTable('users').set({ totp_secret: secret }).where('id', '=', id).execute();
}
