import { useState } from 'react';
import { apiUrl } from '../../api';
import type { CreatedUser, User, UsersAnswer } from '../../admin';
import { AdminError } from '../../components/admin/AdminError';
import { AddPanel } from '../../components/admin/AddPanel';
import { NewUserForm } from '../../components/admin/NewUserForm';
import { UserRow } from '../../components/admin/UserRow';
import { ColumnHeads } from '../../components/ColumnHeads';
import { SecretBox } from '../../components/SecretBox';
import { EmptyMessage, Loading } from '../../components/StateMessage';
import { useDocumentTitle, useJson, useNow } from '../../hooks';
import { Link } from '../../router';
import { useSession } from '../../session';

/** A one-time password just made, to hand over once. */
interface Handover {
  username: string;
  password: string;
  why: 'created' | 'reset';
}

/** Users: who may sign in, as what, for which tenants; add, change, disable, reset. */
export function UsersPage({ search }: { search: string }) {
  const after = new URLSearchParams(search).get('after') ?? undefined;
  const [changed, setChanged] = useState(0);
  const [handover, setHandover] = useState<Handover | undefined>();
  const users = useJson<UsersAnswer>(apiUrl('/api/v1/users', { after }), changed);
  const { session } = useSession();
  const now = useNow(30_000);
  useDocumentTitle('Users · Administration · Switchboard');
  const refresh = () => setChanged((n) => n + 1);

  const created = (answer: CreatedUser) => {
    setHandover(answer.one_time_password ? { username: answer.user.username, password: answer.one_time_password, why: 'created' } : undefined);
    refresh();
  };
  const reset = (user: User, password: string) => setHandover({ username: user.username, password, why: 'reset' });

  return (
    <>
      <AddPanel current="users" title="Add a user" testId="add-user">
        {(close) => (
          <NewUserForm
            onCreated={(answer) => {
              close();
              created(answer);
            }}
          />
        )}
      </AddPanel>
      {handover && (
        <SecretBox label={`${handover.why === 'created' ? 'One-time password for the new user' : 'New one-time password for'} ${handover.username}`} value={handover.password} testId="one-time-password">
          Give it to {handover.username} over a safe channel. It works once: they choose their own password when they sign in. It is shown only now and will not be shown again.
        </SecretBox>
      )}
      {users.error && <AdminError error={users.error} onRetry={refresh} />}
      {!users.data && !users.error && <Loading />}
      {users.data && users.data.users.length === 0 && <EmptyMessage>{after ? 'No more users' : 'No users yet'}</EmptyMessage>}
      {users.data && users.data.users.length > 0 && (
        <div className="panel">
          <div className="table-scroll">
            <table className="data" data-testid="users-table">
              <caption className="visually-hidden">Users, oldest first</caption>
              <ColumnHeads columns={['User', 'Role', 'Tenants', 'Signs in with', 'Status', 'Last sign-in']} actions />
              <tbody>
                {users.data.users.map((user) => (
                  <UserRow key={user.id} user={user} self={session?.username === user.username} now={now} onChanged={refresh} onReset={reset} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {(after || users.data?.next) && (
        <p className="pager">
          {after && <Link href="/admin/users">First page</Link>}
          {users.data?.next && <Link href={`/admin/users?after=${encodeURIComponent(users.data.next)}`}>Next page</Link>}
        </p>
      )}
    </>
  );
}
