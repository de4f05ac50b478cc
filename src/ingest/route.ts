import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { InputError } from '../errors.js';
import { canSee, confineToTenants, type TenantDirectory } from '../access/tenants.js';
import type { Database } from '../store/schema.js';
import { parseJsonBody, parseNdjsonBody, type BodyItem } from './body.js';
import { CardinalityGuard, type SeriesRow } from './cardinality.js';
import { committerOn, type CommitBatch, type CommitStep } from './commit.js';
import { normalizeRecord } from './normalize.js';
import type { NormalizedRecord } from '../store/record.js';
import type { IngestObserver } from '../metrics/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';

export interface IngestDependencies {
  db: Kysely<Database>;
  config: Config;
  /** Told after each commit which integrations got new data (drives the console's live view). */
  onCommitted: (integrations: Set<string>) => void;
  /** Keeps a key bound to tenants to their integrations (and the limits report to what it may see). */
  tenants: TenantDirectory;
  clock?: () => number;
  /** The cardinality limits, shared by every ingest route of the server (one is made if not given). */
  cardinality?: CardinalityGuard;
  /** Told of every committed batch: the /metrics counters. */
  observer?: IngestObserver;
  /** The catalogue: its records' log signal rules (src/logs/derive.ts). */
  catalogue?: Catalogue;
  /** What other domains add to every commit (flow's lead times); none when not given. */
  commitSteps?: readonly CommitStep[];
  /**
   * Where batches of records are committed, `commitSteps` included: the server's writer worker
   * (server/ingest-writer.ts); when not given, a transaction on `db`.
   */
  commit?: CommitBatch;
}

/** The committer of the dependencies, or one on their connection. */
export function committerOf(deps: IngestDependencies): CommitBatch {
  return (deps.commit ??= committerOn(deps.db, deps.commitSteps));
}

/** The guard of the dependencies, or a new one over the configured limits. */
export function cardinalityOf(deps: IngestDependencies): CardinalityGuard {
  return (deps.cardinality ??= new CardinalityGuard({ db: deps.db, limits: deps.config.ingest.limits, expireMs: deps.config.retention.rawMs, ...(deps.clock ? { clock: deps.clock } : {}) }));
}

/**
 * The records within the cardinality limits, in order; each one past a limit is handed to
 * `reject` with its position among the records and the reason.
 */
export async function withinLimits<T = NormalizedRecord>(
  guard: CardinalityGuard,
  records: T[],
  now: number,
  reject: (position: number, error: string) => void,
  /** What the guard judges of an item that is not a record (a log line: src/logs/limits.ts). */
  judged: (item: T) => NormalizedRecord = (item) => item as NormalizedRecord,
): Promise<{ kept: T[]; series: SeriesRow[] }> {
  if (records.length === 0) return { kept: records, series: [] };
  await guard.ready();
  const { errors, series } = guard.admit(records.map(judged), now);
  const kept: T[] = [];
  records.forEach((record, position) => {
    const error = errors[position];
    if (error === undefined) kept.push(record);
    else reject(position, error);
  });
  return { kept, series };
}

export interface Rejection {
  index: number;
  error: string;
}

export async function ingestRoutes(app: FastifyInstance, deps: IngestDependencies): Promise<void> {
  const { config } = deps;
  const clock = deps.clock ?? Date.now;
  const cardinality = cardinalityOf(deps);
  const commit = committerOf(deps);

  app.removeAllContentTypeParsers();
  for (const type of ['application/json', 'application/x-ndjson']) {
    app.addContentTypeParser(type, { parseAs: 'string', bodyLimit: config.ingest.maxBodyBytes }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.post<{ Body: string }>(
    '/api/v1/ingest',
    {
      bodyLimit: config.ingest.maxBodyBytes,
      config: { permission: 'ingest' },
    },
    async (request) => {
      const started = performance.now();
      const ndjson = request.headers['content-type']?.includes('ndjson') ?? false;
      const items: Array<BodyItem & { index?: number }> = ndjson ? parseNdjsonBody(request.body) : parseJsonBody(request.body);
      if (items.length > config.ingest.maxRecords) {
        throw new InputError(
          `the body holds ${items.length} records, more than the limit of ${config.ingest.maxRecords}; split it into smaller batches`,
          'too_many_records',
          413,
        );
      }
      const now = clock();
      const bounds = { notBefore: now - config.retention.rawMs, notAfter: now + config.ingest.maxClockSkewMs };
      const valid: NormalizedRecord[] = [];
      const indexes: number[] = [];
      const rejected: Rejection[] = [];
      const owners = await deps.tenants.ownersFor(request.principal);
      items.forEach((item, position) => {
        const index = item.index ?? position;
        if ('error' in item) {
          rejected.push({ index, error: item.error });
          return;
        }
        const result = confineToTenants(request.principal, normalizeRecord(item.value, bounds), owners);
        if (result.ok) {
          valid.push(result.record);
          indexes.push(index);
        } else rejected.push({ index, error: result.error });
      });
      const limited = rejected.length;
      const { kept: accepted, series } = await withinLimits(cardinality, valid, now, (position, error) => rejected.push({ index: indexes[position]!, error }));
      // Limit rejections come after the others: the answer lists them all in index order.
      if (rejected.length > limited) rejected.sort((a, b) => a.index - b.index);
      await commit({ records: accepted, receivedAt: now, series });
      if (accepted.length > 0) deps.onCommitted(new Set(accepted.map((record) => record.integration)));
      deps.observer?.committed(accepted, {
        route: 'ingest',
        accepted: accepted.length,
        rejected: { invalid: limited, over_limit: rejected.length - limited },
        seconds: (performance.now() - started) / 1000,
      });
      request.log.info(
        { operation: 'ingest', accepted: accepted.length, rejected: rejected.length },
        'ingest batch committed',
      );
      return { accepted: accepted.length, rejected };
    },
  );

  app.get('/api/v1/ingest/limits', { config: { permission: 'read' } }, async (request) => {
    await cardinality.ready();
    const visibility = await deps.tenants.visibility(request.principal);
    return cardinality.report((integration) => canSee(visibility, integration));
  });
}
