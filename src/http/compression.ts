/**
 * JSON answers of the API above 1 KB go out as br or gzip when the client accepts it
 * (issue 16 item 1): a feed page shrinks about 5×. Register it in the API's scope only: the
 * web app's files are compressed at build time (static-web.ts) and images are compressed
 * already. The live event streams hijack their reply (event-stream.ts), so no onSend hook,
 * this one included, ever sees or buffers them. Request bodies are never inflated: a small
 * gzip body must not expand past the body limit.
 *
 * Every answer says `Vary: Accept-Encoding`, the plain ones too, so a shared cache never
 * hands a compressed body to a client that did not ask for one, or the other way round.
 *
 * @example
 *   await app.register(async (api) => { await registerApiCompression(api); api.get(...) }, { prefix: '/api/v1' });
 */
import zlib from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const COMPRESS_THRESHOLD_BYTES = 1024;

export async function registerApiCompression(api: FastifyInstance): Promise<void> {
  await api.register(compress, { encodings: ['br', 'gzip'], threshold: COMPRESS_THRESHOLD_BYTES, globalDecompression: false });
  api.addHook('onSend', async (_request, reply, payload) => {
    reply.header('vary', appendVary(reply.getHeader('vary'), 'Accept-Encoding'));
    return payload;
  });
}

/** The encodings a request accepts (`Accept-Encoding`), leaving out any refused with `q=0`. */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/**
 * A page's HTML (http/pages.ts fills it per request, so there is no build-time twin) as br or
 * gzip when accepted and worth it: the home feed's first screen is ~37 KB of HTML and data.
 * Brotli at quality 5 costs about a millisecond here and gets near the default's size.
 */
export function compressPage(request: FastifyRequest, reply: FastifyReply, html: string): string | Buffer {
  reply.header('vary', appendVary(reply.getHeader('vary'), 'Accept-Encoding'));
  if (Buffer.byteLength(html) < COMPRESS_THRESHOLD_BYTES) return html;
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  if (accepted.has('br')) {
    reply.header('content-encoding', 'br');
    return zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  }
  if (accepted.has('gzip')) {
    reply.header('content-encoding', 'gzip');
    return zlib.gzipSync(html);
  }
  return html;
}

function appendVary(vary: unknown, name: string): string {
  const current = Array.isArray(vary) ? vary.join(', ') : String(vary ?? '');
  const list = current.toLowerCase();
  if (list.includes(name.toLowerCase()) || list.includes('*')) return current;
  return current ? `${current}, ${name}` : name;
}
