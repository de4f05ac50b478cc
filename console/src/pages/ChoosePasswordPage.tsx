import { ChangePasswordForm } from '../components/account/ChangePasswordForm';
import { BrandMark } from '../components/BrandMark';
import { useDocumentTitle } from '../hooks';
import { useSession } from '../session';

/** After signing in with a one-time password: nothing else until the user has chosen their own. */
export function ChoosePasswordPage() {
  const { session, reload, signOut } = useSession();
  useDocumentTitle('Choose your password · Switchboard');
  return (
    <main id="main" className="sign-in">
      <div className="sign-in__card sign-in__card--wide" data-testid="choose-password">
        <p className="sign-in__brand">
          <BrandMark />
          Switchboard
        </p>
        <h1>Choose your own password</h1>
        <p className="muted">
          {session?.name ? `${session.name}, you` : 'You'} signed in with a one-time password from an administrator. Choose your own before going on; it replaces the one-time password.
        </p>
        <ChangePasswordForm oneTime onChanged={() => void reload()} />
        <p className="small">
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      </div>
    </main>
  );
}
