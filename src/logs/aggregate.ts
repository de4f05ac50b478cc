import { LOG_ERROR_ROLLUPS, LOG_ROLLUPS, entryIn, type RollupEntry } from '../rollup/tables.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import type { NormalizedLog } from './record.js';

/** The lines of a batch as partial minute rows per integration × level × operation (LOG_ROLLUPS). */
export function aggregateLogs(logs: readonly NormalizedLog[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const log of logs) {
    const series = { integration: log.integration, level: log.level, operation: log.operation ?? '' };
    const row = entryIn(rows, LOG_ROLLUPS, series, MINUTE, floorTo(log.ts, MINUTE));
    row.lines = (row.lines as number) + 1;
  }
  return [...rows.values()];
}

/** The grouped (error and warning) lines of a batch as partial minute rows per error type (LOG_ERROR_ROLLUPS). */
export function aggregateErrorTypes(logs: readonly NormalizedLog[]): RollupEntry[] {
  const rows = new Map<string, RollupEntry>();
  for (const log of logs) {
    if (log.fingerprint === null) continue;
    const row = entryIn(rows, LOG_ERROR_ROLLUPS, { integration: log.integration, fingerprint: log.fingerprint }, MINUTE, floorTo(log.ts, MINUTE));
    row.lines = (row.lines as number) + 1;
  }
  return [...rows.values()];
}
