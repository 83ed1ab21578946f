/**
 * Issue 16 item 1 over real HTTP: JSON answers above ~1 KB are compressed when the client
 * accepts it and only then; the live event streams are never compressed and still stream;
 * the built app's files go out as the brotli/gzip twins made at build time, hashed assets
 * cached for a year, the HTML revalidated on every visit.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { ensureWebBuild } from './support/browser.js';
import { given } from './support/given.js';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it came over the wire (still compressed). */
  body: Buffer;
}

/** A GET that sends exactly the Accept-Encoding given and does not decode the answer (fetch would). */
function get(url: string, acceptEncoding?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function decode(raw: Raw): string {
  const encoding = raw.headers['content-encoding'];
  if (encoding === 'br') return zlib.brotliDecompressSync(raw.body).toString('utf8');
  if (encoding === 'gzip') return zlib.gunzipSync(raw.body).toString('utf8');
  return raw.body.toString('utf8');
}

/** The headers and first chunk of a stream that never ends, then hang up. */
function firstChunk(url: string, acceptEncoding: string): Promise<{ headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': acceptEncoding }, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString('utf8');
        // The first state message, readable as it arrives: not buffered and not compressed.
        if (text.includes('\n\ndata: ') || /event: \w+\ndata: .*\n\n/.test(text)) {
          resolve({ headers: res.headers, text });
          req.destroy();
        }
      });
    });
    req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
  });
}

const vary = (raw: Raw) => String(raw.headers.vary ?? '').toLowerCase();

describe('compression and caching over HTTP', () => {
  let t: TestApp;
  let groupId: string;

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp('pglite');
    const operator = await given.operator(t, await given.admin(t), { viaSms: false });
    const product = await given.product(t, operator, { skus: [{ name: '大号', price: 12_900, stock: 20, groupPrice: 9_900, groupSize: 2 }] });
    const buyer = await given.user(t, { verify: 'identity', viaSms: false });
    const addressId = await given.address(t, buyer);
    const group = await t.http.post('/group-buys', { skuId: product.skus[0].id, quantity: 1, addressId }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(group.status, group.text).toBe(201);
    groupId = group.body.groupBuy.id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a large JSON answer is br or gzip as accepted, plain when not, with Vary', async () => {
    const url = `${t.url}/api/v1/openapi.json`;
    const plain = await get(url);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const document = JSON.parse(plain.body.toString('utf8')) as { openapi: string };
    expect(document.openapi).toBe('3.1.0');

    for (const [accept, expected] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
      const raw = await get(url, accept);
      expect([accept, raw.status, raw.headers['content-encoding']]).toEqual([accept, 200, expected]);
      expect(vary(raw)).toContain('accept-encoding');
      expect(JSON.parse(decode(raw))).toEqual(document);
      if (expected) expect(raw.body.length).toBeLessThan(plain.body.length / 3);
    }
  });

  it('a small JSON answer is not compressed', async () => {
    const raw = await get(`${t.url}/api/v1/health`, 'br, gzip');
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(raw.body.toString('utf8'))).toEqual({ ok: true });
  });

  it('a live event stream is neither compressed nor buffered', async () => {
    const { headers, text } = await firstChunk(`${t.url}/api/v1/group-buys/${groupId}/events`, 'br, gzip');
    expect(headers['content-type']).toMatch(/^text\/event-stream/);
    expect(headers['content-encoding']).toBeUndefined();
    expect(text).toContain(groupId);
  });

  it('the built app: twins made at build time, hashed assets immutable, HTML no-cache', async () => {
    const index = await get(`${t.url}/`, 'br, gzip');
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(vary(index)).toContain('accept-encoding');
    expect(index.headers['content-security-policy']).toBeDefined();
    const html = decode(index);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();

    for (const asset of [script!, style!]) {
      const plain = await get(`${t.url}${asset}`);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      for (const [accept, expected] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip']] as const) {
        const raw = await get(`${t.url}${asset}`, accept);
        expect([asset, accept, raw.status, raw.headers['content-encoding']]).toEqual([asset, accept, 200, expected]);
        expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(raw.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
        expect(vary(raw)).toContain('accept-encoding');
        expect(raw.headers['x-content-type-options']).toBe('nosniff');
        expect(decode(raw)).toBe(plain.body.toString('utf8'));
        expect(raw.body.length).toBeLessThan(plain.body.length);
      }
    }

    // A page of the app (SPA fallback) is the same HTML, revalidated too.
    const page = await get(`${t.url}/orders/some-order`, 'gzip');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    // The twins are no URLs of their own.
    expect((await get(`${t.url}${script!}.br`)).status).toBe(404);
  });
});
