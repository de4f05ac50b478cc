import type { CommitStep } from '../ingest/commit.js';
import { leadTimeStep } from '../flow/lead-times.js';
import type { LeadTimeEvents } from '../flow/events.js';

/**
 * What other domains add to every commit of records: flow's lead times. One list, so that the
 * server's connection and the writer worker (server/write-worker.ts) commit the same.
 */
export function commitSteps(leadTime: LeadTimeEvents): CommitStep[] {
  return [leadTimeStep(leadTime)];
}
