import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Engine } from '../store/engine.js';

/** One thing somebody did or read, as it goes into the trail. */
export interface AuditEntry {
  ts: number;
  actor: string;
  actorKind: string;
  address: string | null;
  action: string;
  /** ok, refused (403, bad credentials) or failed (the action itself failed). */
  outcome: string;
  integration?: string | null;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

type Row = Database['audit_log'];

/** An entry as the API answers it: the JSON columns parsed. */
export type StoredAuditEntry = Omit<Row, 'id' | 'before_value' | 'after_value' | 'detail'> & {
  id: number;
  before: unknown;
  after: unknown;
  detail: unknown;
};

type Content = Omit<Row, 'id' | 'hash' | 'prev_hash'>;

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** The hash of an entry: its id, its content in a fixed order, and the previous entry's hash. */
export function entryHash(id: number, content: Content, prevHash: string): string {
  const canonical = JSON.stringify([
    id,
    Number(content.ts),
    content.actor,
    content.actor_kind,
    content.address,
    content.action,
    content.outcome,
    content.integration,
    content.target,
    content.before_value,
    content.after_value,
    content.detail,
    prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** The most entries one group commit writes. */
const AUDIT_GROUP_LIMIT = 500;

/**
 * The audit trail: append-only, each entry chained to the one before by its hash, so an edited,
 * inserted or deleted entry breaks the chain where `verifyAuditTrail` will find it. Appends are
 * serialised on the chain's head row (SQLite's write lock does that by itself; PostgreSQL locks
 * the row), so several instances on one store still build one chain.
 */
export class AuditTrail {
  /** Entries waiting for the next commit, each with the promise its caller awaits. */
  private pending: Array<{ content: Content; resolve: (id: number) => void; reject: (error: unknown) => void }> = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: Engine,
  ) {}

  /**
   * Resolves once the entry is committed. Entries that arrive while a commit is running go into
   * the next one together (a group commit): every audited read must be on disk before its answer
   * leaves, and one durable commit per request would hold a busy server on its disk.
   */
  append(entry: AuditEntry): Promise<number> {
    const content: Content = {
      ts: entry.ts,
      actor: entry.actor,
      actor_kind: entry.actorKind,
      address: entry.address,
      action: entry.action,
      outcome: entry.outcome,
      integration: entry.integration ?? null,
      target: entry.target ?? null,
      before_value: json(entry.before),
      after_value: json(entry.after),
      detail: json(entry.detail),
    };
    return new Promise((resolve, reject) => {
      this.pending.push({ content, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, AUDIT_GROUP_LIMIT);
      try {
        const ids = await this.commit(batch.map((item) => item.content));
        batch.forEach((item, i) => item.resolve(ids[i]!));
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.flushing = undefined;
  }

  private commit(contents: readonly Content[]): Promise<number[]> {
    return this.db.transaction().execute(async (tx) => {
      const head =
        this.engine === 'postgres'
          ? await tx.selectFrom('audit_head').selectAll().where('singleton', '=', 1).forUpdate().executeTakeFirstOrThrow()
          : await tx.selectFrom('audit_head').selectAll().where('singleton', '=', 1).executeTakeFirstOrThrow();
      let last = { id: head.last_id, hash: head.last_hash };
      const ids: number[] = [];
      for (const content of contents) {
        const inserted = await tx
          .insertInto('audit_log')
          .values({ ...content, prev_hash: last.hash, hash: 'pending' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(inserted.id);
        const hash = entryHash(id, content, last.hash);
        await tx.updateTable('audit_log').set({ hash }).where('id', '=', id).execute();
        last = { id, hash };
        ids.push(id);
      }
      await tx.updateTable('audit_head').set({ last_id: last.id, last_hash: last.hash }).where('singleton', '=', 1).execute();
      return ids;
    });
  }
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  integration?: string;
  from?: number;
  to?: number;
  /** Entries older than this id (the cursor of the previous page). */
  before?: number;
  limit: number;
}

function viewOf(row: Row & { id: number }): StoredAuditEntry {
  const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));
  return {
    id: Number(row.id),
    ts: Number(row.ts),
    actor: row.actor,
    actor_kind: row.actor_kind,
    address: row.address,
    action: row.action,
    outcome: row.outcome,
    integration: row.integration,
    target: row.target,
    before: parse(row.before_value),
    after: parse(row.after_value),
    detail: parse(row.detail),
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}

/** Newest first, a page at a time. An action ending in ".*" matches every action under it. */
export async function listAudit(db: Kysely<Database>, filter: AuditFilter): Promise<StoredAuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.action) {
    query = filter.action.endsWith('.*') ? query.where('action', 'like', `${filter.action.slice(0, -1)}%`) : query.where('action', '=', filter.action);
  }
  if (filter.integration) query = query.where('integration', '=', filter.integration);
  if (filter.from !== undefined) query = query.where('ts', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('ts', '<', filter.to);
  if (filter.before !== undefined) query = query.where('id', '<', filter.before);
  return (await query.execute()).map((row) => viewOf(row as Row & { id: number }));
}

export interface AuditProblem {
  id: number | null;
  problem: string;
}

/**
 * Walks the chain oldest first, a page at a time, and names every entry whose hash does not
 * match its content, every break in the chain (an entry deleted or inserted before it), and a
 * head that no longer matches the newest entry (the newest entries deleted).
 */
export async function verifyAuditTrail(db: Kysely<Database>, pageSize = 5_000): Promise<{ checked: number; problems: AuditProblem[] }> {
  const head = await db.selectFrom('audit_head').selectAll().where('singleton', '=', 1).executeTakeFirstOrThrow();
  const problems: AuditProblem[] = [];
  let previous = { id: Number(head.pruned_before_id) - 1, hash: head.pruned_hash };
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', previous.id).orderBy('id').limit(pageSize).execute();
    for (const row of rows) {
      const id = Number(row.id);
      checked++;
      if (row.prev_hash !== previous.hash) {
        problems.push({
          id,
          problem:
            id === previous.id + 1
              ? `entry ${id} does not follow entry ${previous.id}: the chain was rewritten`
              : `entry ${id} does not follow entry ${previous.id}: ${id - previous.id - 1 > 1 ? `entries ${previous.id + 1}–${id - 1} were` : `entry ${previous.id + 1} was`} deleted or rewritten`,
        });
      }
      const { id: _id, hash, prev_hash: prevHash, ...content } = row;
      if (entryHash(id, content, prevHash) !== hash) problems.push({ id, problem: `entry ${id} was edited: its content no longer matches its hash` });
      previous = { id, hash };
    }
    if (rows.length < pageSize) break;
  }
  if (Number(head.last_id) !== previous.id || head.last_hash !== previous.hash) {
    problems.push({
      id: Number(head.last_id),
      problem:
        Number(head.last_id) > previous.id
          ? `the newest entries after ${previous.id} (up to ${head.last_id}) were deleted`
          : `the chain's head names entry ${head.last_id}, but the newest entry is ${previous.id}`,
    });
  }
  return { checked, problems };
}

/**
 * Removes entries older than the retention: first the chain's anchor moves to the first entry
 * kept (verification starts there), then the older entries go in chunks.
 */
export async function pruneAudit(db: Kysely<Database>, keepMs: number, now: number, chunk = 5_000): Promise<number> {
  const firstKept = await db.selectFrom('audit_log').select(['id', 'prev_hash']).where('ts', '>=', now - keepMs).orderBy('id').limit(1).executeTakeFirst();
  const head = await db.selectFrom('audit_head').selectAll().where('singleton', '=', 1).executeTakeFirstOrThrow();
  const cut = firstKept ? Number(firstKept.id) : Number(head.last_id) + 1;
  if (cut <= Number(head.pruned_before_id)) return 0;
  await db
    .updateTable('audit_head')
    .set({ pruned_before_id: cut, pruned_hash: firstKept ? firstKept.prev_hash : head.last_hash })
    .where('singleton', '=', 1)
    .execute();
  let deleted = 0;
  for (;;) {
    const victims = db.selectFrom('audit_log').select('id').where('id', '<', cut).limit(chunk);
    const result = await db.deleteFrom('audit_log').where('id', 'in', victims).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
    if (Number(result.numDeletedRows) < chunk) return deleted;
  }
}
