import type { HeartbeatCheck } from '../catalogue/types.js';
import { heartbeatLateness } from './lateness.js';
import type { CheckStatus } from './types.js';

/** While a heartbeat is late, it is looked at again this often: a run arriving through ingest does not wake the scheduler the way a ping does. */
const LATE_RECHECK_MS = 60_000;

/** What is known of a heartbeat between judgements. */
export interface HeartbeatWatch {
  /** When watching began: the first deadline counts from here. */
  since: number;
  /** The newest ping or run seen. */
  lastPingAt: number | undefined;
  /** The expectation already reported late (reported once, not at every look). */
  reportedFor: number | undefined;
  lastStatus: CheckStatus | undefined;
}

export interface HeartbeatJudgement {
  /** A run that came through ingest after the late verdict: the check is up again (its time). */
  recoveredByRun?: number;
  /** The deadline missed, to report now. */
  late?: { expectedAt: number; message: string; lastPing: number | null };
  /** When to judge it next. */
  nextAt: number;
}

/** Keeps the newest of the pings and runs seen. */
export function notePingAt(watch: HeartbeatWatch, ts: number | undefined): void {
  if (ts !== undefined && (watch.lastPingAt === undefined || ts > watch.lastPingAt)) watch.lastPingAt = ts;
}

/**
 * Judges a heartbeat at `now` from the newest ping and job run in the store (either may have
 * reached another instance, or come through ingest). Updates the watch's newest ping and the
 * deadline reported; the caller stores what it says and judges again at `nextAt`.
 */
export function judgeHeartbeat(check: HeartbeatCheck, watch: HeartbeatWatch, seen: { ping?: number; run?: number }, now: number): HeartbeatJudgement {
  notePingAt(watch, seen.ping);
  notePingAt(watch, seen.run);
  const judgement: Omit<HeartbeatJudgement, 'nextAt'> = {};
  let status = watch.lastStatus;
  // A ping stores its own result; a run after the late verdict brings the check back up here.
  const { run, ping } = seen;
  const runAfterLate = run !== undefined && watch.reportedFor !== undefined && run >= watch.reportedFor;
  if (status === 'down' && runAfterLate && run === watch.lastPingAt && (ping === undefined || run > ping)) {
    judgement.recoveredByRun = run;
    status = 'up';
  }
  const verdict = heartbeatLateness(check, { now, lastPingAt: watch.lastPingAt, since: watch.since, reportedFor: watch.reportedFor });
  if (verdict.late) {
    watch.reportedFor = verdict.late.expectedAt;
    judgement.late = { expectedAt: verdict.late.expectedAt, message: verdict.late.message, lastPing: watch.lastPingAt ?? null };
    status = 'down';
  }
  const nextAt = status === 'down' ? Math.min(verdict.nextCheckAt, now + LATE_RECHECK_MS) : verdict.nextCheckAt;
  return { ...judgement, nextAt };
}
