import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { ProbeContext } from './types.js';

export class ClientCertificateError extends Error {
  constructor(file: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException).code;
    super(`cannot read the client certificate file ${file}${code ? ` (${code})` : ''}`);
    this.name = 'ClientCertificateError';
  }
}

async function readPem(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new ClientCertificateError(file, error);
  }
}

/**
 * TLS options shared by the http and tls probes: the client certificate, read at probe time so a
 * rotated file is picked up without a restart, and any extra trusted CAs beside the system store.
 */
export async function tlsOptions(
  clientCertificate: { certFile: string; keyFile: string } | undefined,
  context: ProbeContext,
): Promise<{ cert?: Buffer; key?: Buffer; ca?: string[] }> {
  const options: { cert?: Buffer; key?: Buffer; ca?: string[] } = {};
  if (clientCertificate) {
    [options.cert, options.key] = await Promise.all([readPem(clientCertificate.certFile), readPem(clientCertificate.keyFile)]);
  }
  if (context.trustedCa && context.trustedCa.length > 0) options.ca = [...rootCertificates, ...context.trustedCa];
  return options;
}
