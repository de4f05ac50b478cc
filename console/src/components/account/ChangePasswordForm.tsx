import { useId, useState, type FormEvent } from 'react';
import { ApiError, postJson } from '../../api';
import { ProblemText } from '../ProblemText';
import { useAction } from '../useAction';

const MIN_LENGTH = 12;

/** Changes the signed-in user's password: the current one (or the one-time one), then the new one twice. */
export function ChangePasswordForm({ oneTime = false, onChanged }: { oneTime?: boolean; onChanged: () => void }) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const { busy, problem, act, refuse } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      refuse(new ApiError('the two new passwords differ; type the same one twice', 400, 'mismatch'));
      return;
    }
    void act(async () => {
      await postJson('/api/v1/auth/password', undefined, { current, new: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      onChanged();
    });
  };

  return (
    <form className="stack-form" onSubmit={submit} data-testid="password-form">
      <div className="field">
        <label htmlFor={`${id}-current`}>{oneTime ? 'One-time password (the one you signed in with)' : 'Current password'}</label>
        <input id={`${id}-current`} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>New password</label>
        <input
          id={`${id}-new`}
          type="password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          autoComplete="new-password"
          minLength={MIN_LENGTH}
          required
          aria-describedby={`${id}-rule`}
        />
        <span id={`${id}-rule`} className="field__hint">
          At least {MIN_LENGTH} characters; a few unrelated words make a good one.
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-repeat`}>New password again</label>
        <input id={`${id}-repeat`} type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" minLength={MIN_LENGTH} required />
      </div>
      <button type="submit" className="button button--primary" disabled={busy} data-testid="password-submit">
        {busy ? 'Saving…' : 'Change password'}
      </button>
      {problem && <ProblemText problem={problem} testId="password-problem" />}
      {done && (
        <p className="state state--ok" role="status" data-testid="password-changed">
          <span aria-hidden="true">✓ </span>Your password is changed. Your other sessions were signed out.
        </p>
      )}
    </form>
  );
}
