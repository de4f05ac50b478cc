// Logs a server's main-thread GC pauses, one line each (seconds since start, kind, ms), to
// $SWITCHBOARD_GC_LOG_DIR/gc-<pid>.log (the temp folder by default), written every 2 s:
//   SWITCHBOARD_BENCH_NODE_ARGS="--import $PWD/bench/support/gc-log.mjs" npm run bench -- soak …
// A CPU profile shows GC as time, not as pauses of a kind; this says which pauses held the loop.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const file = join(process.env.SWITCHBOARD_GC_LOG_DIR ?? tmpdir(), `gc-${process.pid}.log`);
  const KINDS = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental-marking',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  let lines = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) lines.push(`${(entry.startTime / 1000).toFixed(3)} ${KINDS[entry.detail?.kind] ?? entry.detail?.kind} ${entry.duration.toFixed(1)}`);
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`);
    lines = [];
  }, 2_000).unref();
}
