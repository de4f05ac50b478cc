import { hostname } from 'node:os';
import type { Config } from '../config.js';
import { InputError } from '../errors.js';

/** Where people open the console, as every notification link's base; `configured` is false when guessed. */
export interface ConsoleBase {
  url: string;
  configured: boolean;
}

/** SWITCHBOARD_PUBLIC_URL checked once at start-up: a link nobody can open is worse than a refusal to start. */
export function parsePublicUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`SWITCHBOARD_PUBLIC_URL=${raw} is not a URL; give the address people open the console at, e.g. https://switchboard.example.com`, 'invalid_config');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`SWITCHBOARD_PUBLIC_URL=${raw} is not an http(s) URL; give the address people open the console at, e.g. https://switchboard.example.com`, 'invalid_config');
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * The console's base URL: the configured public URL, else this server's own address (the machine's
 * name when it listens on every interface), which only works for readers who can reach it directly.
 */
export function consoleBase(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): ConsoleBase {
  if (config.publicUrl) return { url: config.publicUrl, configured: true };
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const host = everywhere ? hostname() : config.host === '127.0.0.1' || config.host === '::1' ? 'localhost' : config.host;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`, configured: false };
}

/** The start-up warning when links are built on a guessed base. */
export function unsetPublicUrlWarning(base: ConsoleBase): string {
  return `SWITCHBOARD_PUBLIC_URL is not set: links in notifications point at ${base.url}, which chat and mail readers elsewhere cannot open; set it to the address people open the console at`;
}
