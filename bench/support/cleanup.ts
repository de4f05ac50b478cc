/**
 * Everything a benchmark creates outside its own memory (temp folders, PostgreSQL schemas, child
 * processes) is registered here, so it is removed when the benchmark ends, fails or is interrupted.
 */
type Task = { name: string; run: () => Promise<void> | void };

const tasks: Task[] = [];

/** Registers a cleanup; the returned function runs it now (once) and forgets it. */
export function onCleanup(name: string, run: () => Promise<void> | void): () => Promise<void> {
  const task: Task = { name, run };
  tasks.push(task);
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    const at = tasks.indexOf(task);
    if (at >= 0) tasks.splice(at, 1);
    await task.run();
  };
}

/** Runs every pending cleanup, newest first (a server stops before its store is removed). */
export async function cleanupAll(): Promise<string[]> {
  const failures: string[] = [];
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    try {
      await task.run();
    } catch (error) {
      failures.push(`${task.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}

export function pendingCleanups(): number {
  return tasks.length;
}
