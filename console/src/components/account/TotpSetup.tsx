import { useId, useState, type FormEvent } from 'react';
import { postJson } from '../../api';
import { ProblemText } from '../ProblemText';
import { useAction } from '../useAction';
import { SecretBox } from '../SecretBox';
import type { Answer } from '../../types';

type NewSecret = Answer<'/api/v1/auth/totp/setup', 'post'>;

/** The secret in groups of four, as authenticator apps show it for typing. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Sets up an authenticator app: the server makes a secret, shown here as text (and as an
 * otpauth:// URI to paste; no QR image from a third party), kept only once a code from it matches.
 */
export function TotpSetup({ enabled, onEnabled }: { enabled: boolean; onEnabled: () => void }) {
  const id = useId();
  const [secret, setSecret] = useState<NewSecret | undefined>();
  const [code, setCode] = useState('');
  const { busy, problem, act } = useAction();

  const start = () => act(async () => setSecret(await postJson<NewSecret>('/api/v1/auth/totp/setup')));

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!secret) return;
    void act(async () => {
      await postJson('/api/v1/auth/totp/enable', undefined, { secret: secret.secret, code: code.trim() });
      setSecret(undefined);
      setCode('');
      onEnabled();
    });
  };

  if (enabled && !secret) {
    return (
      <div className="stack-form">
        <p className="state state--ok" data-testid="totp-enabled">
          <span aria-hidden="true">✓ </span>An authenticator app is set up: signing in asks for its code.
        </p>
        <button type="button" className="button" onClick={() => void start()} disabled={busy}>
          Move to another authenticator app
        </button>
        {problem && <ProblemText problem={problem} />}
      </div>
    );
  }
  if (!secret) {
    return (
      <div className="stack-form">
        <p className="muted">Not set up. With one, signing in also asks for a 6-digit code from an app such as Aegis, Google Authenticator or 1Password.</p>
        <button type="button" className="button" onClick={() => void start()} disabled={busy} data-testid="totp-start">
          Set up an authenticator app
        </button>
        {problem && <ProblemText problem={problem} />}
      </div>
    );
  }
  return (
    <form className="stack-form" onSubmit={confirm} data-testid="totp-form">
      <ol className="steps">
        <li>In your authenticator app, add an account by hand (“enter a setup key”) and type this key, or paste the link below into an app that takes one.</li>
        <li>Type the 6-digit code the app then shows.</li>
      </ol>
      <SecretBox label="Setup key" value={grouped(secret.secret)} testId="totp-secret">
        Keep it to yourself: anyone with this key can make your codes.
      </SecretBox>
      <SecretBox label="Setup link (otpauth URI)" value={secret.uri} testId="totp-uri">
        The same key, as a link authenticator apps understand.
      </SecretBox>
      <div className="field">
        <label htmlFor={`${id}-code`}>Code from the app</label>
        <input id={`${id}-code`} value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required data-testid="totp-code" />
      </div>
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy} data-testid="totp-confirm">
          Turn on
        </button>
        <button type="button" className="button" onClick={() => setSecret(undefined)}>
          Cancel
        </button>
      </div>
      {problem && <ProblemText problem={problem} testId="totp-problem" />}
    </form>
  );
}
