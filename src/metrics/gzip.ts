import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * Whether an Accept-Encoding header takes gzip (Prometheus asks for it on every scrape). A
 * `q=0` refuses it; `*` takes it unless gzip is refused by name.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q\s*=\s*0(\.0{0,3})?\s*$/.test(param));
    if (coding.trim() === 'gzip') return !refused;
    if (coding.trim() === '*') wildcard = !refused;
  }
  return wildcard;
}

/**
 * Gzipped at the fastest level, in zlib's thread pool, off the event loop: the exposition is
 * repetitive text (about 8 MiB at 1,000 integrations) that level 1 takes to a few hundred KiB.
 * Each call is one gzip member; the exposition concatenates several (src/metrics/signals.ts).
 */
export function gzipFast(body: Buffer): Promise<Buffer> {
  return gzipAsync(body, { level: constants.Z_BEST_SPEED });
}
