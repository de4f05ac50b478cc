/**
 * Scheduled job runs (feed scrapes, syncs): one run per period, reported when it finishes, with
 * record counts, and the outbound calls the run makes while it works.
 */
import type { WireRecord, WireRun } from '../ingest/wire.js';
import { callRecord, describeFailure, isOk, resolveCall } from './calls.js';
import { operationOf, pickTags, type SimContext } from './context.js';
import { hashSeed, Random } from './random.js';

const RUN_SALT = 0x7a11;
const SECOND = 1_000;
/** With the start delay, a run finishes within its own period: runs never overlap and a window only needs the previous slot. */
const MAX_DURATION_SHARE = 0.8;

/** The run records, and the calls the runs made, with `fromMs ≤ ts < toMs`, unsorted. */
export function runsBetween(ctx: SimContext, fromMs: number, toMs: number): WireRecord[] {
  const out: WireRecord[] = [];
  for (const integration of ctx.integrations) {
    const id = integration.profile.id;
    const jobs = integration.profile.jobs;
    if (!jobs || !ctx.included.has(id)) continue;
    jobs.forEach((job, jobIndex) => {
      const period = job.everyMinutes * 60_000;
      const firstSlot = Math.floor(fromMs / period) - 1; // the previous slot's run may finish in this window
      const lastSlot = Math.floor((toMs - 1) / period);
      for (let slot = firstSlot; slot <= lastSlot; slot++) {
        const rng = new Random(hashSeed(ctx.seed, RUN_SALT, integration.index, jobIndex, slot));
        const startMs = slot * period + Math.floor(rng.uniform(0.01, 0.05) * period); // schedulers start a little late
        const durationMs = Math.round(
          Math.min(period * MAX_DURATION_SHARE, Math.max(10 * SECOND, rng.lognormal(job.duration.medianMs, job.duration.sigma))),
        );
        const finishMs = startMs + durationMs;
        const tags = pickTags(rng, integration);
        const links = { correlation_id: `${job.job}-${slot.toString(36)}-${rng.hex(6)}` };

        // The calls the run makes, spread over its duration; if most fail, so does the run.
        let failedCall: string | undefined;
        if (job.calls) {
          const op = operationOf(integration, job.calls.operation);
          const n = rng.int(job.calls.min, job.calls.max);
          let failures = 0;
          for (let i = 0; i < n; i++) {
            const ts = Math.round(startMs + (durationMs * (i + 0.3 + 0.4 * rng.next())) / n);
            const result = resolveCall(rng, op, ctx.incidents.callEffects(id, ts));
            if (!isOk(result)) {
              failures++;
              failedCall = `${op.profile.operation} failed: ${describeFailure(result)}`;
            }
            if (ts >= fromMs && ts < toMs) out.push(callRecord(integration, op, ts, result, tags, links));
          }
          if (failures * 2 <= n) failedCall = undefined;
        }

        // Drawn whether or not they are used, so an incident does not reshuffle later numbers.
        const failsOnItsOwn = rng.chance(job.failureRate);
        const ownError = rng.pick(job.failureErrors);
        const effects = ctx.incidents.runEffects(id, finishMs);
        const counts: Record<string, number> = {};
        for (const [name, { mean, sd }] of Object.entries(job.counts)) {
          counts[name] = Math.max(0, Math.round(rng.normal(mean, sd) * effects.countFactor));
        }
        if (finishMs < fromMs || finishMs >= toMs) continue;

        const error = failedCall ?? (effects.forceFailure || failsOnItsOwn ? ownError : undefined);
        const run: WireRun = {
          kind: 'run',
          ts: finishMs,
          integration: id,
          env: tags.env,
          site: tags.site,
          release: tags.release,
          correlation_id: links.correlation_id,
          job: job.job,
          status: error === undefined ? 'success' : 'failed',
          duration_ms: durationMs,
        };
        if (error === undefined) run.counts = counts;
        else run.error = error;
        out.push(run);
      }
    });
  }
  return out;
}
