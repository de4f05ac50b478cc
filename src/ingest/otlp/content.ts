import { promisify } from 'node:util';
import { gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';
import { InputError, messageOf } from '../../errors.js';

/** The two OTLP/HTTP encodings; an answer is always sent in the encoding of its request. */
export type OtlpEncoding = 'json' | 'protobuf';
export const CONTENT_TYPES: Record<OtlpEncoding, string> = { json: 'application/json', protobuf: 'application/x-protobuf' };

export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  if (mediaType === CONTENT_TYPES.protobuf) return 'protobuf';
  if (mediaType === CONTENT_TYPES.json) return 'json';
  return undefined;
}

type Decompress = (body: InputType, options: ZlibOptions) => Promise<Buffer>;
const DECOMPRESSORS: Record<string, Decompress> = { gzip: promisify(gunzip), deflate: promisify(inflate) };

/**
 * The body as sent before its Content-Encoding. The size limit holds for the decompressed bytes
 * too, and decompression stops as soon as they pass it, so a small bomb never fills memory.
 */
export async function decodedBody(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  const decompress = DECOMPRESSORS[encoding];
  if (!decompress) {
    throw new InputError(`unsupported Content-Encoding "${encoding}": send gzip, deflate or no encoding`, 'unsupported_content_encoding', 415);
  }
  try {
    return await decompress(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError(`the body decompresses to more than the limit of ${limit} bytes; send smaller batches`, 'body_too_large', 413);
    }
    throw new InputError(`the body is not valid ${encoding} data: ${messageOf(error)}`, 'invalid_content_encoding');
  }
}
