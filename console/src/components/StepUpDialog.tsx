import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { postJson } from '../api';
import { providerHref, sentence, type Providers, type Session } from '../access';
import { useJson } from '../hooks';
import { useLocation } from '../router';
import type { StepUpRequest } from '../session';
import { ProblemText } from './ProblemText';
import { useAction } from './useAction';

/**
 * Administration needs a recent sign-in: this asks for the password again (and the
 * authenticator's code when the account has one), or sends a single sign-on user to the
 * provider. On success the refused call is sent again by the API client.
 */
export function StepUpDialog({ request, session, onSession }: { request: StepUpRequest; session: Session; onSession: (session: Session) => void }) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const { pathname, search } = useLocation();
  const providers = useJson<Providers>(session.sso ? '/api/v1/auth/providers' : null);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const { busy, problem, act } = useAction();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const fresh = await postJson<Session>('/api/v1/auth/step-up', undefined, { password, ...(session.totp && totp.trim() ? { totp: totp.trim() } : {}) });
      onSession(fresh);
      request.finish(true);
    });
  };
  const cancel = () => request.finish(false);
  const oidc = providers.data?.oidc;

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-why`}
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
      data-testid="step-up"
    >
      <form className="stack-form" onSubmit={submit}>
        <h2 id={`${id}-title`}>Confirm it is you</h2>
        <p id={`${id}-why`} className="muted">
          {sentence(request.problem.message)}
        </p>
        {session.sso ? (
          oidc ? (
            <a className="button button--primary" href={providerHref(oidc.start, pathname + search, true)} data-testid="step-up-sso">
              Sign in with {oidc.name} again
            </a>
          ) : (
            <p className="muted">Asking for the single sign-on provider…</p>
          )
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${id}-password`}>Your password</label>
              <input id={`${id}-password`} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required autoFocus data-testid="step-up-password" />
            </div>
            {session.totp && (
              <div className="field">
                <label htmlFor={`${id}-totp`}>Code from your authenticator app</label>
                <input id={`${id}-totp`} value={totp} onChange={(e) => setTotp(e.target.value)} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required />
              </div>
            )}
          </>
        )}
        {problem && <ProblemText problem={problem} testId="step-up-problem" />}
        <div className="button-row">
          {!session.sso && (
            <button type="submit" className="button button--primary" disabled={busy} data-testid="step-up-submit">
              {busy ? 'Checking…' : 'Confirm and continue'}
            </button>
          )}
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
