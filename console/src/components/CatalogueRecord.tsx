import type { ReactNode } from 'react';
import { DIRECTION_LABELS, TYPE_LABELS, authText, checkTarget, sloParts } from '../describe';
import { formatDuration } from '../format';
import { Link } from '../router';
import type { CatalogueEntry, RunbookSummary } from '../types';
import { runbookHref } from '../view';
import { ContactView } from './ContactView';
import { TargetText } from './TargetText';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="record__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function List({ items, empty = 'none recorded', ordered = false }: { items: ReactNode[]; empty?: string; ordered?: boolean }) {
  if (items.length === 0) return <span className="muted">{empty}</span>;
  const Tag = ordered ? 'ol' : 'ul';
  return (
    <Tag className={ordered ? 'steps' : 'plain'}>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </Tag>
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="panel record" aria-label={title}>
      <div className="panel__head">
        <h2>{title}</h2>
      </div>
      <dl className="record__rows">{children}</dl>
    </section>
  );
}

/** Runbooks the record lists, each opening filled in for this integration. */
export function RunbookLinks({ entry, runbooks }: { entry: CatalogueEntry; runbooks: RunbookSummary[] | undefined }) {
  const titles = new Map((runbooks ?? []).map((r) => [r.name, r.title]));
  return (
    <List
      empty="none listed"
      items={entry.runbooks.map((name) => (
        <Link href={runbookHref(name, entry.id)} data-testid={`runbook-link-${name}`}>
          {titles.get(name) ?? name}
        </Link>
      ))}
    />
  );
}

/** An integration's catalogue record: who owns it and whom to call, its contract and SLOs, risks and lifecycle. */
export function CatalogueRecord({ entry, runbooks }: { entry: CatalogueEntry; runbooks: RunbookSummary[] | undefined }) {
  const { contacts, lifecycle } = entry;
  return (
    <div className="record-grid" data-testid="catalogue-record">
      <Part title="People">
        <Row label="Owner" testId="catalogue-owner">
          {entry.owner}
        </Row>
        <Row label="Support" testId="catalogue-support">
          {contacts.support ? <ContactView contact={contacts.support} /> : <span className="muted">none recorded</span>}
        </Row>
        <Row label="Escalation path" testId="catalogue-escalation">
          <List ordered empty="none recorded" items={contacts.escalation.map((c) => <ContactView contact={c} />)} />
        </Row>
        <Row label="Partner ticketing" testId="catalogue-partner-ticketing">
          {contacts.partnerTicketing ? <ContactView contact={contacts.partnerTicketing} /> : <span className="muted">none recorded</span>}
        </Row>
      </Part>

      <Part title="Runbooks">
        <Row label="For this integration" testId="catalogue-runbooks">
          <RunbookLinks entry={entry} runbooks={runbooks} />
        </Row>
        <Row label="Known risks" testId="catalogue-risks">
          <List items={entry.knownRisks} />
        </Row>
      </Part>

      <Part title="Contract">
        <Row label="Partner">{entry.partner}</Row>
        <Row label="Type">
          {TYPE_LABELS[entry.type] ?? entry.type}, {DIRECTION_LABELS[entry.direction] ?? entry.direction}
        </Row>
        <Row label="Criticality">
          <span className={`criticality criticality--${entry.criticality}`}>{entry.criticality}</span>
        </Row>
        <Row label="Critical flows">
          <List items={entry.criticalFlows} />
        </Row>
        <Row label="Auth" testId="catalogue-auth">
          {authText(entry.auth) || <span className="muted">not recorded</span>}
        </Row>
        <Row label="API version" testId="catalogue-version">
          {entry.apiVersion ?? <span className="muted">not recorded</span>}
        </Row>
        <Row label="SLO targets" testId="catalogue-slo">
          <List items={sloParts(entry.slo)} empty="none set" />
        </Row>
      </Part>

      <Part title="Lifecycle">
        <Row label="Supported versions">
          <List items={lifecycle.supportedVersions} />
        </Row>
        <Row label="Deprecation">{lifecycle.deprecation ?? <span className="muted">none recorded</span>}</Row>
        <Row label="Planned changes">
          <List items={lifecycle.plannedChanges} />
        </Row>
        <Row label="Sandbox">{lifecycle.sandbox ?? <span className="muted">none recorded</span>}</Row>
      </Part>

      <Part title="Record">
        {entry.description && <Row label="Description">{entry.description}</Row>}
        {entry.tags.length > 0 && (
          <Row label="Tags">
            {entry.tags.map((tag) => (
              <span key={tag} className="tag">
                {tag}
              </span>
            ))}
          </Row>
        )}
        <Row label="Links">
          <List
            items={entry.links.map((link) => (
              <a href={link.url} target="_blank" rel="noopener noreferrer">
                {link.title ?? link.url}
              </a>
            ))}
          />
        </Row>
        <Row label="Checks">
          <List
            empty="none declared"
            items={entry.checks.map((check) => (
              <>
                <code>{check.name}</code> <span className="muted">{check.type} · <TargetText text={checkTarget(check)} /> · every {formatDuration(check.intervalMs)}</span>
              </>
            ))}
          />
        </Row>
        <Row label="Declared in" testId="catalogue-source">
          <code>
            {entry.source.file}:{entry.source.line}
          </code>
        </Row>
      </Part>
    </div>
  );
}
