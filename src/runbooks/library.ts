import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The runbooks shipped with Switchboard, for the common failure patterns. */
export const SHIPPED_RUNBOOKS = fileURLToPath(new URL('../../runbooks', import.meta.url));

export interface RunbookTemplate {
  name: string;
  title: string;
  summary: string;
  template: string;
}

function read(file: string): RunbookTemplate {
  const template = readFileSync(file, 'utf8');
  const title = /^#\s+(.+)$/m.exec(template)?.[1]?.trim() ?? basename(file, '.md');
  const summary = template.split(/\n\s*\n/).find((block) => !block.startsWith('#'))?.trim().replace(/\s+/g, ' ') ?? '';
  return { name: basename(file, '.md'), title, summary, template };
}

/**
 * Shipped runbooks, plus the user's own from other folders: a user runbook with a shipped name
 * replaces it, so teams can adapt the defaults without forking them.
 */
export function loadRunbooks(folders: string[]): Map<string, RunbookTemplate> {
  const runbooks = new Map<string, RunbookTemplate>();
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((f) => /^[a-z0-9][a-z0-9-]*\.md$/.test(f)).sort()) {
      const runbook = read(join(folder, file));
      runbooks.set(runbook.name, runbook);
    }
  }
  return runbooks;
}
