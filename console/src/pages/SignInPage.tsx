import { useId, useState, type FormEvent } from 'react';
import { postJson } from '../api';
import { providerHref, sentence, type Providers, type Session } from '../access';
import { BrandMark } from '../components/BrandMark';
import { ProblemText } from '../components/ProblemText';
import { useAction } from '../components/useAction';
import { useDocumentTitle, useJson } from '../hooks';

/**
 * Sign in with a username and password (and the authenticator's code when the account has one),
 * or through the single sign-on provider when one is set up.
 */
export function SignInPage({ returnTo, reason, onSignedIn }: { returnTo: string; reason?: string; onSignedIn: (session: Session) => void }) {
  const id = useId();
  const providers = useJson<Providers>('/api/v1/auth/providers');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  /** The server's request for a code, once it has asked. */
  const [totpAsk, setTotpAsk] = useState<string | undefined>();
  const needsTotp = totpAsk !== undefined;
  const { busy, problem, act } = useAction();
  useDocumentTitle('Sign in · Switchboard');
  const oidc = providers.data?.oidc;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(
      async () => {
        const session = await postJson<Session>('/api/v1/auth/sign-in', undefined, { username: username.trim(), password, ...(needsTotp && totp.trim() ? { totp: totp.trim() } : {}) });
        onSignedIn(session);
      },
      // The password was right: the server asks for the code, which is no failure.
      ({ error }) => error.code === 'totp_required' && (setTotpAsk(sentence(error.message)), true),
    );
  };

  return (
    <main id="main" className="sign-in">
      <div className="sign-in__card">
        <p className="sign-in__brand">
          <BrandMark />
          Switchboard
        </p>
        <h1>Sign in</h1>
        {reason && !problem && (
          <p className="state sign-in__reason" role="status" data-testid="sign-in-reason">
            {reason}
          </p>
        )}
        <form className="stack-form" onSubmit={submit} data-testid="sign-in-form" aria-describedby={problem ? `${id}-problem` : undefined}>
          <div className="field">
            <label htmlFor={`${id}-username`}>Username</label>
            <input id={`${id}-username`} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoCapitalize="none" spellCheck={false} required autoFocus />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input id={`${id}-password`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          </div>
          {needsTotp && (
            <div className="field">
              <label htmlFor={`${id}-totp`}>Code from your authenticator app</label>
              <input
                id={`${id}-totp`}
                value={totp}
                onChange={(e) => setTotp(e.target.value)}
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                autoFocus
                aria-describedby={`${id}-totp-ask`}
                data-testid="sign-in-totp"
              />
              <span id={`${id}-totp-ask`} className="field__hint">
                {totpAsk}
              </span>
            </div>
          )}
          <button type="submit" className="button button--primary" disabled={busy} data-testid="sign-in-submit">
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {problem && (
            <div id={`${id}-problem`}>
              <ProblemText problem={problem} testId="sign-in-problem" />
            </div>
          )}
        </form>
        {oidc && (
          <>
            <p className="sign-in__or">
              <span>or</span>
            </p>
            <a className="button sign-in__sso" href={providerHref(oidc.start, returnTo)} data-testid="sign-in-sso">
              Sign in with {oidc.name}
            </a>
          </>
        )}
        <p className="muted small sign-in__help">No account yet? Ask a Switchboard administrator for one.</p>
      </div>
    </main>
  );
}
