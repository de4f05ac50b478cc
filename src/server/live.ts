import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Principal } from '../access/principal.js';
import type { TenantDirectory } from '../access/tenants.js';

interface Client {
  reply: FastifyReply;
  principal: Principal | undefined;
}

/**
 * Server-sent events for the console: after ingest commits, every open page hears which
 * integrations changed (coalesced to one message a second), and refetches what it shows. A client
 * bound to tenants hears only of the integrations it may see, and nothing of a change that was
 * only about others.
 */
export class LiveFeed {
  private readonly clients = new Set<Client>();
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly tenants: TenantDirectory,
    private readonly coalesceMs = 1_000,
  ) {}

  noteCommitted(integrations: Set<string>): void {
    // Nobody listening: a page that opens later fetches everything anyway.
    if (this.clients.size === 0) return;
    for (const id of integrations) this.pending.add(id);
    if (this.timer) return;
    // A store that cannot say who sees what (closing) costs a push, not the process.
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.coalesceMs);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const changed = [...this.pending].sort();
    this.pending = new Set();
    const at = Date.now();
    for (const client of this.clients) {
      const scope = await this.tenants.scopeOf(client.principal);
      const integrations = scope.only(changed, (id) => id);
      // A change only to others' integrations is none of this client's business.
      if ((changed.length > 0 && integrations.length === 0) || client.reply.raw.writableEnded) continue;
      client.reply.raw.write(`event: ingest\ndata: ${JSON.stringify({ integrations, at })}\n\n`);
    }
  }

  register(app: FastifyInstance): void {
    app.get('/api/v1/stream', { config: { permission: 'read' } }, (request, reply) => {
      reply.hijack();
      // A hijacked reply skips Fastify's sending: the security and correlation headers already set
      // on it by the hooks must be written by hand.
      reply.raw.writeHead(200, {
        ...(reply.getHeaders() as OutgoingHttpHeaders),
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      reply.raw.write(`retry: 3000\nevent: hello\ndata: {}\n\n`);
      const client: Client = { reply, principal: request.principal };
      this.clients.add(client);
      request.raw.on('close', () => this.clients.delete(client));
    });
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.reply.raw.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
    app.addHook('preClose', async () => this.close());
  }

  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.reply.raw.end();
    this.clients.clear();
  }
}
