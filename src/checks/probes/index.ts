import type { CheckDefinition } from '../../catalogue/types.js';
import { redactText } from '../../ingest/redact.js';
import { describeError } from '../describe.js';
import type { CheckResult, ProbeContext } from '../types.js';
import { probeDns } from './dns.js';
import { probeHttp } from './http.js';
import { probeTcp } from './tcp.js';
import { probeTls } from './tls.js';

export { probeDns, probeHttp, probeTcp, probeTls };

export type ActiveCheck = Exclude<CheckDefinition, { type: 'heartbeat' }>;

export function isActive(check: CheckDefinition): check is ActiveCheck {
  return check.type !== 'heartbeat';
}

/**
 * Runs one active check. Never throws: anything unexpected becomes a `down` result, so a probe
 * bug shows on the board instead of stopping the scheduler.
 */
export async function probe(check: ActiveCheck, context: ProbeContext = {}): Promise<CheckResult> {
  try {
    switch (check.type) {
      case 'http':
        return await probeHttp(check, context);
      case 'tls':
        return await probeTls(check, context);
      case 'tcp':
        return await probeTcp(check, context);
      case 'dns':
        return await probeDns(check, context);
    }
  } catch (error) {
    return { status: 'down', latency_ms: 0, error: redactText(`probe failed unexpectedly: ${describeError(error)}`) };
  }
}
