/**
 * No URL makes any route answer 5xx. Every route the server registers
 * (the API, upload serving, the share pages /g and /b, the docs, every static file) and
 * the not-found handler (the SPA fallback) is called, by every method it answers, with
 * each bad value in each path parameter in turn (the others plain), and with the same
 * values in a query string and as a trailing path segment: a NUL (%00), 5,000
 * characters, malformed percent-encoding (%E0%A4%A, %ZZ), an encoded lone surrogate
 * (%ED%A0%80) and '..' segments. Anonymous and, for the API, signed in (a verified user
 * and an admin, so ids reach the services). On main, /uploads, /g and /b answered 500
 * (PostgreSQL refuses the NUL).
 *
 * Requests go out through node:http so the path is sent exactly as written (fetch would
 * resolve '..' and re-encode).
 */
import http from 'node:http';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given } from './support/given.js';

/** The bad values, exactly as they go on the wire. */
const BAD: [label: string, raw: string][] = [
  ['a NUL', 'x%00'],
  ['a NUL alone', '%00'],
  ['5,000 characters', 'x'.repeat(5_000)],
  ['a cut escape', '%E0%A4%A'],
  ['a non-hex escape', '%ZZ'],
  ['an encoded lone surrogate', '%ED%A0%80'],
  ['a .. segment', '..'],
  ['an encoded traversal', '..%2F..%2Fetc%2Fpasswd'],
];

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function send(base: URL, method: string, path: string, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const req = http.request({ host: base.hostname, port: base.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    // Event streams (/group-buys/:id/events) never end by themselves: a bad id must be refused before one starts.
    req.setTimeout(5_000, () => req.destroy(new Error(`${method} ${path.slice(0, 120)}: no answer in 5 s`)));
    req.end();
  });
}

interface Walked {
  method: string;
  /** As registered, with `:name` parameters and `*` wildcards. */
  url: string;
}

/** Every URL to try for one route: a bad value in each parameter, in a query string, and as an extra segment. */
function badUrls(route: Walked): [label: string, path: string][] {
  const slots = [...route.url.matchAll(/:\w+|\*/g)].map((m) => m[0]);
  const fill = (which: string | undefined, value: string) => route.url.replace(/:\w+|\*/g, (slot) => (slot === which ? value : 'x'));
  const plain = fill(undefined, '');
  const out: [string, string][] = [];
  for (const slot of slots) for (const [label, raw] of BAD) out.push([`${slot} is ${label}`, fill(slot, raw)]);
  // Whole-path values ('a NUL alone', the encoded traversal) say nothing new in a query string.
  for (const [label, raw] of BAD.filter(([, raw]) => raw !== '%00' && !raw.includes('%2F'))) out.push([`a query parameter is ${label}`, `${plain}?zz=${raw}`]);
  out.push(['a query parameter named with a NUL', `${plain}?x%00=1`]);
  for (const [label, raw] of BAD.filter(([, raw]) => raw === '..' || raw === 'x%00')) out.push([`an extra segment is ${label}`, `${plain.replace(/\/$/, '')}/${raw}`]);
  return out;
}

/** Runs `tasks` with at most `width` in flight. */
async function inPool<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await run(items[next++]!);
    }),
  );
}

for (const kind of DATABASE_KINDS) {
  describe(`every route refuses bad URLs with 4xx, never 5xx (${kind})`, () => {
    let t: TestApp;
    const routes: Walked[] = [];
    beforeAll(async () => {
      t = await startTestApp(kind, {
        onRoute: (route: RouteOptions) => {
          for (const method of [route.method].flat()) routes.push({ method, url: route.url });
        },
      });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('walks every registered route and the not-found handler', async () => {
      const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
      // The walk covers what item 7 names: the API, uploads, both share pages, the docs.
      for (const key of ['GET /uploads/:key', 'GET /g/:id', 'GET /b/:id', 'GET /docs', 'GET /docs/static/*', 'GET /api/v1/products/:id', 'DELETE /api/v1/me/passkeys/:id', 'POST /api/v1/orders/:id/after-sales', 'POST /api/v1/after-sales/:id/escalate', 'PATCH /api/v1/operators/:id/return-addresses/:addressId', 'DELETE /api/v1/operators/:id/return-addresses/:addressId']) {
        expect(keys, `${key} in ${[...keys].filter((k) => !/\.(tsx?|css|json|svg|png|ico)$/.test(k)).join(', ')}`).toContain(key);
      }
      const walked: Walked[] = [...new Map(routes.map((r) => [`${r.method} ${r.url}`, r])).values()];
      // The not-found handler (the SPA fallback for pages, a problem for the rest).
      for (const method of ['GET', 'HEAD', 'POST']) walked.push({ method, url: '/shop/:page' }, { method, url: '/api/v1/no-such/:thing' });
      expect(walked.length).toBeGreaterThan(150);

      const [user, admin] = await Promise.all([given.user(t, { verify: 'identity', viaSms: false }), given.admin(t)]);
      const base = new URL(t.url);
      const failures: string[] = [];
      const calls: { route: Walked; label: string; path: string; who: 'anonymous' | 'user' | 'admin' }[] = [];
      for (const route of walked) {
        const api = route.url.startsWith('/api/');
        // Signed in, an id gets past authentication to the service (admin for the oversight routes).
        const signedIn = /^\/api\/v1\/(admin|regulator)\//.test(route.url) ? 'admin' : 'user';
        for (const [label, path] of badUrls(route)) for (const who of api ? (['anonymous', signedIn] as const) : (['anonymous'] as const)) calls.push({ route, label, path, who });
      }
      // DELETE /api/v1/me last: a case that erased the account would only turn the rest into 401s.
      const erases = (c: (typeof calls)[number]) => c.route.method === 'DELETE' && c.route.url === '/api/v1/me';
      const tokens = { anonymous: undefined, user: user.token, admin: admin.token };
      const check = async ({ route, label, path, who }: (typeof calls)[number]) => {
        const res = await send(base, route.method, path, tokens[who]);
        const where = `${route.method} ${route.url} (${label}, ${who}) → ${res.status} ${res.contentType} ${res.text.slice(0, 120)}`;
        if (res.status >= 500 || res.status < 200) failures.push(where);
        else if (res.status >= 400 && route.method !== 'HEAD') {
          const problem = res.contentType.startsWith('application/problem+json');
          // A page may answer its own 404 page; everything else answers a problem with a stable code.
          const page = !route.url.startsWith('/api/') && res.status === 404 && res.contentType.startsWith('text/html');
          if (!problem && !page) failures.push(`${where}: not problem+json`);
          else if (problem && typeof (JSON.parse(res.text) as { code?: unknown }).code !== 'string') failures.push(`${where}: no code`);
        }
      };
      await inPool(calls.filter((c) => !erases(c)), 4, check);
      for (const c of calls.filter(erases)) await check(c);
      expect(failures).toEqual([]);
      expect(calls.length).toBeGreaterThan(2_000);
      // And the server still answers.
      expect((await t.http.get('/health')).status).toBe(200);
    }, 300_000);

    it('the URL guard answers 400 VALIDATION_FAILED on pages, uploads and static files too, and the share pages keep their 404 page', async () => {
      const base = new URL(t.url);
      for (const path of ['/uploads/x%00', '/g/x%00', '/b/x%00', '/g/%ED%A0%80', '/docs/static/index.html?x=%00', '/index.html?q=%ZZ', '/shop%00', '/api/v1/health?x=%E0%A4%A', `/g/${'x'.repeat(2_049)}`]) {
        const res = await send(base, 'GET', path);
        expect([path, res.status, res.contentType]).toEqual([path, 400, expect.stringMatching(/^application\/problem\+json/)]);
        expect([path, JSON.parse(res.text)]).toMatchObject([path, { code: 'VALIDATION_FAILED' }]);
      }
      // An id its schema does not allow is no group: the page's 404, as for an unknown one.
      for (const path of [`/g/${'x'.repeat(65)}`, '/g/..', '/g/no-such-group?from=singlemessage']) {
        const res = await send(base, 'GET', path);
        expect([path, res.status, res.contentType]).toEqual([path, 404, expect.stringMatching(/^text\/html/)]);
      }
    });
  });
}
