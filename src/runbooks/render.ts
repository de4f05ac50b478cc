import type { CatalogueEntry, Contact } from '../catalogue/types.js';
import { describeDuration } from '../catalogue/duration.js';

function contact(person: Contact | undefined): string | undefined {
  if (!person) return undefined;
  const parts = [person.name, person.email, person.phone, person.chat, person.url].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

function sloText(entry: CatalogueEntry): string | undefined {
  const parts: string[] = [];
  if (entry.slo.successRate !== undefined) parts.push(`success rate ≥ ${(entry.slo.successRate * 100).toFixed(1)} %`);
  if (entry.slo.latencyP95Ms !== undefined) parts.push(`p95 ≤ ${describeDuration(entry.slo.latencyP95Ms)}`);
  return parts.length ? parts.join(', ') : undefined;
}

/** What each placeholder says when the integration's record does not tell. */
const FALLBACKS: Record<string, string> = {
  integration: 'the integration',
  title: 'The integration',
  partner: 'the partner',
  owner: "the integration's owner (add `owner` to its catalogue record)",
  support: 'the team on call for it',
  escalation: "the owner's lead (add `contacts.escalation` to the catalogue record)",
  partner_ticketing: "the partner's support channel (add `contacts.partnerTicketing` to the catalogue record)",
  slo: 'its SLO',
  auth: 'see the catalogue record',
  console_link: 'the integration page in Switchboard',
};

/** Fills a runbook template with an integration's catalogue record (or neutral words without one). */
export function renderRunbook(template: string, entry: CatalogueEntry | undefined, consoleUrl: (path: string) => string): string {
  const values: Record<string, string | undefined> = entry
    ? {
        integration: entry.id,
        title: entry.title,
        partner: entry.partner,
        owner: entry.owner,
        support: contact(entry.contacts.support),
        escalation: entry.contacts.escalation.map(contact).filter(Boolean).join('; ') || undefined,
        partner_ticketing: contact(entry.contacts.partnerTicketing),
        slo: sloText(entry),
        auth: entry.auth ? [entry.auth.method, entry.auth.rotation].filter(Boolean).join(', ') : undefined,
        console_link: `[${entry.id}](${consoleUrl(`/integrations/${encodeURIComponent(entry.id)}`)})`,
      }
    : {};
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => values[name] ?? FALLBACKS[name] ?? match);
}
