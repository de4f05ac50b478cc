import { useId, useState } from 'react';
import { patchJson, postJson } from '../../api';
import { ROLES, type Role } from '../../access';
import { parseTenants, tenantsText, type User } from '../../admin';
import { formatAgo } from '../../format';
import type { Answer } from '../../types';
import { ConfirmButton } from '../ConfirmButton';
import { ProblemText } from '../ProblemText';
import { useAction } from '../useAction';
import { signInMethod, UserStatus } from './UserStatus';

interface Props {
  user: User;
  self: boolean;
  now: number;
  onChanged: () => void;
  onReset: (user: User, oneTimePassword: string) => void;
}

/** One user: their role, tenants and state, and what an administrator can change about them. */
export function UserRow({ user, self, now, onChanged, onReset }: Props) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const [tenants, setTenants] = useState(user.tenants?.join(', ') ?? '');
  const { busy, problem, act } = useAction(() => {
    setEditing(false);
    onChanged();
  });
  const path = `/api/v1/users/${user.id}`;
  const save = () => act(() => patchJson(path, { role, tenants: parseTenants(tenants) }));
  const setDisabled = (disabled: boolean) => act(() => patchJson(path, { disabled }));
  const reset = () =>
    act(async () => {
      const answer = await postJson<Answer<'/api/v1/users/{id}/password-reset', 'post'>>(`${path}/password-reset`);
      onReset(user, answer.one_time_password);
    });
  const startEditing = () => {
    setRole(user.role);
    setTenants(user.tenants?.join(', ') ?? '');
    setEditing(true);
  };

  return (
    <tr data-testid={`user-${user.username}`} data-role={user.role} data-disabled={user.disabled_at !== null}>
      <th scope="row" className="nowrap">
        {user.name}
        {self && <span className="muted"> (you)</span>}
        <br />
        <code className="muted">{user.username}</code>
      </th>
      <td>
        {editing ? (
          <>
            <label htmlFor={`${id}-role`} className="visually-hidden">
              Role of {user.username}
            </label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="edit-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className={`role role--${user.role}`}>{user.role}</span>
        )}
      </td>
      <td>
        {editing ? (
          <>
            <label htmlFor={`${id}-tenants`} className="visually-hidden">
              Tenants of {user.username} (comma-separated, empty for every tenant)
            </label>
            <input id={`${id}-tenants`} value={tenants} onChange={(e) => setTenants(e.target.value)} placeholder="every tenant" data-testid="edit-tenants" />
          </>
        ) : (
          <span className={user.tenants === null ? 'muted nowrap' : undefined}>{tenantsText(user.tenants)}</span>
        )}
      </td>
      <td className="nowrap">{signInMethod(user)}</td>
      <td className="nowrap">
        <UserStatus user={user} now={now} />
      </td>
      <td className="nowrap">{user.last_sign_in_at === null ? <span className="muted">never</span> : formatAgo(user.last_sign_in_at, now)}</td>
      <td className="row-actions">
        {editing ? (
          <>
            <button type="button" className="button button--small button--primary" onClick={() => void save()} disabled={busy} data-testid="edit-save">
              Save
            </button>{' '}
            <button type="button" className="button button--small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button type="button" className="button button--small" onClick={startEditing} aria-label={`Edit the role and tenants of ${user.username}`} data-testid="user-edit">
              Edit
            </button>{' '}
            {!user.sso && (
              <ConfirmButton label="Reset password" question={`Give ${user.username} a new one-time password? Their sessions end.`} confirmLabel="Yes, reset" onConfirm={() => void reset()} testId="user-reset" />
            )}{' '}
            {user.disabled_at !== null ? (
              <button type="button" className="button button--small" onClick={() => void setDisabled(false)} disabled={busy} data-testid="user-enable">
                Enable
              </button>
            ) : (
              !self && <ConfirmButton label="Disable" question={`Disable ${user.username}? They are signed out at once.`} confirmLabel="Yes, disable" onConfirm={() => void setDisabled(true)} testId="user-disable" />
            )}
          </>
        )}
        {problem && <ProblemText problem={problem} testId="user-problem" />}
      </td>
    </tr>
  );
}
