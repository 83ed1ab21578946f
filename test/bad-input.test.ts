/**
 * Bad input, route by route: every route under /api/v1 refuses wrong types, missing
 * and unknown fields, empty and huge strings, look-alike digits, SQL and HTML
 * fragments, bad identity numbers and phones with a 4xx problem+json and a stable
 * `code`, and such a request changes nothing (every table and GET /me are the same
 * after a batch as before it). No response in this file may be 5xx.
 *
 * The routes come from the OpenAPI document AND from the explicit ROUTES table
 * below: a route in one and not the other fails the first test, so a new route
 * needs its bad-input cases here.
 *
 * A contract violation found in src/ and not fixed at once is pinned as an `it.fails`
 * test tagged "KNOWN BUG"; when it starts to pass (the bug is fixed), drop its `.fails`.
 */
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, validIdNumber, type GivenUser } from './support/given.js';
import type { Client, RequestOptions, Response } from './support/http.js';

const PREFIX = '/api/v1';
const LONG = 'x'.repeat(10_000);
const LONG_HAN = '中'.repeat(10_000);
const SQL_OR = "' OR 1=1 --";
const SQL_DROP = '1; drop table users';
const HTML = '<script>alert(1)</script>';

/* ------------------------------------------------------------------ helpers */

/** The test client, failing the test at once on any 5xx. */
function guarded(client: Client): Client {
  const request = async (method: string, path: string, body?: unknown, options?: RequestOptions): Promise<Response> => {
    const res = await client.request(method, path, body, options);
    if (res.status >= 500) throw new Error(`${method} ${path} answered ${res.status} (no 5xx allowed): ${res.text.slice(0, 300)}`);
    return res;
  };
  return {
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    delete: (path, body, options) => request('DELETE', path, body, options),
  } as Client;
}

/** Row count and a digest of the rows of every table in the current schema. */
async function tableFingerprints(t: TestApp): Promise<Record<string, string>> {
  const db = t.ctx.database.db;
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  expect(tables.rows.length).toBeGreaterThan(0);
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables.rows) {
    const { rows } = await sql<{ n: string; digest: string | null }>`
      select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as digest
      from ${sql.table(name)} t`.execute(db);
    out[name] = `${rows[0]!.n} rows ${rows[0]!.digest ?? '-'}`;
  }
  return out;
}

interface Case {
  label: string;
  /** JSON body (may be null); absent = the route's valid body. */
  body?: unknown;
  /** Exact body text, sent with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  /** Query string without `?`; absent = the route's valid query. */
  query?: string;
  /** Path parameter `{id}`; absent = the target user's id. */
  id?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const VF = 'VALIDATION_FAILED';
const vf = (label: string, fields: Omit<Case, 'label' | 'status' | 'code'>): Case => ({ label, ...fields, status: 400, code: VF });

function expectProblem(res: Response, c: Pick<Case, 'label' | 'status' | 'code' | 'raw'>): void {
  const where = `${c.label} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBe(c.status);
  expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/problem\+json/);
  expect(res.body, where).toMatchObject({
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
    status: c.status,
    detail: expect.any(String),
    code: c.code,
  });
  if (c.code === VF && c.raw === undefined) {
    expect(res.body.errors, where).toEqual(
      expect.arrayContaining([{ path: expect.stringMatching(/^\/(body|querystring|params|headers)/), message: expect.any(String) }]),
    );
  }
  // A problem never reflects the input back.
  expect(res.text, where).not.toContain('<script>');
  expect(res.text.length, where).toBeLessThan(4000);
}

/* -------------------------------------------------------- the bad values */

type FieldKind = 'phone' | 'digits6' | 'idNumber' | 'realName' | 'displayName' | 'password' | 'text' | 'role' | 'boolean';
interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
  min?: number;
  max?: number;
}

const yyyymmdd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');

const BAD_PHONES: [string, string][] = [
  ['12 digits', '138001380001'],
  ['10 digits', '1380013800'],
  ['starting 12', '12800138000'],
  ['starting 10', '10800138000'],
  ['with spaces', '138 0013 8000'],
  ['with dashes', '138-0013-8000'],
  ['with +86', '+8613800138000'],
  ['with 86', '8613800138000'],
  ['with a newline', '13800138000\n'],
  ['in full-width digits', '１３８００１３８０００'],
  ['in Chinese numerals', '一三八〇〇一三八〇〇〇'],
  ['in Arabic-Indic digits', '١٣٨٠٠١٣٨٠٠٠'],
  ['as emoji', '📱📱📱📱📱📱📱📱📱📱📱'],
  ['with an emoji', '1380013800😀'],
  ['as Chinese text', '我的手机号码'],
  ['as SQL', SQL_OR],
  ['with SQL appended', "13800138000' OR '1'='1"],
  ['as SQL drop', SQL_DROP],
  ['as HTML', HTML],
];

const BAD_DIGITS6: [string, string][] = [
  ['5 digits', '25803'],
  ['7 digits', '2580361'],
  ['letters', 'abcdef'],
  ['a letter among digits', '25803a'],
  ['a leading space', ' 258036'],
  ['a sign', '-25803'],
  ['in full-width digits', '２５８０３６'],
  ['in Chinese numerals', '二五八〇三六'],
  ['in Arabic-Indic digits', '٢٥٨٠٣٦'],
  ['as emoji', '😀😀😀😀😀😀'],
  ['as keycap emoji', '2️⃣5️⃣8️⃣0️⃣3️⃣6️⃣'],
  ['as SQL', SQL_OR],
  ['as SQL drop', SQL_DROP],
  ['as HTML', HTML],
];

function kindCases(kind: FieldKind, spec: FieldSpec, now: Date): [string, unknown, number, string][] {
  const year = now.getUTCFullYear();
  switch (kind) {
    case 'phone':
      return BAD_PHONES.map(([l, v]) => [l, v, 400, VF]);
    case 'digits6':
      return BAD_DIGITS6.map(([l, v]) => [l, v, 400, VF]);
    case 'idNumber': {
      const bad = (l: string, v: string): [string, unknown, number, string] => [l, v, 400, 'INVALID_ID_NUMBER'];
      const seventeen = new Date(Date.UTC(year - 18, now.getUTCMonth(), now.getUTCDate() + 1));
      return [
        bad('with a bad checksum', '110105194912310021'),
        bad('born on 30 February', validIdNumber('19900230')),
        bad('born in month 13', validIdNumber('19901301')),
        bad('born on day 0', validIdNumber('19900100')),
        bad('born before 1800', validIdNumber('17991231')),
        bad('born in the future', validIdNumber(`${year + 1}0101`)),
        bad('of 17 characters', '11010519491231002'),
        bad('of letters', 'ABCDEFGHIJKLMNOPQR'),
        bad('of lower-case letters', 'abcdefghijklmnopqr'),
        bad('starting with 0', '0' + validIdNumber().slice(1)),
        bad('with X in the middle', '1101051949X231002X'),
        bad('in full-width digits', '１１０１０５１９４９１２３１００２Ｘ'),
        bad('as Chinese text', '身份证号码'),
        bad('as emoji', '🪪🪪🪪🪪'),
        bad('as SQL', SQL_OR),
        ['of 19 characters', '11010519491231002X1', 400, VF],
        ['as SQL drop (19 characters)', SQL_DROP, 400, VF],
        ['as HTML', HTML, 400, VF],
        ['of someone under 18', validIdNumber(yyyymmdd(seventeen)), 403, 'UNDERAGE'],
      ];
    }
    case 'realName':
      return (
        [
          ['of one character', '欧'],
          ['of 31 characters', '欧'.repeat(31)],
          ['of blanks', '    '],
          ['with digits', '欧阳1号'],
          ['with an emoji', '欧阳😀娜娜'],
          ['with a NUL', '欧阳\u0000娜娜'],
          ['with a newline', '欧阳\n娜娜'],
          ['as SQL', SQL_OR],
          ['as SQL drop', SQL_DROP],
          ['as HTML', HTML],
        ] as [string, string][]
      ).map(([l, v]) => [l, v, 400, VF]);
    case 'displayName':
      return (
        [
          ['with a leading blank', ' 小红'],
          ['with a trailing blank', '小红 '],
          ['of blanks', '   '],
          ['with a newline', '小\n红'],
          ['with a bell', '小\u0007红'],
          ['with a NUL', '小\u0000红'],
          ['of 31 characters', '红'.repeat(31)],
        ] as [string, string][]
      ).map(([l, v]) => [l, v, 400, VF]);
    case 'password':
      return [
        ['of 7 characters', 'abc1234', 400, VF],
        ['of 129 characters', 'p'.repeat(129), 400, VF],
      ];
    case 'text': {
      const out: [string, unknown, number, string][] = [];
      if ((spec.min ?? 0) >= 2) out.push(['of one character', 'x', 400, VF]);
      if (spec.max) out.push([`of ${spec.max + 1} characters`, '字'.repeat(spec.max + 1), 400, VF]);
      return out;
    }
    case 'role':
      return (
        [
          ['unknown', 'superuser'],
          ['upper case', 'ADMIN'],
          ['capitalised', 'Admin'],
          ['in Chinese', '管理员'],
          ['as SQL', "admin' --"],
          ['as HTML', HTML],
        ] as [string, string][]
      ).map(([l, v]) => [l, v, 400, VF]);
    case 'boolean':
      return [
        ['"false" as a string', 'false', 400, VF],
        ['0', 0, 400, VF],
      ];
  }
}

/** Every way one field of an otherwise valid body can be wrong. */
function bodyCases(valid: Record<string, unknown>, fields: Record<string, FieldSpec>, now: Date): Case[] {
  const cases: Case[] = [
    vf('body is null', { body: null }),
    vf('body is an array', { body: [valid] }),
    vf('body is a string', { body: 'text' }),
    vf('body is a number', { body: 42 }),
    vf('body is true', { body: true }),
    vf('body has an unknown field', { body: { ...valid, isAdmin: true } }),
    vf('body has an unknown field with an SQL name', { body: { ...valid, [SQL_OR]: 1 } }),
    vf('body has roles', { body: { ...valid, roles: ['admin'] } }),
  ];
  if (Object.values(fields).some((f) => !f.optional)) cases.push(vf('body is {}', { body: {} }));
  for (const [name, spec] of Object.entries(fields)) {
    const set = (value: unknown) => ({ ...valid, [name]: value });
    if (!spec.optional) {
      const rest = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name));
      cases.push(vf(`${name} missing`, { body: rest }));
    }
    const sample = valid[name] ?? '258036';
    const wrongTypes: [string, unknown][] =
      spec.kind === 'boolean'
        ? [
            ['a string', 'true'],
            ['a number', 1],
            ['an array', [true]],
            ['an object', { value: true }],
            ['null', null],
          ]
        : [
            ['a number', /^\d+$/.test(String(sample)) ? Number(sample) : 12345],
            ['a boolean', true],
            ['an array', [sample]],
            ['an object', { value: sample }],
            ['null', null],
          ];
    for (const [what, value] of wrongTypes) cases.push(vf(`${name} is ${what}`, { body: set(value) }));
    if (spec.kind !== 'boolean') {
      cases.push(vf(`${name} is empty`, { body: set('') }));
      cases.push(vf(`${name} is 10,000 characters`, { body: set(LONG) }));
      cases.push(vf(`${name} is 10,000 Chinese characters`, { body: set(LONG_HAN) }));
    }
    for (const [label, value, status, code] of kindCases(spec.kind, spec, now)) {
      cases.push({ label: `${name} ${label}`, body: set(value), status, code });
    }
  }
  return cases;
}

type QueryKind = 'limit' | 'cursor' | 'purpose' | 'phone';
const enc = (params: [string, string][]) => params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

function queryCases(valid: Record<string, string>, fields: Record<string, { kind: QueryKind; optional?: boolean }>): Case[] {
  const base = Object.entries(valid);
  const without = (name: string) => base.filter(([k]) => k !== name);
  const cases: Case[] = [
    vf('an unknown parameter', { query: enc([...base, ['foo', '1']]) }),
    vf('an unknown parameter with an SQL name', { query: enc([...base, [SQL_OR, '1']]) }),
    vf('an unknown 10,000-character parameter', { query: enc([...base, ['x', LONG]]) }),
    vf('a bracketed array parameter', { query: enc([...base, [`${Object.keys(fields)[0]}[]`, '1']]) }),
  ];
  for (const [name, spec] of Object.entries(fields)) {
    const sample = valid[name] ?? (spec.kind === 'limit' ? '5' : 'abc');
    const set = (value: string) => enc([...without(name), [name, value]]);
    if (!spec.optional) cases.push(vf(`${name} missing`, { query: enc(without(name)) }));
    cases.push(vf(`${name} given twice`, { query: enc([...without(name), [name, sample], [name, sample === '5' ? '6' : `${sample}2`]]) }));
    cases.push(vf(`${name} is 10,000 characters`, { query: set(LONG) }));
    const values: [string, string][] =
      spec.kind === 'limit'
        ? [
            ['0', '0'],
            ['101', '101'],
            ['-1', '-1'],
            ['letters', 'abc'],
            ['a fraction', '1.5'],
            ['empty', ''],
            ['true', 'true'],
            ['huge', '99999999999999999999'],
            ['in full-width digits', '５'],
            ['in Chinese', '十'],
            ['an emoji', '😀'],
            ['SQL', `1${SQL_OR}`],
            ['SQL drop', SQL_DROP],
            ['HTML', HTML],
          ]
        : spec.kind === 'cursor'
          ? [['101 characters', 'c'.repeat(101)]]
          : spec.kind === 'purpose'
            ? [
                ['empty', ''],
                ['4 characters', 'abcd'],
                ['201 characters', 'p'.repeat(201)],
              ]
            : BAD_PHONES;
    for (const [label, value] of values) cases.push(vf(`${name} ${label}`, { query: set(value) }));
  }
  return cases;
}

const ID_CASES: [string, string, number, string][] = [
  ['of 65 characters', 'i'.repeat(65), 400, VF],
  ['unknown', 'no-such-user', 404, 'NOT_FOUND'],
  ['as SQL', SQL_OR, 404, 'NOT_FOUND'],
  ['as SQL drop', SQL_DROP, 404, 'NOT_FOUND'],
  ['as HTML', HTML, 404, 'NOT_FOUND'],
  ['as an emoji', '😀', 404, 'NOT_FOUND'],
  ['in Chinese', '用户', 404, 'NOT_FOUND'],
  ['with an encoded slash', 'a/b', 404, 'NOT_FOUND'],
];

/* ------------------------------------------------------------- the routes */

interface Setup {
  user: GivenUser; // identity verified
  fresh: GivenUser; // phone verified only: what /me/identity would change
  admin: GivenUser;
  now: Date;
}

interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT';
  /** As in the OpenAPI document, without /api/v1. */
  path: string;
  auth: 'none' | 'user' | 'admin';
  /** Which user's token (default: `user`, or `admin` for admin routes). */
  as?: 'fresh';
  body?: { valid: (s: Setup) => Record<string, unknown>; fields: Record<string, FieldSpec> };
  query?: { valid: (s: Setup) => Record<string, string>; fields: Record<string, { kind: QueryKind; optional?: boolean }> };
  /** The route has `{id}`: the target user. */
  params?: true;
  extra?: (s: Setup) => Case[];
  /** The valid request, sent after the batch: shows each case had one fault only. */
  validAnswer?: { status: number; code?: string };
}

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/auth/register',
    auth: 'none',
    body: {
      valid: () => ({ phone: uniquePhone(), password: 'a-good-password-1', displayName: '新用户' }),
      fields: { phone: { kind: 'phone' }, password: { kind: 'password' }, displayName: { kind: 'displayName' } },
    },
    extra: (s) => [{ label: 'a taken phone', body: { phone: s.user.phone, password: 'another-password', displayName: '另一个' }, status: 409, code: 'PHONE_TAKEN' }],
    validAnswer: { status: 201 },
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
    query: { valid: () => ({ limit: '5' }), fields: { limit: { kind: 'limit', optional: true }, cursor: { kind: 'cursor', optional: true } } },
    validAnswer: { status: 200 },
  },
  {
    method: 'GET',
    path: '/sandbox/sms',
    auth: 'none',
    query: { valid: (s) => ({ phone: s.user.phone }), fields: { phone: { kind: 'phone' } } },
    validAnswer: { status: 200 },
  },
];

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** Every case for a route; a route that takes no input has none. */
function casesFor(route: RouteSpec, s: Setup): Case[] {
  const cases: Case[] = [];
  if (route.body) {
    const valid = route.body.valid(s);
    cases.push(...bodyCases(valid, route.body.fields, s.now));
  }
  if (route.query) cases.push(...queryCases(route.query.valid(s), route.query.fields));
  if (route.params) {
    for (const [label, id, status, code] of ID_CASES) cases.push({ label: `id ${label}`, id, status, code });
  }
  if (route.extra) cases.push(...route.extra(s));
  return cases;
}

for (const kind of DATABASE_KINDS) {
  describe(`bad input on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    /** The unguarded client, for the edge-case tests that list every 5xx they see. */
    let unguarded: Client;
    let s: Setup;

    /** The request a case describes, on a route, with the route's valid parts filled in. */
    function send(route: RouteSpec, c: Partial<Case>, token: string | undefined, valid = { body: route.body?.valid(s), query: route.query?.valid(s) }) {
      let path = `${PREFIX}${route.path.replace('{id}', encodeURIComponent(c.id ?? s.user.id))}`;
      const query = c.query ?? (valid.query ? enc(Object.entries(valid.query)) : undefined);
      if (query !== undefined) path += `?${query}`;
      const options: RequestOptions = { token, headers: { ...c.headers } };
      if (c.raw !== undefined) {
        options.raw = c.raw;
        options.headers!['content-type'] = c.contentType ?? 'application/json';
        return http.request(route.method, path, undefined, options);
      }
      const body = 'body' in c ? c.body : valid.body;
      return http.request(route.method, path, body, options);
    }

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

    /** Runs the cases and checks that nothing changed. */
    async function batch(run: () => Promise<void>) {
      const before = await snapshot();
      await run();
      expect(await snapshot()).toEqual(before);
    }

    beforeAll(async () => {
      t = await startTestApp(kind);
      unguarded = t.http;
      http = guarded(t.http);
      t.http = http;
      const user = await given.user(t, { verify: 'identity' });
      const fresh = await given.user(t, { verify: 'phone' });
      const admin = await given.admin(t);
      s = { user, fresh, admin, now: t.clock.now() };
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the OpenAPI document lists exactly the routes this file covers', async () => {
      const doc = await http.get('/openapi.json');
      expect(doc.status).toBe(200);
      const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) =>
          Object.keys(ops)
            .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
            .map((m) => `${m.toUpperCase()} ${path.replace(PREFIX, '')}`),
        )
        .sort();
      expect(documented).toEqual(ROUTES.map(routeKey).sort());
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
          if (op.method !== 'POST' && op.method !== 'PUT') continue;
          const route = ROUTES.find((r) => routeKey(r) === routeKey(op));
          expect(route, routeKey(op)).toBeDefined();
          const token = tokenFor(route!);
          const at = (c: Omit<Case, 'label'> & { label: string }) => ({ ...c, label: `${routeKey(op)}: ${c.label}` });
          const cases: Case[] = [
            at({ label: 'malformed JSON', raw: '{"phone":', status: 400, code: VF }),
            at({ label: 'malformed JSON with a phone', raw: `{"phone":"${s.user.phone}",`, status: 400, code: VF }),
            at({ label: 'JSON with trailing garbage', raw: '{"code":"258036"} x', status: 400, code: VF }),
            at({ label: 'a single quote', raw: "{'phone': 1}", status: 400, code: VF }),
            at({ label: 'an empty JSON body', raw: '', status: 400, code: VF }),
            at({ label: 'a __proto__ key', raw: '{"__proto__":{"isAdmin":true}}', status: 400, code: VF }),
            at({ label: 'a constructor.prototype key', raw: '{"constructor":{"prototype":{"isAdmin":true}}}', status: 400, code: VF }),
            at({ label: 'a body over 1 MB', raw: `{"phone":"${'x'.repeat(1_100_000)}"}`, status: 413, code: 'PAYLOAD_TOO_LARGE' }),
            at({ label: 'an XML body', raw: '<phone>13800138000</phone>', contentType: 'application/xml', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
            at({ label: 'a form body', raw: 'phone=13800138000', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
            at({ label: 'a multipart body', raw: '--b\r\n\r\nx\r\n--b--', contentType: 'multipart/form-data; boundary=b', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
            at({ label: 'an octet-stream body', raw: '\u0001\u0002', contentType: 'application/octet-stream', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
            at({ label: 'a problem+json body', raw: '{}', contentType: 'application/problem+json', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }),
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

    for (const route of ROUTES) {
      if (!route.body && !route.query && !route.params && !route.extra) continue; // takes no input: see "routes that take no input"
      it(`${routeKey(route)}: bad input → 4xx problem+json with a stable code, and nothing changes`, async () => {
        const cases = casesFor(route, s);
        expect(cases.length).toBeGreaterThan(10);
        await batch(async () => {
          for (const c of cases) expectProblem(await send(route, c, tokenFor(route)), c);
        });
        if (route.validAnswer) {
          // The same route with nothing wrong passes validation: each case above had exactly one fault.
          const res = await send(route, {}, tokenFor(route));
          expect([res.status, res.body?.code], res.text.slice(0, 300)).toEqual([route.validAnswer.status, route.validAnswer.code ?? res.body?.code]);
        }
      });
    }

    it('routes that take no input refuse any body, and change nothing', async () => {
      // A user who could still be changed by each of them: phone unverified, no TOTP, logged in.
      const spare = await given.user(t);
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
      const reg = await http.post('/auth/register', { phone: uniquePhone(), password: 'a-good-password-1', displayName });
      expect(reg.status).toBe(201);
      expect(reg.body.user.displayName).toBe(displayName);
      const html = await http.post('/auth/register', { phone: uniquePhone(), password: 'a-good-password-1', displayName: HTML });
      expect(html.status).toBe(201);
      expect(html.headers.get('content-type')).toMatch(/^application\/json/);
      expect(html.body.user.displayName).toBe(HTML);
      expect(await users()).toBe(before + 2);

      const address = { recipient: '<b>收件人</b>', phone: '13912345678', region: `${SQL_OR} 上海`, line: "'; drop table personal_data; --" };
      expect((await http.post('/me/addresses', address, { token: s.fresh.token })).status).toBe(201);
      const list = await http.get('/me/addresses', { token: s.fresh.token });
      expect(list.body.items).toContainEqual({ id: expect.any(String), ...address });

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
      // The same for a path parameter over the router's maxParamLength (100): 414 FST_ERR_MAX_PARAM_LENGTH.
      const paths = [`${PREFIX}/admin/users/%ZZ/personal-data`, `${PREFIX}/me/%E0%A4%A`, `${PREFIX}/admin/users/${'i'.repeat(101)}/personal-data?purpose=hello+there`];
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
