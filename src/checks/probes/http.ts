import http from 'node:http';
import https from 'node:https';
import { describeDuration } from '../../catalogue/duration.js';
import type { HttpCheck } from '../../catalogue/types.js';
import { describeError, ProbeTimeout } from '../describe.js';
import { MissingVariableError, SecretResolver } from '../env.js';
import { jsonValueEquals, parseJsonPath, readJsonPath } from '../json-path.js';
import { ClientCertificateError, tlsOptions } from '../tls-options.js';
import type { CheckResult, Probe, ProbeContext } from '../types.js';

/** Bodies are read for the JSON assertion up to this size; larger ones are drained unread. */
const MAX_BODY_BYTES = 1 << 20;
const USER_AGENT = 'Switchboard-Probe/1';

interface Exchange {
  statusCode: number;
  body: Buffer | undefined;
  truncated: boolean;
}

interface Request {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function listOf(values: number[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Resolves `${NAME}` in url, header values and body; a missing variable ends the probe early. */
function buildRequest(check: HttpCheck, secrets: SecretResolver): Request | CheckResult {
  let target: string;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  try {
    target = secrets.resolve(check.url);
    for (const [name, value] of Object.entries(check.headers)) headers[name] = secrets.resolve(value);
    body = check.body === undefined ? undefined : secrets.resolve(check.body);
  } catch (error) {
    if (error instanceof MissingVariableError) return { status: 'down', latency_ms: 0, error: error.message };
    throw error;
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    // The resolved URL may hold a secret: say what is wrong without repeating it.
    return { status: 'down', latency_ms: 0, error: 'the check URL is not a valid absolute URL once environment references are resolved' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { status: 'down', latency_ms: 0, error: `the check URL must be http: or https:, not ${url.protocol}` };
  }
  const lower = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
  if (!lower.has('user-agent')) headers['user-agent'] = USER_AGENT;
  if (body !== undefined && !lower.has('content-type') && /^\s*[[{]/.test(body)) headers['content-type'] = 'application/json';
  return { url, method: check.method.toUpperCase(), headers, body };
}

/** One request on a fresh connection (a probe measures connect and handshake too), under one deadline. */
function exchange(request: Request, tls: object, timeoutMs: number, keepBody: boolean): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let phase = 'connect';
    const finish = (error: Error | null, value?: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value!);
    };
    const lib = request.url.protocol === 'https:' ? https : http;
    const outgoing = lib.request(request.url, { method: request.method, headers: request.headers, agent: false, ...tls }, (response) => {
      phase = 'body';
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      response.on('data', (chunk: Buffer) => {
        if (!keepBody || truncated) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          truncated = true;
          chunks.length = 0;
        } else chunks.push(chunk);
      });
      response.on('end', () =>
        finish(null, { statusCode: response.statusCode ?? 0, body: keepBody && !truncated ? Buffer.concat(chunks) : undefined, truncated }),
      );
      response.on('error', (error) => finish(error));
      response.on('close', () => finish(new Error('the connection closed before the response body ended')));
    });
    outgoing.on('socket', (socket) => {
      socket.once(request.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        if (phase === 'connect') phase = 'response';
      });
    });
    outgoing.on('error', (error) => finish(error));
    const timer = setTimeout(() => {
      finish(new ProbeTimeout(timeoutMs, phase));
      outgoing.destroy();
    }, timeoutMs);
    outgoing.end(request.body);
  });
}

function judgeJson(check: HttpCheck, body: Buffer | undefined, truncated: boolean, secrets: SecretResolver): CheckResult | null {
  const assertion = check.expectJson!;
  const detail: Record<string, unknown> = { json_path: assertion.path };
  if (truncated) return { status: 'down', latency_ms: 0, error: `the response body is over 1 MiB; ${assertion.path} was not checked`, detail };
  let steps;
  try {
    steps = parseJsonPath(assertion.path);
  } catch (error) {
    return { status: 'down', latency_ms: 0, error: (error as Error).message, detail };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body!.toString('utf8'));
  } catch {
    return { status: 'down', latency_ms: 0, error: `the response body is not JSON; ${assertion.path} could not be checked`, detail };
  }
  const found = readJsonPath(parsed, steps);
  if (!found.found) return { status: 'down', latency_ms: 0, error: `${assertion.path} is missing from the response body`, detail };
  const shown = secrets.scrub(JSON.stringify(found.value) ?? 'undefined').slice(0, 200);
  detail.json_value = shown;
  if (assertion.equals !== undefined && !jsonValueEquals(found.value, assertion.equals)) {
    return { status: 'down', latency_ms: 0, error: `${assertion.path} is ${shown}, expected ${JSON.stringify(assertion.equals)}`, detail };
  }
  return null;
}

export const probeHttp: Probe<HttpCheck> = async (check, context: ProbeContext = {}) => {
  const secrets = new SecretResolver(context.env ?? process.env);
  const request = buildRequest(check, secrets);
  if (!('url' in request)) return request;
  let tls = {};
  if (request.url.protocol === 'https:') {
    try {
      tls = await tlsOptions(check.clientCertificate, context);
    } catch (error) {
      if (error instanceof ClientCertificateError) return { status: 'down', latency_ms: 0, error: error.message };
      throw error;
    }
  }
  const detail: Record<string, unknown> = { method: request.method };
  const started = performance.now();
  let response: Exchange;
  try {
    response = await exchange(request, tls, check.timeoutMs, check.expectJson !== undefined);
  } catch (error) {
    if (error instanceof ProbeTimeout && error.phase) detail.phase = error.phase;
    return { status: 'down', latency_ms: round(performance.now() - started), error: secrets.scrub(describeError(error)), detail };
  }
  const latency = round(performance.now() - started);
  const answered = { latency_ms: latency, http_status: response.statusCode };
  if (!check.expectStatus.includes(response.statusCode)) {
    return {
      status: 'down',
      ...answered,
      error: `HTTP ${response.statusCode}, expected ${listOf(check.expectStatus)}`,
      detail: { ...detail, expected_status: check.expectStatus },
    };
  }
  if (check.expectJson) {
    const failed = judgeJson(check, response.body, response.truncated, secrets);
    if (failed) return { ...failed, ...answered, detail: { ...detail, ...failed.detail } };
    detail.json_path = check.expectJson.path;
  }
  if (check.maxLatencyMs !== undefined && latency > check.maxLatencyMs) {
    return {
      status: 'degraded',
      ...answered,
      error: `answered in ${describeDuration(latency)}, over the ${describeDuration(check.maxLatencyMs)} limit`,
      detail: { ...detail, max_latency_ms: check.maxLatencyMs },
    };
  }
  return { status: 'up', ...answered, detail };
};
