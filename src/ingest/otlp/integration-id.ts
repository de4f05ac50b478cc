/**
 * An integration id (CONTRACT.md: `^[a-z0-9][a-z0-9._-]{0,63}$`) from the host a span talked to,
 * so `api.dhl.com` stays `api.dhl.com` and the board shows partners by the name their URLs carry.
 */
export function integrationIdFromHost(host: string): string | undefined {
  const id = bareHost(host)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return id === '' ? undefined : id;
}

/** A host without port, IPv6 brackets or the trailing dot of a fully qualified name. */
function bareHost(host: string): string {
  const trimmed = host.trim();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.includes(']') ? trimmed.indexOf(']') : undefined);
  return trimmed.replace(/:\d*$/, '').replace(/\.$/, '');
}

/** The host of an absolute URL, if it is one. */
export function hostOfUrl(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  return new URL(url).hostname || undefined;
}
