/** Active checks and heartbeats: what the server wires in. */
export { CheckScheduler, type CheckSchedulerOptions } from './scheduler.js';
export { checkRoutes, type CheckRouteDependencies } from './routes.js';
export { latestCheckStates, type CheckState } from './state.js';
export { deleteOldCheckResults } from './store.js';
export { probe } from './probes/index.js';
export { CheckRateLimitedError } from './errors.js';
export type { CheckResult, StoredCheckResult, ProbeContext } from './types.js';
