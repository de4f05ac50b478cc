import { useState } from 'react';
import { problemOf, type Problem } from './ProblemText';

/**
 * A change a person asks for from a panel: `busy` while its request runs (the buttons wait),
 * the problem kept to show when it failed, and `done` called once it worked.
 */
export function useAction(done: () => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const act = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await request();
      done();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, act };
}
