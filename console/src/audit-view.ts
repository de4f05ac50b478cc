/**
 * The audit page's filters live in its URL (`/admin/audit?actor=…&action=…&integration=…&from=…&to=…`),
 * with `before` as the cursor of older pages; the same filters go to the API and its exports.
 */

export const AUDIT_FILTERS = ['actor', 'action', 'integration', 'from', 'to'] as const;
export type AuditFilterName = (typeof AUDIT_FILTERS)[number];
export type AuditView = Partial<Record<AuditFilterName | 'before', string>>;

/** Common actions to pick from; "user.*" matches every action that starts with "user.". */
export const KNOWN_ACTIONS = [
  'auth.*',
  'auth.sign-in',
  'auth.sign-out',
  'auth.step-up',
  'user.*',
  'user.create',
  'user.update',
  'user.password.reset',
  'token.*',
  'token.create',
  'token.revoke',
  'silence.*',
  'check.run',
  'notification.retry',
  'trace.read',
  'failures.read',
  'alert.read',
  'audit.read',
  'audit.export',
];

export function readAuditView(search: string): AuditView {
  const query = new URLSearchParams(search);
  const view: AuditView = {};
  for (const name of [...AUDIT_FILTERS, 'before'] as const) {
    const value = query.get(name)?.trim();
    if (value) view[name] = value;
  }
  return view;
}

/** The filters alone (no cursor): what the exports carry. */
export function auditFilters(view: AuditView): Partial<Record<AuditFilterName, string>> {
  const filters: Partial<Record<AuditFilterName, string>> = {};
  for (const name of AUDIT_FILTERS) if (view[name]) filters[name] = view[name];
  return filters;
}

export function auditHref(view: AuditView): string {
  const query = new URLSearchParams();
  for (const name of [...AUDIT_FILTERS, 'before'] as const) if (view[name]) query.set(name, view[name]!);
  const text = query.toString();
  return `/admin/audit${text ? `?${text}` : ''}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An RFC 3339 time (or epoch ms) from the URL, as a datetime-local field's value in this browser's zone. */
export function toLocalInput(raw: string | undefined): string {
  if (!raw) return '';
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local field's value (local time) as RFC 3339 in UTC, for the URL and the API. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
