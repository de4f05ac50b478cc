import { useId, useState, type FormEvent } from 'react';
import { postJson } from '../../api';
import { ROLE_TEXT, ROLES, type Role } from '../../access';
import { parseTenants, type CreatedUser } from '../../admin';
import { ProblemText } from '../ProblemText';
import { useAction } from '../useAction';
import { TenantsField } from './TenantsField';

/**
 * Adds a user. Without a password the server makes a one-time one (an invitation: they choose
 * their own at first sign-in); people who sign in through single sign-on are added on their first visit.
 */
export function NewUserForm({ onCreated }: { onCreated: (created: CreatedUser) => void }) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [tenants, setTenants] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, act } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const created = await postJson<CreatedUser>('/api/v1/users', undefined, {
        username: username.trim(),
        role,
        ...(name.trim() ? { name: name.trim() } : {}),
        tenants: parseTenants(tenants),
        ...(password ? { password } : {}),
      });
      setUsername('');
      setName('');
      setTenants('');
      setPassword('');
      onCreated(created);
    });
  };

  return (
    <form className="inline-form" onSubmit={submit} data-testid="new-user-form">
      <div className="field">
        <label htmlFor={`${id}-username`}>Username</label>
        <input id={`${id}-username`} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} required placeholder="j.doe" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" placeholder="Jane Doe" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>Role</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={`${id}-role-text`}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <span id={`${id}-role-text`} className="field__hint">
          {ROLE_TEXT[role]}
        </span>
      </div>
      <TenantsField id={id} value={tenants} onChange={setTenants} />
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={12} placeholder="make a one-time password" aria-describedby={`${id}-password-text`} />
        <span id={`${id}-password-text`} className="field__hint">
          Empty: a one-time password they change at first sign-in
        </span>
      </div>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="new-user-submit">
        Add user
      </button>
      {problem && <ProblemText problem={problem} testId="new-user-problem" />}
    </form>
  );
}
