import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Calls `send` `perSecond` times a second, evenly spaced, with at most `maxInFlight` unanswered,
 * until `until` (a performance.now() time). A target that falls behind is not sent the backlog
 * after the end; sends that left more than a second after their slot are counted as late.
 */
export async function paced(perSecond: number, until: number, maxInFlight: number, send: () => Promise<void>): Promise<{ late: number }> {
  const intervalMs = 1000 / perSecond;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let late = 0;
  for (let slot = 0; ; slot++) {
    const due = started + slot * intervalMs;
    if (due >= until || performance.now() >= until) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    else if (wait < -1_000) late++;
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const request = send().finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  return { late };
}
