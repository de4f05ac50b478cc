import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { Channel, NotificationContext } from '../src/alerting/types.js';
import {
  ChannelError,
  CHANNEL_SCHEMAS,
  checkRoutes,
  createChannel,
  Dispatcher,
  enqueueNotifications,
  exponentialBackoff,
  listDeliveries,
  requeueNotification,
  routeAlert,
  ROUTE_SCHEMA,
  verifyWebhookSignature,
  type DispatchLogger,
  type RouteConfig,
} from '../src/alerting/notify/index.js';
import { ENGINES, type TestStore } from './support/engines.js';

// ---- fixtures -------------------------------------------------------------------------------

const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);
const MINUTE = 60_000;

const SLACK_PATH_SECRET = 'T0SLACK/B0HOOK/slk9x8y7w6v5u4t3';
const WEBHOOK_SECRET = 'whsec_4f1c2b9a8e7d6c5b';
const ROUTING_KEY = 'R0UTINGKEY1234567890abcdef123456';
const SMTP_PASSWORD = 'smtp-pa55-w0rd-zq';
const SECRETS = [SLACK_PATH_SECRET, WEBHOOK_SECRET, ROUTING_KEY, SMTP_PASSWORD];

function context(overrides: { kind?: NotificationContext['kind']; alertId?: number; fingerprint?: string } = {}): NotificationContext {
  const kind = overrides.kind ?? 'firing';
  const resolved = kind === 'resolved';
  return {
    kind,
    alert: {
      id: overrides.alertId ?? 7,
      fingerprint: overrides.fingerprint ?? 'fp-dhl-5xx-0001',
      rule: 'dhl-5xx',
      ruleKind: 'error_rate',
      state: resolved ? 'resolved' : 'firing',
      severity: 'critical',
      labels: { severity: 'critical', team: 'shipping', env: 'production', integration: 'dhl-carrier', 'ops.tier': 'gold' },
      summary: '5xx share 12.4 % over 5 %',
      value: 12.4,
      threshold: 5,
      windowMs: 5 * MINUTE,
      startedAt: T0,
      resolvedAt: resolved ? T0 + 23 * MINUTE : null,
      durationMs: resolved ? 23 * MINUTE : null,
    },
    integration: { id: 'dhl-carrier', title: 'DHL Parcel <carrier>', partner: 'DHL', owner: 'team-shipping', escalation: 'Dana Okafor, dana@example.com, +31 20 555 0100' },
    trend: { stepMs: MINUTE, values: [0.4, 0.6, null, 3.1, 12.4], sparkline: '▁▁ ▃█' },
    links: { console: 'http://switchboard.example/integrations/dhl-carrier?from=1&to=2', runbook: 'http://switchboard.example/runbooks/timeouts-5xx' },
    firstSteps: ['Check the DHL status page', 'Look for 5xx by operation & release'],
    samples: [{ ts: T0 - 30_000, operation: 'label.create', status: 503, error: 'upstream <timeout>', correlation_id: 'corr-abc-123', order_id: 'ord-42' }],
    grouped: [],
  };
}

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback HTTP server standing in for Slack, a webhook receiver and PagerDuty. */
class Receiver {
  readonly requests: Received[] = [];
  /** Answer per request; default 200 "ok". */
  respond: (request: Received) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } = () => ({ status: 200, body: 'ok' });
  private server: Server | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        const answer = this.respond(received);
        if (answer.status >= 200 && answer.status < 300) this.requests.push(received);
        const reply = () => {
          res.writeHead(answer.status, answer.headers ?? { 'content-type': 'text/plain' });
          res.end(answer.body ?? '');
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function sendError(channel: Channel, ctx: NotificationContext = context()): Promise<ChannelError> {
  try {
    await channel.send(ctx);
  } catch (error) {
    assert.ok(error instanceof ChannelError, `expected a ChannelError, got ${String(error)}`);
    return error;
  }
  assert.fail('send should have failed');
}

function assertNoSecrets(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} contains a secret: ${text}`);
}

class CapturingLog implements DispatchLogger {
  readonly lines: string[] = [];
  info(obj: object, msg?: string): void { this.lines.push(JSON.stringify({ obj, msg })); }
  warn(obj: object, msg?: string): void { this.lines.push(JSON.stringify({ obj, msg })); }
  error(obj: object, msg?: string): void { this.lines.push(JSON.stringify({ obj, msg })); }
  debug(obj: object, msg?: string): void { this.lines.push(JSON.stringify({ obj, msg })); }
}

// ---- channels over loopback HTTP ----------------------------------------------------------------

describe('HTTP channels against a loopback receiver', () => {
  const receiver = new Receiver();
  let env: NodeJS.ProcessEnv;
  before(async () => {
    await receiver.start();
    env = {
      SLACK_WEBHOOK_URL: receiver.url(`/services/${SLACK_PATH_SECRET}`),
      WEBHOOK_SECRET,
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      RECEIVER_TOKEN: 'tok-receiver-xyz',
    };
  });
  after(() => receiver.stop());

  it('Slack: a Block Kit message with header, fields, trend, triage, samples, contacts and buttons', async () => {
    receiver.requests.length = 0;
    const slack = createChannel({ name: 'oncall-slack', type: 'slack', url: '${SLACK_WEBHOOK_URL}' }, { env, clock: () => T0 + 6 * MINUTE });
    assert.equal(slack.type, 'slack');
    await slack.send(context());
    assert.equal(receiver.requests.length, 1);
    const request = receiver.requests[0]!;
    assert.equal(request.path, `/services/${SLACK_PATH_SECRET}`);
    assert.match(String(request.headers['content-type']), /application\/json/);
    const message = JSON.parse(request.body) as { text: string; blocks: Array<Record<string, any>> };
    assert.equal(message.text, '[FIRING critical] DHL Parcel <carrier>: 5xx share 12.4 % over 5 %');
    const [header, main] = message.blocks;
    assert.equal(header!.type, 'header');
    assert.equal(header!.text.type, 'plain_text');
    assert.match(header!.text.text, /CRITICAL · DHL Parcel <carrier>: 5xx share 12\.4 % over 5 %/);
    assert.ok(header!.text.text.length <= 150);
    assert.equal(main!.type, 'section');
    assert.match(main!.text.text, /DHL Parcel &lt;carrier&gt;/, 'mrkdwn is escaped');
    const fields = (main!.fields as Array<{ type: string; text: string }>).map((f) => f.text);
    assert.ok(fields.some((f) => f.includes('12.4 vs threshold 5')), fields.join('|'));
    assert.ok(fields.some((f) => f.startsWith('*Window*') && f.includes('5 min')));
    assert.ok(fields.some((f) => f.startsWith('*Started*') && f.includes('2026-11-20 12:00 UTC')));
    assert.ok(fields.some((f) => f.startsWith('*Duration*') && f.includes('6 min')));
    const texts = message.blocks.map((b) => JSON.stringify(b)).join('\n');
    assert.match(texts, /\*Trend\*/);
    assert.ok(texts.includes('▁▁ ▃█') && texts.includes('0.4, 0.6, –, 3.1, 12.4'));
    assert.ok(texts.includes('1. Check the DHL status page'));
    assert.ok(texts.includes('5xx by operation &amp; release'));
    assert.ok(texts.includes('HTTP 503 upstream &lt;timeout&gt; (correlation corr-abc-123, order ord-42)'));
    assert.ok(texts.includes('Owner: team-shipping · Escalation: Dana Okafor'));
    const actions = message.blocks.find((b) => b.type === 'actions')!;
    assert.deepEqual(
      actions.elements.map((e: { url: string }) => e.url),
      ['http://switchboard.example/integrations/dhl-carrier?from=1&to=2', 'http://switchboard.example/runbooks/timeouts-5xx'],
    );
    for (const block of message.blocks) assert.ok(['header', 'section', 'context', 'actions', 'divider'].includes(block.type));

    await slack.send(context({ kind: 'resolved' }));
    const resolved = JSON.parse(receiver.requests[1]!.body) as { text: string; blocks: Array<Record<string, any>> };
    assert.equal(resolved.text, '[RESOLVED] DHL Parcel <carrier>: 5xx share 12.4 % over 5 % after 23 min');
    assert.match(resolved.blocks[0]!.text.text, /RESOLVED · DHL Parcel <carrier>: .* lasted 23 min/);
  });

  it('webhook: signed JSON of the context that verifies with the secret and not with another', async () => {
    receiver.requests.length = 0;
    const webhook = createChannel(
      { name: 'ops-hook', type: 'webhook', url: receiver.url('/hooks/switchboard'), secret: '${WEBHOOK_SECRET}', headers: { authorization: 'Bearer ${RECEIVER_TOKEN}' } },
      { env },
    );
    await webhook.send(context());
    const request = receiver.requests[0]!;
    const body = JSON.parse(request.body) as NotificationContext & { version: number };
    assert.equal(body.version, 1);
    assert.equal(body.kind, 'firing');
    assert.equal(body.alert.fingerprint, 'fp-dhl-5xx-0001');
    assert.deepEqual(body.samples, context().samples);
    assert.equal(request.headers.authorization, 'Bearer tok-receiver-xyz');
    assert.equal(request.headers['x-switchboard-event'], 'firing');
    const timestamp = String(request.headers['x-switchboard-timestamp']);
    const signature = String(request.headers['x-switchboard-signature']);
    assert.match(signature, /^v1=[0-9a-f]{64}$/);
    assert.ok(verifyWebhookSignature({ secret: WEBHOOK_SECRET, body: request.body, timestamp, signature }));
    assert.ok(!verifyWebhookSignature({ secret: 'whsec_wrong', body: request.body, timestamp, signature }));
    assert.ok(!verifyWebhookSignature({ secret: WEBHOOK_SECRET, body: request.body.replace('12.4', '12.5'), timestamp, signature }), 'a changed body fails');
    assert.ok(!verifyWebhookSignature({ secret: WEBHOOK_SECRET, body: request.body, timestamp, signature, nowMs: Number(timestamp) * 1000 + 10 * MINUTE }), 'a stale timestamp fails');
    assertNoSecrets(request.body, 'webhook body');
  });

  it('PagerDuty: trigger then resolve with the same dedup_key', async () => {
    receiver.requests.length = 0;
    receiver.respond = () => ({ status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: 'x' }), headers: { 'content-type': 'application/json' } });
    const pd = createChannel({ name: 'pagerduty', type: 'pagerduty', routingKey: '${PAGERDUTY_ROUTING_KEY}', url: receiver.url('/v2/enqueue') }, { env });
    await pd.send(context());
    await pd.send(context({ kind: 'resolved' }));
    receiver.respond = () => ({ status: 200, body: 'ok' });
    const [trigger, resolve] = receiver.requests.map((r) => JSON.parse(r.body) as Record<string, any>);
    assert.equal(receiver.requests[0]!.path, '/v2/enqueue');
    assert.equal(trigger!.routing_key, ROUTING_KEY);
    assert.equal(trigger!.event_action, 'trigger');
    assert.equal(trigger!.dedup_key, 'fp-dhl-5xx-0001');
    assert.equal(trigger!.payload.source, 'dhl-carrier');
    assert.equal(trigger!.payload.severity, 'critical');
    assert.match(trigger!.payload.summary, /^\[FIRING critical\] DHL Parcel <carrier>: 5xx share/);
    assert.deepEqual(trigger!.payload.custom_details.first_steps, context().firstSteps);
    assert.equal(trigger!.payload.custom_details.escalation, context().integration.escalation);
    assert.deepEqual(
      trigger!.links.map((l: { href: string }) => l.href),
      [context().links.console, context().links.runbook],
    );
    assert.equal(resolve!.event_action, 'resolve');
    assert.equal(resolve!.dedup_key, trigger!.dedup_key);
  });

  it('classifies failures: 400 final, 5xx / 429 / network / timeout retryable; no secret in any message', async () => {
    const slack = createChannel({ name: 'oncall-slack', type: 'slack', url: '${SLACK_WEBHOOK_URL}', timeoutMs: 300 }, { env });
    const pd = createChannel({ name: 'pagerduty', type: 'pagerduty', routingKey: '${PAGERDUTY_ROUTING_KEY}', url: receiver.url('/v2/enqueue') }, { env });

    receiver.respond = () => ({ status: 400, body: 'invalid_payload' });
    let error = await sendError(slack);
    assert.equal(error.retryable, false);
    assert.equal(error.status, 400);
    assert.match(error.message, /^slack channel "oncall-slack": 127\.0\.0\.1:\d+ answered HTTP 400: invalid_payload$/);

    // A receiver that echoes what it got must not get the secret into our error.
    receiver.respond = (r) => ({ status: 400, body: `invalid event: ${r.body.slice(0, 200)}` });
    error = await sendError(pd);
    assert.equal(error.retryable, false);
    assertNoSecrets(error.message, 'PagerDuty error');

    receiver.respond = () => ({ status: 503, body: 'down for maintenance' });
    error = await sendError(slack);
    assert.equal(error.retryable, true);
    assert.equal(error.status, 503);

    receiver.respond = () => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': '30' } });
    error = await sendError(slack);
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 30_000);

    receiver.respond = () => ({ status: 200, body: 'ok', delayMs: 1_000 });
    error = await sendError(slack);
    assert.equal(error.retryable, true);
    assert.match(error.message, /no answer from 127\.0\.0\.1:\d+ within 0 s|no answer from .* within/);
    receiver.respond = () => ({ status: 200, body: 'ok' });

    const closed = await freePort();
    const down = createChannel({ name: 'oncall-slack', type: 'slack', url: '${SLACK_WEBHOOK_URL}' }, { env: { SLACK_WEBHOOK_URL: `http://127.0.0.1:${closed}/services/${SLACK_PATH_SECRET}` } });
    error = await sendError(down);
    assert.equal(error.retryable, true);
    assert.match(error.message, /could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
    assertNoSecrets(error.message, 'network error');

    const unset = createChannel({ name: 'oncall-slack', type: 'slack', url: '${SLACK_WEBHOOK_UNSET}' }, { env: {} });
    error = await sendError(unset);
    assert.equal(error.retryable, false);
    assert.match(error.message, /SLACK_WEBHOOK_UNSET is not set/);
  });
});

// ---- e-mail over a real SMTP server -------------------------------------------------------------

/** Just enough MIME to read the text and HTML parts nodemailer writes. */
function mimeParts(raw: string): { headers: string; subject: string; text: string; html: string } {
  const [head] = raw.split(/\r?\n\r?\n/);
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  let text = '';
  let html = '';
  for (const boundary of boundaries) {
    for (const part of raw.split(`--${boundary}`)) {
      const split = part.search(/\r?\n\r?\n/);
      if (split < 0) continue;
      const partHead = part.slice(0, split);
      let body = part.slice(split).replace(/^\r?\n\r?\n/, '');
      const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(partHead)?.[1]?.toLowerCase();
      if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
      else if (encoding === 'quoted-printable') {
        body = Buffer.from(
          body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8');
      }
      if (/content-type:\s*text\/plain/i.test(partHead)) text = body;
      if (/content-type:\s*text\/html/i.test(partHead)) html = body;
    }
  }
  const subject = /^subject:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(head ?? '')?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
  return { headers: head ?? '', subject, text, html };
}

describe('e-mail over a real SMTP server', () => {
  const mails: Array<{ from: string; to: string[]; raw: string; user: string | undefined }> = [];
  let server: SMTPServer;
  let port = 0;
  before(async () => {
    server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, callback) {
        if (auth.username === 'alerts' && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: session.user as string | undefined,
          });
          callback();
        });
      },
      logger: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const config = (password: string) =>
    ({
      name: 'oncall-mail',
      type: 'email',
      smtp: { host: '127.0.0.1', port, secure: false, user: 'alerts', password: '${SMTP_PASSWORD}' },
      from: 'Switchboard <switchboard@example.com>',
      to: ['oncall@example.com', 'shipping@example.com'] as string[],
      timeoutMs: 5_000,
      _password: password,
    }) as const;

  it('sends firing and resolved mails with subject, text and escaped HTML', async () => {
    const { _password, ...cfg } = config(SMTP_PASSWORD);
    const mail = createChannel(cfg, { env: { SMTP_PASSWORD: _password }, clock: () => T0 + 6 * MINUTE });
    await mail.send(context());
    await mail.send(context({ kind: 'resolved' }));
    assert.equal(mails.length, 2);
    assert.equal(mails[0]!.user, 'alerts');
    assert.equal(mails[0]!.from, 'switchboard@example.com');
    assert.deepEqual(mails[0]!.to, ['oncall@example.com', 'shipping@example.com']);
    const firing = mimeParts(mails[0]!.raw);
    assert.equal(firing.subject, '[FIRING critical] DHL Parcel <carrier>: 5xx share 12.4 % over 5 %');
    for (const expected of ['Value: 12.4 vs threshold 5', 'Window: 5 min', 'Started: 2026-11-20 12:00 UTC', '▁▁ ▃█  0.4, 0.6, –, 3.1, 12.4', '1. Check the DHL status page', 'HTTP 503 upstream <timeout> (correlation corr-abc-123, order ord-42)', 'Escalation: Dana Okafor', 'Runbook: http://switchboard.example/runbooks/timeouts-5xx']) {
      assert.ok(firing.text.includes(expected), `text lacks ${expected}:\n${firing.text}`);
    }
    assert.ok(firing.html.includes('DHL Parcel &lt;carrier&gt;'), 'HTML escapes values');
    assert.ok(firing.html.includes('upstream &lt;timeout&gt;'));
    assert.ok(firing.html.includes('5xx by operation &amp; release'));
    assert.ok(firing.html.includes('<a href="http://switchboard.example/integrations/dhl-carrier?from=1&amp;to=2">'));
    assert.ok(!firing.html.includes('<timeout>'));
    const resolved = mimeParts(mails[1]!.raw);
    assert.equal(resolved.subject, '[RESOLVED] DHL Parcel <carrier>: 5xx share 12.4 % over 5 % after 23 min');
    assert.ok(resolved.text.includes('lasted 23 min'));
    for (const m of mails) assertNoSecrets(m.raw, 'mail');
  });

  it('a refused login is final and its error does not show the password', async () => {
    const { _password, ...cfg } = config(SMTP_PASSWORD);
    const mail = createChannel(cfg, { env: { SMTP_PASSWORD: `${_password}-wrong` } });
    const error = await sendError(mail);
    assert.equal(error.retryable, false);
    assert.match(error.message, /^email channel "oncall-mail": SMTP 127\.0\.0\.1:\d+ answered 535/);
    assert.ok(!error.message.includes(SMTP_PASSWORD));
  });

  it('an SMTP server that is down is retryable', async () => {
    const closed = await freePort();
    const mail = createChannel({ name: 'm', type: 'email', smtp: { host: '127.0.0.1', port: closed, secure: false }, from: 'a@example.com', to: ['b@example.com'] }, { env: {} });
    const error = await sendError(mail);
    assert.equal(error.retryable, true);
  });
});

// ---- Debian's real Alertmanager -----------------------------------------------------------------

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

describe('a real Prometheus Alertmanager', () => {
  let child: ChildProcess | null = null;
  let dir = '';
  let base = '';
  const missing = !existsSync(ALERTMANAGER);
  if (missing) {
    console.error(`\n!!!!!!!! ${ALERTMANAGER} is not installed: the Alertmanager delivery test is SKIPPED (apt-get install prometheus-alertmanager) !!!!!!!!\n`);
  }

  before(async () => {
    if (missing) return;
    dir = mkdtempSync(join(tmpdir(), 'switchboard-am-'));
    writeFileSync(join(dir, 'alertmanager.yml'), "route:\n  receiver: 'null'\nreceivers:\n  - name: 'null'\n");
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const output: string[] = [];
    child = spawn(ALERTMANAGER, [`--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`, '--cluster.listen-address=', `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const response = await fetch(`${base}/-/ready`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Alertmanager did not become ready:\n${output.join('')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('receives the alert through its v2 API and sees it resolved', { skip: missing ? `${ALERTMANAGER} is not installed` : false }, async () => {
    const channel = createChannel({ name: 'am', type: 'alertmanager', url: `${base}/` }, { env: {} });
    const firing = context({ fingerprint: 'fp-am-1' });
    firing.alert.startedAt = Date.now() - 5 * MINUTE;
    await channel.send(firing);
    const list = async (): Promise<Array<Record<string, any>>> => {
      const response = await fetch(`${base}/api/v2/alerts?filter=${encodeURIComponent('alertname="dhl-5xx"')}`);
      assert.equal(response.status, 200);
      return (await response.json()) as Array<Record<string, any>>;
    };
    const alerts = await list();
    assert.equal(alerts.length, 1);
    const alert = alerts[0]!;
    assert.equal(alert.labels.alertname, 'dhl-5xx');
    assert.equal(alert.labels.integration, 'dhl-carrier');
    assert.equal(alert.labels.severity, 'critical');
    assert.equal(alert.labels.team, 'shipping');
    assert.equal(alert.labels.ops_tier, 'gold', 'label names are made Prometheus-valid');
    assert.equal(alert.annotations.summary, 'DHL Parcel <carrier>: 5xx share 12.4 % over 5 %');
    assert.equal(alert.annotations.runbook_url, 'http://switchboard.example/runbooks/timeouts-5xx');
    assert.equal(alert.annotations.console_url, context().links.console);
    assert.equal(alert.generatorURL, context().links.console);
    assert.equal(alert.status.state, 'active');
    assert.equal(Date.parse(alert.startsAt), firing.alert.startedAt);

    const resolved = context({ kind: 'resolved', fingerprint: 'fp-am-1' });
    resolved.alert.startedAt = firing.alert.startedAt;
    resolved.alert.resolvedAt = Date.now() - 1_000;
    await channel.send(resolved);
    // Alertmanager lists only alerts whose endsAt has not passed: a resolved one is gone.
    assert.deepEqual(await list(), []);

    const bad = createChannel({ name: 'am', type: 'alertmanager', url: base }, { env: {} });
    // Alertmanager refuses an alert that ends before it starts: a 400 is final.
    const invalid = context({ kind: 'resolved', fingerprint: 'fp-am-2' });
    invalid.alert.startedAt = Date.now();
    invalid.alert.resolvedAt = Date.now() - MINUTE;
    const error = await sendError(bad, invalid);
    assert.equal(error.retryable, false, error.message);
    assert.equal(error.status, 400);
  });
});

// ---- routing and schemas ----------------------------------------------------------------------

describe('routing', () => {
  const routes: RouteConfig[] = [
    { match: { severity: 'critical', env: 'production' }, channels: ['pagerduty', 'oncall-slack'], continue: true },
    { match: { team: 'shipping', integration: '~dhl-.*|ups-.*' }, channels: ['shipping-slack', 'oncall-slack'] },
    { match: { team: 'shipping' }, channels: ['never'] },
    { channels: ['default-mail'] },
  ];

  it('evaluates routes in order; first match wins unless continue; catch-all last', () => {
    assert.deepEqual(routeAlert(routes, { severity: 'critical', env: 'production', team: 'shipping', integration: 'dhl-carrier' }), ['pagerduty', 'oncall-slack', 'shipping-slack']);
    assert.deepEqual(routeAlert(routes, { severity: 'warning', env: 'production', team: 'shipping', integration: 'ups-api' }), ['shipping-slack', 'oncall-slack']);
    assert.deepEqual(routeAlert(routes, { severity: 'warning', team: 'shipping', integration: 'xdhl-carrier' }), ['never'], 'regexes match the whole value');
    assert.deepEqual(routeAlert(routes, { severity: 'critical', env: 'staging' }), ['default-mail']);
    assert.deepEqual(routeAlert(routes.slice(0, 1), { severity: 'info' }), []);
    assert.deepEqual(routeAlert(routes.slice(0, 1), { severity: 'info' }, ['fallback']), ['fallback']);
  });

  it('reports bad regexes and unknown channels', () => {
    const problems = checkRoutes([{ match: { integration: '~(' }, channels: ['nope'] }], ['pagerduty']);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /routes\[0\]\.match\.integration: invalid regular expression/);
    assert.match(problems[1]!, /no channel named "nope"/);
  });

  it('exports JSON Schemas that accept good configs and insist on ${ENV} secrets', async () => {
    const { default: Ajv } = await import('ajv');
    const ajv = new Ajv.default ? new (Ajv as any).default({ allErrors: true }) : new (Ajv as any)({ allErrors: true });
    const ok = (schema: object, value: unknown) => ajv.validate(schema, value) as boolean;
    assert.ok(ok(CHANNEL_SCHEMAS.slack, { name: 'oncall-slack', type: 'slack', url: '${SLACK_WEBHOOK_URL}' }));
    assert.ok(ok(CHANNEL_SCHEMAS.webhook, { name: 'hook', type: 'webhook', url: 'https://ops.example/hook', secret: '${HOOK_SECRET}', headers: { 'x-a': 'b' } }));
    assert.ok(!ok(CHANNEL_SCHEMAS.webhook, { name: 'hook', type: 'webhook', url: 'https://ops.example/hook', secret: 'literal-secret' }));
    assert.ok(ok(CHANNEL_SCHEMAS.email, { name: 'mail', type: 'email', smtp: { host: 'smtp.example', port: 587, secure: false, user: 'u', password: '${SMTP_PASSWORD}' }, from: 'a@example.com', to: ['b@example.com'] }));
    assert.ok(!ok(CHANNEL_SCHEMAS.email, { name: 'mail', type: 'email', smtp: { host: 'smtp.example', port: 587, password: 'hunter2' }, from: 'a@example.com', to: ['b@example.com'] }));
    assert.ok(ok(CHANNEL_SCHEMAS.pagerduty, { name: 'pd', type: 'pagerduty', routingKey: '${PD_KEY}' }));
    assert.ok(!ok(CHANNEL_SCHEMAS.pagerduty, { name: 'pd', type: 'pagerduty', routingKey: ROUTING_KEY }));
    assert.ok(ok(CHANNEL_SCHEMAS.alertmanager, { name: 'am', type: 'alertmanager', url: 'http://am:9093' }));
    assert.ok(!ok(CHANNEL_SCHEMAS.alertmanager, { name: 'am', type: 'alertmanager', url: 'ftp://am' }));
    assert.ok(ok(ROUTE_SCHEMA, routes[0]));
    assert.ok(ok(ROUTE_SCHEMA, routes[3]));
    assert.ok(!ok(ROUTE_SCHEMA, { match: { severity: 'critical' }, channels: [] }));
  });

  it('backs off exponentially with jitter, capped', () => {
    const fixed = exponentialBackoff({ jitter: 0 });
    assert.deepEqual([1, 2, 3, 4].map(fixed), [5_000, 10_000, 20_000, 40_000]);
    assert.equal(fixed(20), 600_000);
    const low = exponentialBackoff({ random: () => 0 });
    const high = exponentialBackoff({ random: () => 1 });
    assert.equal(low(2), 8_000);
    assert.equal(high(2), 12_000);
  });
});

// ---- the outbox, on both engines ----------------------------------------------------------------

for (const engine of ENGINES) {
  describe(`outbox and dispatcher (${engine.name})`, () => {
    let store: TestStore;
    const receiver = new Receiver();
    const env: NodeJS.ProcessEnv = { WEBHOOK_SECRET, SLACK_WEBHOOK_URL: '', PAGERDUTY_ROUTING_KEY: ROUTING_KEY };
    let clock = T0;
    const now = () => clock;
    const backoff = (attempt: number) => 5_000 * 2 ** (attempt - 1);

    before(async () => {
      store = await engine.open();
      await receiver.start();
      env.SLACK_WEBHOOK_URL = receiver.url(`/services/${SLACK_PATH_SECRET}`);
    });
    after(async () => {
      await receiver.stop();
      await store.dispose();
    });

    function channels(url = receiver.url('/hook')): Map<string, Channel> {
      return new Map<string, Channel>([
        ['hook', createChannel({ name: 'hook', type: 'webhook', url, secret: '${WEBHOOK_SECRET}', timeoutMs: 2_000 }, { env })],
        ['oncall-slack', createChannel({ name: 'oncall-slack', type: 'slack', url: '${SLACK_WEBHOOK_URL}', timeoutMs: 2_000 }, { env })],
        ['pagerduty', createChannel({ name: 'pagerduty', type: 'pagerduty', routingKey: '${PAGERDUTY_ROUTING_KEY}', url: receiver.url('/v2/enqueue'), timeoutMs: 2_000 }, { env })],
      ]);
    }

    async function enqueue(alertId: number, list: string[], kind: NotificationContext['kind'] = 'firing'): Promise<number[]> {
      return store.db.transaction().execute((tx) => enqueueNotifications(tx, { alertId, channels: list, context: context({ alertId, kind }), now: clock }));
    }

    const receivedFor = (alertId: number, path = '/hook') =>
      receiver.requests.filter((r) => r.path === path && (JSON.parse(r.body) as NotificationContext).alert.id === alertId).length;

    it('stores one pending row per channel, then delivers each once', async () => {
      receiver.requests.length = 0;
      receiver.respond = () => ({ status: 200, body: 'ok' });
      const ids = await enqueue(100, ['hook', 'oncall-slack', 'hook']);
      assert.equal(ids.length, 2);
      let deliveries = await listDeliveries(store.db, 100);
      assert.deepEqual(deliveries.map((d) => [d.channel, d.status, d.attempts, d.kind]), [['hook', 'pending', 0, 'firing'], ['oncall-slack', 'pending', 0, 'firing']]);
      const log = new CapturingLog();
      const dispatcher = new Dispatcher({ db: store.db, channels: channels(), log, clock: now, backoff });
      const summary = await dispatcher.run();
      assert.deepEqual(summary, { claimed: 2, delivered: 2, retried: 0, dead: 0 });
      deliveries = await listDeliveries(store.db, 100);
      assert.deepEqual(deliveries.map((d) => [d.status, d.attempts, d.deliveredAt, d.nextAttemptAt]), [['delivered', 1, clock, null], ['delivered', 1, clock, null]]);
      assert.equal(receivedFor(100), 1);
      assert.equal(receiver.requests.filter((r) => r.path.startsWith('/services/')).length, 1);
      assert.deepEqual(await dispatcher.runOnce(), { claimed: 0, delivered: 0, retried: 0, dead: 0 });
    });

    it('receiver down then up: retries with backoff and delivers exactly once', async () => {
      receiver.requests.length = 0;
      const port = await freePort();
      const late = new Receiver();
      const log = new CapturingLog();
      const dispatcher = new Dispatcher({ db: store.db, channels: channels(`http://127.0.0.1:${port}/hook`), log, clock: now, backoff });
      await enqueue(101, ['hook']);
      assert.deepEqual(await dispatcher.runOnce(), { claimed: 1, delivered: 0, retried: 1, dead: 0 });
      let [delivery] = await listDeliveries(store.db, 101);
      assert.equal(delivery!.status, 'pending');
      assert.equal(delivery!.attempts, 1);
      assert.equal(delivery!.nextAttemptAt, clock + 5_000);
      assert.match(delivery!.lastError!, /^attempt 1\/8: webhook channel "hook": could not reach 127\.0\.0\.1:\d+: ECONNREFUSED/);

      clock += 4_999;
      assert.equal((await dispatcher.runOnce()).claimed, 0, 'not due before its backoff');
      clock += 1;
      assert.equal((await dispatcher.runOnce()).retried, 1);
      [delivery] = await listDeliveries(store.db, 101);
      assert.equal(delivery!.attempts, 2);
      assert.equal(delivery!.nextAttemptAt, clock + 10_000);

      await late.start(port);
      try {
        clock += 10_000;
        assert.deepEqual(await dispatcher.run(), { claimed: 1, delivered: 1, retried: 0, dead: 0 });
        clock += MINUTE;
        await dispatcher.run();
        assert.equal(late.requests.length, 1, 'delivered exactly once');
        assert.equal((JSON.parse(late.requests[0]!.body) as NotificationContext).alert.id, 101);
        [delivery] = await listDeliveries(store.db, 101);
        assert.equal(delivery!.status, 'delivered');
        assert.equal(delivery!.attempts, 3);
      } finally {
        await late.stop();
      }
      for (const line of log.lines) assertNoSecrets(line, 'log');
    });

    it('a 400 is dead-lettered at once with its error', async () => {
      receiver.respond = (r) => ({ status: r.path === '/hook' ? 400 : 200, body: 'bad request: missing field' });
      const dispatcher = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff });
      await enqueue(102, ['hook']);
      assert.deepEqual(await dispatcher.run(), { claimed: 1, delivered: 0, retried: 0, dead: 1 });
      const [delivery] = await listDeliveries(store.db, 102);
      assert.equal(delivery!.status, 'dead');
      assert.equal(delivery!.attempts, 1);
      assert.match(delivery!.lastError!, /^attempt 1\/8: webhook channel "hook": 127\.0\.0\.1:\d+ answered HTTP 400: bad request: missing field$/);
      receiver.respond = () => ({ status: 200, body: 'ok' });

      // An operator can send it again.
      receiver.requests.length = 0;
      assert.equal(await requeueNotification(store.db, delivery!.id, clock), true);
      await dispatcher.run();
      assert.equal((await listDeliveries(store.db, 102))[0]!.status, 'delivered');
      assert.equal(receivedFor(102), 1);
    });

    it('dead after max attempts of retryable failures', async () => {
      receiver.respond = () => ({ status: 503, body: 'unavailable' });
      const log = new CapturingLog();
      const dispatcher = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff, maxAttempts: 3, log });
      await enqueue(103, ['pagerduty']);
      for (let i = 0; i < 3; i++) {
        await dispatcher.run();
        clock += 10 * MINUTE;
      }
      const [delivery] = await listDeliveries(store.db, 103);
      assert.equal(delivery!.status, 'dead');
      assert.equal(delivery!.attempts, 3);
      assert.match(delivery!.lastError!, /^attempt 3\/3: pagerduty channel "pagerduty": .* HTTP 503: unavailable$/);
      assert.ok(log.lines.some((l) => l.includes('dead-lettered after its last attempt')));
      assert.equal((await dispatcher.run()).claimed, 0);
      receiver.respond = () => ({ status: 200, body: 'ok' });
    });

    it('an unknown channel is dead-lettered, visibly', async () => {
      const dispatcher = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff });
      await enqueue(104, ['gone']);
      await dispatcher.run();
      const [delivery] = await listDeliveries(store.db, 104);
      assert.equal(delivery!.status, 'dead');
      assert.match(delivery!.lastError!, /no channel named "gone" is configured/);
    });

    it('two dispatchers on two connections deliver every row exactly once', async () => {
      receiver.requests.length = 0;
      receiver.respond = () => ({ status: 200, body: 'ok', delayMs: 5 });
      const other = await store.openAnother();
      try {
        const ids: number[] = [];
        for (let alertId = 200; alertId < 230; alertId++) ids.push(...(await enqueue(alertId, ['hook'])));
        const a = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff, batchSize: 7, concurrency: 3 });
        const b = new Dispatcher({ db: other.db, channels: channels(), clock: now, backoff, batchSize: 7, concurrency: 3 });
        const [sa, sb] = await Promise.all([a.run(), b.run()]);
        assert.equal(sa.delivered + sb.delivered, 30);
        for (let alertId = 200; alertId < 230; alertId++) assert.equal(receivedFor(alertId), 1, `alert ${alertId}`);
        for (let alertId = 200; alertId < 230; alertId++) assert.equal((await listDeliveries(store.db, alertId))[0]!.status, 'delivered');
      } finally {
        await other.db.destroy();
        receiver.respond = () => ({ status: 200, body: 'ok' });
      }
    });

    it('a dispatcher that dies after its claim: the lease expires and the row is delivered later', async () => {
      receiver.requests.length = 0;
      const crashed = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff, leaseMs: 60_000 });
      const survivor = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff, leaseMs: 60_000 });
      await enqueue(300, ['hook']);
      const claimed = await crashed.claim();
      assert.equal(claimed.length, 1);
      let [delivery] = await listDeliveries(store.db, 300);
      assert.equal(delivery!.status, 'sending');
      assert.equal(delivery!.nextAttemptAt, clock + 60_000);
      assert.equal((await survivor.runOnce()).claimed, 0, 'the lease holds');
      clock += 60_000;
      assert.deepEqual(await survivor.runOnce(), { claimed: 1, delivered: 1, retried: 0, dead: 0 });
      assert.equal(receivedFor(300), 1);
      [delivery] = await listDeliveries(store.db, 300);
      assert.equal(delivery!.status, 'delivered');
      assert.equal(delivery!.attempts, 2);
      // The crashed one coming back late cannot overwrite the newer outcome.
      assert.equal(await crashed.deliver(claimed[0]!), 'lost-lease');
      assert.equal((await listDeliveries(store.db, 300))[0]!.status, 'delivered');
    });

    it('no secret in stored payloads, errors or logs', async () => {
      receiver.respond = (r) => ({ status: r.path === '/v2/enqueue' ? 400 : 500, body: `echo ${r.path} ${r.body.slice(0, 300)}` });
      const log = new CapturingLog();
      const dispatcher = new Dispatcher({ db: store.db, channels: channels(), clock: now, backoff, log, maxAttempts: 2 });
      await enqueue(400, ['hook', 'oncall-slack', 'pagerduty']);
      await dispatcher.run();
      clock += 10 * MINUTE;
      await dispatcher.run();
      receiver.respond = () => ({ status: 200, body: 'ok' });
      const rows = await store.db.selectFrom('notifications').selectAll().execute();
      assert.ok(rows.length > 0);
      for (const row of rows) assertNoSecrets(JSON.stringify(row), 'stored notification');
      const deliveries = await listDeliveries(store.db, 400);
      assert.deepEqual(deliveries.map((d) => d.status), ['dead', 'dead', 'dead']);
      assert.ok(deliveries.every((d) => d.lastError !== null && d.lastError.length > 0));
      for (const line of log.lines) assertNoSecrets(line, 'log');
      assert.ok(log.lines.length >= 3);
    });
  });
}
