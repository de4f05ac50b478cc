import type { Permission, Role, Scope } from './permissions.js';

/** The caller of a request, once authenticated. */
export interface Principal {
  kind: 'user' | 'token' | 'environment';
  /** users:<id>, tokens:<id> or env:SWITCHBOARD_ADMIN_TOKEN / env:SWITCHBOARD_INGEST_KEY. */
  id: string;
  /** A readable name for the audit trail and the console. */
  name: string;
  role?: Role;
  scopes: ReadonlySet<Scope>;
  /** The tenants the caller is bound to; null: every tenant. */
  tenants: readonly string[] | null;
  /** A one-time password in use: nothing but choosing a new one is allowed. */
  mustChangePassword?: boolean;
  /** Console sessions only. */
  session?: {
    id: number;
    csrfToken: string;
    authenticatedAt: number;
    method: string;
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a caller needs to reach the route; a route without one refuses to start. */
    permission?: Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** How the audit trail names a caller: a username, token:<name>#<id>, or the environment variable. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'user') return principal.name;
  if (principal.kind === 'token') return `token:${principal.name}#${principal.id.slice('tokens:'.length)}`;
  return principal.name;
}
