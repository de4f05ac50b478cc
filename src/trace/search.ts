/**
 * One string, three kinds of id: which is it? Each kind is one lookup on its own partial index,
 * counting at most MAX_TRACE_RECORDS + 1 rows, so a correlation id on millions of records costs
 * no more than a small one.
 */
import type { Kysely } from 'kysely';
import { InputError, NotFoundError } from '../errors.js';
import { MAX_TRACE_RECORDS, TRACE_ID_KINDS, type TraceIdKind } from '../query/trace.js';
import type { Database } from '../store/schema.js';
import { readConfined, whereIn, type IntegrationFilter } from '../store/in-list.js';

/** The contract's bound on an id. */
const MAX_ID_LENGTH = 128;

export interface TraceMatch {
  kind: TraceIdKind;
  id: string;
  /** Records that carry the id itself, counted up to MAX_TRACE_RECORDS. */
  records: number;
  /** More records than were counted. */
  more: boolean;
  first_ts: number;
  last_ts: number;
}

export function searchTermOf(raw: string | undefined): string {
  const term = (raw ?? '').trim();
  if (term === '') throw new InputError('give q, the order, shipment or correlation id to look for');
  if (term.length > MAX_ID_LENGTH) throw new InputError(`q is ${term.length} characters long; ids are at most ${MAX_ID_LENGTH}`);
  return term;
}

async function matchOf(db: Kysely<Database>, kind: TraceIdKind, id: string, integrations: IntegrationFilter): Promise<TraceMatch | undefined> {
  const counted = await readConfined(integrations, async (chunk) => {
    const found = whereIn(db.selectFrom('records').select('ts').where(kind, '=', id), 'integration', chunk).limit(MAX_TRACE_RECORDS + 1).as('found');
    const row = await db
      .selectFrom(found)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('found.ts').as('first_ts'), eb.fn.max('found.ts').as('last_ts')])
      .executeTakeFirst();
    const n = Number(row?.n ?? 0);
    return n === 0 ? [] : [{ n, first: Number(row!.first_ts), last: Number(row!.last_ts) }];
  });
  if (counted.length === 0) return undefined;
  const n = counted.reduce((sum, part) => sum + part.n, 0);
  return {
    kind,
    id,
    records: Math.min(n, MAX_TRACE_RECORDS),
    more: n > MAX_TRACE_RECORDS,
    first_ts: counted.reduce((min, part) => Math.min(min, part.first), Infinity),
    last_ts: counted.reduce((max, part) => Math.max(max, part.last), -Infinity),
  };
}

/** Why a trace may come back empty though the id once existed. */
export function retentionNote(retentionMs: number): string {
  return `raw records are kept ${Math.round(retentionMs / 86_400_000)} days`;
}

/**
 * Every kind of id the term is, in the order order, shipment, correlation (among the records of
 * `integrations`, when given); NotFoundError if none.
 */
export async function searchTraceIds(db: Kysely<Database>, term: string, retentionMs: number, integrations?: IntegrationFilter) {
  const matches = (await Promise.all(TRACE_ID_KINDS.map((kind) => matchOf(db, kind, term, integrations)))).filter((m): m is TraceMatch => m !== undefined);
  if (matches.length === 0) {
    throw new NotFoundError(`"${term}" is not an order, shipment or correlation id of any stored record (${retentionNote(retentionMs)})`);
  }
  return { q: term, ambiguous: matches.length > 1, matches };
}
