/**
 * Validation amplification: a 109 KB body with a 20,000-element array got a
 * 25 MB 400 after ~4 s and stalled every other request. Here every operation of the OpenAPI
 * document gets the worst requests its limits allow, built from its own schemas (the largest
 * shape, bad content everywhere, an array flooded up to the body limit, nesting as deep as
 * the limit allows, the longest query and path parameters), signed in as a user with every
 * role. Each answer must be small (< 10 KB, every one) and quick (< 100 ms, best of 5 tries:
 * the machine is shared), and a `GET /health` loop running beside them must stay quick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../src/modules/media/index.js';
import { BODY_LIMIT } from '../src/server.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given } from './support/given.js';
import { badValue, deepText, floodValue, largestValue, type Schema } from './support/worst-input.js';

const MAX_ANSWER_BYTES = 10 * 1024;
const MAX_ANSWER_MS = 100;
const MAX_HEALTH_MS = 50;
// Tries stop at the first answer under the bound: more tries cost only where the shared machine (or the suite's other worker) got in the way.
const TRIES = 5;

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  consumes?: string[];
}

interface Attempt {
  label: string;
  url: string;
  init: RequestInit;
}

/** A query string holding `values`, arrays as repeated parameters (how Fastify reads them). */
function queryString(values: Record<string, unknown>): string {
  const pairs = Object.entries(values).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`),
  );
  return pairs.join('&');
}

/** `/notes/{id}` with each path parameter replaced by `make(its schema)`. */
function fillPath(path: string, parameters: Parameter[], make: (s: Schema) => unknown): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string', maxLength: 64 };
    return encodeURIComponent(String(make(schema)));
  });
}

/** Every worst request for one operation. */
function attempts(method: string, path: string, op: Operation, bodyLimit: number, token: string): Attempt[] {
  const parameters = op.parameters ?? [];
  const query = parameters.filter((p) => p.in === 'query');
  const headers = { authorization: `Bearer ${token}` };
  const json = { ...headers, 'content-type': 'application/json' };
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const maxPath = fillPath(path, parameters, largestValue);
  const badPath = fillPath(path, parameters, badValue);
  const withQuery = (p: string, q: Record<string, unknown>) => (Object.keys(q).length > 0 ? `${p}?${queryString(q)}` : p);
  const maxQuery = Object.fromEntries(query.map((p) => [p.name, largestValue(p.schema)]));
  const badQuery = Object.fromEntries(query.map((p) => [p.name, badValue(p.schema)]));
  const list: Attempt[] = [];
  // Under the limit by a margin, so the body is read whole and reaches the validator.
  const fill = bodyLimit - 64;

  if (bodySchema) {
    const send = (label: string, url: string, text: string) => list.push({ label, url, init: { method, headers: json, body: text } });
    send('the largest body of its shape', withQuery(maxPath, maxQuery), JSON.stringify(largestValue(bodySchema)));
    send('bad content everywhere, arrays at maxItems', withQuery(badPath, badQuery), JSON.stringify(badValue(bodySchema)));
    send('an array flooded up to the body limit', withQuery(maxPath, maxQuery), JSON.stringify(floodValue(bodySchema, fill)));
    const firstField = Object.keys(bodySchema.properties ?? {})[0] ?? '_';
    send('nesting as deep as the body limit allows', maxPath, deepText(firstField, fill));
  } else if (op.consumes?.includes('multipart/form-data')) {
    // Uploads are limited by @fastify/multipart (MAX_UPLOAD_BYTES): the largest file that is not an image.
    const form = () => {
      const data = new FormData();
      data.append('file', new Blob([Buffer.alloc(MAX_UPLOAD_BYTES - 1024, 0x3c)], { type: 'image/png' }), 'x.png');
      return data;
    };
    list.push({ label: 'the largest file that is not an image', url: maxPath, init: { method, headers, body: form() } });
  } else {
    if (query.length > 0 || parameters.some((p) => p.in === 'path')) {
      list.push({ label: 'the longest query and path parameters', url: withQuery(maxPath, maxQuery), init: { method, headers } });
      list.push({ label: 'bad query and path parameters', url: withQuery(badPath, badQuery), init: { method, headers } });
    }
    // A route without a body still gets sent one, the largest the server reads (fetch sends none with GET).
    if (method !== 'GET' && method !== 'HEAD') list.push({ label: 'a body where none is taken', url: maxPath, init: { method, headers: json, body: JSON.stringify(floodValue({ type: 'object' }, fill)) } });
  }
  // The longest URL most proxies pass (8 KB): an unknown, repeated query parameter.
  const flood = Array.from({ length: 700 }, () => `_=${encodeURIComponent('<b>')}`).join('&');
  list.push({ label: 'a flooded query string', url: `${maxPath}?${flood}`, init: { method, headers } });
  return list;
}

interface Answer {
  status: number;
  bytes: number;
  ms: number;
  /** The answer's start, to name a failure. */
  text: string;
}

async function send(base: string, attempt: Attempt): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${base}${attempt.url}`, { ...attempt.init, signal: AbortSignal.timeout(10_000) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: body.length, ms: performance.now() - started, text: body.subarray(0, 200).toString() };
}

/** Sequential `GET /health` until stopped: how long each took. */
function healthLoop(base: string): { stop: () => Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/health`);
      await res.arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return times;
    },
  };
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;

for (const kind of DATABASE_KINDS) {
  describe(`the worst requests the limits allow (${kind})`, () => {
    let t: TestApp;
    let token: string;
    let doc: { paths: Record<string, Record<string, Operation>> };
    /** `POST /api/v1/notes/{id}` → the route's own bodyLimit, where it sets one. */
    const bodyLimits = new Map<string, number | undefined>();

    beforeAll(async () => {
      t = await startTestApp(kind, {
        onRoute: (route) => {
          const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
          for (const method of [route.method].flat()) bodyLimits.set(`${method} ${path}`, route.bodyLimit);
        },
      });
      // Every role, so each route's checks pass and the request reaches its schemas.
      const admin = await given.admin(t);
      const granted = await t.http.post(`/admin/users/${admin.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token });
      expect(granted.status).toBe(200);
      token = admin.token;
      doc = (await t.http.get('/openapi.json')).body;
    });
    afterAll(async () => {
      await t?.close();
    });

    it('answers each operation small and quick, while /health stays quick', { timeout: 600_000 }, async () => {
      const health = healthLoop(t.url);
      const tooBig: string[] = [];
      const tooSlow: string[] = [];
      const failed: string[] = [];
      let sent = 0;
      try {
        for (const [path, ops] of Object.entries(doc.paths)) {
          for (const [method, op] of Object.entries(ops)) {
            const key = `${method.toUpperCase()} ${path}`;
            const bodyLimit = bodyLimits.get(key) ?? BODY_LIMIT;
            for (const attempt of attempts(method.toUpperCase(), path, op, bodyLimit, token)) {
              const where = `${key} (${attempt.label})`;
              let best = Infinity;
              for (let i = 0; i < TRIES && best >= MAX_ANSWER_MS; i++) {
                const answer = await send(t.url, attempt);
                sent++;
                best = Math.min(best, answer.ms);
                // The size must hold for every answer, not the best one.
                if (answer.bytes >= MAX_ANSWER_BYTES) tooBig.push(`${where}: ${answer.status}, ${answer.bytes} bytes`);
                if (answer.status >= 500) failed.push(`${where}: ${answer.status} ${answer.text}`);
              }
              if (best >= MAX_ANSWER_MS) tooSlow.push(`${where}: best of ${TRIES} ${best.toFixed(0)} ms`);
            }
          }
        }
      } finally {
        const times = await health.stop();
        // A shared 2-core machine (six test runs at once) adds slow samples of its own, so the
        // 50 ms bound is the median's, nine in ten stay under twice that, and none may take a
        // second: before the fix one flooded body stalled every other request for seconds.
        const slowest = Math.max(...times);
        expect(
          { median: quantile(times, 0.5) < MAX_HEALTH_MS, p90: quantile(times, 0.9) < 2 * MAX_HEALTH_MS, slowest: slowest < 1000 },
          `health: ${times.length} checks, median ${quantile(times, 0.5).toFixed(1)} ms, p90 ${quantile(times, 0.9).toFixed(1)} ms, slowest ${slowest.toFixed(0)} ms`,
        ).toEqual({ median: true, p90: true, slowest: true });
      }
      expect(sent).toBeGreaterThan(400);
      expect(failed).toEqual([]);
      expect(tooBig).toEqual([]);
      expect(tooSlow).toEqual([]);
    });

    it('refuses the 20,000-element array of the issue at once, in a few bytes', async () => {
      const addressId = 'a'.repeat(26);
      // Every element wrong (a number where an id belongs), so each one is a problem of its own.
      const body = JSON.stringify({ items: [{ skuId: 'sku', quantity: 1 }], addressId, addOnIds: Array.from({ length: 20_000 }, () => 12345) });
      expect(body.length).toBeGreaterThan(100_000);
      let best = Infinity;
      for (let i = 0; i < TRIES; i++) {
        const answer = await send(t.url, { label: 'amplification', url: '/api/v1/orders', init: { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body } });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.bytes).toBeLessThan(MAX_ANSWER_BYTES);
        best = Math.min(best, answer.ms);
      }
      expect(best).toBeLessThan(MAX_ANSWER_MS);
    });
  });
}
