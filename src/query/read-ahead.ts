/**
 * Steps that each read from the store and then work through what they read (the board's
 * segments: a statement, then merging a sketch per integration), run so that the store reads the
 * next step while this thread works through the last. Read strictly one after another, a board's
 * main thread sat idle for a third of its time waiting for each statement, and the read worker
 * for the rest waiting for the merging.
 *
 * Step `i + 1` starts when step `i` calls `ahead()` (once its rows are in), or when step `i` ends
 * without calling it (it had nothing to read). So at most one statement of these steps runs at a
 * time, on one read worker, and at most two steps' rows are held at once: the next step's rows
 * arrive as an event, after this thread has finished with the last's.
 */
export type ReadStep = (ahead: () => void) => Promise<void>;

export async function readingAhead(steps: readonly ReadStep[]): Promise<void> {
  const started: Array<Promise<void>> = [];
  const start = (index: number): void => {
    if (index >= steps.length || started[index] !== undefined) return;
    const running = steps[index]!(() => start(index + 1));
    // Awaited below in order; meanwhile a step that fails while an earlier one is awaited must not
    // count as an unhandled rejection (which stops the process).
    running.catch(() => undefined);
    started[index] = running;
  };
  for (let index = 0; index < steps.length; index++) {
    start(index);
    await started[index];
  }
}
