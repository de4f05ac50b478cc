import type { Catalogue } from '../catalogue/catalogue.js';
import { incidentsOfMany, integrationIncidents } from '../incidents/routes.js';
import { firstSeen } from '../budget/totals.js';
import { NotFoundError } from '../errors.js';
import type { QueryContext } from '../query/context.js';
import type { Window } from '../query/params.js';
import { summarizeOperations } from '../query/summary.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { callCountsOver, headlineOf, latencyThresholds, slowCountsOver, type Headline } from './figures.js';

/** How many operations the report lists as the worst. */
export const WORST_OPERATIONS = 5;
/** The most integrations one page of the tenant report holds. */
export const TENANT_REPORT_LIMIT = 200;

export interface WorstOperation {
  operation: string;
  direction: string;
  volume: number;
  failures: number;
  success_rate: number | null;
}

/** The integration report: headline figures, every incident of the window, the worst operations. */
export async function integrationReport(context: QueryContext & { catalogue: Catalogue }, integration: string, window: Window) {
  const entry = context.catalogue.get(integration);
  const first = (await firstSeen(context.db, integration)).get(integration);
  if (!entry && first === undefined) throw new NotFoundError(`no integration "${integration}" in the catalogue or in the data`);
  const counts = (await callCountsOver(context, window, integration)).get(integration);
  const slow = await slowCountsOver(context, window, latencyThresholds([integration], (id) => context.catalogue.get(id)));
  const found = await integrationIncidents(context.db, integration, window);
  const headline = headlineOf(integration, entry, counts, slow, first, window, found);
  const { incidents, reports } = found;
  const { operations } = await summarizeOperations(context, integration, window, {});
  const worst: WorstOperation[] = operations
    .map((operation) => ({ operation: operation.operation, direction: operation.direction, volume: operation.volume, failures: operation.volume - operation.ok, success_rate: operation.success_rate }))
    .filter((operation) => operation.failures > 0)
    .sort((a, b) => b.failures - a.failures || b.volume - a.volume || a.operation.localeCompare(b.operation))
    .slice(0, WORST_OPERATIONS);
  return { ...window, ...headline, incidents, reports, worst_operations: worst };
}

export type IntegrationReport = Awaited<ReturnType<typeof integrationReport>>;

/** A tenant report row: the headline figures without the incident list. */
export type TenantRow = Headline;

/**
 * One page of the tenant report: the caller's visible integrations (catalogued or seen) in id
 * order after `after`, at most `limit`, each with its headline figures. Calls are read once per
 * segment for every integration, incidents a few statements per chunk of the page's ids.
 */
export async function tenantReport(
  context: QueryContext & { catalogue: Catalogue },
  visible: IntegrationFilter,
  window: Window,
  page: { limit: number; after?: string },
): Promise<{ from: number; to: number; integrations: TenantRow[]; next: string | null }> {
  const seen = await firstSeen(context.db);
  const candidates = visible ?? [...new Set([...context.catalogue.all().map((entry) => entry.id), ...seen.keys()])];
  const ids = candidates
    .filter((id) => page.after === undefined || id > page.after)
    .filter((id) => context.catalogue.get(id) !== undefined || seen.has(id))
    .sort()
    .slice(0, page.limit + 1);
  const more = ids.length > page.limit;
  const shown = ids.slice(0, page.limit);
  const counts = shown.length === 0 ? new Map() : await callCountsOver(context, window);
  const slow = await slowCountsOver(context, window, latencyThresholds(shown, (id) => context.catalogue.get(id)));
  const incidents = await incidentsOfMany(context.db, shown, window);
  const rows: TenantRow[] = shown.map((id) => headlineOf(id, context.catalogue.get(id), counts.get(id), slow, seen.get(id), window, incidents.get(id)!));
  return { ...window, integrations: rows, next: more ? shown.at(-1)! : null };
}
