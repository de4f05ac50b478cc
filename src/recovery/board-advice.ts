import type { Kysely } from 'kysely';
import type { NotificationContext } from '../alerting/types.js';
import { readConfined } from '../store/in-list.js';
import type { Database } from '../store/schema.js';

/** The advice a board tile shows: what it means and the next step, short; the action that fits. */
export interface TileAdvice {
  message: string;
  next: string;
  action: string | null;
}

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/**
 * The advice of each integration's worst firing alert, as its last notification carried it (the
 * same words on-call got). Integrations whose firing alerts carry none are left out. The id list
 * goes in chunks under both engines' parameter limits.
 */
export async function tileAdvice(db: Kysely<Database>, integrations: readonly string[]): Promise<Map<string, TileAdvice>> {
  const rows = await readConfined(integrations, (chunk) =>
    db.selectFrom('alerts').select(['id', 'integration', 'severity', 'context']).where('state', '=', 'firing').where('integration', 'in', chunk!).where('context', 'is not', null).execute(),
  );
  rows.sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || Number(a.id) - Number(b.id));
  const advice = new Map<string, TileAdvice>();
  for (const row of rows) {
    if (advice.has(row.integration)) continue;
    const found = (JSON.parse(row.context!) as NotificationContext).advice;
    if (found) advice.set(row.integration, { message: found.message, next: found.next, action: found.action });
  }
  return advice;
}
