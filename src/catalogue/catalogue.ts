import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { SwitchboardError } from '../errors.js';
import { parseCatalogueFile } from './parse.js';
import type { CatalogueEntry, CatalogueProblem } from './types.js';

export class CatalogueError extends SwitchboardError {
  constructor(readonly problems: CatalogueProblem[]) {
    super(
      'invalid_catalogue',
      `the catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'),
      400,
    );
    this.name = 'CatalogueError';
  }
}

function yamlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true })
    .map(String)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => join(path, file));
}

/** Reads a catalogue file, or every .yaml / .yml file under a folder, and checks ids are unique. */
export function readCatalogue(path: string): { entries: CatalogueEntry[]; problems: CatalogueProblem[] } {
  const entries: CatalogueEntry[] = [];
  const problems: CatalogueProblem[] = [];
  let files: string[];
  try {
    files = yamlFiles(path);
  } catch (error) {
    return { entries, problems: [{ file: path, line: 1, column: 1, message: `cannot read the catalogue: ${(error as Error).message}` }] };
  }
  const seen = new Map<string, CatalogueEntry>();
  // Files are named from the catalogue folder, as its owners know them: never a path climbing out
  // of wherever the server happens to run ("../../srv/catalogue/…").
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  for (const file of files) {
    const shown = relative(folder, file) || basename(file);
    const parsed = parseCatalogueFile(readFileSync(file, 'utf8'), shown);
    for (const problem of parsed.problems) problems.push(problem);
    for (const entry of parsed.entries) {
      const first = seen.get(entry.id);
      if (first) {
        problems.push({ ...entry.source, column: 1, message: `integration "${entry.id}" is already declared at ${first.source.file}:${first.source.line}` });
        continue;
      }
      seen.set(entry.id, entry);
      entries.push(entry);
    }
  }
  return { entries, problems };
}

/**
 * The catalogue in force. It is loaded at start (where any problem stops the server with every
 * problem listed), and reloaded when its files change: a broken edit is logged and the last good
 * catalogue stays in force, so a typo never empties the board.
 */
export class Catalogue {
  private entries = new Map<string, CatalogueEntry>();
  private watcher: FSWatcher | undefined;
  private lastProblems: CatalogueProblem[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(readonly path: string | undefined) {}

  static empty(): Catalogue {
    return new Catalogue(undefined);
  }

  /** Loads the files; throws CatalogueError listing every problem. */
  load(): void {
    if (this.path === undefined) return;
    const { entries, problems } = readCatalogue(this.path);
    this.lastProblems = problems;
    if (problems.length > 0) throw new CatalogueError(problems);
    this.entries = new Map(entries.map((entry) => [entry.id, entry]));
    for (const listener of this.listeners) listener();
  }

  /** Reloads on change; `onResult` hears of each attempt (for the log). */
  watch(onResult: (outcome: { ok: true; count: number } | { ok: false; error: CatalogueError }) => void): void {
    if (this.path === undefined || this.watcher) return;
    let timer: NodeJS.Timeout | undefined;
    this.watcher = watch(this.path, { recursive: statSync(this.path).isDirectory() }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        try {
          this.load();
          onResult({ ok: true, count: this.entries.size });
        } catch (error) {
          if (error instanceof CatalogueError) onResult({ ok: false, error });
        }
      }, 200);
    });
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.watcher?.close();
  }

  get(id: string): CatalogueEntry | undefined {
    return this.entries.get(id);
  }

  all(): CatalogueEntry[] {
    return [...this.entries.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Problems of the last load attempt (empty when it succeeded). */
  problems(): CatalogueProblem[] {
    return this.lastProblems;
  }
}
