import type { Kysely } from 'kysely';
import type { Catalogue } from '../catalogue/catalogue.js';
import { latestCheckStates } from '../checks/index.js';
import type { Database } from '../store/schema.js';
import type { CheckState } from './evaluate.js';

/** The latest state of every check, grouped by integration, in the shape health judges. */
export async function checkStatesByIntegration(db: Kysely<Database>, catalogue: Catalogue): Promise<Map<string, CheckState[]>> {
  const grouped = new Map<string, CheckState[]>();
  for (const state of await latestCheckStates(db, catalogue)) {
    const list = grouped.get(state.integration) ?? [];
    list.push({
      name: state.name,
      type: state.type,
      status: state.status,
      consecutive_failures: state.consecutive_failures,
      last: state.last ? { ts: state.last.ts, error: state.last.error } : null,
    });
    grouped.set(state.integration, list);
  }
  return grouped;
}
