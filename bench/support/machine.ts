/**
 * The machine and how busy it is. The bench shares a small, noisy machine, so every timed phase
 * records the load average and how much CPU went to processes that are not part of the benchmark.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/** /proc counts CPU time in USER_HZ ticks, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function loadAverage(): [number, number, number] {
  const [one, five, fifteen] = loadavg();
  return [round2(one!), round2(five!), round2(fifteen!)];
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Busy ticks of the whole machine (user, nice, system, irq, softirq, steal). */
function machineBusyTicks(): number {
  const line = readText('/proc/stat')?.split('\n')[0] ?? '';
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  return (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
}

interface ProcessTicks {
  comm: string;
  ppid: number;
  ticks: number;
}

function processTicks(pid: number): ProcessTicks | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const f = stat.slice(close + 2).split(' ');
  // After "pid (comm) ": state ppid … utime is field 14 of the full line, index 11 here.
  return { comm, ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
}

function allProcesses(): Map<number, ProcessTicks> {
  const out = new Map<number, ProcessTicks>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const ticks = processTicks(Number(name));
    if (ticks) out.set(Number(name), ticks);
  }
  return out;
}

/** This process and its descendants (the server child) are "ours"; postgres backends are counted apart. */
function classify(processes: Map<number, ProcessTicks>, extra: readonly number[]): (pid: number) => 'bench' | 'server' | 'postgres' | 'other' {
  const ours = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of processes) {
      if (!ours.has(pid) && ours.has(p.ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  const servers = new Set(extra);
  return (pid) => {
    if (pid === process.pid) return 'bench';
    if (servers.has(pid) || ours.has(pid)) return 'server';
    if (processes.get(pid)?.comm === 'postgres') return 'postgres';
    return 'other';
  };
}

export interface CpuUse {
  seconds: number;
  /** Average cores busy over the phase, by who used them. */
  bench: number;
  server: number;
  postgres: number;
  /** Everything else on the machine: other engineers' tests, the OS. */
  other: number;
  loadBefore: [number, number, number];
  loadAfter: [number, number, number];
}

/** Starts measuring CPU use; call the returned function at the end of the phase. */
export function cpuMeter(serverPids: () => readonly number[] = () => []): () => CpuUse {
  const startedAt = performance.now();
  const loadBefore = loadAverage();
  const busyBefore = machineBusyTicks();
  const before = allProcesses();
  return () => {
    const after = allProcesses();
    const busyAfter = machineBusyTicks();
    const kind = classify(after, serverPids());
    const used = { bench: 0, server: 0, postgres: 0, other: 0 };
    for (const [pid, p] of after) {
      const k = kind(pid);
      if (k === 'other') continue;
      used[k] += p.ticks - (before.get(pid)?.ticks ?? 0);
    }
    const seconds = (performance.now() - startedAt) / 1000;
    const total = busyAfter - busyBefore;
    used.other = Math.max(0, total - used.bench - used.server - used.postgres);
    const cores = (ticks: number) => round2(ticks / TICKS_PER_SECOND / Math.max(seconds, 1e-3));
    return {
      seconds: round2(seconds),
      bench: cores(used.bench),
      server: cores(used.server),
      postgres: cores(used.postgres),
      other: cores(used.other),
      loadBefore,
      loadAfter: loadAverage(),
    };
  };
}

/** Foreign CPU above this (in cores, averaged over a phase) makes a figure suspect. */
export const NOISY_OTHER_CORES = 0.3;

/**
 * Waits (up to `maxMs`) until the machine has been quiet for a 2-second sample: little CPU used
 * by anything but this process. Returns the last sample so the report can say how quiet it was.
 */
export async function waitForQuiet(maxMs = 30_000, log: (line: string) => void = () => undefined): Promise<CpuUse> {
  const until = Date.now() + maxMs;
  for (;;) {
    const stop = cpuMeter();
    await sleep(2_000);
    const sample = stop();
    const foreign = sample.other + sample.postgres + sample.server;
    if (foreign < NOISY_OTHER_CORES || Date.now() >= until) {
      if (foreign >= NOISY_OTHER_CORES) log(`  machine still busy after ${maxMs / 1000} s (${foreign.toFixed(2)} cores used by other processes); measuring anyway`);
      return sample;
    }
    log(`  waiting for the machine to settle: ${foreign.toFixed(2)} cores busy elsewhere, load ${sample.loadAfter.join(' ')}`);
  }
}

export interface ProcessMemory {
  rssBytes: number;
  peakRssBytes: number;
}

/** VmRSS and VmHWM (peak resident set) of a process, from /proc. */
export function processMemory(pid: number): ProcessMemory | undefined {
  const status = readText(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/** A full garbage collection, so a heap figure is what is still reachable (not yet-uncollected garbage). */
export function collectGarbage(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    return;
  }
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
