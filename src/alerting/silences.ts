import type { Kysely, Selectable } from 'kysely';
import { InputError, NotFoundError } from '../errors.js';
import type { Database, SilencesTable } from '../store/schema.js';
import type { IntegrationFilter } from '../store/in-list.js';
import { nullableNumber } from './alerts.js';
import type { SilenceMatcher } from './lifecycle.js';

/** A silence (matchers on alert labels) or a maintenance window (an integration), as the API shows it. */
export interface SilenceView {
  id: number;
  kind: 'silence' | 'maintenance';
  matchers: SilenceMatcher[];
  starts_at: number;
  ends_at: number;
  author: string;
  reason: string;
  created_at: number;
  expired_at: number | null;
  /** In force now (started, not ended, not expired). */
  active: boolean;
}

export interface SilenceRequest {
  /** 'silence' (matchers on labels) or 'maintenance' (a window for one integration; matchers default to it). */
  kind?: 'silence' | 'maintenance';
  matchers?: SilenceMatcher[];
  /** The integration, as a shorthand for an `integration` matcher. */
  integration?: string;
  startsAt?: number;
  endsAt: number;
  author: string;
  reason: string;
  now: number;
}

const MAX_MATCHERS = 20;
const MAX_TEXT = 500;

function validMatchers(request: SilenceRequest): SilenceMatcher[] {
  const matchers = [...(request.matchers ?? [])];
  if (request.integration) matchers.push({ label: 'integration', value: request.integration });
  if (matchers.length === 0) throw new InputError('a silence needs at least one matcher (or an integration)');
  if (matchers.length > MAX_MATCHERS) throw new InputError(`a silence takes at most ${MAX_MATCHERS} matchers`);
  if (request.kind === 'maintenance' && !matchers.some((m) => m.label === 'integration' && !m.regex)) {
    throw new InputError('a maintenance window is for one integration: give "integration"');
  }
  return matchers.map((m, index) => {
    if (typeof m?.label !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(m.label)) {
      throw new InputError(`matchers[${index}].label must be a label name such as integration, severity or team`);
    }
    if (typeof m.value !== 'string' || m.value.length > MAX_TEXT) throw new InputError(`matchers[${index}].value must be a string of at most ${MAX_TEXT} characters`);
    if (m.regex) {
      try {
        new RegExp(m.value);
      } catch (error) {
        throw new InputError(`matchers[${index}] (${m.label}): invalid regular expression: ${(error as Error).message}`);
      }
    }
    return { label: m.label, value: m.value, ...(m.regex ? { regex: true } : {}) };
  });
}

function requiredText(name: string, value: string | undefined): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw new InputError(`a silence needs ${name === 'author' ? 'an author' : 'a reason'}`);
  if (text.length > MAX_TEXT) throw new InputError(`${name} must be at most ${MAX_TEXT} characters`);
  return text;
}

function toView(row: Selectable<SilencesTable>, now: number): SilenceView {
  const starts = Number(row.starts_at);
  const ends = Number(row.ends_at);
  const expired = nullableNumber(row.expired_at);
  return {
    id: Number(row.id),
    kind: row.kind as SilenceView['kind'],
    matchers: JSON.parse(row.matchers) as SilenceMatcher[],
    starts_at: starts,
    ends_at: ends,
    author: row.author,
    reason: row.reason,
    created_at: Number(row.created_at),
    expired_at: expired,
    active: starts <= now && now < ends && (expired === null || expired > now),
  };
}

/** Creates a silence or maintenance window; returns it. */
export async function createSilence(db: Kysely<Database>, request: SilenceRequest): Promise<SilenceView> {
  const matchers = validMatchers(request);
  const startsAt = request.startsAt ?? request.now;
  if (!Number.isFinite(startsAt) || !Number.isFinite(request.endsAt)) throw new InputError('starts_at and ends_at must be times');
  if (!(request.endsAt > startsAt)) throw new InputError('a silence must end after it starts');
  if (request.endsAt <= request.now) throw new InputError('a silence must end in the future');
  const row = await db
    .insertInto('silences')
    .values({
      kind: request.kind ?? 'silence',
      matchers: JSON.stringify(matchers),
      starts_at: startsAt,
      ends_at: request.endsAt,
      author: requiredText('author', request.author),
      reason: requiredText('reason', request.reason),
      created_at: request.now,
      expired_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return getSilence(db, Number(row.id), request.now);
}

export async function getSilence(db: Kysely<Database>, id: number, now: number): Promise<SilenceView> {
  const row = await db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`no silence ${id}`);
  return toView(row, now);
}

/** Ends a silence now; a silence already expired or over stays as it was. */
export async function expireSilence(db: Kysely<Database>, id: number, now: number): Promise<SilenceView> {
  await db.updateTable('silences').set({ expired_at: now }).where('id', '=', id).where('expired_at', 'is', null).where('ends_at', '>', now).execute();
  return getSilence(db, id, now);
}

/**
 * The integrations a silence can reach, as its matchers name them: the values of its `integration`
 * equality matchers (it matches only an integration equal to every one of them), or null when it
 * has none and so may silence any integration.
 */
export function integrationsNamedBy(matchers: readonly SilenceMatcher[]): string[] | null {
  const named = matchers.filter((m) => m.label === 'integration' && !m.regex).map((m) => m.value);
  return named.length === 0 ? null : [...new Set(named)];
}

/** The silence can reach only integrations that `visible` accepts. */
export function confinedTo(matchers: readonly SilenceMatcher[], visible: (integration: string) => boolean): boolean {
  const named = integrationsNamedBy(matchers);
  return named !== null && named.every(visible);
}

/**
 * Silences and maintenance windows, newest first, with whether each is in force at `now`. With
 * `integrations`, only those confined to them (see confinedTo), read page by page until `limit`.
 */
export async function listSilences(
  db: Kysely<Database>,
  options: { now: number; activeOnly?: boolean; limit?: number; integrations?: IntegrationFilter },
): Promise<SilenceView[]> {
  const limit = options.limit ?? 200;
  const visible = options.integrations === undefined ? undefined : new Set(options.integrations);
  const views: SilenceView[] = [];
  for (let offset = 0; views.length < limit; offset += limit) {
    let query = db.selectFrom('silences').selectAll();
    if (options.activeOnly) query = query.where('starts_at', '<=', options.now).where('ends_at', '>', options.now).where('expired_at', 'is', null);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    for (const row of rows) {
      const view = toView(row, options.now);
      if (!visible || confinedTo(view.matchers, (id) => visible.has(id))) views.push(view);
    }
    if (rows.length < limit) break;
  }
  return views.slice(0, limit);
}
