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
  /** The longest it may hold from now (or from its start, when later): a silence, a maintenance window. */
  limits?: SilenceLimits;
}

export interface SilenceLimits {
  maxDurationMs: number;
  maintenanceMaxDurationMs: number;
}

/** Without configuration: 90 days for a silence, a year and a day for a maintenance window. */
export const DEFAULT_SILENCE_LIMITS: SilenceLimits = { maxDurationMs: 90 * 86_400_000, maintenanceMaxDurationMs: 366 * 86_400_000 };

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
  // An end in a thousand years is a silence nobody will remember to lift: refuse it with the limit.
  const limits = request.limits ?? DEFAULT_SILENCE_LIMITS;
  const maintenance = request.kind === 'maintenance';
  const longest = maintenance ? limits.maintenanceMaxDurationMs : limits.maxDurationMs;
  const what = maintenance ? 'a maintenance window' : 'a silence';
  const days = (ms: number) => `${Math.round((ms / 86_400_000) * 10) / 10} days`;
  if (startsAt - request.now > limits.maintenanceMaxDurationMs) {
    throw new InputError(`${what} may start at most ${days(limits.maintenanceMaxDurationMs)} ahead; this one starts in ${days(startsAt - request.now)}`, 'silence_too_long');
  }
  if (request.endsAt - Math.max(startsAt, request.now) > longest) {
    throw new InputError(
      `${what} may last at most ${days(longest)}${maintenance ? '' : ` (a maintenance window up to ${days(limits.maintenanceMaxDurationMs)})`}; this one would last ${days(request.endsAt - Math.max(startsAt, request.now))}: give an earlier ends_at or a shorter duration`,
      'silence_too_long',
    );
  }
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

/** The key of a silence in the list's order (newest first): its creation time and id. */
export type SilenceKey = readonly [createdAt: number, id: number];

/** Rows a page reads at most, so a caller bound to tenants who may see few silences costs no more than one who sees all. */
const MAX_SCANNED_PAGES = 10;

/**
 * Silences and maintenance windows, newest first, with whether each is in force at `now`. With
 * `integrations`, only those confined to them (see confinedTo), read page by page until `limit`
 * (or until MAX_SCANNED_PAGES pages were read: `next` then says where to go on).
 */
export async function listSilencePage(
  db: Kysely<Database>,
  options: { now: number; activeOnly?: boolean; limit?: number; integrations?: IntegrationFilter; before?: SilenceKey },
): Promise<{ silences: SilenceView[]; next: SilenceKey | null }> {
  const limit = options.limit ?? 200;
  const visible = options.integrations === undefined ? undefined : new Set(options.integrations);
  const views: SilenceView[] = [];
  let before = options.before;
  for (let pages = 0; pages < MAX_SCANNED_PAGES; pages++) {
    let query = db.selectFrom('silences').selectAll();
    if (options.activeOnly) query = query.where('starts_at', '<=', options.now).where('ends_at', '>', options.now).where('expired_at', 'is', null);
    if (before) {
      const [createdAt, id] = before;
      query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    for (const row of rows.slice(0, limit)) {
      before = [Number(row.created_at), Number(row.id)];
      const view = toView(row, options.now);
      if (!visible || confinedTo(view.matchers, (id) => visible.has(id))) views.push(view);
      if (views.length === limit) return { silences: views, next: rows.length > limit || row !== rows[rows.length - 1] ? before : null };
    }
    if (rows.length <= limit) return { silences: views, next: null };
  }
  return { silences: views, next: before ?? null };
}

/** The silences of the first page (see listSilencePage). */
export async function listSilences(
  db: Kysely<Database>,
  options: { now: number; activeOnly?: boolean; limit?: number; integrations?: IntegrationFilter },
): Promise<SilenceView[]> {
  return (await listSilencePage(db, options)).silences;
}
