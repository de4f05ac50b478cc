/**
 * Who may do what. A token carries scopes; a user has a role, which grants a fixed set of scopes.
 * Every route names the permission it needs in its definition (see guard.ts).
 */
export const SCOPES = ['ingest', 'read', 'respond', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles grant reading and acting, never ingest: ingest is for services, through tokens. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  viewer: ['read'],
  responder: ['read', 'respond'],
  admin: ['read', 'respond', 'admin'],
};

/**
 * What a route needs: `public` (no caller: /healthz, the console's files, the sign-in routes),
 * `signed-in` (any valid caller: the caller's own session), or one scope.
 */
export type Permission = 'public' | 'signed-in' | Scope;

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
