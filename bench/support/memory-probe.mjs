// Preloaded into the server child (node --import) so the bench can read its V8 heap and its event
// loop without a debug route: it answers a "memory" message on the IPC channel with
// process.memoryUsage() and the event-loop delay since the last ask (what /healthz waits behind,
// seen from inside), and, with SWITCHBOARD_BENCH_PROFILE_DIR set, a "profile" message by writing
// a CPU profile of the main thread there and beside it a sampled heap profile (what is still
// alive, by where it was allocated) (--cpu-prof writes only at a clean exit; the soak ends
// with SIGKILL); profiling goes on after each, so a script can profile one stretch after another.
// The channel is unref'd, so it never keeps the server alive.
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (typeof process.send === 'function') {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const profileDir = process.env.SWITCHBOARD_BENCH_PROFILE_DIR;
  let session;
  if (profileDir) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 1_000 });
    await session.post('Profiler.start');
    // Samples allocations and keeps those still alive: what holds the heap when it grows.
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 256 * 1024 });
  }
  process.on('message', async (message) => {
    if (message === 'memory') {
      const loopDelay = { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6, n: delay.count };
      delay.reset();
      process.send({ memory: process.memoryUsage(), loopDelay });
    } else if (message === 'profile' && session) {
      const { profile } = await session.post('Profiler.stop');
      const file = join(profileDir, `server-${process.pid}-${Date.now()}.cpuprofile`);
      // Unmade, writing threw here: no answer, and the whole soak reported nothing.
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      const { profile: heap } = await session.post('HeapProfiler.stopSampling');
      writeFileSync(file.replace(/\.cpuprofile$/, '.heapprofile'), JSON.stringify(heap));
      await session.post('Profiler.start');
      await session.post('HeapProfiler.startSampling', { samplingInterval: 256 * 1024 });
      process.send({ profiled: file });
    }
  });
  process.channel?.unref();
}
