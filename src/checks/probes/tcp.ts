import { connect } from 'node:net';
import type { TcpCheck } from '../../catalogue/types.js';
import { describeError, ProbeTimeout } from '../describe.js';
import type { Probe } from '../types.js';

/** Up when a TCP connection opens within the timeout; closed at once. */
export const probeTcp: Probe<TcpCheck> = (check) =>
  new Promise((resolve) => {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    let settled = false;
    const socket = connect({ host: check.host, port: check.port });
    const finish = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const latency = elapsed();
      const address = socket.remoteAddress;
      socket.destroy();
      if (error) resolve({ status: 'down', latency_ms: latency, error: `cannot connect to ${check.host}:${check.port}: ${describeError(error)}` });
      else resolve({ status: 'up', latency_ms: latency, detail: address ? { address } : {} });
    };
    const timer = setTimeout(() => finish(new ProbeTimeout(check.timeoutMs)), check.timeoutMs);
    socket.once('connect', () => finish(null));
    socket.once('error', (error) => finish(error));
  });
