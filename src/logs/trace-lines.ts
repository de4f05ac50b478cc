import type { Kysely } from 'kysely';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';
import type { Database } from '../store/schema.js';
import { LOG_READ_COLUMNS, presentLog, type PresentedLog } from './search.js';

/** The most log lines a trace shows (the first, oldest first; `logs_truncated` says when there were more). */
export const MAX_TRACE_LOG_LINES = 500;

export interface TraceIds {
  order_ids: readonly string[];
  shipment_ids: readonly string[];
  correlation_ids: readonly string[];
}

/**
 * The log lines that carry any of a trace's ids (found in their metadata at ingest), of the
 * integrations the caller may see, oldest first: what the adapters said while the order moved.
 * Each id column is read through its own index; the lists are short (a timeline's related ids).
 * Lines older than `keptFrom` (now less the log retention) are left out: on PostgreSQL they stay
 * stored until their day's partition is dropped, and neither search nor the error types show them.
 */
export async function traceLogLines(db: Kysely<Database>, ids: TraceIds, integrations: IntegrationFilter, keptFrom: number): Promise<{ logs: PresentedLog[]; truncated: boolean }> {
  const found = new Map<number, PresentedLog>();
  const columns = [['order_id', ids.order_ids], ['shipment_id', ids.shipment_ids], ['correlation_id', ids.correlation_ids]] as const;
  for (const [column, values] of columns) {
    if (values.length === 0) continue;
    const rows = await readConfined(integrations, (chunk) =>
      whereIn(db.selectFrom('log_records').select(LOG_READ_COLUMNS).where(column, 'in', [...values]).where('ts', '>=', keptFrom), 'integration', chunk)
        .limit(MAX_TRACE_LOG_LINES + 1)
        .execute(),
    );
    for (const row of rows) found.set(Number(row.id), presentLog(row));
  }
  const logs = [...found.values()].sort((a, b) => a.ts - b.ts || a.id - b.id);
  return { logs: logs.slice(0, MAX_TRACE_LOG_LINES), truncated: logs.length > MAX_TRACE_LOG_LINES };
}
