import type { Kysely, Selectable } from 'kysely';
import { segmentQuery } from '../../query/segment-query.js';
import { MINUTE } from '../../rollup/tiers.js';
import type { Database, LeadTimeRollupsTable } from '../../store/schema.js';
import type { AlertRule } from '../rules/types.js';
import { SketchView } from './sketch-view.js';

/** Which lead times a rule judges: its filters, and the start → end pair when it names one. */
export interface LeadTimeScope {
  env?: string;
  site?: string;
  startEvent?: string;
  endEvent?: string;
}

type LeadTimeRow = Pick<Selectable<LeadTimeRollupsTable>, 'bucket' | 'integration' | 'start_integration' | 'start_name' | 'end_name' | 'env' | 'site' | 'lead_times' | 'lead_time_sketch'>;

function matches(row: LeadTimeRow, integration: string, scope: LeadTimeScope): boolean {
  return (
    (row.integration === integration || row.start_integration === integration) &&
    (scope.env === undefined || row.env === scope.env) &&
    (scope.site === undefined || row.site === scope.site) &&
    (scope.startEvent === undefined || row.start_name === scope.startEvent) &&
    (scope.endEvent === undefined || row.end_name === scope.endEvent)
  );
}

/** The minute lead-time rollups of the cycle's span, when a lead_time rule is in force. */
export class LeadTimeData {
  private readonly views = new Map<string, SketchView>();

  private constructor(
    readonly start: number,
    readonly minutes: number,
    private readonly rows: LeadTimeRow[],
  ) {}

  static async load(db: Kysely<Database>, start: number, minutes: number, rules: Array<{ rule: AlertRule }>): Promise<LeadTimeData> {
    if (!rules.some(({ rule }) => rule.kind === 'lead_time')) return new LeadTimeData(start, minutes, []);
    // A day of minute rows at most: few series, so one read of all of them.
    // The minute tier holds every lead time of its retention (ingest writes it): no finer rows to add.
    const rows = (await segmentQuery(db, 'lead_time_rollups', { resolution: MINUTE, from: start, to: start + minutes * MINUTE }, [
      'integration', 'start_integration', 'start_name', 'end_name', 'env', 'site', 'lead_times', 'lead_time_sketch',
    ])
      .selectAll()
      .execute()) as LeadTimeRow[];
    return new LeadTimeData(start, minutes, rows.map((row) => ({ ...row, bucket: Number(row.bucket), lead_times: Number(row.lead_times) })));
  }

  /** Lead times of the orders an integration received (its start events) or shipped (its end events). */
  view(integration: string, scope: LeadTimeScope): SketchView {
    const key = [integration, scope.env, scope.site, scope.startEvent, scope.endEvent].map((part) => part ?? '').join('\u0000');
    let view = this.views.get(key);
    if (!view) {
      const rows = this.rows.filter((row) => matches(row, integration, scope));
      view = new SketchView(
        this.minutes,
        this.start,
        rows.map((row) => ({ bucket: row.bucket, volume: row.lead_times })),
        rows.map((row) => ({ bucket: row.bucket, sketch: row.lead_time_sketch })),
      );
      this.views.set(key, view);
    }
    return view;
  }
}
