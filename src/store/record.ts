/**
 * A record as the store keeps it: validated and redacted by ingest, written by it, rolled up by
 * rollup. It lives here, below both, so neither reaches into the other for its shape.
 */
import type { Selectable } from 'kysely';
import type { Outcome } from '../common/outcome.js';
import type { RecordsTable } from './schema.js';

/** The kinds of record (the wire contract's `kind`). */
export type RecordKind = 'call' | 'run' | 'event' | 'gauge';

/** A validated, redacted record in the shape the store keeps. */
export type NormalizedRecord = Omit<Selectable<RecordsTable>, 'id' | 'received_at' | 'kind' | 'outcome'> & {
  kind: RecordKind;
  outcome: Outcome | null;
};
