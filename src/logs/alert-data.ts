import type { Kysely } from 'kysely';
import type { AlertRule } from '../alerting/rules/types.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import { inChunks, IDS_PER_STATEMENT } from '../store/chunks.js';
import type { Database } from '../store/schema.js';

/** One error type of an integration as a log_errors rule judges it. */
export interface ErrorTypeCounts {
  fingerprint: string;
  level: string;
  pattern: string;
  sample: string;
  firstSeen: number;
  /** Lines in the rule's window, and in the baseline before it. */
  lines: number;
  baselineLines: number;
}

/** Defaults of a log_errors rule (docs/alerting.md, "log_errors"). */
export const LOG_ERRORS_DEFAULTS = { baselineMs: 24 * 60 * MINUTE, jump: 3, minLines: 5, level: 'error' as const };

const LEVELS = { error: ['error', 'fatal'], warn: ['warn', 'error', 'fatal'] } as const;

/**
 * The error types of the integrations log_errors rules judge, with their lines in each rule's
 * window and baseline, summed on the minute tier of the error-type rollups (ingest writes it, so
 * it holds every line of its retention exactly once, partial or compacted). Bounded: an integration
 * has at most MAX_GROUPS_PER_INTEGRATION types.
 */
export class LogErrorData {
  private constructor(private readonly byKey: Map<string, ErrorTypeCounts[]>) {}

  static async load(db: Kysely<Database>, now: number, rules: ReadonlyArray<{ rule: AlertRule; integration: string }>): Promise<LogErrorData> {
    const byKey = new Map<string, ErrorTypeCounts[]>();
    for (const { rule, integration } of rules) {
      if (rule.kind !== 'log_errors') continue;
      const key = `${rule.name}\u0000${integration}`;
      if (byKey.has(key)) continue;
      const end = floorTo(now, MINUTE) + MINUTE;
      const windowStart = end - Math.ceil(rule.windowMs / MINUTE) * MINUTE;
      const baselineStart = windowStart - (rule.logBaselineMs ?? LOG_ERRORS_DEFAULTS.baselineMs);
      const sums = async (from: number, to: number) =>
        new Map(
          (
            await db
              .selectFrom('log_error_rollups')
              .select(['fingerprint', (eb) => eb.fn.sum<number>('lines').as('lines')])
              .where('resolution_ms', '=', MINUTE)
              .where('integration', '=', integration)
              .where('bucket', '>=', from)
              .where('bucket', '<', to)
              .groupBy('fingerprint')
              .execute()
          ).map((row) => [row.fingerprint, Number(row.lines)]),
        );
      const inWindow = await sums(windowStart, end);
      const fingerprints = [...inWindow.keys()];
      if (fingerprints.length === 0) {
        byKey.set(key, []);
        continue;
      }
      const baseline = await sums(baselineStart, windowStart);
      const levels = LEVELS[rule.logLevel ?? LOG_ERRORS_DEFAULTS.level];
      const groups = await inChunks(fingerprints, IDS_PER_STATEMENT, (chunk) =>
        db.selectFrom('log_error_groups').selectAll().where('integration', '=', integration).where('fingerprint', 'in', chunk).where('level', 'in', [...levels]).execute(),
      );
      byKey.set(
        key,
        groups.map((group) => ({
          fingerprint: group.fingerprint,
          level: group.level,
          pattern: group.pattern,
          sample: group.sample,
          firstSeen: Number(group.first_seen),
          lines: inWindow.get(group.fingerprint) ?? 0,
          baselineLines: baseline.get(group.fingerprint) ?? 0,
        })),
      );
    }
    return new LogErrorData(byKey);
  }

  of(rule: AlertRule, integration: string): ErrorTypeCounts[] {
    return this.byKey.get(`${rule.name}\u0000${integration}`) ?? [];
  }
}
