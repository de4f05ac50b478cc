import { watch, type FSWatcher } from 'node:fs';
import type { Catalogue } from '../../catalogue/catalogue.js';
import { SwitchboardError } from '../../errors.js';
import type { FileProblem } from '../../yaml/documents.js';
import type { ChannelConfig, RouteConfig } from '../notify/config.js';
import { defaultRules } from './defaults.js';
import { loadAlertingFile, type AlertingFile } from './parse.js';
import type { AlertRule } from './types.js';

export class AlertingFileError extends SwitchboardError {
  constructor(readonly problems: FileProblem[]) {
    super(
      'invalid_alerting_file',
      `the alerting file has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n'),
      400,
    );
    this.name = 'AlertingFileError';
  }
}

/**
 * The alert rules in force: the defaults of every catalogued integration, replaced or extended
 * by the alerting file's rules. Loaded at start (any problem throws AlertingFileError listing
 * every problem) and reloaded when the file changes: a broken edit is reported and the last good
 * file stays in force.
 */
export class AlertRules {
  private file: AlertingFile = { rules: [], channels: [], routes: [], problems: [] };
  private lastProblems: FileProblem[] = [];
  private watcher: FSWatcher | undefined;
  private cache: AlertRule[] | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly path: string | undefined,
    private readonly catalogue?: Catalogue,
  ) {
    catalogue?.onChange(() => {
      this.cache = undefined;
    });
  }

  /** Loads the file; throws AlertingFileError listing every problem (the last good file stays). */
  load(): void {
    if (this.path === undefined) return;
    const file = loadAlertingFile(this.path);
    this.lastProblems = file.problems;
    if (file.problems.length > 0) throw new AlertingFileError(file.problems);
    this.file = file;
    this.cache = undefined;
    for (const listener of this.listeners) listener();
  }

  /** Same as load, but reports instead of throwing. */
  reload(): { ok: true; count: number } | { ok: false; error: AlertingFileError } {
    try {
      this.load();
      return { ok: true, count: this.file.rules.length };
    } catch (error) {
      if (error instanceof AlertingFileError) return { ok: false, error };
      throw error;
    }
  }

  watch(onResult: (outcome: { ok: true; count: number } | { ok: false; error: AlertingFileError }) => void): void {
    if (this.path === undefined || this.watcher) return;
    let timer: NodeJS.Timeout | undefined;
    this.watcher = watch(this.path, () => {
      clearTimeout(timer);
      timer = setTimeout(() => onResult(this.reload()), 200);
    });
  }

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  close(): void {
    this.watcher?.close();
  }

  /** Every rule in force: defaults first (unless the file replaces them by name), then the file's own. */
  rules(): AlertRule[] {
    if (this.cache) return this.cache;
    const own = new Map(this.file.rules.map((rule) => [rule.name, rule]));
    const result: AlertRule[] = [];
    for (const entry of this.catalogue?.all() ?? []) {
      for (const rule of defaultRules(entry)) {
        const replacement = own.get(rule.name);
        result.push(replacement ?? rule);
        own.delete(rule.name);
      }
    }
    for (const rule of own.values()) result.push(rule);
    this.cache = result;
    return result;
  }

  get(name: string): AlertRule | undefined {
    return this.rules().find((rule) => rule.name === name);
  }

  channels(): ChannelConfig[] {
    return this.file.channels;
  }

  routes(): RouteConfig[] {
    return this.file.routes;
  }

  /** Problems of the last load attempt (empty when it succeeded). */
  problems(): FileProblem[] {
    return this.lastProblems;
  }
}

/** The rules in force as the API shows them (`GET /api/v1/alerts/rules`). */
export function listRules(rules: AlertRules): AlertRule[] {
  return rules.rules();
}
