/** Who is signed in, and what the access API answers (src/access/routes.ts), by the names the console uses. */
import { enumValues, type components } from './api-types';
import type { Answer } from './types';

type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type Scope = Schemas['Token']['scopes'][number];
export type Session = Schemas['Session'];
export type Providers = Answer<'/api/v1/auth/providers'>;

export const ROLES: readonly Role[] = enumValues.Role;

export const ROLE_TEXT: Record<Role, string> = {
  viewer: 'reads dashboards, traces and alerts',
  responder: 'also silences alerts, runs checks, retries notifications',
  admin: 'also manages users, tokens and reads the audit trail',
};

export function hasScope(session: Session | undefined, scope: Scope): boolean {
  return session?.scopes.includes(scope) ?? false;
}

/** How the header names the caller's standing: the role of a person, or "token" for automation. */
export function standingOf(session: Session): string {
  return session.role ?? (session.kind === 'user' ? 'no role' : 'token');
}

/** Where to go after signing in: only a path on this site, never the sign-in page itself. */
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/^\/sign-in(\/|\?|$)/.test(raw)) return '/';
  return raw;
}

export function signInHref(returnTo: string): string {
  const target = safeReturnTo(returnTo);
  return target === '/' ? '/sign-in' : `/sign-in?return_to=${encodeURIComponent(target)}`;
}

/** The provider's start URL, coming back to `returnTo` (and confirming a recent sign-in with `stepUp`). */
export function providerHref(start: string, returnTo: string, stepUp = false): string {
  const query = new URLSearchParams();
  if (stepUp) query.set('step_up', '1');
  query.set('return_to', safeReturnTo(returnTo));
  return `${start}?${query.toString()}`;
}

/** The server's words as a sentence: first letter up, a full stop at the end. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const upper = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(upper) ? upper : `${upper}.`;
}
