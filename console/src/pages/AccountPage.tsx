import { standingOf } from '../access';
import { ChangePasswordForm } from '../components/account/ChangePasswordForm';
import { TotpSetup } from '../components/account/TotpSetup';
import { formatTimestamp } from '../format';
import { useDocumentTitle } from '../hooks';
import { useSession } from '../session';

/** Your account: who you are signed in as, your password and your authenticator app. */
export function AccountPage() {
  const { session, reload } = useSession();
  useDocumentTitle('Your account · Switchboard');
  if (!session) return null;
  if (session.kind !== 'user') {
    return (
      <>
        <h1>Your account</h1>
        <p className="state" data-testid="account-token">
          This console is reading the API with a token ({session.name}), not as a signed-in person: there is no password or authenticator to manage.
        </p>
      </>
    );
  }
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Your account</h1>
          <p className="page-head__reason">
            {session.name} (<code>{session.username}</code>) · {standingOf(session)} · {session.tenants === null ? 'every tenant' : `tenants ${session.tenants.join(', ')}`}
            {session.authenticated_at !== null && <span className="muted"> · signed in {formatTimestamp(session.authenticated_at, true)}</span>}
          </p>
        </div>
      </div>
      <div className="account-grid">
        <section className="panel" aria-labelledby="account-password">
          <h2 id="account-password">Password</h2>
          {session.sso ? (
            <p className="muted">You sign in through single sign-on; your password is kept by your provider.</p>
          ) : (
            <ChangePasswordForm onChanged={() => void reload()} />
          )}
        </section>
        <section className="panel" aria-labelledby="account-totp">
          <h2 id="account-totp">Authenticator app (second factor)</h2>
          {session.sso ? (
            <p className="muted">Your provider asks for any second factor.</p>
          ) : (
            <TotpSetup enabled={session.totp} onEnabled={() => void reload()} />
          )}
        </section>
      </div>
    </>
  );
}
