/**
 * The OpenAPI fuzz. The operations come from the running server's own
 * document (GET /api/v1/openapi.json), so a route added tomorrow is fuzzed without a line
 * here. Each operation gets FUZZ_RUNS requests built by fast-check: a valid request from
 * the schema (ids and image URLs drawn from a real shop, product, note and order, so
 * valid requests get past the 404s), or one with a mutation: a value of the wrong type
 * anywhere in the body, a field missing or extra, huge and unicode strings (Han, emoji,
 * RTL, combining marks), NUL and lone surrogates, boundary numbers (0, -1, 2^31, 2^53,
 * 1e308, "NaN", fractions for integers), the whole body wrong (an array, a string, empty),
 * malformed JSON and other content types; path parameters and query strings fuzzed the
 * same way, raw bad percent-encoding included. Anonymous, as a verified user who owns
 * a shop and has an order, and, for the oversight routes, as an admin.
 *
 * Required: no 5xx, no answer slower than 1 s, every 4xx problem+json with a `code`, and
 * the server healthy after (GET /health and a normal request).
 *
 * FUZZ_RUNS sets requests per operation (default 200, 15 under CI=true); FUZZ_SEED
 * replays a run (the seed is printed with every failure, with fast-check's path:
 * FUZZ_SEED=… FUZZ_PATH=… FUZZ_ONLY='POST /orders' npx vitest run test/fuzz.test.ts).
 *
 * Nothing is skipped: /sandbox/* is fuzzed like the rest (its loops end on their own, and
 * a completed top-up is an outcome, not a failure). Event streams that open are read up
 * to their headers and closed.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { startJobs } from '../src/jobs/index.js';
import { registerTimers } from '../src/jobs/timers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { BAD_NUMBERS, BAD_STRINGS, BAD_VALUE, encodeSegment, placesIn, RAW_URL_VALUES, rawBodies, REMOVE, replaceAt, validValue, type JsonSchema, type Pools, type RawBody } from './support/fuzz.js';
import { given, type GivenUser } from './support/given.js';

const IN_CI = process.env.CI === 'true';
const RUNS = Number(process.env.FUZZ_RUNS ?? (IN_CI ? 15 : 200));
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const PATH = process.env.FUZZ_PATH;
const ONLY = process.env.FUZZ_ONLY;
/** The slowest answer allowed. */
const SLOWEST_MS = 1_000;

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  secured: boolean;
}

type Who = 'anonymous' | 'user' | 'admin';

interface FuzzRequest {
  who: Who;
  /** What was done to the valid request. */
  mutation: string;
  url: string;
  json?: unknown;
  raw?: RawBody;
  headers: Record<string, string>;
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: unknown[] }>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(op.requestBody?.content['application/json'] ? { body: op.requestBody.content['application/json'].schema } : {}),
        secured: !!op.security?.length,
      })),
  );
}

const summary = (r: FuzzRequest) => {
  const body = r.raw ? `raw ${r.raw.label} (${r.raw.contentType ?? 'no content type'})` : r.json !== undefined ? JSON.stringify(r.json) : 'no body';
  return `${r.who}, ${r.mutation}: ${r.url.slice(0, 300)} ${body.slice(0, 300)}`;
};

/** What a path parameter names: `/products/{id}` → `productId`, `/skus/{skuId}` → `skuId`. */
function idName(path: string, param: string): string {
  if (param !== 'id') return param;
  const before = path.split('/').at(path.split('/').indexOf('{id}') - 1) ?? '';
  return `${before.replace(/ies$/, 'y').replace(/s$/, '')}Id`;
}

/** Every request fast-check may build for `op`. */
function requestsFor(op: Operation, pools: Pools, now: Date): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const who: fc.Arbitrary<Who> = /^\/api\/v1\/(admin|regulator)\//.test(op.path) ? fc.constantFrom('anonymous', 'user', 'admin') : op.secured ? fc.constantFrom('anonymous', 'user', 'user') : fc.constantFrom('anonymous', 'user');

  const validParams = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, validValue(p.schema, pools, now, idName(op.path, p.name)).map(String)])));
  // A cursor is only valid as a page returned it: the valid request asks for the first page.
  const pageable = queryParams.filter((p) => p.required || p.name !== 'cursor');
  const validQuery = fc.record(
    Object.fromEntries(pageable.map((p) => [p.name, validValue(p.schema, pools, now, p.name).map(String)])),
    { requiredKeys: pageable.filter((p) => p.required).map((p) => p.name) },
  );
  const validBody = op.body ? validValue(op.body, pools, now) : fc.constant(undefined);

  const mutations: fc.Arbitrary<[string, (r: { params: Record<string, string>; query: [string, string][]; body: unknown }) => { params?: Record<string, string>; rawParams?: Record<string, string>; query?: [string, string][]; rawQuery?: string; body?: unknown; raw?: RawBody }]>[] = [
    fc.constant(['none', () => ({})]),
    fc.constant(['none', () => ({})]),
  ];
  if (pathParams.length) {
    const name = fc.constantFrom(...pathParams.map((p) => p.name));
    mutations.push(
      fc.tuple(name, fc.oneof(fc.constantFrom(...BAD_STRINGS.filter((s) => s.length < 3_000)), fc.string({ unit: 'grapheme', maxLength: 80 }))).map(([n, v]) => [`path ${n} = bad text`, (r) => ({ params: { ...r.params, [n]: v } })]),
      fc.tuple(name, fc.constantFrom(...RAW_URL_VALUES)).map(([n, v]) => [`path ${n} = raw ${v}`, () => ({ rawParams: { [n]: v } })]),
    );
  }
  mutations.push(
    fc.tuple(fc.constantFrom('zz', 'limit', '__proto__', 'a[]', ...queryParams.map((p) => p.name)), fc.oneof(fc.constantFrom(...BAD_STRINGS.filter((s) => s.length < 3_000)), fc.constantFrom(...BAD_NUMBERS.map(String)))).map(([n, v]) => [
      `query ${n} = bad`,
      (r) => ({ query: [...r.query.filter(([k]) => k !== n), [n, v]] }),
    ]),
    fc.constantFrom(...RAW_URL_VALUES).map((v) => [`query raw ${v}`, () => ({ rawQuery: `q=${v}` })]),
  );
  if (queryParams.length) {
    mutations.push(
      fc.constantFrom(...queryParams.map((p) => p.name)).map((n) => [`query ${n} twice`, (r) => ({ query: [...r.query, [n, r.query.find(([k]) => k === n)?.[1] ?? '1'], [n, '2']] })]),
    );
  }
  if (op.body) {
    mutations.push(
      fc.tuple(fc.nat(), BAD_VALUE).map(([i, v]) => ['body: a value replaced by a wrong one', (r) => {
        const places = placesIn(r.body);
        return { body: replaceAt(r.body, places[i % places.length]!, v) };
      }]),
      fc.tuple(fc.nat(), fc.constantFrom(...BAD_STRINGS)).map(([i, v]) => ['body: a value replaced by a bad string', (r) => {
        const places = placesIn(r.body).filter((p) => p.length > 0);
        return { body: places.length ? replaceAt(r.body, places[i % places.length]!, v) : v };
      }]),
      fc.tuple(fc.nat(), fc.constantFrom(...BAD_NUMBERS)).map(([i, v]) => ['body: a value replaced by a boundary number', (r) => {
        const places = placesIn(r.body).filter((p) => p.length > 0);
        return { body: places.length ? replaceAt(r.body, places[i % places.length]!, v) : v };
      }]),
      fc.nat().map((i) => ['body: a field missing', (r) => {
        const places = placesIn(r.body).filter((p) => p.length > 0);
        return { body: places.length ? replaceAt(r.body, places[i % places.length]!, REMOVE) : {} };
      }]),
      fc.tuple(fc.constantFrom('isAdmin', 'roles', 'id', 'userId', 'price', '__proto__', 'constructor', '', '中文', '\u0000', '\ud800'), BAD_VALUE).map(([k, v]) => ['body: an extra field', (r) => ({
        body: r.body && typeof r.body === 'object' && !Array.isArray(r.body) ? { ...r.body, [k]: v } : { [k]: v },
      })]),
      BAD_VALUE.map((v) => ['body: not an object', () => ({ body: v })]),
      fc.constant(['body: an array of the valid body', (r) => ({ body: [r.body] })]),
      fc.constant(['body: none', () => ({ body: undefined })]),
      fc.nat().map((i) => ['body: raw', (r) => {
        const raws = rawBodies(r.body);
        return { raw: raws[i % raws.length]! };
      }]),
    );
  } else if (op.method !== 'GET') {
    // A route that takes no body, sent one anyway.
    mutations.push(
      BAD_VALUE.map((v) => ['an unexpected body', () => ({ body: v })]),
      fc.nat().map((i) => ['an unexpected raw body', () => {
        const raws = rawBodies({});
        return { raw: raws[i % raws.length]! };
      }]),
    );
  }
  const idempotencyKey = fc.oneof(fc.constant(undefined), fc.constant(undefined), fc.uuid(), fc.constantFrom('short', 'x'.repeat(65), 'bad key!', 'fixed-fuzz-key-1'));

  return fc.record({ who, params: validParams, query: validQuery, body: validBody, mutation: fc.oneof(...mutations), idempotencyKey }).map(({ who, params, query, body, mutation: [label, mutate], idempotencyKey: key }) => {
    const queryPairs = Object.entries(query);
    const changed = mutate({ params, query: queryPairs, body });
    const p = changed.params ?? params;
    let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => changed.rawParams?.[name] ?? encodeSegment(p[name] ?? 'x'));
    const q = (changed.query ?? queryPairs).map(([k, v]) => `${encodeSegment(k)}=${encodeSegment(v)}`).join('&');
    const search = [q, changed.rawQuery].filter(Boolean).join('&');
    if (search) url += `?${search}`;
    const headers: Record<string, string> = key ? { 'idempotency-key': key } : {};
    const request: FuzzRequest = { who, mutation: label, url, headers };
    if (changed.raw) request.raw = changed.raw;
    else {
      const json = 'body' in changed ? changed.body : body;
      if (json !== undefined && op.method !== 'GET') request.json = json;
    }
    return request;
  });
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

async function send(base: string, method: string, r: FuzzRequest, token: string | undefined): Promise<Answer> {
  const headers: Record<string, string> = { ...r.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | Uint8Array | undefined;
  if (r.raw) {
    body = r.raw.bytes;
    if (r.raw.contentType) headers['content-type'] = r.raw.contentType;
  } else if (r.json !== undefined) {
    body = JSON.stringify(r.json);
    headers['content-type'] = 'application/json';
  }
  const started = performance.now();
  const res = await fetch(`${base}${r.url}`, { method, headers, ...(body !== undefined && method !== 'GET' ? { body } : {}), signal: AbortSignal.timeout(15_000) });
  const contentType = res.headers.get('content-type') ?? '';
  // An event stream that opened never ends by itself: its headers are the answer.
  if (contentType.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, contentType, text: '', ms: performance.now() - started };
  }
  const text = await res.text();
  return { status: res.status, contentType, text, ms: performance.now() - started };
}

/** Why an answer breaks the rules, or undefined. */
function fault(a: Answer): string | undefined {
  if (a.status >= 500) return `answered ${a.status}`;
  if (a.ms > SLOWEST_MS) return `took ${Math.round(a.ms)} ms`;
  if (a.status >= 400) {
    if (!a.contentType.startsWith('application/problem+json')) return `${a.status} is ${a.contentType || 'no content type'}, not problem+json`;
    let code: unknown;
    try {
      code = (JSON.parse(a.text) as { code?: unknown }).code;
    } catch {
      return `${a.status} problem is not JSON`;
    }
    if (typeof code !== 'string' || !code) return `${a.status} problem has no code`;
  }
  return undefined;
}

for (const kind of DATABASE_KINDS) {
  describe(`OpenAPI fuzz (${kind}): ${RUNS} requests per operation, seed ${SEED}`, () => {
    let t: TestApp;
    let user: GivenUser;
    let admin: GivenUser;
    const pools: Pools = { ids: {}, imageUrls: [] };

    /** A session for `who` that still works (the fuzz may log it out). */
    const tokens: Record<Who, string | undefined> = { anonymous: undefined, user: undefined, admin: undefined };
    async function freshSessions(): Promise<void> {
      // The fuzz, as an admin, may take roles away from anyone, the admin included: give it back.
      await t.ctx.accounts.ensureAdmin(admin.phone, admin.password);
      for (const [who, person] of [['user', user], ['admin', admin]] as const) {
        const me = await t.http.get('/me', { token: tokens[who] });
        if (me.status === 200) continue;
        // Straight through the service, from an address of its own: the fuzz's failed logins from 127.0.0.1 must not lock the set-up out.
        tokens[who] = (await t.ctx.accounts.login({ phone: person.phone, password: person.password }, '192.0.2.77')).token;
      }
    }

    beforeAll(async () => {
      t = await startTestApp(kind);
      // With its job queue, as the server runs in production: without one, a valid marketing message is an honest 503.
      t.ctx.jobs = await startJobs(t.ctx.database, { onError: (error) => console.error(error) });
      await registerTimers(t.ctx);
      admin = await given.admin(t);
      const [shop, other] = await Promise.all([given.operator(t, admin), given.operator(t, admin)]);
      user = shop!.owner;
      const [product, theirs] = await Promise.all([given.product(t, shop!), given.product(t, other!)]);
      expect((await t.http.put('/me/payment-pin', { pin: '258036' }, { token: user.token })).status).toBe(204);
      await given.funds(t, user, 100_000);
      const addressId = await given.address(t, user);
      const order = await t.http.post('/orders', { addressId, items: [{ skuId: theirs.skus[0].id, quantity: 1 }] }, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
      expect(order.status, order.text).toBe(201);
      const note = await given.note(t, user, [[product.id]]);
      pools.ids = {
        operator: [shop!.id, other!.id],
        product: [product.id, theirs.id],
        sku: [...product.skus, ...theirs.skus].map((sku: { id: string }) => sku.id),
        order: [order.body.order.id],
        note: [note.id],
        tag: (note.tags as { id: string }[]).map((tag) => tag.id),
        user: [user.id, admin.id],
        address: [addressId],
      };
      pools.imageUrls.push(...(note.images as string[]), ...(product.images as string[]));
      tokens.user = user.token;
      tokens.admin = admin.token;
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it('regressions the fuzz found: in audit-log and report filters a day of year 0 is 400 and 9999-12-31 works (both were 500)', async () => {
      const cases = [
        '/admin/audit-log?from=0000-01-01',
        '/admin/audit-log?to=0000-12-31',
        '/admin/audit-log.csv?from=0000-01-01&to=2026-04-07',
        '/admin/reports/summary?from=0000-01-01&to=0000-01-31',
        '/admin/reports/summary?from=0000-12-31&to=0001-01-01',
      ];
      for (const path of cases) {
        const res = await t.http.get(path, { token: admin.token });
        expect([path, res.status, res.body?.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      }
      // The last day there is still works.
      for (const path of ['/admin/audit-log?from=0001-01-01', '/admin/audit-log?to=9999-12-31', '/admin/audit-log.csv?from=0001-01-01&to=9999-12-31', '/admin/reports/summary?from=9999-12-01&to=9999-12-31']) {
        const res = await t.http.get(path, { token: admin.token });
        expect([path, res.status]).toEqual([path, 200]);
      }
    });

    it('no operation answers 5xx, slower than 1 s, or a 4xx that is not problem+json with a code; the server is healthy after', async () => {
      const doc = (await t.http.get('/openapi.json')).body;
      const operations = operationsOf(doc).filter((op) => !ONLY || `${op.method} ${op.path.replace('/api/v1', '')}` === ONLY || `${op.method} ${op.path}` === ONLY);
      if (!ONLY) expect(operations.length).toBeGreaterThan(100);
      const failures: string[] = [];
      const now = t.clock.now();
      for (const op of operations) {
        await freshSessions();
        const property = fc.asyncProperty(requestsFor(op, pools, now), async (r) => {
          const answer = await send(t.url, op.method, r, tokens[r.who]);
          const wrong = fault(answer);
          if (wrong) throw new Error(`${wrong}: ${answer.text.slice(0, 200)}`);
        });
        const details = await fc.check(property, { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}), endOnFailure: true });
        if (details.failed) {
          const example = details.counterexample?.[0] as FuzzRequest | undefined;
          failures.push(
            `${op.method} ${op.path} (seed ${details.seed}, path ${details.counterexamplePath}): ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\n    request: ${example ? summary(example) : '?'}`,
          );
        }
      }
      expect(failures, `replay one with FUZZ_SEED=${SEED} FUZZ_PATH=… FUZZ_ONLY='METHOD /path'`).toEqual([]);

      // Healthy after: the health check, and a normal request that reads the database.
      expect((await t.http.get('/health')).status).toBe(200);
      await freshSessions();
      const me = await t.http.get('/me', { token: tokens.user });
      expect(me.status, me.text).toBe(200);
      expect((await t.http.get('/products?limit=5')).status).toBe(200);
    }, 60 * 60_000);

  });
}
