import type { Kysely } from 'kysely';
import type { CatalogueEntry } from '../catalogue/types.js';
import { OUTCOMES } from '../common/outcome.js';
import { segmentQuery } from '../query/segment-query.js';
import type { OutcomeCounts } from '../rollup/series.js';
import { LatencySketch } from '../rollup/sketch.js';
import { MINUTE, floorTo } from '../rollup/tiers.js';
import type { Database } from '../store/schema.js';
import type { FreshnessState, MinuteSignals, RecentSignals } from './evaluate.js';

/** The window rates are judged over, and how far back "for N min" looks. */
export const JUDGED_WINDOW_MS = 15 * MINUTE;
const HISTORY_MINUTES = 60;

const FAILURE_CLASSES = ['server_error', 'timeout', 'network_error', 'rate_limited', 'auth_error'] as const;

/**
 * Recent golden signals of every integration from the minute tier: the judged window as a whole,
 * and the last hour minute by minute (to say how long a condition has held).
 */
export async function recentSignals(db: Kysely<Database>, now: number): Promise<Map<string, RecentSignals>> {
  const end = floorTo(now, MINUTE) + MINUTE;
  const start = end - HISTORY_MINUTES * MINUTE;
  const judgedFrom = end - JUDGED_WINDOW_MS;
  // Per integration alone: a row per integration and minute, however many operations it has.
  const rows = (await segmentQuery(db, 'integration_rollups', { resolution: MINUTE, from: start, to: end }, ['integration', 'volume', ...OUTCOMES, 'latency_sketch'])
    .selectAll()
    .execute()) as Array<OutcomeCounts & { integration: string; bucket: number; latency_sketch: Uint8Array }>;

  // Sketches stay encoded until a latency target asks for a p95: most integrations have none, and
  // decoding an hour of minutes for a thousand integrations would cost more than the read itself.
  type Minute = { t: number; volume: number; ok: number; failed: number; sketches: Uint8Array[] };
  const perIntegration = new Map<string, { minutes: Minute[]; failures: Record<string, number> }>();
  for (const row of rows) {
    let entry = perIntegration.get(row.integration);
    if (!entry) {
      entry = { minutes: Array.from({ length: HISTORY_MINUTES }, (_, i) => ({ t: start + i * MINUTE, volume: 0, ok: 0, failed: 0, sketches: [] })), failures: {} };
      perIntegration.set(row.integration, entry);
    }
    const bucket = Number(row.bucket);
    const minute = entry.minutes[Math.floor((bucket - start) / MINUTE)];
    if (!minute) continue;
    minute.volume += Number(row.volume);
    minute.ok += Number(row.ok);
    minute.failed += FAILURE_CLASSES.reduce((sum, outcome) => sum + Number(row[outcome]), 0);
    minute.sketches.push(row.latency_sketch);
    if (bucket >= judgedFrom) for (const outcome of FAILURE_CLASSES) entry.failures[outcome] = (entry.failures[outcome] ?? 0) + Number(row[outcome]);
  }

  const signals = new Map<string, RecentSignals>();
  for (const [id, entry] of perIntegration) {
    const minutes = entry.minutes.map(({ sketches, ...counts }): MinuteSignals => lazyP95(counts, sketches));
    const judged = entry.minutes.filter((m) => m.t >= judgedFrom);
    const worst = Object.entries(entry.failures).sort((a, b) => b[1] - a[1])[0];
    const counts = {
      windowMs: JUDGED_WINDOW_MS,
      volume: judged.reduce((sum, m) => sum + m.volume, 0),
      ok: judged.reduce((sum, m) => sum + m.ok, 0),
      failed: judged.reduce((sum, m) => sum + m.failed, 0),
      worstOutcome: worst && worst[1] > 0 ? worst[0] : null,
      minutes,
    };
    signals.set(id, lazyP95(counts, judged.flatMap((m) => m.sketches)));
  }
  return signals;
}

/** `fields` with a p95 of the merged sketches, computed when first read. */
function lazyP95<T extends object>(fields: T, sketches: readonly Uint8Array[]): T & { readonly p95: number | null } {
  let p95: number | null | undefined;
  return Object.defineProperty(fields, 'p95', {
    enumerable: true,
    get: () => {
      if (p95 === undefined) {
        const merged = new LatencySketch();
        for (const sketch of sketches) merged.mergeEncoded(sketch);
        p95 = merged.quantile(0.95);
      }
      return p95;
    },
  }) as T & { readonly p95: number | null };
}

export function noSignals(): RecentSignals {
  return { windowMs: JUDGED_WINDOW_MS, volume: 0, ok: 0, failed: 0, worstOutcome: null, p95: null, minutes: [] };
}

/** The newest record each freshness target of an integration watches. */
export async function freshnessStates(db: Kysely<Database>, entry: CatalogueEntry, now: number): Promise<FreshnessState[]> {
  const states: FreshnessState[] = [];
  for (const target of entry.slo.freshness) {
    let query = db
      .selectFrom('records')
      .select((eb) => eb.fn.max('ts').as('last'))
      .where('integration', '=', entry.id)
      .where('ts', '<=', now);
    query = target.event
      ? query.where('kind', '=', 'event').where('name', '=', target.event)
      : query.where('kind', '=', 'run').where('job', '=', target.job!).where('run_status', '=', 'success');
    const row = await query.executeTakeFirst();
    states.push({ target, lastTs: row?.last === null || row?.last === undefined ? null : Number(row.last) });
  }
  return states;
}
