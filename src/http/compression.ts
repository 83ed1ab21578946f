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
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

export const COMPRESS_THRESHOLD_BYTES = 1024;

export async function registerApiCompression(api: FastifyInstance): Promise<void> {
  await api.register(compress, { encodings: ['br', 'gzip'], threshold: COMPRESS_THRESHOLD_BYTES, globalDecompression: false });
  api.addHook('onSend', async (_request, reply, payload) => {
    const vary = reply.getHeader('vary');
    const list = (Array.isArray(vary) ? vary.join(',') : String(vary ?? '')).toLowerCase();
    if (!list.includes('accept-encoding') && !list.includes('*')) reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
    return payload;
  });
}
