import { Fragment, type ReactNode } from 'react';
import type { Contact } from '../types';

/** Every way to reach someone, as links where the browser can act on them (mail, phone, web). */
export function ContactView({ contact }: { contact: Contact }) {
  const parts: Array<[string, ReactNode]> = [];
  if (contact.name) parts.push(['name', <strong>{contact.name}</strong>]);
  if (contact.chat) parts.push(['chat', contact.chat]);
  if (contact.email) parts.push(['email', <a href={`mailto:${contact.email}`}>{contact.email}</a>]);
  if (contact.phone) parts.push(['phone', <a href={`tel:${contact.phone.replace(/\s+/g, '')}`}>{contact.phone}</a>]);
  if (contact.url)
    parts.push([
      'url',
      <a href={contact.url} target="_blank" rel="noopener noreferrer">
        {contact.url}
      </a>,
    ]);
  return (
    <span className="contact">
      {parts.map(([key, part], i) => (
        <Fragment key={key}>
          {i > 0 && <span className="contact__sep"> · </span>}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
