import { CronExpressionParser } from 'cron-parser';
import { describeDuration } from '../catalogue/duration.js';
import type { HeartbeatCheck } from '../catalogue/types.js';
import { formatUtc } from './describe.js';

export interface LatenessInput {
  now: number;
  /** The newest ping, if any is known. */
  lastPingAt: number | undefined;
  /** When watching began (the scheduler's start, or when the check appeared). */
  since: number;
  /** The expectation a late result was already stored for, so each one is reported once. */
  reportedFor: number | undefined;
}

export interface Lateness {
  /** Set when an expectation has passed, unmet and not yet reported. */
  late?: { expectedAt: number; message: string };
  /** When the next expectation falls due (its time plus grace): evaluate again then. */
  nextCheckAt: number;
}

export class InvalidCronError extends Error {
  constructor(cron: string, cause: unknown) {
    super(`the cron schedule "${cron}" is invalid: ${(cause as Error).message}`);
    this.name = 'InvalidCronError';
  }
}

/** How much earlier than its scheduled time a cron job's ping still counts for it (clock skew). */
function earlyAllowance(check: HeartbeatCheck): number {
  return Math.min(check.graceMs, 60_000);
}

function cronAt(cron: string, at: number) {
  try {
    return CronExpressionParser.parse(cron, { currentDate: new Date(at), tz: 'UTC' });
  } catch (error) {
    throw new InvalidCronError(cron, error);
  }
}

/** Parses the schedule once, so a bad expression is reported when the check is loaded. */
export function validateCron(cron: string): void {
  cronAt(cron, Date.now()).next();
}

function byPeriod(check: HeartbeatCheck & { periodMs: number }, input: LatenessInput): Lateness {
  const { periodMs, graceMs } = check;
  const reference = input.lastPingAt ?? input.since;
  // Expectations fall at reference + k × period; the k-th is missed once its grace has passed.
  const missed = Math.floor((input.now - graceMs - reference) / periodMs);
  if (missed < 1) return { nextCheckAt: reference + periodMs + graceMs };
  const expectedAt = reference + missed * periodMs;
  const nextCheckAt = expectedAt + periodMs + graceMs;
  if (input.reportedFor !== undefined && expectedAt <= input.reportedFor) return { nextCheckAt };
  const rule = `expected every ${describeDuration(periodMs)} + ${describeDuration(graceMs)} grace`;
  const message =
    input.lastPingAt === undefined
      ? `late: no ping yet (watching since ${formatUtc(input.since, input.now)}; ${rule})`
      : `late: no ping since ${formatUtc(input.lastPingAt, input.now)} (${rule})`;
  return { late: { expectedAt, message }, nextCheckAt };
}

function byCron(check: HeartbeatCheck & { cron: string }, input: LatenessInput): Lateness {
  const { cron, graceMs } = check;
  // The newest scheduled time whose grace has run out by now.
  const expectedAt = cronAt(cron, input.now - graceMs + 1).prev().getTime();
  const nextCheckAt = cronAt(cron, expectedAt).next().getTime() + graceMs;
  const pinged = input.lastPingAt !== undefined && input.lastPingAt >= expectedAt - earlyAllowance(check);
  const watched = input.lastPingAt !== undefined || expectedAt >= input.since;
  const reported = input.reportedFor !== undefined && expectedAt <= input.reportedFor;
  if (pinged || !watched || reported) return { nextCheckAt };
  const rule = `expected at ${formatUtc(expectedAt, input.now)} by cron "${cron}" + ${describeDuration(graceMs)} grace`;
  const message =
    input.lastPingAt === undefined
      ? `late: no ping yet (${rule})`
      : `late: no ping since ${formatUtc(input.lastPingAt, input.now)} (${rule})`;
  return { late: { expectedAt, message }, nextCheckAt };
}

/**
 * Whether a heartbeat is late: by period, when no ping came within period + grace of the last
 * one (or of the start of watching); by cron, when the newest scheduled time plus grace has
 * passed with no ping at or after it. Each missed expectation is reported once.
 */
export function heartbeatLateness(check: HeartbeatCheck, input: LatenessInput): Lateness {
  if (check.cron !== undefined) return byCron({ ...check, cron: check.cron }, input);
  if (check.periodMs !== undefined) return byPeriod({ ...check, periodMs: check.periodMs }, input);
  throw new Error(`heartbeat ${check.integration}/${check.name} has neither a period nor a cron schedule`);
}
