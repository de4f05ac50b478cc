/**
 * Steady traffic: the calls an integration makes (or receives) regardless of individual orders —
 * polling, syncs, listing pushes, token refreshes — following the day cycle.
 *
 * Traffic is generated one whole minute at a time, each (integration, operation, minute) and each
 * call in it from its own seed; a window takes the calls of the minutes it overlaps. Retries land a few seconds after the
 * call they repeat, so a minute's calls can spill into the next one.
 */
import type { WireCall } from '../ingest/wire.js';
import { callRecord, isRetryable, resolveCall } from './calls.js';
import { pickTags, type SimContext } from './context.js';
import { dayFactor } from './daycycle.js';
import { NO_CALL_EFFECTS } from './incidents.js';
import { hashSeed, Random } from './random.js';

export const MINUTE_MS = 60_000;

/**
 * How far past its minute a call's retries may land; later retries are not made. Two retries of a
 * 30 s timeout with backoff stay well inside it.
 */
export const STEADY_SPILL_MS = 2 * MINUTE_MS;

const STEADY_SALT = 0x57ea;
const MAX_ATTEMPTS = 3;
/** Clients retry most transient failures; some give up and let the next poll catch up. */
const RETRY_SHARE = 0.7;

/** The steady calls that start in minute `minute` (epoch minutes), with their retries, unsorted. */
export function steadyCallsOfMinute(ctx: SimContext, minute: number): WireCall[] {
  const out: WireCall[] = [];
  const minuteStart = minute * MINUTE_MS;
  for (const integration of ctx.integrations) {
    const id = integration.profile.id;
    if (!ctx.included.has(id)) continue;
    const factor = dayFactor(minuteStart + MINUTE_MS / 2, integration.profile.nightFloor) * ctx.scale;
    const troubled = ctx.incidents.touches(id, minuteStart, minuteStart + MINUTE_MS + STEADY_SPILL_MS);
    for (const op of integration.operations) {
      const peak = op.profile.peakPerMin;
      if (peak <= 0) continue;
      const sliceSeed = hashSeed(ctx.seed, STEADY_SALT, integration.index, op.index, minute);
      const count = new Random(sliceSeed).poisson(peak * factor);
      const inbound = op.profile.direction === 'inbound';
      for (let i = 0; i < count; i++) {
        // Each call draws from its own seed: an incident changing one call's retries must not change
        // the calls after it (some of which a live feeder may already have sent).
        const rng = new Random(hashSeed(sliceSeed, i));
        let ts = minuteStart + Math.floor(rng.next() * MINUTE_MS);
        const tags = pickTags(rng, integration);
        const links = { correlation_id: rng.hex(16) };
        for (let attempt = 1; ; attempt++) {
          const effects = troubled ? ctx.incidents.callEffects(id, ts) : NO_CALL_EFFECTS;
          const result = resolveCall(rng, op, effects);
          // A partner that stops calling us leaves no record at all; the draws still happen so the
          // rest of the minute is unchanged.
          if (!(inbound && effects.webhookGap)) out.push(callRecord(integration, op, ts, result, tags, links, attempt));
          if (attempt >= MAX_ATTEMPTS || !isRetryable(result) || !rng.chance(RETRY_SHARE)) break;
          const backoff = result.status === 429 ? rng.uniform(2_000, 8_000) : rng.uniform(500, 4_000) * attempt;
          ts = Math.round(ts + result.latencyMs + backoff);
          if (ts >= minuteStart + MINUTE_MS + STEADY_SPILL_MS) break;
        }
      }
    }
  }
  return out;
}
