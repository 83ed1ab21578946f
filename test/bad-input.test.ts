/**
 * Bad input, route by route: every route under /api/v1 refuses wrong types, missing
 * and unknown fields, empty and huge strings, look-alike digits, SQL and HTML
 * fragments, bad identity numbers and phones with a 4xx problem+json and a stable
 * `code`, and such a request changes nothing (every table and GET /me are the same
 * after a batch as before it). No response in this file may be 5xx.
 *
 * The routes come from the OpenAPI document AND from the explicit ROUTES table
 * below (plus OPERATOR_ROUTE_KEYS and WALLET_ROUTE_KEYS, the routes
 * test/bad-input-operators.test.ts and test/bad-input-wallet.test.ts cover): a route
 * in the document and in none of them fails the first test, so a new route needs its
 * bad-input cases here or there. The shared generators live in
 * test/support/bad-input.ts.
 *
 * A contract violation found in src/ and not fixed at once is pinned as an `it.fails`
 * test tagged "KNOWN BUG"; when it starts to pass (the bug is fixed), drop its `.fails`.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import {
  BAD_PHONES,
  BARGAIN_ROUTE_KEYS,
  DISPUTE_ROUTE_KEYS,
  REVIEW_ROUTE_KEYS,
  AFTER_SALES_ROUTE_KEYS,
  CONVERSATION_ROUTE_KEYS,
  ERASURE_ROUTE_KEYS,
  OVERSIGHT_ROUTE_KEYS,
  AUDIT_FILTER_FIELDS,
  HTML,
  LONG,
  OPERATOR_ROUTE_KEYS,
  GROUP_BUY_ROUTE_KEYS,
  ORDER_ROUTE_KEYS,
  PREFIX,
  PRIVACY_ROUTE_KEYS,
  REGISTRATION,
  passkeyEnvelopeCases,
  SOCIAL_ROUTE_KEYS,
  TRACKING_ROUTE_KEYS,
  SQL_OR,
  VF,
  WALLET_ROUTE_KEYS,
  casesFor,
  documentedRoutes,
  enc,
  expectProblem,
  generatedRequest,
  guarded,
  itRefusesEachRoutesBadInput,
  routeHarness,
  routeKey,
  tableFingerprints,
  takesInput,
  transportCases,
  vf,
  type Case,
  type GeneratedRoute,
} from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, latestSmsCode, signUp, uniquePhone, validIdNumber, type GivenUser } from './support/given.js';
import type { Client, RequestOptions, Response } from './support/http.js';

/* ------------------------------------------------------------- the routes */

interface Setup {
  user: GivenUser; // identity verified
  fresh: GivenUser; // phone verified only: what /me/identity would change
  admin: GivenUser;
  /** A free phone with a sign-up code sent to it: the valid POST /auth/register. */
  signup: { phone: string; code: string };
  now: Date;
}

/** A route with `{id}` takes the target user's (`user` in the valid request). */
interface RouteSpec extends GeneratedRoute<Setup> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  auth: 'none' | 'user' | 'admin';
  /** Which user's token (default: `user`, or `admin` for admin routes). */
  as?: 'fresh';
}

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/auth/register',
    auth: 'none',
    body: {
      valid: (s) => ({ phone: s.signup.phone, code: s.signup.code, password: 'a-good-password-1', displayName: '新用户' }),
      fields: {
        phone: { kind: 'phone' },
        code: { kind: 'digits6' },
        password: { kind: 'password' },
        displayName: { kind: 'displayName' },
        agreementVersion: { kind: 'text', min: 1, max: 40, optional: true },
      },
    },
    // The code is checked before the phone's owner: a taken phone without its code learns nothing (BAD_CODE).
    // A wrong code for the valid phone is not here: it counts a try, a change (test/signup.test.ts has it).
    extra: (s) => [
      { label: 'a taken phone, no code sent to it', body: { phone: s.user.phone, code: s.signup.code, password: 'another-password', displayName: '另一个' }, status: 400, code: 'BAD_CODE' },
      { label: "another phone's code", body: { phone: uniquePhone(), code: s.signup.code, password: 'another-password', displayName: '另一个' }, status: 400, code: 'BAD_CODE' },
    ],
    validAnswer: { status: 201 },
  },
  {
    method: 'POST',
    path: '/auth/phone-code',
    auth: 'none',
    body: { valid: () => ({ phone: uniquePhone() }), fields: { phone: { kind: 'phone' } } },
    validAnswer: { status: 202 },
  },
  {
    method: 'POST',
    path: '/auth/login',
    auth: 'none',
    body: {
      valid: () => ({ phone: uniquePhone(), password: 'whatever-password' }),
      fields: { phone: { kind: 'phone' }, password: { kind: 'text', min: 1, max: 128 } },
    },
    validAnswer: { status: 401, code: 'BAD_CREDENTIALS' },
  },
  // Logout needs no session: without one it is already done (204).
  { method: 'POST', path: '/auth/logout', auth: 'none' },
  { method: 'GET', path: '/health', auth: 'none' },
  { method: 'GET', path: '/me', auth: 'user' },
  { method: 'GET', path: '/me/identity', auth: 'user' },
  { method: 'POST', path: '/me/phone/code', auth: 'user' },
  {
    method: 'POST',
    path: '/me/phone/verify',
    auth: 'user',
    body: { valid: () => ({ code: '258036' }), fields: { code: { kind: 'digits6' } } },
    validAnswer: { status: 409, code: 'PHONE_ALREADY_VERIFIED' },
  },
  {
    method: 'POST',
    path: '/me/identity',
    auth: 'user',
    as: 'fresh',
    body: {
      valid: () => ({ realName: '欧阳娜娜', idNumber: validIdNumber('19900101') }),
      fields: { realName: { kind: 'realName' }, idNumber: { kind: 'idNumber' } },
    },
    extra: (s) => [
      { label: "another account's identity", body: { realName: '李小龙', idNumber: s.user.idNumber }, status: 409, code: 'IDENTITY_TAKEN' },
      {
        label: "another account's identity in lower case",
        body: { realName: '李小龙', idNumber: s.user.idNumber!.toLowerCase() },
        status: 409,
        code: 'IDENTITY_TAKEN',
      },
    ],
    validAnswer: { status: 200 },
  },
  {
    method: 'PUT',
    path: '/me/payment-pin',
    auth: 'user',
    body: { valid: () => ({ pin: '258036' }), fields: { pin: { kind: 'digits6' }, currentPin: { kind: 'digits6', optional: true } } },
    extra: () =>
      ['123456', '000000', '111111', '654321'].map((pin) => ({ label: `trivial PIN ${pin}`, body: { pin }, status: 400, code: 'WEAK_PIN' })),
    validAnswer: { status: 204 },
  },
  { method: 'POST', path: '/me/totp', auth: 'user' },
  {
    method: 'POST',
    path: '/me/totp/verify',
    auth: 'user',
    body: { valid: () => ({ code: '258036' }), fields: { code: { kind: 'digits6' } } },
    validAnswer: { status: 409, code: 'TOTP_NOT_ENROLLED' },
  },
  { method: 'GET', path: '/me/passkeys', auth: 'user' },
  { method: 'POST', path: '/me/passkeys/options', auth: 'user' },
  {
    method: 'POST',
    path: '/me/passkeys',
    auth: 'user',
    // Well formed, but answering no challenge this server issued.
    body: { valid: () => ({ response: REGISTRATION, name: '我的手机' }), fields: { name: { kind: 'text', min: 1, max: 40, optional: true } } },
    extra: () => [
      ...passkeyEnvelopeCases((response) => ({ response })),
      vf('no response', { body: { name: '我的手机' } }),
      vf('attestationObject missing', { body: { response: { ...REGISTRATION, response: { clientDataJSON: REGISTRATION.response.clientDataJSON } } } }),
      vf('attestationObject of 16,385 characters', { body: { response: { ...REGISTRATION, response: { ...REGISTRATION.response, attestationObject: 'a'.repeat(16_385) } } } }),
      vf('an unknown transport', { body: { response: { ...REGISTRATION, response: { ...REGISTRATION.response, transports: ['carrier-pigeon'] } } } }),
      vf('nine transports', { body: { response: { ...REGISTRATION, response: { ...REGISTRATION.response, transports: Array(9).fill('usb') } } } }),
      { label: 'clientDataJSON that is not JSON', body: { response: { ...REGISTRATION, response: { ...REGISTRATION.response, clientDataJSON: 'bm90LWpzb24' } } }, status: 400, code: 'PASSKEY_REGISTRATION_FAILED' },
    ],
    validAnswer: { status: 400, code: 'PASSKEY_REGISTRATION_FAILED' },
  },
  {
    method: 'DELETE',
    path: '/me/passkeys/{id}',
    auth: 'user',
    id: () => 'bm8tc3VjaC1wYXNza2V5',
    extra: () => [
      vf('id with a plus sign', { id: 'abc+def' }),
      vf('id with a space', { id: 'abc def' }),
      vf('id of 1,401 characters', { id: 'a'.repeat(1_401) }),
      vf('id in Chinese', { id: '通行密钥' }),
      vf('id as HTML', { id: HTML }),
      vf('id with a dot', { id: 'abc.def' }),
      vf('id with an encoded slash', { id: 'a/b' }),
      vf('a query parameter', { query: 'id=x' }),
      vf('id as SQL', { id: SQL_OR }),
      vf('a body', { body: { id: 'x' } }),
      { label: 'an unknown passkey', id: 'dW5rbm93bg', status: 404, code: 'NOT_FOUND' },
    ],
    validAnswer: { status: 404, code: 'NOT_FOUND' },
  },
  { method: 'GET', path: '/me/addresses', auth: 'user' },
  {
    method: 'POST',
    path: '/me/addresses',
    auth: 'user',
    body: {
      valid: () => ({ recipient: '收件人', phone: '13912345678', region: '上海市 徐汇区', line: '漕溪北路 88 号' }),
      fields: {
        recipient: { kind: 'text', min: 1, max: 30 },
        phone: { kind: 'phone' },
        region: { kind: 'text', min: 2, max: 60 },
        line: { kind: 'text', min: 2, max: 200 },
      },
    },
    extra: () => [
      ...(
        [
          ['as SQL', SQL_OR],
          ['of 7 characters', 'abcdefg'],
          ['of 65 characters', 'k'.repeat(65)],
          ['with a space', 'abc defgh'],
          ['as HTML', HTML],
        ] as [string, string][]
      ).map(([label, key]) => vf(`Idempotency-Key ${label}`, { headers: { 'idempotency-key': key } })),
      // A body that fails validation never claims its key (the table digest shows it).
      vf('an invalid body with a good Idempotency-Key', { body: { recipient: 1 }, headers: { 'idempotency-key': 'bad-input-key-0001' } }),
    ],
    validAnswer: { status: 201 },
  },
  {
    method: 'POST',
    path: '/admin/users/{id}/roles',
    auth: 'admin',
    params: true,
    body: { valid: () => ({ role: 'regulator', granted: false }), fields: { role: { kind: 'role' }, granted: { kind: 'boolean' } } },
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/admin/users/{id}/personal-data',
    auth: 'admin',
    params: true,
    query: { valid: () => ({ purpose: 'customer support ticket 42' }), fields: { purpose: { kind: 'purpose' } } },
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/me/access-log',
    auth: 'user',
    query: { valid: () => ({ limit: '5' }), fields: { limit: { kind: 'limit', optional: true }, cursor: { kind: 'cursor', optional: true } } },
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/admin/audit-log',
    auth: 'admin',
    query: {
      valid: () => ({ limit: '5', action: 'role.grant', from: '2026-03-01', to: '2026-03-31' }),
      fields: {
        limit: { kind: 'limit', optional: true },
        cursor: { kind: 'cursor', optional: true },
        ...AUDIT_FILTER_FIELDS,
      },
    },
    extra: () => [vf('to before from', { query: enc([['from', '2026-03-02'], ['to', '2026-03-01']]) })],
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/sandbox/sms',
    auth: 'none',
    query: { valid: (s) => ({ phone: s.user.phone }), fields: { phone: { kind: 'phone' } } },
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/search',
    auth: 'none',
    query: {
      valid: () => ({ q: '面膜', type: 'products', limit: '5' }),
      fields: { q: { kind: 'q' }, type: { kind: 'searchType' }, limit: { kind: 'limit', optional: true }, cursor: { kind: 'cursor', optional: true } },
    },
    extra: () => [
      vf('a cursor past the last page of notes', { query: enc([['q', '面膜'], ['type', 'notes'], ['cursor', '1000']]) }),
      vf('a cursor that is not an offset', { query: enc([['q', '面膜'], ['type', 'products'], ['cursor', '0190d1c2-not-an-offset']]) }),
      vf('a cursor past the last page', { query: enc([['q', '面膜'], ['type', 'products'], ['cursor', '1000']]) }),
      vf('a NUL in q', { query: `q=%E9%9D%A2%00&type=products` }),
    ],
    validAnswer: { status: 200 },
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    /** The unguarded client, for the edge-case tests that list every 5xx they see. */
    let unguarded: Client;
    let s: Setup;

    const tokenFor = (route: RouteSpec) =>
      route.auth === 'admin' ? s.admin.token : route.as === 'fresh' ? s.fresh.token : route.auth === 'user' ? s.user.token : undefined;

    async function snapshot() {
      const me = async (u: GivenUser) => {
        const res = await http.get('/me', { token: u.token });
        expect(res.status).toBe(200);
        return res.body;
      };
      return { tables: await tableFingerprints(t), me: { user: await me(s.user), fresh: await me(s.fresh), admin: await me(s.admin) } };
    }

    const harness = routeHarness({ http: () => http, setup: () => s, valid: generatedRequest(() => s, (setup) => setup.user.id), tokenFor, snapshot });
    const { send, batch } = harness;

    beforeAll(async () => {
      t = await startTestApp(kind);
      unguarded = t.http;
      http = guarded(t.http);
      t.http = http;
      const user = await given.user(t, { verify: 'identity' });
      const fresh = await given.user(t, { verify: 'phone' });
      await given.identityConsent(t, fresh);
      const admin = await given.admin(t);
      const phone = uniquePhone();
      expect((await t.http.post('/auth/phone-code', { phone })).status).toBe(202);
      s = { user, fresh, admin, signup: { phone, code: await latestSmsCode(t, phone) }, now: t.clock.now() };
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the OpenAPI document lists exactly the routes this file, bad-input-operators.test.ts and bad-input-wallet.test.ts cover', async () => {
      const doc = await http.get('/openapi.json');
      expect(doc.status).toBe(200);
      const covered = [...ROUTES.map(routeKey), ...OPERATOR_ROUTE_KEYS, ...WALLET_ROUTE_KEYS, ...ORDER_ROUTE_KEYS, ...SOCIAL_ROUTE_KEYS, ...GROUP_BUY_ROUTE_KEYS, ...BARGAIN_ROUTE_KEYS, ...DISPUTE_ROUTE_KEYS, ...REVIEW_ROUTE_KEYS, ...AFTER_SALES_ROUTE_KEYS, ...CONVERSATION_ROUTE_KEYS, ...TRACKING_ROUTE_KEYS, ...ERASURE_ROUTE_KEYS, ...OVERSIGHT_ROUTE_KEYS, ...PRIVACY_ROUTE_KEYS];
      expect(new Set(covered).size, 'a route is covered twice').toBe(covered.length);
      expect(documentedRoutes(doc.body)).toEqual(covered.sort());
    });

    it('every documented request body refuses unknown fields', async () => {
      const doc = await http.get('/openapi.json');
      for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, { requestBody?: any }>>)) {
        for (const [method, op] of Object.entries(ops)) {
          const schema = op.requestBody?.content?.['application/json']?.schema;
          if (schema) expect([method, path, schema.additionalProperties]).toEqual([method, path, false]);
        }
      }
    });

    it('every documented operation refuses malformed, oversized and non-JSON bodies (transport level)', async () => {
      const doc = await http.get('/openapi.json');
      const operations = Object.entries(doc.body.paths as Record<string, Record<string, { requestBody?: unknown }>>).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(PREFIX, ''), hasBody: !!op.requestBody })),
      );
      let checked = 0;
      await batch(async () => {
        for (const op of operations) {
          if (op.method !== 'POST' && op.method !== 'PUT' && op.method !== 'PATCH') continue;
          // bad-input-operators.test.ts and bad-input-wallet.test.ts send the same cases to their routes.
          if ([OPERATOR_ROUTE_KEYS, WALLET_ROUTE_KEYS, ORDER_ROUTE_KEYS, SOCIAL_ROUTE_KEYS, GROUP_BUY_ROUTE_KEYS, BARGAIN_ROUTE_KEYS, DISPUTE_ROUTE_KEYS, REVIEW_ROUTE_KEYS, AFTER_SALES_ROUTE_KEYS, CONVERSATION_ROUTE_KEYS, TRACKING_ROUTE_KEYS, ERASURE_ROUTE_KEYS, OVERSIGHT_ROUTE_KEYS, PRIVACY_ROUTE_KEYS].some((keys) => keys.includes(routeKey(op)))) continue;
          const route = ROUTES.find((r) => routeKey(r) === routeKey(op));
          expect(route, routeKey(op)).toBeDefined();
          const token = tokenFor(route!);
          const cases: Case[] = [
            ...transportCases(routeKey(op)),
            { label: `${routeKey(op)}: malformed JSON with this user's phone`, raw: `{"phone":"${s.user.phone}",`, status: 400, code: VF },
          ];
          for (const c of cases) expectProblem(await send(route!, c, token), c);
          if (op.hasBody) {
            // Even valid JSON is refused when labelled text/plain: the API speaks application/json only.
            const res = await send(route!, { raw: JSON.stringify(route!.body!.valid(s)), contentType: 'text/plain' }, token);
            expect([res.status, res.body.code], `${routeKey(op)} text/plain`).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
          }
          checked++;
        }
      });
      expect(checked).toBeGreaterThanOrEqual(10);
    });

    it('a chunked body over 1 MB is cut off with 413 PAYLOAD_TOO_LARGE', async () => {
      const encoder = new TextEncoder();
      const chunk = encoder.encode('x'.repeat(64 * 1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(encoder.encode('{"phone":"'));
          if (sent > 1_200_000) {
            controller.enqueue(encoder.encode('"}'));
            controller.close();
            return;
          }
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      await batch(async () => {
        const res = await fetch(`${t.url}${PREFIX}/auth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit & { duplex: 'half' });
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
      });
    });

    // Routes that take no input: see "routes that take no input".
    itRefusesEachRoutesBadInput(harness, ROUTES.filter(takesInput), { cases: casesFor, minCases: 11 });

    it('routes that take no input refuse any body, and change nothing', async () => {
      // A user who could still be changed by each of them: phone unverified (an old account), no TOTP, logged in.
      const spare = await given.user(t, { legacy: true });
      await batch(async () => {
        for (const route of ROUTES.filter((r) => !r.body && !r.query && !r.params && r.method === 'POST')) {
          const cases: Case[] = [
            { label: 'malformed JSON', raw: '{"phone":', status: 400, code: VF },
            { label: 'XML', raw: '<x/>', contentType: 'application/xml', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
            { label: 'over 1 MB', raw: `"${'x'.repeat(1_100_000)}"`, status: 413, code: 'PAYLOAD_TOO_LARGE' },
            vf('an unknown field', { body: { x: 1 } }),
            vf('a phone to send the code to', { body: { phone: '13900000000' } }),
            vf('a secret to enrol', { body: { secret: 'JBSWY3DPEHPK3PXP' } }),
            vf('"everywhere"', { body: { everywhere: true } }),
            vf('an array', { body: [] }),
            vf('a JSON string', { body: 'text' }),
            vf('a number', { body: 42 }),
            vf('false', { body: false }),
            vf('a 10,000-character field', { body: { note: LONG } }),
            { label: 'text/plain', raw: 'hello', contentType: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
          ].map((c) => ({ ...c, label: `${routeKey(route)} ${c.label}` }));
          for (const c of cases) expectProblem(await send(route, c, spare.token), { ...c, raw: c.raw ?? '' });
        }
      });
      // The spare session survived the logouts with a body.
      expect((await http.get('/me', { token: spare.token })).status).toBe(200);
    });

    it('an unknown query parameter → 400 VALIDATION_FAILED (GET /admin/audit-log?foo=1 as an admin)', async () => {
      const res = await http.get('/admin/audit-log?foo=1', { token: s.admin.token });
      expectProblem(res, { label: 'audit-log?foo=1', status: 400, code: VF });
      expect(res.body.errors).toEqual([{ path: '/querystring/foo', message: expect.any(String) }]);
    });

    it('an unknown route under /api/v1 → 404 problem+json NOT_FOUND', async () => {
      await batch(async () => {
        const cases: [string, string, unknown][] = [
          ['GET', `${PREFIX}/no-such-route`, undefined],
          ['POST', `${PREFIX}/no-such-route`, { phone: '13800138000' }],
          ['GET', `${PREFIX}/`, undefined],
          ['GET', `${PREFIX}`, undefined],
          ['GET', `${PREFIX}/admin`, undefined],
          ['GET', `${PREFIX}/me/addresses/some-id`, undefined],
          ['PUT', `${PREFIX}/me`, { displayName: 'x' }],
          ['DELETE', `${PREFIX}/me/addresses`, undefined],
          ['PATCH', `${PREFIX}/me`, { displayName: 'x' }],
          ['OPTIONS', `${PREFIX}/me`, undefined],
          ['GET', `${PREFIX}/sandbox/sms/gateway`, undefined],
          ['GET', `${PREFIX}/${encodeURIComponent(SQL_OR)}`, undefined],
          ['GET', `${PREFIX}/${encodeURIComponent(HTML)}`, undefined],
          ['GET', `${PREFIX}/用户/😀`, undefined],
          ['GET', '/api/v2/me', undefined],
          ['GET', '/api/nope', undefined],
        ];
        for (const [method, path, body] of cases) {
          for (const token of [undefined, s.user.token]) {
            const res = await http.request(method, path, body, { token });
            expectProblem(res, { label: `${method} ${path}`, status: 404, code: 'NOT_FOUND' });
          }
        }
      });
    });

    it('without a session every authenticated route answers 401 UNAUTHENTICATED, whatever the credential', async () => {
      const badCredentials: [string, RequestOptions][] = [
        ['no token', {}],
        ['an unknown token', { token: 'A'.repeat(43) }],
        ['an SQL token', { token: SQL_OR }],
        ['an HTML token', { token: HTML }],
        ['a 10,000-character token', { token: LONG }],
        ['Basic auth', { headers: { authorization: `Basic ${Buffer.from(`${s.user.phone}:${s.user.password}`).toString('base64')}` } }],
        ['a bare token without Bearer', { headers: { authorization: s.user.token.slice(0, 20) } }],
        ['an SQL cookie', { headers: { cookie: `agora_session=${encodeURIComponent(SQL_OR)}` } }],
        ['an empty cookie', { headers: { cookie: 'agora_session=' } }],
      ];
      await batch(async () => {
        for (const route of ROUTES.filter((r) => r.auth !== 'none')) {
          for (const [what, options] of badCredentials) {
            const path = `${PREFIX}${route.path.replace('{id}', s.user.id)}${route.query ? `?${enc(Object.entries(route.query.valid(s)))}` : ''}`;
            const res = await http.request(route.method, path, route.body?.valid(s), options);
            expectProblem(res, { label: `${routeKey(route)} with ${what}`, status: 401, code: 'UNAUTHENTICATED' });
          }
        }
      });
    });

    it('admin routes answer 403 FORBIDDEN to a user who is not an admin', async () => {
      await batch(async () => {
        for (const route of ROUTES.filter((r) => r.auth === 'admin')) {
          const res = await send(route, {}, s.user.token);
          expectProblem(res, { label: routeKey(route), status: 403, code: 'FORBIDDEN' });
        }
      });
    });

    it('without a token, bad input still never succeeds and changes nothing', async () => {
      await batch(async () => {
        for (const route of ROUTES.filter((r) => r.auth !== 'none')) {
          for (const c of casesFor(route, s)) {
            const res = await send(route, c, undefined);
            const where = `${routeKey(route)} ${c.label} → ${res.status} ${res.text.slice(0, 200)}`;
            expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/problem\+json/);
            // API.md: a missing session is 401, whatever else is wrong with the request.
            expect([res.status, res.body.code], where).toEqual([401, 'UNAUTHENTICATED']);
          }
        }
      });
    });

    it('SQL and HTML fragments in free text are stored and returned as text, never run', async () => {
      const db = t.ctx.database.db;
      const users = async () => Number((await sql<{ n: string }>`select count(*)::text as n from users`.execute(db)).rows[0]!.n);
      const before = await users();
      const displayName = "Robert'); DROP TABLE users;--";
      const reg = await signUp(t, { phone: uniquePhone(), password: 'a-good-password-1', displayName });
      expect(reg.status).toBe(201);
      expect(reg.body.user.displayName).toBe(displayName);
      const html = await signUp(t, { phone: uniquePhone(), password: 'a-good-password-1', displayName: HTML });
      expect(html.status).toBe(201);
      expect(html.headers.get('content-type')).toMatch(/^application\/json/);
      expect(html.body.user.displayName).toBe(HTML);
      expect(await users()).toBe(before + 2);

      const address = { recipient: '<b>收件人</b>', phone: '13912345678', region: `${SQL_OR} 上海`, line: "'; drop table personal_data; --" };
      expect((await http.post('/me/addresses', address, { token: s.fresh.token })).status).toBe(201);
      const list = await http.get('/me/addresses', { token: s.fresh.token });
      expect(list.body.items).toContainEqual({ id: expect.any(String), ...address, lastUsedAt: null });

      const read = await http.get(`/admin/users/${s.fresh.id}/personal-data?purpose=${encodeURIComponent(SQL_OR)}`, { token: s.admin.token });
      expect(read.status).toBe(200);
      const log = await http.get('/me/access-log', { token: s.fresh.token });
      expect(log.body.items[0]).toMatchObject({ purpose: SQL_OR });
      for (const cursor of [SQL_OR, HTML, '😀']) {
        const page = await http.get(`/admin/audit-log?cursor=${encodeURIComponent(cursor)}`, { token: s.admin.token });
        expect(page.status).toBe(200);
        expect(Array.isArray(page.body.items)).toBe(true);
      }
      const login = await http.post('/auth/login', { phone: s.fresh.phone, password: "' OR '1'='1" });
      expectProblem(login, { label: 'SQL password', status: 401, code: 'BAD_CREDENTIALS' });
    });

    it('the sandbox SMS gateway (hidden from OpenAPI) refuses unsigned and malformed messages and stores nothing', async () => {
      const secret = t.ctx.config.smsGatewaySecret;
      const sign = (timestamp: string, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
      const now = String(Math.floor(t.clock.now().getTime() / 1000));
      const signed = (raw: string, timestamp = now) => ({ 'x-sms-timestamp': timestamp, 'x-sms-signature': sign(timestamp, raw) });
      const good = JSON.stringify({ to: '13912345678', text: 'hello' });
      const post = (raw: string, headers: Record<string, string>, contentType = 'application/json') =>
        http.post(`${PREFIX}/sandbox/sms/gateway`, undefined, { raw, headers: { ...headers, 'content-type': contentType } });
      type GatewayCase = [string, () => Promise<Response>, number, string];
      const cases: GatewayCase[] = [
        ['no signature headers', () => post(good, {}), 400, VF],
        ['a wrong signature', () => post(good, { 'x-sms-timestamp': now, 'x-sms-signature': '0'.repeat(64) }), 401, 'BAD_SIGNATURE'],
        ['a short signature', () => post(good, { 'x-sms-timestamp': now, 'x-sms-signature': 'deadbeef' }), 400, VF],
        ['a signature that is not hex', () => post(good, { 'x-sms-timestamp': now, 'x-sms-signature': HTML }), 400, VF],
        ['a timestamp that is not a number', () => post(good, signed(good, 'abc')), 400, VF],
        ['an SQL timestamp', () => post(good, signed(good, SQL_OR)), 400, VF],
        ['a timestamp an hour old', () => post(good, signed(good, String(Number(now) - 3600))), 401, 'BAD_SIGNATURE'],
        ['a body changed after signing', () => post(good.replace('hello', 'HELLO'), signed(good)), 401, 'BAD_SIGNATURE'],
        ['signed malformed JSON', () => post('{"to":', signed('{"to":')), 400, VF],
        ...BAD_PHONES.map(([label, to]): GatewayCase => {
          const raw = JSON.stringify({ to, text: 'hello' });
          return [`a phone ${label}`, () => post(raw, signed(raw)), 400, VF];
        }),
        // (A signed `null` body is its own case below.)
        ...[{ to: 13912345678, text: 'x' }, { to: '13912345678' }, { to: '13912345678', text: 1 }, [], 'text', 42].map((message): GatewayCase => {
          const raw = JSON.stringify(message);
          return [`a message ${raw}`, () => post(raw, signed(raw)), 400, VF];
        }),
        ['a body over 4 KB', () => post(JSON.stringify({ to: '13912345678', text: LONG }), signed('x')), 413, 'PAYLOAD_TOO_LARGE'],
        ['an XML body', () => post('<sms/>', signed('<sms/>'), 'application/xml'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ];
      await batch(async () => {
        for (const [label, request, status, code] of cases) expectProblem(await request(), { label, status, code, raw: '' });
      });
    });

    /* ------------------------------------------- edge cases found while writing this file */

    it('a NUL byte in a path or query parameter answers 400, not 500', async () => {
      // src/modules/privacy/repo.ts insertAccessLog / accounts repo / audit repo: the value reaches
      // PostgreSQL as text, which refuses 0x00 ("invalid byte sequence for encoding UTF8") → 500 INTERNAL.
      const cases: [string, string, string, number][] = [
        ['GET', `/admin/users/${s.user.id}/personal-data?purpose=hello%00world`, s.admin.token, 400],
        ['POST', '/admin/users/%00/roles', s.admin.token, 400],
        ['GET', '/admin/users/a%00b/personal-data?purpose=hello+there', s.admin.token, 400],
        ['GET', '/admin/audit-log?cursor=%00', s.admin.token, 400],
        ['GET', '/me/access-log?cursor=a%00', s.user.token, 400],
      ];
      const problems: string[] = [];
      for (const [method, path, token, status] of cases) {
        const res = await unguarded.request(method, path, method === 'POST' ? { role: 'regulator', granted: false } : undefined, { token });
        if (res.status !== status) problems.push(`${method} ${path} → ${res.status} ${res.body?.code ?? ''}`);
      }
      expect(problems).toEqual([]);
    });

    it('a malformed percent-escape or an over-long path parameter answers problem+json, not Fastify’s own JSON', async () => {
      // Fastify answers FST_ERR_BAD_URL itself ({ error, code, message, statusCode }, application/json)
      // unless the server sets the `frameworkErrors` option (src/server.ts, Fastify({...})).
      // The same for a path parameter over the router's maxParamLength (2,048): FST_ERR_MAX_PARAM_LENGTH.
      const paths = [
        `${PREFIX}/admin/users/%ZZ/personal-data`,
        `${PREFIX}/me/%E0%A4%A`,
        `${PREFIX}/admin/users/${'i'.repeat(101)}/personal-data?purpose=hello+there`,
        `${PREFIX}/admin/users/${'i'.repeat(2_049)}/personal-data?purpose=hello+there`,
      ];
      const problems: string[] = [];
      for (const path of paths) {
        const res = await http.get(path, { token: s.admin.token });
        const ok = /^application\/problem\+json/.test(res.headers.get('content-type') ?? '') && res.body?.status === res.status && typeof res.body?.code === 'string';
        if (!ok) problems.push(`GET ${path.slice(0, 60)} → ${res.status} ${res.headers.get('content-type')} ${res.text.slice(0, 80)}`);
      }
      expect(problems).toEqual([]);
    });

    it('routes without a query schema refuse unknown query parameters', async () => {
      // src/http/schemas.ts: "Query strings are closed too, so a typo in a parameter name is an error,
      // not a silent default" — but only routes that declare `querystring` are closed; the others
      // ignore any parameter (GET /me?foo=1 → 200).
      const cases: [string, string, unknown, string | undefined][] = [
        ['GET', '/me?foo=1', undefined, s.user.token],
        ['GET', '/me/addresses?limit=1', undefined, s.user.token],
        ['GET', '/health?foo=1', undefined, undefined],
        ['POST', '/auth/login?debug=1', { phone: uniquePhone(), password: 'whatever-password' }, undefined],
        ['POST', '/me/phone/verify?code=258036', { code: '258036' }, s.user.token],
      ];
      const problems: string[] = [];
      for (const [method, path, body, token] of cases) {
        const res = await http.request(method, path, body, { token });
        if (res.status !== 400 || res.body?.code !== VF) problems.push(`${method} ${path} → ${res.status} ${res.body?.code ?? ''}`);
      }
      expect(problems).toEqual([]);
    });

    it('a correctly signed `null` message to the sandbox SMS gateway answers 400, not 500', async () => {
      // src/modules/notifications/sandbox-gateway.ts: JSON.parse('null') is null, and `typeof message.to`
      // then throws "Cannot read properties of null (reading 'to')" → 500 INTERNAL.
      const now = String(Math.floor(t.clock.now().getTime() / 1000));
      const signature = createHmac('sha256', t.ctx.config.smsGatewaySecret).update(`${now}.null`).digest('hex');
      const res = await http.post(`${PREFIX}/sandbox/sms/gateway`, undefined, {
        raw: 'null',
        headers: { 'x-sms-timestamp': now, 'x-sms-signature': signature },
      });
      expect([res.status, res.body.code]).toEqual([400, VF]);
    });

    it('without a session, bad input to an authenticated route answers 401, not 400', async () => {
      // API.md "Conventions": missing session → 401; a session without the right → 403. The routes
      // check the session in the handler (requireUser / requireRole), after schema validation.
      const problems: string[] = [];
      for (const route of ROUTES.filter((r) => r.auth !== 'none')) {
        for (const c of casesFor(route, s).filter((x) => x.code === VF)) {
          const res = await send(route, c, undefined);
          if (res.status !== 401) problems.push(`${routeKey(route)} ${c.label}: ${res.status}`);
        }
        if (route.auth === 'admin') {
          for (const c of casesFor(route, s).filter((x) => x.code === VF)) {
            const res = await send(route, c, s.user.token);
            if (res.status !== 403) problems.push(`${routeKey(route)} as a non-admin ${c.label}: ${res.status}`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('OpenAPI marks every route that needs a session with `security`', async () => {
      // GET /me/access-log (src/modules/privacy/routes.ts) and GET /admin/audit-log
      // (src/modules/audit/routes.ts) declare no `security`, so the docs show them as public.
      const doc = await http.get('/openapi.json');
      const missing = ROUTES.filter((r) => r.auth !== 'none')
        .filter((r) => !(doc.body.paths[`${PREFIX}${r.path}`]?.[r.method.toLowerCase()]?.security?.length > 0))
        .map(routeKey);
      expect(missing).toEqual([]);
    });
  });
}
