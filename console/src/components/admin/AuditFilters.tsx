import { useId, useState, type FormEvent } from 'react';
import { apiUrl } from '../../api';
import { auditFilters, auditHref, fromLocalInput, KNOWN_ACTIONS, toLocalInput, type AuditView } from '../../audit-view';
import { navigate } from '../../router';

/** Who, what, which integration and when: applied to the URL (a new search starts at the newest entry). */
export function AuditFilters({ view }: { view: AuditView }) {
  const id = useId();
  const [actor, setActor] = useState(view.actor ?? '');
  const [action, setAction] = useState(view.action ?? '');
  const [integration, setIntegration] = useState(view.integration ?? '');
  const [from, setFrom] = useState(toLocalInput(view.from));
  const [to, setTo] = useState(toLocalInput(view.to));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(auditHref({ actor: actor.trim(), action: action.trim(), integration: integration.trim(), from: fromLocalInput(from), to: fromLocalInput(to) }));
  };
  const filters = auditFilters(view);
  const filtered = Object.keys(filters).length > 0;

  return (
    <form className="filters" role="search" aria-label="Audit filters" onSubmit={submit} data-testid="audit-filters">
      <div className="field">
        <label htmlFor={`${id}-actor`}>Who</label>
        <input id={`${id}-actor`} type="search" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="username or token:name#id" data-testid="audit-actor" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`}>Action</label>
        <input id={`${id}-action`} type="search" value={action} onChange={(e) => setAction(e.target.value)} list={`${id}-actions`} placeholder="user.* or token.revoke" data-testid="audit-action" />
        <datalist id={`${id}-actions`}>
          {KNOWN_ACTIONS.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-integration`}>Integration</label>
        <input id={`${id}-integration`} type="search" value={integration} onChange={(e) => setIntegration(e.target.value)} placeholder="dhl-carrier" data-testid="audit-integration" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="audit-from" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>Until</label>
        <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="audit-to" />
      </div>
      <button type="submit" className="button" data-testid="audit-apply">
        Apply
      </button>
      {filtered && (
        <button type="button" className="filters__clear" onClick={() => navigate('/admin/audit')}>
          Clear filters
        </button>
      )}
      <p className="filters__exports">
        Export {filtered ? 'these entries' : 'the trail'}:{' '}
        <a href={apiUrl('/api/v1/audit.csv', filters)} download data-testid="audit-export-csv">
          CSV
        </a>
        {' · '}
        <a href={apiUrl('/api/v1/audit.ndjson', filters)} download data-testid="audit-export-ndjson">
          NDJSON
        </a>
      </p>
    </form>
  );
}
