import type { Kysely, Transaction } from 'kysely';
import { bulkInsert } from '../store/bulk-insert.js';
import type { Database } from '../store/schema.js';
import { MINUTE } from './tiers.js';

/**
 * A call stamped this long before its batch's mark is written is marked late. The board keeps
 * what it read of segments that ended two minutes before the read (query/board-parts.ts), so only
 * such a call can land in what a board keeps; the minute between leaves room for the commit that
 * follows the mark and for instances' clocks a little apart.
 */
export const LATE_CALL_MS = MINUTE;
/** How long a mark is kept at least (retention drops older ones): twice the longest a board goes between catch-ups. */
export const LATE_MARKS_KEPT_MS = 10 * MINUTE;
/**
 * A board catching up reads marks noted this long before its last catch-up: a mark is noted just
 * before its commit and seen once the commit is, which may be after that catch-up.
 */
export const LATE_MARKS_OVERLAP_MS = 2 * MINUTE;
/** Marks read in one catch-up at most; past that, the reader forgets everything it keeps instead. */
export const LATE_MARKS_READ = 10_000;

/** Late calls by integration: the first and last stamped. */
export type LateSpans = Map<string, { first: number; last: number }>;

/** Widens `integration`'s span in `spans` to take in `first` .. `last`. */
export function widen(spans: LateSpans, integration: string, first: number, last: number): void {
  const span = spans.get(integration);
  if (!span) spans.set(integration, { first, last });
  else {
    if (first < span.first) span.first = first;
    if (last > span.last) span.last = last;
  }
}

/** A mark as read back: one batch's late calls of one integration, and when it was noted. */
export interface LateMark {
  id: number;
  integration: string;
  first: number;
  last: number;
  notedAt: number;
}

/** Each integration's late calls in `records`, judged at `at`. */
export function lateCallsOf(records: ReadonlyArray<{ kind: string; integration: string; ts: number }>, at: number): LateSpans {
  const late: LateSpans = new Map();
  for (const { kind, integration, ts } of records) if (kind === 'call' && ts < at - LATE_CALL_MS) widen(late, integration, ts, ts);
  return late;
}

/**
 * Marks a batch's late calls in the transaction that commits them, so that every instance's board
 * sees the mark no later than the calls. Judged and noted as the mark is written, the last thing
 * `writeRecords` does, not when the batch was received: a batch that waited long for its commit
 * (behind another writer, a lock) holds calls that were on time then and late by now. The later
 * of the two, so that a server's clock set ahead (tests) is honoured too.
 */
export async function markLateCalls(tx: Transaction<Database>, records: ReadonlyArray<{ kind: string; integration: string; ts: number }>, receivedAt: number): Promise<void> {
  const markedAt = Math.max(receivedAt, Date.now());
  const late = lateCallsOf(records, markedAt);
  if (late.size === 0) return;
  await bulkInsert(tx, 'late_calls', ['integration', 'first_ts', 'last_ts', 'noted_at'], [...late].map(([integration, { first, last }]) => [integration, first, last, markedAt]));
}

/** Marks noted at or after `since`, oldest first, LATE_MARKS_READ + 1 at most (one more says there were too many). */
export async function lateMarksSince(db: Kysely<Database>, since: number): Promise<LateMark[]> {
  const rows = await db
    .selectFrom('late_calls')
    .select(['id', 'integration', 'first_ts', 'last_ts', 'noted_at'])
    .where('noted_at', '>=', since)
    .orderBy('noted_at')
    .orderBy('id')
    .limit(LATE_MARKS_READ + 1)
    .execute();
  return rows.map((row) => ({ id: Number(row.id), integration: row.integration, first: Number(row.first_ts), last: Number(row.last_ts), notedAt: Number(row.noted_at) }));
}
