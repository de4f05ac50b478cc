import { useState } from 'react';
import { problemOf, type Problem } from './ProblemText';

/**
 * A change a person asks for from a form or a panel: `busy` while its request runs (the buttons
 * wait), the problem kept to show when it failed, and `done` called once it worked. Every form
 * that sends something goes through here, so they all wait, clear and report alike.
 */
export function useAction(done?: () => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  /**
   * Runs `request` (which does what its answer calls for itself). `expected` may take a refusal
   * that is no failure (a sign-in asking for the code): it returns true when it did.
   */
  const act = async (request: () => Promise<unknown>, expected?: (problem: Problem) => boolean) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await request();
      done?.();
    } catch (error) {
      const found = problemOf(error);
      if (!expected?.(found)) setProblem(found);
    } finally {
      setBusy(false);
    }
  };
  /** A problem the form found itself, before asking: shown as a refusal would be. */
  const refuse = (error: Error) => setProblem(problemOf(error));
  return { busy, problem, act, refuse };
}
