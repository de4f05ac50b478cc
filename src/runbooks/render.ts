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
  title: 'the integration',
  owner: "the integration's owner (add `owner` to its catalogue record)",
  support: 'the team on call for it',
  escalation: "the owner's lead (add `contacts.escalation` to the catalogue record)",
  partner_ticketing: "the partner's support channel (add `contacts.partnerTicketing` to the catalogue record)",
  auth: 'see the catalogue record',
};

/**
 * A placeholder written as an aside, " ({{partner}})", or after a colon, ": {{console_link}}", adds
 * to a sentence that reads whole without it: when unknown it goes with its glue rather than leave
 * "(the partner)" or "in Switchboard: the integration page in Switchboard".
 */
const ASIDE = /( ?\(\{\{\s*(\w+)\s*\}\}\)|: \{\{\s*(\w+)\s*\}\}(?=[.,;]|$))/gm;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
/** Where a sentence starts: the text's or a line's start (after a list mark), or after a full stop. */
const SENTENCE_START = /(^|[.!?]\s+|\n[ \t]*(?:[-*]|\d+[.)])?[ \t]*)$/;

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
        console_link: `[${entry.title}](${consoleUrl(`/integrations/${encodeURIComponent(entry.id)}`)})`,
      }
    : {};
  return template
    .replace(ASIDE, (match, _glue: string, inParentheses: string | undefined, afterColon: string | undefined) => {
      const name = (inParentheses ?? afterColon)!;
      if (values[name] !== undefined) return match.replace(PLACEHOLDER, values[name]!);
      return FALLBACKS[name] === undefined ? '' : match.replace(PLACEHOLDER, FALLBACKS[name]!);
    })
    .replace(PLACEHOLDER, (match, name: string, offset: number, text: string) => {
      const value = values[name] ?? FALLBACKS[name];
      if (value === undefined) return match;
      return values[name] === undefined && SENTENCE_START.test(text.slice(0, offset)) ? value[0]!.toUpperCase() + value.slice(1) : value;
    });
}
