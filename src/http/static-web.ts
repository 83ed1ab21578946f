/**
 * The built web app's files (issue 16 item 1): each sent as the brotli or gzip twin the
 * build wrote beside it (web/precompress.ts) when the browser accepts it, with
 * `Vary: Accept-Encoding`; nothing is compressed per request.
 *
 * Caching: a file under /assets/ has a content hash in its name, so a new build is a new
 * URL and the old one can be kept for a year without asking again. The HTML names those
 * hashed files, so it must be revalidated on every visit (`no-cache`), or a browser would
 * keep loading last week's bundle. Anything else at the root (favicon, robots.txt) is kept
 * an hour. The security headers come from the root hook (security-headers.ts) as for every
 * response.
 *
 * @example
 *   const web = webRoot();
 *   if (web) await registerStaticWeb(app, web);
 *   // a page route: reply.sendFile('index.html') gets no-cache and the .br twin too
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
export const HTML_CACHE = 'no-cache';
const OTHER_CACHE = 'public, max-age=3600';

/** Cache-Control for a file of the build; `file` may be a compressed twin (`x.js.br`). */
export function cacheControlFor(root: string, file: string): string {
  const logical = file.replace(/\.(br|gz)$/, '');
  if (logical.endsWith('.html')) return HTML_CACHE;
  const relative = path.relative(root, logical).split(path.sep);
  return relative[0] === 'assets' && relative.length > 1 ? HASHED_ASSET_CACHE : OTHER_CACHE;
}

export async function registerStaticWeb(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false, // pages.ts answers every page address, `/` included, with its first screen
    preCompressed: true,
    // The twins are alternate encodings of their file, not URLs of their own.
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, file: string) => {
      reply.header('cache-control', cacheControlFor(root, file));
    },
  });
}
