import assert from 'node:assert/strict';
import { createToken } from '../../src/access/tokens.js';
import { createUser } from '../../src/access/users.js';
import type { Role, Scope } from '../../src/access/permissions.js';
import type { TestServer } from './server.js';

/** A signed-in console session, as a browser holds it: the cookie and the CSRF token of the sign-in answer. */
export interface Session {
  username: string;
  password: string;
  role: Role;
  /** `sb_session=…`, for a Cookie header. */
  cookie: string;
  /** The whole Set-Cookie line of the sign-in answer. */
  setCookie: string;
  csrf: string;
}

export const PASSWORD_OF = (username: string) => `correct horse battery staple ${username}`;

/** Creates a local user with a password of their own (no one-time password to change). */
export async function addUser(server: TestServer, username: string, role: Role): Promise<{ id: number; username: string; password: string }> {
  const password = PASSWORD_OF(username);
  const { user } = await createUser(server.store.db, { username, role, password }, server.clock.now);
  return { id: user.id, username, password };
}

/** Signs a user in through POST /api/v1/auth/sign-in, as the console does. */
export async function signIn(server: TestServer, username: string, password: string, role: Role): Promise<Session> {
  const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = (await response.json()) as { csrf_token?: string; error?: string };
  assert.equal(response.status, 200, `sign-in of ${username}: ${response.status} ${JSON.stringify(body)}`);
  const setCookie = response.headers.getSetCookie().find((line) => line.startsWith('sb_session='));
  assert.ok(setCookie, `the sign-in of ${username} set no sb_session cookie`);
  assert.ok(body.csrf_token, 'the sign-in answer carries the CSRF token');
  return { username, password, role, cookie: setCookie.split(';')[0]!, setCookie, csrf: body.csrf_token };
}

export async function userSession(server: TestServer, username: string, role: Role): Promise<Session> {
  const user = await addUser(server, username, role);
  return signIn(server, username, user.password, role);
}

export async function tokenWith(server: TestServer, name: string, scopes: Scope[]): Promise<string> {
  return (await createToken(server.store.db, { name, scopes }, server.clock.now)).token;
}
