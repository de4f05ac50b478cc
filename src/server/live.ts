import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Server-sent events for the console: after ingest commits, every open page hears which
 * integrations changed (coalesced to one message a second), and refetches what it shows.
 */
export class LiveFeed {
  private readonly clients = new Set<FastifyReply>();
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(private readonly coalesceMs = 1_000) {}

  noteCommitted(integrations: Set<string>): void {
    for (const id of integrations) this.pending.add(id);
    if (this.timer || this.clients.size === 0) return;
    this.timer = setTimeout(() => this.flush(), this.coalesceMs);
  }

  private flush(): void {
    this.timer = undefined;
    const message = `event: ingest\ndata: ${JSON.stringify({ integrations: [...this.pending].sort(), at: Date.now() })}\n\n`;
    this.pending = new Set();
    for (const client of this.clients) client.raw.write(message);
  }

  register(app: FastifyInstance): void {
    app.get('/api/v1/stream', { config: { permission: 'read' } }, (request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      reply.raw.write(`retry: 3000\nevent: hello\ndata: {}\n\n`);
      this.clients.add(reply);
      request.raw.on('close', () => this.clients.delete(reply));
    });
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.raw.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
    app.addHook('preClose', async () => this.close());
  }

  close(): void {
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.raw.end();
    this.clients.clear();
  }
}
