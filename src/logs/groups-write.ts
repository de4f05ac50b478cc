import { sql, type Transaction } from 'kysely';
import { chunksOf, inChunks, IDS_PER_STATEMENT, rowsPerStatement } from '../store/chunks.js';
import type { Database, LogErrorGroupsTable } from '../store/schema.js';
import { fingerprintOf } from './fingerprint.js';
import type { NormalizedLog } from './record.js';

/**
 * Error groups per integration at most: each is a row and a rollup series, so a message that
 * carries something unique the patterns do not catch must not grow them without end. Lines of a
 * new type past it go to one group per integration, "other error types" (docs/logs.md).
 */
export const MAX_GROUPS_PER_INTEGRATION = 500;
export const OTHER_PATTERN = '(other error types: this integration has reached the limit of error groups)';
export const OTHER_FINGERPRINT = fingerprintOf(OTHER_PATTERN);

/**
 * Moves the batch's lines of error types new to an integration already at the group limit into
 * its "other" group, in place, before the lines are stored.
 */
export async function boundGroups(tx: Transaction<Database>, logs: NormalizedLog[]): Promise<void> {
  const byIntegration = new Map<string, Set<string>>();
  for (const log of logs) {
    if (log.fingerprint === null) continue;
    let set = byIntegration.get(log.integration);
    if (!set) byIntegration.set(log.integration, (set = new Set()));
    set.add(log.fingerprint);
  }
  if (byIntegration.size === 0) return;
  // One read for the batch instead of one per integration: the groups of its integrations ×
  // fingerprints (the primary key answers it), a superset of its pairs sorted out here.
  const fingerprints = [...new Set([...byIntegration.values()].flatMap((set) => [...set]))];
  const known = new Set(
    (await inChunks([...byIntegration.keys()], IDS_PER_STATEMENT, (integrations) =>
      inChunks(fingerprints, IDS_PER_STATEMENT, (chunk) =>
        tx.selectFrom('log_error_groups').select(['integration', 'fingerprint']).where('integration', 'in', integrations).where('fingerprint', 'in', chunk).execute(),
      ),
    )).map((row) => `${row.integration}\u0000${row.fingerprint}`),
  );
  const fresh = new Map<string, string[]>();
  for (const [integration, set] of byIntegration) {
    const unknown = [...set].filter((fingerprint) => !known.has(`${integration}\u0000${fingerprint}`));
    if (unknown.length > 0) fresh.set(integration, unknown);
  }
  if (fresh.size === 0) return;
  const counted = await inChunks([...fresh.keys()], IDS_PER_STATEMENT, (integrations) =>
    tx
      .selectFrom('log_error_groups')
      .select((eb) => ['integration', eb.fn.countAll<number>().as('groups')])
      .where('integration', 'in', integrations)
      .groupBy('integration')
      .execute(),
  );
  const groupsOf = new Map(counted.map((row) => [row.integration, Number(row.groups)]));
  const moved = new Set<string>();
  for (const [integration, unknown] of fresh) {
    // Room for the first of the new ones, in the batch's order; the rest go to "other".
    const room = Math.max(0, MAX_GROUPS_PER_INTEGRATION - (groupsOf.get(integration) ?? 0));
    for (const fingerprint of unknown.slice(room)) moved.add(`${integration}\u0000${fingerprint}`);
  }
  if (moved.size === 0) return;
  for (const log of logs) {
    if (log.fingerprint !== null && moved.has(`${log.integration}\u0000${log.fingerprint}`)) {
      log.fingerprint = OTHER_FINGERPRINT;
      log.pattern = OTHER_PATTERN;
    }
  }
}

const RANK: Record<string, number> = { warn: 1, error: 2, fatal: 3 };

/** Adds the batch's grouped lines to their groups: counts, first and last seen, the newest sample, the worst level. */
export async function noteGroups(tx: Transaction<Database>, logs: readonly NormalizedLog[]): Promise<void> {
  const groups = new Map<string, LogErrorGroupsTable>();
  for (const log of logs) {
    if (log.fingerprint === null) continue;
    const key = `${log.integration}\u0000${log.fingerprint}`;
    const sample = log.message ?? log.operation ?? log.level;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { integration: log.integration, fingerprint: log.fingerprint, level: log.level, pattern: log.pattern ?? sample, sample, sample_ts: log.ts, first_seen: log.ts, last_seen: log.ts, lines: 1 });
      continue;
    }
    group.lines += 1;
    group.first_seen = Math.min(group.first_seen, log.ts);
    if (log.ts >= group.last_seen) {
      group.last_seen = log.ts;
      group.sample = sample;
      group.sample_ts = log.ts;
    }
    if ((RANK[log.level] ?? 0) > (RANK[group.level] ?? 0)) group.level = log.level;
  }
  for (const chunk of chunksOf([...groups.values()], rowsPerStatement(9))) {
    await tx
      .insertInto('log_error_groups')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['integration', 'fingerprint']).doUpdateSet({
          lines: sql`log_error_groups.lines + excluded.lines`,
          first_seen: sql`case when excluded.first_seen < log_error_groups.first_seen then excluded.first_seen else log_error_groups.first_seen end`,
          last_seen: sql`case when excluded.last_seen > log_error_groups.last_seen then excluded.last_seen else log_error_groups.last_seen end`,
          sample: sql`case when excluded.sample_ts >= log_error_groups.sample_ts then excluded.sample else log_error_groups.sample end`,
          sample_ts: sql`case when excluded.sample_ts >= log_error_groups.sample_ts then excluded.sample_ts else log_error_groups.sample_ts end`,
          level: sql`case when log_error_groups.level = 'warn' or (log_error_groups.level = 'error' and excluded.level = 'fatal') then excluded.level else log_error_groups.level end`,
        }),
      )
      .execute();
  }
}
