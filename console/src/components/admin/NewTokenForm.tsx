import { useId, useState, type FormEvent } from 'react';
import { postJson } from '../../api';
import type { Scope } from '../../access';
import { parseTenants, SCOPE_TEXT, type CreatedToken } from '../../admin';
import { ProblemText } from '../ProblemText';
import { useAction } from '../useAction';
import { TenantsField } from './TenantsField';

const SCOPES = Object.keys(SCOPE_TEXT) as Scope[];
const EXPIRIES = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'never' },
];

/** Makes a token for a service or a script: a name, what it may do, for which tenants, for how long. */
export function NewTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [tenants, setTenants] = useState('');
  const [days, setDays] = useState(90);
  const { busy, problem, act } = useAction();

  const toggle = (scope: Scope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const created = await postJson<CreatedToken>('/api/v1/tokens', undefined, {
        name: name.trim(),
        scopes: SCOPES.filter((scope) => scopes.includes(scope)),
        tenants: parseTenants(tenants),
        ...(days > 0 ? { expires_in_days: days } : {}),
      });
      setName('');
      setTenants('');
      onCreated(created);
    });
  };

  return (
    <form className="inline-form" onSubmit={submit} data-testid="new-token-form">
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required maxLength={100} placeholder="order-service ingest" />
      </div>
      <fieldset className="field checks">
        <legend>May</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="checks__option">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggle(scope, e.target.checked)} data-testid={`scope-${scope}`} />
            <strong>{scope}</strong> <span className="muted">{SCOPE_TEXT[scope]}</span>
          </label>
        ))}
      </fieldset>
      <TenantsField id={id} value={tenants} onChange={setTenants} />
      <div className="field">
        <label htmlFor={`${id}-expiry`}>Expires after</label>
        <select id={`${id}-expiry`} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {EXPIRIES.map((expiry) => (
            <option key={expiry.days} value={expiry.days}>
              {expiry.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--primary" disabled={busy || scopes.length === 0} data-testid="new-token-submit">
        Create token
      </button>
      {scopes.length === 0 && <p className="field__hint">Choose at least one thing the token may do.</p>}
      {problem && <ProblemText problem={problem} testId="new-token-problem" />}
    </form>
  );
}
