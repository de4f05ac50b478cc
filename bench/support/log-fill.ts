/**
 * Fills `log_records` fast for the log search benchmark: rows exactly as the log store writes them
 * (src/logs/commit.ts), made by the engine itself with one INSERT … SELECT per chunk instead of
 * passing millions of lines through ingest (1 million lines took about 4 minutes per engine that
 * way on the loaded 2-core machine).
 *
 * Row i of a fill is a line in the document's shape (`lineAt`): a template line picked by a hash of
 * i (a weighted mix of levels, operations, messages and metadata), with the number that varies
 * between occurrences, its integration (one of `INTEGRATIONS`, skewed: a few busy, most quiet) and
 * its time (evenly spread over the span, ending at `end`) worked out from i. The templates are
 * normalised by the product's own `normalizeLog` with a sentinel number, which the SQL swaps for
 * the row's: the error type does not move with the number (that is what it is for), so the row is
 * the one ingest would store. The hashes are integer arithmetic both engines and JavaScript agree
 * on (Lehmer steps, every product under 2^53), and `selfCheck` in bench/logs.ts proves the rows
 * are found by the same searches as the same lines sent through ingest.
 *
 * What a fill leaves out: the log rollups and error groups (search reads neither); `received_at`
 * is the line's own time.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { LOG_COLUMNS } from '../../src/logs/commit.js';
import { normalizeLog, type NormalizedLog } from '../../src/logs/record.js';
import { DAILY_PARENTS, dayOf, ensureDays, isPostgres } from '../../src/store/partitions.js';
import { DAY } from '../../src/rollup/tiers.js';
import type { Database } from '../../src/store/schema.js';

export const INTEGRATIONS = 1_000;
/** A fill spans the log retention but an hour, so each of its lines still validates at `end`. */
export const FILL_SPAN = 30 * DAY - 60 * 60 * 1000;
const SENTINEL = '987654321';
const LEHMER = 48_271;
const MODULUS = 2_147_483_647;
const TEMPLATE_SLOTS = 100;
const TEMPLATES_TABLE = 'bench_log_templates';

type Template = { level: string; operation: string; message?: string; metadata: Record<string, unknown>; slots: number };

/** 100 slots: 80 info, 12 warn, 8 error; "timed out" stands in lines of all three levels, so the text filter and the level filter both have work. */
const TEMPLATES: readonly Template[] = [
  { slots: 14, level: 'info', operation: 'fetch.completed', metadata: { entity: 'contact', status: 200, duration: 412, orderId: `o-${SENTINEL}` } },
  { slots: 10, level: 'info', operation: 'sync.started', message: `Sync of contacts started, cursor ${SENTINEL}`, metadata: { entity: 'contact' } },
  { slots: 8, level: 'info', operation: 'sync.completed', message: 'Sync completed', metadata: { entity: 'contact', recordCount: 250, duration: 31_000 } },
  { slots: 10, level: 'info', operation: 'push.completed', message: `Pushed order ORD-${SENTINEL}`, metadata: { entity: 'order', orderId: `o-${SENTINEL}`, status: 201, duration: 180 } },
  { slots: 10, level: 'info', operation: 'webhook.received', message: `Webhook received for shipment ${SENTINEL}`, metadata: { shipmentId: `s-${SENTINEL}`, source: 'carrier' } },
  { slots: 8, level: 'info', operation: 'token.refresh', message: 'Access token refreshed', metadata: { expiresIn: 3600 } },
  { slots: 6, level: 'info', operation: 'fetch.retry', message: `Retry ${SENTINEL} succeeded after an earlier attempt timed out`, metadata: { entity: 'contact', attempt: 2 } },
  { slots: 8, level: 'debug', operation: 'fetch.page', message: `Fetched page ${SENTINEL} of contacts`, metadata: { entity: 'contact', correlationId: `c-${SENTINEL}` } },
  { slots: 6, level: 'info', operation: 'cache.refresh', message: 'Catalogue cache refreshed', metadata: { items: 1200 } },
  { slots: 4, level: 'warn', operation: 'fetch.retry', message: `Request ${SENTINEL} timed out, retrying`, metadata: { entity: 'contact', attempt: 1 } },
  { slots: 4, level: 'warn', operation: 'rate.limit', metadata: { error: 'Rate limit exceeded', retryAfter: 30 } },
  { slots: 4, level: 'warn', operation: 'fetch.slow', message: `Slow response: ${SENTINEL}ms`, metadata: { entity: 'contact' } },
  { slots: 2, level: 'error', operation: 'fetch.failed', metadata: { entity: 'contact', error: `Request ${SENTINEL} timed out after 30s`, orderId: `o-${SENTINEL}` } },
  { slots: 2, level: 'error', operation: 'fetch.failed', metadata: { entity: 'contact', error: 'Invalid session token', retryable: true } },
  { slots: 2, level: 'error', operation: 'push.failed', message: `Order ORD-${SENTINEL} not found`, metadata: { entity: 'order', orderId: `o-${SENTINEL}`, status: 404 } },
  { slots: 2, level: 'error', operation: 'sync.failed', metadata: { entity: 'contact', error: `connect ECONNREFUSED 10.0.0.${SENTINEL}:443` } },
];

/** Which template each of the 100 slots holds. */
const SLOTS: readonly number[] = TEMPLATES.flatMap((template, index) => Array.from({ length: template.slots }, () => index));
if (SLOTS.length !== TEMPLATE_SLOTS) throw new Error(`the templates fill ${SLOTS.length} slots, not ${TEMPLATE_SLOTS}`);

const step = (x: number) => (x * LEHMER) % MODULUS;

/** What row i is made of; the SQL in `fillLogs` computes the same. */
export function rowPlan(i: number, lines: number, end: number) {
  const a = step(i + 11);
  const b = step(a);
  const c = step(b);
  const d = step(c);
  const u = d % 1_000_000;
  return {
    template: SLOTS[c % TEMPLATE_SLOTS]!,
    number: String(b % 100_000),
    integration: `int-${Math.floor((u * u) / 1_000_000_000)}`,
    ts: end - FILL_SPAN + i * Math.floor(FILL_SPAN / lines),
  };
}

const replaced = (value: unknown, number: string): unknown => (typeof value === 'string' ? value.split(SENTINEL).join(number) : value);

/** Line i of a fill of `lines` ending at `end`, in the document's shape, as a service would send it. */
export function lineAt(i: number, lines: number, end: number): Record<string, unknown> {
  const plan = rowPlan(i, lines, end);
  const { level, operation, message, metadata } = TEMPLATES[plan.template]!;
  return {
    timestamp: plan.ts,
    level,
    service: 'adapter',
    operation,
    tenantId: 'tenant-1',
    integrationId: plan.integration,
    ...(message === undefined ? {} : { message: replaced(message, plan.number) }),
    metadata: Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, replaced(value, plan.number)])),
  };
}

/** The templates as the store keeps them: normalised by the product, the sentinel still in. */
function normalisedTemplates(): NormalizedLog[] {
  return TEMPLATES.map((template) => {
    const result = normalizeLog({ timestamp: 0, level: template.level, service: 'adapter', operation: template.operation, tenantId: 'tenant-1', integrationId: 'int-0', ...(template.message === undefined ? {} : { message: template.message }), metadata: template.metadata }, { notBefore: -1, notAfter: 1 });
    if (!result.ok) throw new Error(`a log template does not validate: ${result.error}`);
    return result.log;
  });
}

/** The columns a template sets as they are; the others come from the row. */
const FROM_ROW = new Set(['received_at', 'ts', 'integration']);
const TEMPLATE_COLUMNS = LOG_COLUMNS.filter((column) => !FROM_ROW.has(column));
/** Template columns that may hold the sentinel. */
const VARYING = new Set(['message', 'correlation_id', 'order_id', 'shipment_id', 'metadata']);

async function writeTemplates(db: Kysely<Database>): Promise<void> {
  const untyped = db as unknown as Kysely<any>;
  await untyped.schema.dropTable(TEMPLATES_TABLE).ifExists().execute();
  let table = untyped.schema.createTable(TEMPLATES_TABLE).addColumn('k', 'integer', (c) => c.primaryKey());
  for (const column of TEMPLATE_COLUMNS) table = table.addColumn(column, 'text');
  await table.execute();
  const templates = normalisedTemplates();
  await untyped.insertInto(TEMPLATES_TABLE).values(SLOTS.map((template, k) => ({ k, ...Object.fromEntries(TEMPLATE_COLUMNS.map((column) => [column, templates[template]![column as keyof NormalizedLog] ?? null])) }))).execute();
}

/** Rows [from, to) of the fill, made by the engine. */
function insertChunk(postgres: boolean, from: number, to: number, lines: number, end: number): RawBuilder<unknown> {
  const numbers = postgres ? sql`select g as i from generate_series(${sql.lit(from)}::bigint, ${sql.lit(to - 1)}::bigint) g` : sql`select i from seq`;
  const recursive = postgres ? sql`` : sql`seq(i) as (select ${sql.lit(from)} union all select i + 1 from seq where i < ${sql.lit(to - 1)}),`;
  const stepOf = (column: string) => sql`(${sql.ref(column)} * ${sql.lit(LEHMER)}) % ${sql.lit(MODULUS)}`;
  const number = sql`cast(h.b % 100000 as text)`;
  const templateValue = (column: string) => (VARYING.has(column) ? sql`replace(t.${sql.ref(column)}, ${SENTINEL}, ${number})` : sql`t.${sql.ref(column)}`);
  const ts = sql`${sql.lit(end - FILL_SPAN)} + h.i * ${sql.lit(Math.floor(FILL_SPAN / lines))}`;
  const values = LOG_COLUMNS.map((column) => {
    if (column === 'received_at' || column === 'ts') return ts;
    if (column === 'integration') return sql`'int-' || cast(((h.d % 1000000) * (h.d % 1000000)) / 1000000000 as text)`;
    return templateValue(column);
  });
  return sql`insert into log_records (${sql.join(LOG_COLUMNS.map((column) => sql.ref(column)))})
    with recursive ${recursive}
      h1 as (select i, (i + 11) * ${sql.lit(LEHMER)} % ${sql.lit(MODULUS)} as a from (${numbers}) n),
      h2 as (select i, ${stepOf('a')} as b from h1),
      h3 as (select i, b, ${stepOf('b')} as c from h2),
      h as (select i, b, c, ${stepOf('c')} as d from h3)
    select ${sql.join(values)}
    from h join ${sql.table(TEMPLATES_TABLE)} t on t.k = h.c % ${sql.lit(TEMPLATE_SLOTS)}`;
}

/**
 * Fills `log_records` with `lines` rows ending at `end`, in chunks (one transaction each) so a
 * progress line can be printed; on PostgreSQL the day partitions are made first, as ingest would.
 */
export async function fillLogs(db: Kysely<Database>, lines: number, end: number, progress: (done: number) => void = () => undefined): Promise<void> {
  const postgres = isPostgres(db);
  const days = Array.from({ length: Math.ceil(FILL_SPAN / DAY) + 2 }, (_, k) => dayOf(end - FILL_SPAN) + k * DAY);
  await ensureDays(db, DAILY_PARENTS.filter((parent) => parent.parent === 'log_records'), days);
  await writeTemplates(db);
  const chunk = 500_000;
  for (let from = 0; from < lines; from += chunk) {
    const to = Math.min(lines, from + chunk);
    await db.transaction().execute((tx) => insertChunk(postgres, from, to, lines, end).execute(tx));
    progress(to);
  }
  await (db as unknown as Kysely<any>).schema.dropTable(TEMPLATES_TABLE).execute();
  await sql`analyze`.execute(db);
}
