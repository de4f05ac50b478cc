/**
 * The few things the client needs from its runtime, reached defensively so that it runs wherever
 * fetch does (Node, Bun, Deno, workers) and never keeps a Node process alive on its own.
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** Bytes of the UTF-8 encoding, without encoding it (records are mostly ASCII). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  if (!NON_ASCII.test(text)) return bytes;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: two code units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

export type Timer = ReturnType<typeof setTimeout>;

/** A timer that does not hold the process open (Node's unref; elsewhere there is nothing to hold). */
export function backgroundTimer(callback: () => void, ms: number): Timer {
  const timer = setTimeout(callback, ms);
  (timer as unknown as { unref?: () => void }).unref?.();
  return timer;
}

interface ProcessEvents {
  on(event: 'beforeExit' | 'exit', listener: () => void): unknown;
  removeListener(event: 'beforeExit' | 'exit', listener: () => void): unknown;
}

/** Node's process, when there is one. */
export function processEvents(): ProcessEvents | undefined {
  const candidate = (globalThis as { process?: Partial<ProcessEvents> }).process;
  return typeof candidate?.on === 'function' && typeof candidate.removeListener === 'function'
    ? (candidate as ProcessEvents)
    : undefined;
}

export function randomId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 14)}`;
}

/** Calls a caller's hook; whatever it throws stays out of the client's way. */
export function callHook<T>(hook: ((value: T) => void) | undefined, value: T): void {
  if (!hook) return;
  try {
    hook(value);
  } catch {
    // A broken logging hook must not break delivery.
  }
}
