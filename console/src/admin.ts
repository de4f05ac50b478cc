/** What the administration API answers: users, tokens and the audit trail (src/access/routes.ts). */
import type { Role, Scope } from './access';

export interface User {
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

export interface UsersAnswer {
  users: User[];
  next: string | null;
}

export interface CreatedUser {
  user: User;
  one_time_password?: string;
}

export interface Token {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  tenants: string[] | null;
  created_by: string | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface TokensAnswer {
  tokens: Token[];
  next: string | null;
}

export type CreatedToken = Token & { token: string; note?: string };

export interface AuditEntry {
  id: number;
  ts: number;
  actor: string;
  actor_kind: string;
  address: string | null;
  action: string;
  outcome: 'ok' | 'refused' | 'failed' | string;
  integration: string | null;
  target: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

export interface AuditAnswer {
  entries: AuditEntry[];
  next: string | null;
}

export const SCOPE_TEXT: Record<Scope, string> = {
  ingest: 'send records (SDKs, OTLP, heartbeats)',
  read: 'read dashboards, traces, alerts',
  respond: 'silence, check now, retry notifications',
  admin: 'manage users and tokens, read the audit trail',
};

export function tenantsText(tenants: readonly string[] | null): string {
  return tenants === null ? 'every tenant' : tenants.join(', ');
}

/** "acme, globex" → ["acme", "globex"]; blank → null (every tenant). */
export function parseTenants(text: string): string[] | null {
  const list = text
    .split(',')
    .map((tenant) => tenant.trim())
    .filter(Boolean);
  return list.length === 0 ? null : [...new Set(list)];
}
