import { lookup, Resolver } from 'node:dns/promises';
import type { DnsCheck } from '../../catalogue/types.js';
import { ProbeTimeout } from '../describe.js';
import type { Probe } from '../types.js';

const REASONS: Record<string, string> = {
  ENOTFOUND: 'no such domain',
  ENODATA: 'no records of this type',
  ESERVFAIL: 'the DNS server failed to answer',
  EREFUSED: 'the DNS server refused the query',
  ETIMEOUT: 'the DNS query timed out',
  ECONNREFUSED: 'the DNS server is unreachable',
  EAI_AGAIN: 'the lookup failed temporarily',
  EBADNAME: 'not a valid host name',
};

/**
 * A and AAAA go through the system resolver (getaddrinfo: /etc/hosts, then DNS), the path every
 * client on this host takes to connect; CNAME, MX and TXT ask the configured DNS servers.
 */
async function resolveRecords(check: DnsCheck, resolver: Resolver): Promise<string[]> {
  switch (check.recordType) {
    case 'A':
    case 'AAAA': {
      const addresses = await lookup(check.host, { all: true, family: check.recordType === 'A' ? 4 : 6 });
      return addresses.map((entry) => entry.address);
    }
    case 'CNAME':
      return resolver.resolveCname(check.host);
    case 'MX':
      return (await resolver.resolveMx(check.host)).sort((a, b) => a.priority - b.priority).map((mx) => `${mx.priority} ${mx.exchange}`);
    case 'TXT':
      return (await resolver.resolveTxt(check.host)).map((chunks) => chunks.join(''));
  }
}

export const probeDns: Probe<DnsCheck> = async (check) => {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const resolver = new Resolver({ timeout: check.timeoutMs, tries: 1 });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      resolver.cancel();
      reject(new ProbeTimeout(check.timeoutMs));
    }, check.timeoutMs);
  });
  try {
    const records = await Promise.race([resolveRecords(check, resolver), deadline]);
    if (records.length === 0) {
      return { status: 'down', latency_ms: elapsed(), error: `${check.host} has no ${check.recordType} records` };
    }
    return { status: 'up', latency_ms: elapsed(), detail: { records: records.slice(0, 20) } };
  } catch (error) {
    if (error instanceof ProbeTimeout) return { status: 'down', latency_ms: elapsed(), error: `resolving ${check.host} (${check.recordType}) ${error.message}` };
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason = REASONS[code] ?? (error as Error).message;
    return { status: 'down', latency_ms: elapsed(), error: `${check.host} does not resolve (${check.recordType}): ${reason} (${code})`, detail: { code } };
  } finally {
    clearTimeout(timer);
  }
};
