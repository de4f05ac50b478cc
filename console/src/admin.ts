/** What the administration API answers (users, tokens, the audit trail) by the names the console uses, and their words. */
import type { Scope } from './access';
import type { components } from './api-types';
import type { Answer } from './types';

type Schemas = components['schemas'];

export type User = Schemas['User'];
export type UsersAnswer = Answer<'/api/v1/users'>;
export type CreatedUser = Answer<'/api/v1/users', 'post'>;
export type Token = Schemas['Token'];
export type TokensAnswer = Answer<'/api/v1/tokens'>;
export type CreatedToken = Answer<'/api/v1/tokens', 'post'>;
export type AuditEntry = Schemas['AuditEntry'];
export type AuditAnswer = Answer<'/api/v1/audit'>;

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
