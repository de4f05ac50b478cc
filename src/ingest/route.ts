import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { InputError } from '../errors.js';
import { confineToTenants, type TenantDirectory } from '../access/tenants.js';
import type { Database } from '../store/schema.js';
import { parseJsonBody, parseNdjsonBody, type BodyItem } from './body.js';
import { commitRecords } from './commit.js';
import { normalizeRecord, type NormalizedRecord } from './normalize.js';

export interface IngestDependencies {
  db: Kysely<Database>;
  config: Config;
  /** Told after each commit which integrations got new data (drives the console's live view). */
  onCommitted: (integrations: Set<string>) => void;
  /** Keeps a key bound to tenants to their integrations. */
  tenants: TenantDirectory;
  clock?: () => number;
}

export interface Rejection {
  index: number;
  error: string;
}

export async function ingestRoutes(app: FastifyInstance, deps: IngestDependencies): Promise<void> {
  const { config, db } = deps;
  const clock = deps.clock ?? Date.now;

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
      const accepted: NormalizedRecord[] = [];
      const rejected: Rejection[] = [];
      const owners = await deps.tenants.ownersFor(request.principal);
      items.forEach((item, position) => {
        const index = item.index ?? position;
        if ('error' in item) {
          rejected.push({ index, error: item.error });
          return;
        }
        const result = confineToTenants(request.principal, normalizeRecord(item.value, bounds), owners);
        if (result.ok) accepted.push(result.record);
        else rejected.push({ index, error: result.error });
      });
      await commitRecords(db, accepted, now, config.leadTime);
      if (accepted.length > 0) deps.onCommitted(new Set(accepted.map((record) => record.integration)));
      request.log.info(
        { operation: 'ingest', accepted: accepted.length, rejected: rejected.length },
        'ingest batch committed',
      );
      return { accepted: accepted.length, rejected };
    },
  );
}
