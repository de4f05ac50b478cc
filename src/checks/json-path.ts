/**
 * A small JSON path: `$`, `.name`, `[index]` and `['name']` / `["name"]` steps, e.g.
 * `$.items[0].state`. Enough for a health endpoint's assertion, with no expression language.
 */
export type PathStep = string | number;

const cache = new Map<string, PathStep[]>();

export function parseJsonPath(path: string): PathStep[] {
  const cached = cache.get(path);
  if (cached) return cached;
  if (!path.startsWith('$')) throw new Error(`JSON path "${path}" must start with $`);
  const steps: PathStep[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = /^\.([A-Za-z_$][\w$-]*)/.exec(rest))) steps.push(match[1]!);
    else if ((match = /^\[(\d+)\]/.exec(rest))) steps.push(Number(match[1]));
    else if ((match = /^\[(['"])(.*?)\1\]/.exec(rest))) steps.push(match[2]!);
    else throw new Error(`JSON path "${path}" is not understood at "${rest}" (use $.a.b, $.items[0].state or $['a key'])`);
    rest = rest.slice(match[0].length);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(path, steps);
  return steps;
}

export function readJsonPath(value: unknown, steps: PathStep[]): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current) || step >= current.length) return { found: false };
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step)) {
        return { found: false };
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

/** Equality as a catalogue author means it: `equals: 200` matches 200 and "200". */
export function jsonValueEquals(actual: unknown, expected: string | number | boolean | null): boolean {
  if (actual === expected) return true;
  if (actual === null || expected === null || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}
