import type { ApiError } from '../../api';
import { Link } from '../../router';
import { ErrorMessage } from '../StateMessage';

/**
 * An administration page that could not load: the server's words, and the way on when it asked
 * for a fresh sign-in (the step-up was cancelled) or for a second factor.
 */
export function AdminError({ error, onRetry }: { error: ApiError; onRetry: () => void }) {
  return (
    <>
      <ErrorMessage error={error} />
      {error.code === 'step_up_required' && (
        <p>
          <button type="button" className="button" onClick={onRetry} data-testid="admin-retry">
            Confirm your password and try again
          </button>
        </p>
      )}
      {error.code === 'totp_required' && (
        <p>
          <Link href="/account">Set up an authenticator app under Your account</Link>, then sign out and in again with it.
        </p>
      )}
    </>
  );
}
