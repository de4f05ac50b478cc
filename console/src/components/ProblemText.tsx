import { ApiError } from '../api';
import { sentence } from '../access';
import { useNow } from '../hooks';

/** A refusal and when it came (for a 429's countdown). */
export interface Problem {
  error: ApiError;
  at: number;
}

export function problemOf(error: unknown): Problem {
  const problem = error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), 0);
  return { error: problem, at: Date.now() };
}

const WHEN = /try again in \d+ s/;

/**
 * A refused action in the server's words, for forms. A 429's "try again in N s" counts down
 * (the server's own wording when it has one, else from its Retry-After).
 */
export function ProblemText({ problem, testId }: { problem: Problem; testId?: string }) {
  const { error, at } = problem;
  const waiting = error.status === 429 && error.retryAfterSeconds !== undefined;
  const now = useNow(waiting ? 1_000 : 60_000);
  const left = waiting ? Math.max(0, Math.ceil(at / 1000 + error.retryAfterSeconds! - now / 1000)) : 0;
  const text = sentence(waiting ? error.message.replace(WHEN, `try again in ${left} s`) : error.message);
  return (
    <p className="state state--error form-problem" role="alert" data-testid={testId} data-code={error.code}>
      <span aria-hidden="true">✕ </span>
      {text}
      {waiting && !WHEN.test(error.message) && left > 0 && ` Try again in ${left} s.`}
    </p>
  );
}
