/** How catalogue records read in words: contacts, SLO targets, auth, check targets. */
import { formatDuration, formatLatencyTarget, formatTarget } from './format';
import type { CatalogueEntry, CheckDefinition, Contact } from './types';

export const TYPE_LABELS: Record<CatalogueEntry['type'], string> = {
  shop: 'Shop',
  marketplace: 'Marketplace',
  carrier: 'Carrier',
  saas: 'SaaS',
  feed: 'Feed',
};

export const DIRECTION_LABELS: Record<CatalogueEntry['direction'], string> = {
  inbound: 'inbound',
  outbound: 'outbound',
  both: 'both ways',
};

/** "Dana Okafor, dana@example.com, +31 20 …" — every way to reach them, in one line. */
export function contactText(contact: Contact | undefined): string {
  if (!contact) return '';
  return [contact.name, contact.chat, contact.email, contact.phone, contact.url].filter(Boolean).join(', ');
}

/** The SLO targets in words: ["success ≥ 98 %", "p95 ≤ 800 ms", "tracking.updated within 30 min"]. */
export function sloParts(slo: CatalogueEntry['slo']): string[] {
  const parts: string[] = [];
  if (slo.successRate !== undefined) parts.push(`success ≥ ${formatTarget(slo.successRate)}`);
  if (slo.latencyP95Ms !== undefined) parts.push(`p95 ≤ ${formatLatencyTarget(slo.latencyP95Ms)}`);
  for (const target of slo.freshness) {
    const what = target.event ?? (target.job ? `job ${target.job}` : 'data');
    parts.push(`${what} within ${formatDuration(target.maxAgeMs)}`);
  }
  return parts;
}

export function authText(auth: CatalogueEntry['auth']): string {
  if (!auth) return '';
  return [auth.method, auth.rotation ? `rotated ${auth.rotation}` : '', auth.expires ? `expires ${auth.expires}` : ''].filter(Boolean).join(' · ');
}

/** What a declared check probes: a URL, host:port, a DNS name or a heartbeat's schedule. */
export function checkTarget(check: CheckDefinition): string {
  switch (check.type) {
    case 'http':
      return `${check.method ?? 'GET'} ${check.url ?? ''}`;
    case 'tls':
    case 'tcp':
      return `${check.host ?? ''}:${check.port ?? ''}`;
    case 'dns':
      return `${check.host ?? ''} ${check.recordType ?? 'A'}`;
    case 'heartbeat':
      return check.cron ? `cron ${check.cron}` : check.periodMs ? `every ${formatDuration(check.periodMs)}` : 'heartbeat';
    default:
      return '';
  }
}

/** Lower-case text a record is found by in the catalogue's text filter. */
export function searchableText(entry: CatalogueEntry): string {
  return [entry.id, entry.title, entry.description, entry.partner, entry.owner, entry.type, ...entry.tags, ...entry.criticalFlows]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
