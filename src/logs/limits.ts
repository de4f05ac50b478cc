import type { NormalizedRecord } from '../store/record.js';
import type { NormalizedLog } from './record.js';

/**
 * What the cardinality limits judge of a log line: its integration (the integrations limit) and
 * its operation (the integration's log operations, each a rollup series), as a record of kind
 * "log" carrying nothing else (ingest/cardinality.ts).
 */
export function judgedAsRecord(log: NormalizedLog): NormalizedRecord {
  return { kind: 'log', integration: log.integration, operation: log.operation, env: null, site: null, release: null } as unknown as NormalizedRecord;
}
