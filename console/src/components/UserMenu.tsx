import { useRef, useState } from 'react';
import { standingOf } from '../access';
import { Link } from '../router';
import { useSession } from '../session';
import { problemOf, ProblemText, type Problem } from './ProblemText';

/** Who is signed in and as what, with "Your account" and "Sign out" a click away. */
export function UserMenu() {
  const { session, signOut } = useSession();
  const menu = useRef<HTMLDetailsElement>(null);
  const [problem, setProblem] = useState<Problem | undefined>();
  if (!session) return null;
  const standing = standingOf(session);
  const who = (
    <>
      <span className="user-menu__name" data-testid="user-name">
        {session.name}
      </span>
      <span className={`role role--${standing.replace(/\s/g, '-')}`} data-testid="user-role">
        {standing}
      </span>
    </>
  );
  if (session.kind !== 'user') {
    return (
      <span className="user-menu user-menu--token" title="This console reads the API with a token, not as a signed-in person" data-testid="user-menu">
        {who}
      </span>
    );
  }
  const close = () => menu.current?.removeAttribute('open');
  return (
    <details className="user-menu" ref={menu} data-testid="user-menu">
      <summary className="user-menu__summary" aria-label={`Signed in as ${session.name}, ${standing}`}>
        {who}
        <span className="user-menu__caret" aria-hidden="true">
          ▾
        </span>
      </summary>
      <div className="user-menu__panel">
        <p className="user-menu__as muted small">
          Signed in as <code>{session.username}</code>
          {session.sso ? ' through single sign-on' : ''}
        </p>
        <Link href="/account" className="user-menu__item" onClick={close} data-testid="menu-account">
          Your account
        </Link>
        <button
          type="button"
          className="user-menu__item"
          onClick={() => {
            setProblem(undefined);
            signOut().then(close, (error: unknown) => setProblem(problemOf(error)));
          }}
          data-testid="sign-out"
        >
          Sign out
        </button>
        {problem && <ProblemText problem={problem} />}
      </div>
    </details>
  );
}
