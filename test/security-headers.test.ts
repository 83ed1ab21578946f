/**
 * Security headers on every response, on both databases: every route
 * the server registers (API and not: the web app's files, uploads, the share pages,
 * /docs, the CSP report sink) is called, signed out and — for reads — signed in, and
 * each answer, success or problem+json, carries the strict CSP, frame refusal, nosniff,
 * the referrer policy and the Permissions-Policy. So do the answers no route gives:
 * 404s, a malformed URL, a body too large, a cross-site refusal, a live event stream.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { ensureWebBuild } from './support/browser.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

/** What is wrong with a response's security headers; empty when nothing is. */
function headerProblems(headers: Headers): string[] {
  const problems: string[] = [];
  const csp = headers.get('content-security-policy') ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
  const expectDirective = (name: string, sources: string[]) => {
    const actual = directives.get(name);
    if (!actual || sources.some((source) => !actual.includes(source))) problems.push(`CSP ${name} is ${actual?.join(' ') ?? 'missing'}`);
  };
  expectDirective('default-src', ["'self'"]);
  expectDirective('script-src', ["'self'"]);
  expectDirective('object-src', ["'none'"]);
  expectDirective('base-uri', ["'self'"]);
  expectDirective('form-action', ["'self'"]);
  expectDirective('frame-ancestors', ["'none'"]);
  expectDirective('connect-src', ["'self'"]);
  for (const [name, sources] of directives) {
    // No inline or evaluated script or style, no wildcard source anywhere.
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:']) {
      if (sources.includes(bad)) problems.push(`CSP ${name} allows ${bad}`);
    }
  }
  if (headers.get('x-frame-options') !== 'DENY') problems.push(`X-Frame-Options is ${headers.get('x-frame-options')}`);
  if (headers.get('x-content-type-options') !== 'nosniff') problems.push(`X-Content-Type-Options is ${headers.get('x-content-type-options')}`);
  if (headers.get('referrer-policy') !== 'strict-origin-when-cross-origin') problems.push(`Referrer-Policy is ${headers.get('referrer-policy')}`);
  const permissions = headers.get('permissions-policy') ?? '';
  for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'publickey-credentials-get=(self)', 'publickey-credentials-create=(self)']) {
    if (!permissions.includes(feature)) problems.push(`Permissions-Policy lacks ${feature}`);
  }
  // Development and tests run on plain HTTP: HSTS there would lock a browser out of http://localhost.
  if (headers.get('strict-transport-security') !== null) problems.push('HSTS outside production');
  return problems;
}

/** Every method and path the server registered, read from Fastify's own radix tree (each line adds its segment to its parent's). */
function registeredRoutes(t: TestApp): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: true }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('');
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, path });
  }
  return routes;
}

/** A path to call for a route pattern: parameters get a made-up id, a wildcard a file name. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z]+/g, 'no-such-id').replace(/\*$/, 'index.css');

/** Headers only: a live event stream never ends, so the body is dropped unread. */
async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  await response.body?.cancel();
  return response;
}

for (const kind of DATABASE_KINDS) {
  describe(`security headers on ${kind}`, () => {
    let t: TestApp;
    let buyer: GivenUser;
    let groupId: string;
    let bargainId: string;
    let imageUrl: string;

    beforeAll(async () => {
      ensureWebBuild();
      t = await startTestApp(kind);
      const operator = await given.operator(t, await given.admin(t), { viaSms: false });
      const product = await given.product(t, operator, {
        skus: [{ name: '大号', price: 12_900, stock: 20, groupPrice: 9_900, groupSize: 2, bargainFloor: 6_900, maxHelpers: 5 }],
      });
      imageUrl = product.images[0];
      buyer = await given.user(t, { verify: 'identity', viaSms: false });
      const addressId = await given.address(t, buyer);
      const group = await t.http.post('/group-buys', { skuId: product.skus[0].id, quantity: 1, addressId }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect(group.status, group.text).toBe(201);
      groupId = group.body.groupBuy.id;
      const bargain = await t.http.post('/bargains', { skuId: product.skus[0].id }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect(bargain.status, bargain.text).toBe(201);
      bargainId = bargain.body.bargain.id;
    }, 60_000);
    afterAll(async () => {
      await t?.close();
    });

    it('every registered route answers with the headers, signed out and (reads) signed in', { timeout: 120_000 }, async () => {
      const routes = registeredRoutes(t);
      // The walk must see the whole server, not a part of it.
      const paths = new Set(routes.map((route) => route.path));
      for (const path of ['/api/v1/orders/:id/confirm-receipt', '/api/v1/orders/:id/after-sales', '/api/v1/after-sales/:id', '/api/v1/operators/:id/return-addresses/:addressId', '/api/v1/notes/:id/like', '/api/v1/csp-reports', '/uploads/:key', '/g/:id', '/b/:id', '/docs', '/docs/static/*', '/index.html']) {
        expect(paths, path).toContain(path);
      }
      expect(routes.length).toBeGreaterThan(150);
      const failures: string[] = [];
      for (const { method, path } of routes) {
        const url = `${t.url}${concrete(path)}`;
        const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? '{}' : undefined;
        const init = { method, ...(body ? { body, headers: { 'content-type': 'application/json' } } : {}) };
        const anonymous = await call(url, init);
        for (const problem of headerProblems(anonymous.headers)) failures.push(`${method} ${path} (${anonymous.status}): ${problem}`);
        if (method === 'GET') {
          const signedIn = await call(url, { headers: { authorization: `Bearer ${buyer.token}` } });
          for (const problem of headerProblems(signedIn.headers)) failures.push(`${method} ${path} signed in (${signedIn.status}): ${problem}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('real pages, files and streams carry them: the web app, its assets, an upload, both share pages, /docs, live events', async () => {
      const index = await fetch(`${t.url}/`);
      const html = await index.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      const targets = ['/', '/orders/some-order', asset!, imageUrl, `/g/${groupId}`, `/b/${bargainId}`, '/docs', '/docs/static/index.css', '/api/v1/openapi.json'];
      for (const path of targets) {
        const res = await call(`${t.url}${path}`);
        expect([path, res.status]).toEqual([path, 200]);
        expect([path, headerProblems(res.headers)]).toEqual([path, []]);
      }
      for (const path of [`/api/v1/group-buys/${groupId}/events`, `/api/v1/bargains/${bargainId}/events`]) {
        const res = await call(`${t.url}${path}`);
        expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, expect.stringMatching(/^text\/event-stream/)]);
        expect([path, headerProblems(res.headers)]).toEqual([path, []]);
      }
    });

    it('error answers carry them: 404 (API, file, share pages), malformed URL, 413, 415, 401, 403 cross-site', async () => {
      const cases: [string, RequestInit, number][] = [
        ['/api/v1/no-such-route', {}, 404],
        ['/assets/no-such-file.js', {}, 404],
        ['/uploads/no-such-key.png', {}, 404],
        ['/g/no-such-group', {}, 404],
        ['/b/no-such-bargain', {}, 404],
        ['/api/v1/notes/%E0%A4%A', {}, 400],
        ['/%E0%A4%A', {}, 400],
        ['/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"phone":"${'1'.repeat(2 * 1024 * 1024)}"}` }, 413],
        ['/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415],
        ['/api/v1/me', {}, 401],
        ['/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, body: '{}' }, 403],
      ];
      for (const [path, init, status] of cases) {
        const res = await call(`${t.url}${path}`, init);
        expect([path, res.status]).toEqual([path, status]);
        expect([path, headerProblems(res.headers)]).toEqual([path, []]);
      }
    });

    it("the group share page's one inline stylesheet is allowed by its exact hash, and nothing else inline is", async () => {
      const res = await fetch(`${t.url}/g/${groupId}`);
      const html = await res.text();
      const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(styles).toHaveLength(1);
      const hash = `'sha256-${createHash('sha256').update(styles[0]!).digest('base64')}'`;
      const styleSrc = /(?:^|;)\s*style-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1]?.split(' ');
      expect(styleSrc).toEqual(["'self'", hash]);
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
      // Everywhere else no inline style at all.
      const home = await call(`${t.url}/`);
      expect(/(?:^|;)\s*style-src ([^;]*)/.exec(home.headers.get('content-security-policy') ?? '')?.[1]).toBe("'self'");
    });
  });
}

describe('the CSP report sink', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { captureLogs: true });
  });
  afterAll(async () => {
    await t?.close();
  });
  const report = (body: string, type = 'application/csp-report') => call(`${t.url}/api/v1/csp-reports`, { method: 'POST', headers: { 'content-type': type }, body });

  it('logs a browser report (both formats) with its query strings cut, answers 204, refuses 16 KB+, logs at most 60 a minute', async () => {
    const legacy = { 'csp-report': { 'document-uri': `${t.url}/orders?phone=secret`, 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline' } };
    expect((await report(JSON.stringify(legacy))).status).toBe(204);
    const modern = [{ type: 'csp-violation', body: { documentURL: `${t.url}/wallet`, effectiveDirective: 'style-src-attr', blockedURL: 'inline' } }];
    expect((await report(JSON.stringify(modern), 'application/reports+json')).status).toBe(204);
    const logged = () => t.logs().split('\n').filter((line) => line.includes('content security policy violation'));
    expect(logged()).toHaveLength(2);
    expect(logged()[0]).toContain('"directive":"script-src-elem"');
    expect(logged()[0]).not.toContain('secret');
    expect(logged()[1]).toContain('"directive":"style-src-attr"');
    // A report sent from another site (a page framed elsewhere) is still taken.
    expect((await call(`${t.url}/api/v1/csp-reports`, { method: 'POST', headers: { 'content-type': 'application/csp-report', 'sec-fetch-site': 'cross-site' }, body: JSON.stringify(legacy) })).status).toBe(204);
    expect((await report(JSON.stringify({ 'csp-report': { 'document-uri': 'x'.repeat(17 * 1024) } }))).status).toBe(413);
    expect((await report('not json')).status).toBe(204);
    for (let i = 0; i < 80; i++) await report(JSON.stringify(legacy));
    expect(logged()).toHaveLength(60);
  });
});
