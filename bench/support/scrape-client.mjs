/**
 * The metrics bench's scraper, on a worker thread of its own as Prometheus would be in a process
 * of its own: reading an 8 MiB body costs the client about as much CPU as rendering it costs the
 * server, and on the server's thread it would hold the server's event loop. Asked { url }, it
 * scrapes /metrics once, read as bytes, while asking /healthz every HEALTH_EVERY_MS on other
 * connections, and answers the scrape's time, status and size and every /healthz time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';

const HEALTH_EVERY_MS = 20;

parentPort.on('message', ({ url }) => {
  scrape(url).then(
    (answer) => parentPort.postMessage(answer),
    (error) => parentPort.postMessage({ error: String(error) }),
  );
});

async function scrape(url) {
  const health = [];
  let scraping = true;
  const pinger = (async () => {
    while (scraping) {
      const t0 = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      health.push(performance.now() - t0);
      await sleep(HEALTH_EVERY_MS);
    }
  })();
  try {
    const t0 = performance.now();
    const answer = await fetch(`${url}/metrics`);
    const bytes = (await answer.arrayBuffer()).byteLength;
    const ms = performance.now() - t0;
    return { ms, status: answer.status, bytes, health };
  } finally {
    scraping = false;
    await pinger;
  }
}
