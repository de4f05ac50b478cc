import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, getJson, onAuthProblem, postJson, setCsrfToken, setStepUpHandler } from './api';
import type { Scope, Session } from './access';
import type { Answer } from './types';
import { hasScope } from './access';

/**
 * The signed-in session for the whole console: asked for once on load, replaced on sign-in,
 * step-up and sign-out, and dropped when any API call answers 401. Admin calls refused for an
 * old sign-in open the step-up dialog (`stepUp`), and are sent again once it succeeds.
 */

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'signed-out'; reason?: string; explicit?: boolean }
  | { status: 'signed-in'; session: Session };

/** A step-up the API is waiting on: the refusal that asked for it, and how to answer. */
export interface StepUpRequest {
  problem: ApiError;
  finish: (confirmed: boolean) => void;
}

interface SessionContextValue {
  state: SessionState;
  session: Session | undefined;
  /** Takes a fresh session answer (after sign-in or step-up). */
  accept: (session: Session) => void;
  /** Asks the server again (after a password or authenticator change). */
  reload: () => Promise<void>;
  signOut: () => Promise<void>;
  stepUp: StepUpRequest | undefined;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [stepUp, setStepUp] = useState<StepUpRequest | undefined>();
  const pendingStepUp = useRef<StepUpRequest | undefined>(undefined);
  const alive = useRef(true);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrf_token);
    setState({ status: 'signed-in', session });
  }, []);

  const signedOut = useCallback((reason?: string, explicit = false) => {
    setCsrfToken(null);
    // A call waiting on a step-up gives up: there is no session to confirm any more.
    pendingStepUp.current?.finish(false);
    setState({ status: 'signed-out', ...(reason ? { reason } : {}), ...(explicit ? { explicit } : {}) });
  }, []);

  const reload = useCallback(async () => {
    try {
      const session = await getJson<Session>('/api/v1/auth/session');
      if (alive.current) accept(session);
    } catch (error) {
      if (!alive.current) return;
      const problem = error instanceof ApiError ? error : new ApiError(String(error), 0);
      if (problem.status === 401) signedOut();
      else setState({ status: 'error', error: problem });
    }
  }, [accept, signedOut]);

  useEffect(() => {
    alive.current = true;
    void reload();
    return () => {
      alive.current = false;
    };
  }, [reload]);

  useEffect(
    () =>
      onAuthProblem((problem) => {
        if (problem.status === 401) signedOut('Your session has ended: sign in again to carry on.');
        else void reload();
      }),
    [reload, signedOut],
  );

  useEffect(() => {
    setStepUpHandler(
      (problem) =>
        new Promise<boolean>((resolve) => {
          const request: StepUpRequest = {
            problem,
            finish: (confirmed) => {
              pendingStepUp.current = undefined;
              setStepUp(undefined);
              resolve(confirmed);
            },
          };
          pendingStepUp.current = request;
          setStepUp(request);
        }),
    );
    return () => setStepUpHandler(undefined);
  }, []);

  const signOut = useCallback(async () => {
    const answer = await postJson<Answer<'/api/v1/auth/sign-out', 'post'> | null>('/api/v1/auth/sign-out');
    signedOut('You are signed out.', true);
    // A single sign-on session ends at the provider too.
    if (answer?.redirect) window.location.assign(answer.redirect);
  }, [signedOut]);

  const value = useMemo<SessionContextValue>(
    () => ({ state, session: state.status === 'signed-in' ? state.session : undefined, accept, reload, signOut, stepUp }),
    [state, accept, reload, signOut, stepUp],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Whether the signed-in caller holds a scope: controls the role does not allow are not shown. */
export function useCan(scope: Scope): boolean {
  return hasScope(useSession().session, scope);
}
