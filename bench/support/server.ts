/**
 * The real server as a child process (`node bin/switchboard.js serve`, in the environment
 * bin/switchboard gives it), so it has its own core like a production server, with its memory
 * read from /proc and its V8 heap over IPC.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup.js';
import { processMemory, type ProcessMemory } from './machine.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROBE = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (npm run build:server) when any source file is newer than the built CLI. */
export function ensureServerBuilt(log: (line: string) => void): void {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist/cli/main.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(join(ROOT, 'src'))) return;
  log('dist/ is older than src/: running "npm run build:server"');
  const result = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build:server failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerMemory extends ProcessMemory {
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  /** Event-loop delay (ms) since the previous ask, as the server's own loop saw it. */
  loopDelay: EventLoopDelay;
}

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface ChildServer {
  url: string;
  pid: number;
  memory: () => Promise<ServerMemory>;
  /** SIGKILL: no graceful shutdown, so only what was committed before each answer survives. */
  kill: () => Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop: () => Promise<void>;
  /** The last lines the server wrote, for error messages. */
  output: () => string;
  /** With SWITCHBOARD_BENCH_PROFILE_DIR set: writes the main thread's CPU profile so far; its file. */
  profile: () => Promise<string>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * What the `switchboard` command (bin/switchboard) gives the server: glibc's threshold for big
 * buffers and V8's heap bound. The server is started here with Node's own flags (the memory probe),
 * so not through that script; both are read from it, so the benchmark runs what ships. As there, a
 * value of the caller's own wins (the environment's, or a bound in SWITCHBOARD_BENCH_NODE_ARGS or
 * NODE_OPTIONS).
 */
function launcherSettings(ownNodeArgs: string[]): { env: Record<string, string>; nodeArgs: string[] } {
  const script = readFileSync(join(ROOT, 'bin/switchboard'), 'utf8');
  const threshold = /MALLOC_MMAP_THRESHOLD_:-(\d+)/.exec(script)?.[1];
  const heapBound = /exec node (--max-old-space-size=\d+)/.exec(script)?.[1];
  if (threshold === undefined || heapBound === undefined) throw new Error('bin/switchboard no longer sets MALLOC_MMAP_THRESHOLD_ and a heap bound as this reads them: update bench/support/server.ts');
  const boundedAlready = /max[-_]old[-_]space[-_]size/.test([...ownNodeArgs, process.env.NODE_OPTIONS ?? ''].join(' '));
  return { env: { MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? threshold }, nodeArgs: boundedAlready ? [] : [heapBound] };
}

export async function startChildServer(options: { database: string; key: string; env?: Record<string, string> }): Promise<ChildServer> {
  const port = await freePort();
  // SWITCHBOARD_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (written at a clean stop).
  const ownNodeArgs = process.env.SWITCHBOARD_BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const launcher = launcherSettings(ownNodeArgs);
  const child = spawn(
    process.execPath,
    [...launcher.nodeArgs, ...ownNodeArgs, '--import', PROBE, join(ROOT, 'bin/switchboard.js'), 'serve', '--host', '127.0.0.1', '--port', String(port), '--database', options.database],
    {
      cwd: ROOT,
      env: { ...process.env, ...launcher.env, SWITCHBOARD_INGEST_KEY: options.key, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  // Keep only a tail of the log; the server logs a line or two per request at the default level.
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.channel?.unref();
  const pid = child.pid!;
  const disposeKill = onCleanup(`server process ${pid}`, async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  });
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} (if it names a missing migration, dist/ is older than src/: run without --no-build):\n${tail}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await disposeKill();
      throw new Error(`the server did not answer /healthz within 30 s:\n${tail}`);
    }
    await sleep(100);
  }

  /** Sends `request` to the probe (memory-probe.mjs) and waits for its answer carrying `key`. */
  const ask = <T>(request: string, key: string, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.off('message', onMessage);
        reject(new Error(`the server's probe did not answer "${request}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: unknown) => {
        if (message && typeof message === 'object' && key in message) {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message as T);
        }
      };
      child.on('message', onMessage);
      child.send(request);
    });

  const memory = async (): Promise<ServerMemory> => {
    const { memory: heap, loopDelay } = await ask<{ memory: NodeJS.MemoryUsage; loopDelay: EventLoopDelay }>('memory', 'memory', 5_000);
    const proc = processMemory(pid) ?? { rssBytes: NaN, peakRssBytes: NaN };
    return { ...proc, heapUsedBytes: heap.heapUsed, heapTotalBytes: heap.heapTotal, externalBytes: heap.external, loopDelay };
  };

  return {
    url,
    pid,
    memory,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
      await disposeKill();
    },
    stop: async () => {
      child.kill('SIGTERM');
      const done = await Promise.race([exited(child).then(() => true), sleep(30_000).then(() => false)]);
      if (!done) throw new Error(`the server did not stop within 30 s of SIGTERM:\n${tail}`);
      await disposeKill();
    },
    output: () => tail,
    profile: async () => (await ask<{ profiled: string }>('profile', 'profiled', 60_000)).profiled,
  };
}
