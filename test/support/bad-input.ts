/**
 * Shared pieces of the bad-input suites (test/bad-input.test.ts,
 * test/bad-input-operators.test.ts, test/bad-input-wallet.test.ts and
 * test/bad-input-orders.test.ts): the route lists, the guarded client, the table
 * fingerprint, the problem check, the generators of bad values, bad bodies (at every
 * nesting level) and bad query strings, and the route-suite harness that sends a
 * route table's cases and the tests every table shares.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { expect, it } from 'vitest';
import type { TestApp } from './app.js';
import { validIdNumber } from './given.js';
import type { Client, RequestOptions, Response } from './http.js';

export const PREFIX = '/api/v1';
export const LONG = 'x'.repeat(10_000);
export const LONG_HAN = '中'.repeat(10_000);
export const SQL_OR = "' OR 1=1 --";
export const SQL_DROP = '1; drop table users';
export const HTML = '<script>alert(1)</script>';
export const VF = 'VALIDATION_FAILED';

/**
 * The routes test/bad-input-operators.test.ts covers. test/bad-input.test.ts checks
 * that its own table plus this list is exactly what the OpenAPI document lists, and
 * the operators file checks that its table is exactly this list.
 */
export const OPERATOR_ROUTE_KEYS: readonly string[] = [
  'POST /operators',
  'GET /operators/{id}',
  'GET /operators/{id}/manage',
  'POST /operators/{id}/closure',
  'POST /service-providers',
  'GET /me/registrations',
  'GET /admin/operators',
  'POST /admin/operators/{id}/approve',
  'POST /admin/operators/{id}/reject',
  'POST /admin/operators/{id}/reverify',
  'GET /admin/service-providers',
  'POST /admin/service-providers/{id}/approve',
  'POST /admin/service-providers/{id}/reject',
  'GET /regulator/operators.csv',
  'GET /categories',
  'POST /operators/{id}/products',
  'PATCH /products/{id}',
  'GET /products/{id}',
  'GET /products',
  'GET /deposit-rule',
  'GET /operators/{id}/deposit',
  'POST /uploads',
];

/**
 * The routes test/bad-input-wallet.test.ts covers (wallets, the payment provider's
 * webhook, the sandbox provider, paying the operator deposit). test/bad-input.test.ts
 * counts them as covered; the wallet file checks that its table is exactly this list.
 */
export const WALLET_ROUTE_KEYS: readonly string[] = [
  'GET /wallet',
  'GET /wallet/transfers',
  'POST /wallet/top-ups',
  'GET /wallet/top-ups/{id}',
  'POST /wallet/withdrawals',
  'POST /operators/{id}/deposit',
  'POST /payments/webhook',
  'POST /sandbox/top-ups/{id}/complete',
  'POST /sandbox/payments/{id}/complete',
];

/**
 * The routes test/bad-input-orders.test.ts covers (orders, payment and escrow, and the
 * deposit refund). test/bad-input.test.ts counts them as covered; the orders file checks
 * that its table is exactly this list.
 */
/** A registration and an assertion shaped as @simplewebauthn/browser sends them, answering no live challenge. */
export const REGISTRATION = {
  id: 'Y3JlZGVudGlhbA',
  rawId: 'Y3JlZGVudGlhbA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0', attestationObject: 'o2NmbXRkbm9uZQ' },
};
export const ASSERTION = {
  id: 'Y3JlZGVudGlhbA',
  rawId: 'Y3JlZGVudGlhbA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0', authenticatorData: 'YXV0aGRhdGE', signature: 'c2lnbmF0dXJl' },
};

/** What either WebAuthn credential's envelope refuses, placed into a body by `wrap`. */
export function passkeyEnvelopeCases(wrap: (credential: unknown) => Record<string, unknown>, credential: Record<string, unknown> = REGISTRATION): Case[] {
  const inner = credential.response as Record<string, unknown>;
  return [
    vf('credential type other than public-key', { body: wrap({ ...credential, type: 'password' }) }),
    vf('credential id with a plus sign (not base64url)', { body: wrap({ ...credential, id: 'abc+def' }) }),
    vf('credential id of 1,025 characters', { body: wrap({ ...credential, id: 'a'.repeat(1_025) }) }),
    vf('credential id empty', { body: wrap({ ...credential, id: '' }) }),
    vf('an unknown field on the credential', { body: wrap({ ...credential, amount: 1 }) }),
    vf('an unknown field in the authenticator response', { body: wrap({ ...credential, response: { ...inner, amount: 1 } }) }),
    vf('an extension result nobody asked for', { body: wrap({ ...credential, clientExtensionResults: { appid: true } }) }),
    vf('no clientExtensionResults', { body: wrap({ ...credential, clientExtensionResults: undefined }) }),
    vf('authenticatorAttachment unknown', { body: wrap({ ...credential, authenticatorAttachment: 'pocket' }) }),
    vf('clientDataJSON of 4,097 characters', { body: wrap({ ...credential, response: { ...inner, clientDataJSON: 'a'.repeat(4_097) } }) }),
    vf('clientDataJSON with a NUL', { body: wrap({ ...credential, response: { ...inner, clientDataJSON: 'ab\u0000c' } }) }),
    vf('the authenticator response as an array', { body: wrap({ ...credential, response: [inner] }) }),
    vf('the credential as a string', { body: wrap(JSON.stringify(credential)) }),
  ];
}

export const ORDER_ROUTE_KEYS: readonly string[] = [
  'GET /orders',
  'GET /orders/{id}',
  'GET /orders/{id}/shipping-address',
  'GET /operators/{id}/orders',
  'POST /orders',
  'POST /orders/{id}/pay',
  'POST /orders/{id}/pay/passkey-options',
  'POST /orders/{id}/cancel',
  'POST /orders/{id}/ship',
  'POST /orders/{id}/confirm-receipt',
  'POST /orders/{id}/return',
  'POST /orders/{id}/return/received',
  'POST /operators/{id}/deposit/refund',
];

/**
 * The routes test/social-bad-input.test.ts covers (notes, engagement, feeds, moderation
 * and consents). test/bad-input.test.ts counts them as covered; the social file checks
 * that its table is exactly this list.
 */
export const SOCIAL_ROUTE_KEYS: readonly string[] = [
  'POST /notes',
  'GET /notes/{id}',
  'PATCH /notes/{id}',
  'DELETE /notes/{id}',
  'POST /notes/{id}/tags/{tagId}/open',
  'POST /notes/{id}/like',
  'DELETE /notes/{id}/like',
  'POST /notes/{id}/collect',
  'DELETE /notes/{id}/collect',
  'POST /notes/{id}/comments',
  'GET /notes/{id}/comments',
  'POST /users/{id}/follow',
  'DELETE /users/{id}/follow',
  'GET /users/{id}',
  'GET /users/{id}/notes',
  'GET /users/{id}/collects',
  'GET /users/{id}/followers',
  'GET /feed',
  'GET /operators/{id}/sponsorships',
  'POST /operators/{id}/sponsorships/{noteId}/confirm',
  'POST /notes/{id}/reports',
  'GET /admin/reports',
  'POST /admin/notes/{id}/hide',
  'GET /me/consents',
  'PUT /me/consents/{purpose}',
];

/**
 * The routes test/privacy-bad-input.test.ts covers (the export and marketing messages).
 * test/bad-input.test.ts counts them as covered; the privacy file checks that its table
 * is exactly this list.
 */
export const PRIVACY_ROUTE_KEYS: readonly string[] = [
  'GET /me/export',
  'GET /me/export.zip',
  'POST /admin/marketing-messages',
  'POST /operators/{id}/marketing-messages',
];

/**
 * The routes test/groupbuy-bad-input.test.ts covers (API.md "Group buys").
 * test/bad-input.test.ts counts them as covered; the group-buy file checks that its
 * table is exactly this list.
 */
export const GROUP_BUY_ROUTE_KEYS: readonly string[] = [
  'PUT /products/{productId}/skus/{skuId}/group-offer',
  'DELETE /products/{productId}/skus/{skuId}/group-offer',
  'GET /products/{id}/group-offers',
  'POST /group-buys',
  'POST /group-buys/{id}/join',
  'GET /group-buys/{id}',
  'GET /group-buys/{id}/events',
];

/**
 * The routes test/bargain-bad-input.test.ts covers (offers, rules, bargains, helps and
 * their orders). test/bad-input.test.ts counts them as covered; the bargain file checks
 * that its table is exactly this list.
 */
export const BARGAIN_ROUTE_KEYS: readonly string[] = [
  'PUT /products/{id}/skus/{skuId}/bargain-offer',
  'DELETE /products/{id}/skus/{skuId}/bargain-offer',
  'GET /products/{id}/bargain-offers',
  'GET /bargain-offers/{skuId}/rules',
  'POST /bargains',
  'GET /bargains/{id}',
  'GET /bargains/{id}/events',
  'POST /bargains/{id}/help',
  'POST /bargains/{id}/order',
];

/**
 * The routes test/disputes-bad-input.test.ts covers (cases, messages, answers,
 * escalation, withdrawal, rulings, the inbox, named providers, the arbitration
 * console and the notifications the cases send). test/bad-input.test.ts counts
 * them as covered; the disputes file checks that its table is exactly this list.
 */
export const DISPUTE_ROUTE_KEYS: readonly string[] = [
  'GET /dispute-rules',
  'POST /disputes',
  'GET /disputes/{id}',
  'GET /disputes/{id}/record',
  'POST /disputes/{id}/messages',
  'POST /disputes/{id}/respond',
  'POST /disputes/{id}/escalate',
  'POST /disputes/{id}/withdraw',
  'POST /admin/disputes/{id}/rule',
  'GET /admin/disputes',
  'GET /disputes',
  'GET /admin/disputes/{id}/case',
  'POST /admin/disputes/{id}/parties',
  'GET /me/notifications',
  'POST /me/notifications/{id}/read',
];

/**
 * The routes test/reviews-bad-input.test.ts covers (reviews, follow-ups, replies,
 * appeals and their decisions, helpful votes, the product's and the shop's lists).
 * test/bad-input.test.ts counts them as covered; that file checks its table is exactly this list.
 */
export const REVIEW_ROUTE_KEYS: readonly string[] = [
  'POST /orders/{id}/items/{itemId}/review',
  'GET /reviews/{id}',
  'POST /reviews/{id}/follow-up',
  'POST /reviews/{id}/reply',
  'POST /reviews/{id}/appeals',
  'POST /reviews/{id}/helpful',
  'DELETE /reviews/{id}/helpful',
  'GET /products/{id}/reviews',
  'GET /operators/{id}/reviews',
  'GET /admin/review-appeals',
  'POST /admin/review-appeals/{id}/uphold',
  'POST /admin/review-appeals/{id}/reject',
];

/**
 * The routes test/aftersales-bad-input.test.ts covers (return addresses, after-sales
 * requests and every step of one). test/bad-input.test.ts counts them as covered; the
 * after-sales file checks that its table is exactly this list.
 */
export const AFTER_SALES_ROUTE_KEYS: readonly string[] = [
  'POST /operators/{id}/return-addresses',
  'GET /operators/{id}/return-addresses',
  'PATCH /operators/{id}/return-addresses/{addressId}',
  'POST /operators/{id}/return-addresses/{addressId}/default',
  'DELETE /operators/{id}/return-addresses/{addressId}',
  'GET /orders/{id}/after-sales/options',
  'POST /orders/{id}/after-sales',
  'GET /after-sales/{id}',
  'GET /me/after-sales',
  'GET /operators/{id}/after-sales',
  'POST /operators/{id}/after-sales/approve',
  'POST /after-sales/{id}/approve',
  'POST /after-sales/{id}/refuse',
  'POST /after-sales/{id}/return-shipment',
  'POST /after-sales/{id}/return-received',
  'POST /after-sales/{id}/exchange-shipment',
  'POST /after-sales/{id}/escalate',
  'POST /after-sales/{id}/withdraw',
];

/**
 * The routes test/conversations-bad-input.test.ts covers (issue 18: opening, messages,
 * receipts, typing, the streams, the shop inbox, quick replies). test/bad-input.test.ts
 * counts them as covered; that file checks its table is exactly this list.
 */
export const CONVERSATION_ROUTE_KEYS: readonly string[] = [
  'POST /operators/{id}/conversations',
  'GET /conversations',
  'GET /conversations/{id}/messages',
  'POST /conversations/{id}/messages',
  'POST /conversations/{id}/read',
  'POST /conversations/{id}/typing',
  'GET /conversations/{id}/events',
  'GET /operators/{id}/conversations',
  'GET /operators/{id}/conversations/events',
  'GET /me/conversations/events',
  'GET /operators/{id}/quick-replies',
  'POST /operators/{id}/quick-replies',
  'DELETE /operators/{id}/quick-replies/{replyId}',
];

/**
 * The routes test/tracking-bad-input.test.ts covers (logistics credentials, carriers,
 * the carriers' signed webhook, an order's tracking and its live events, the sandbox
 * carrier). test/bad-input.test.ts counts them as covered; that file checks its table
 * is exactly this list.
 */
export const TRACKING_ROUTE_KEYS: readonly string[] = [
  'POST /admin/service-providers/{id}/credentials',
  'GET /admin/service-providers/{id}/credentials',
  'GET /logistics/carriers',
  'POST /logistics/webhook',
  'GET /orders/{id}/tracking',
  'GET /orders/{id}/tracking/events',
  'POST /sandbox/parcels/{trackingNumber}/deliver',
  'POST /sandbox/parcels/{trackingNumber}/exception',
];

/**
 * The routes test/erasure-bad-input.test.ts covers (account deletion).
 * test/bad-input.test.ts counts them as covered; that file checks its table is exactly this list.
 */
export const ERASURE_ROUTE_KEYS: readonly string[] = ['GET /me/deletion', 'DELETE /me'];

/**
 * The routes test/oversight-bad-input.test.ts covers (the audit-log export and the
 * reports for admins and regulators); test/bad-input.test.ts counts them as covered.
 */
export const OVERSIGHT_ROUTE_KEYS: readonly string[] = ['GET /admin/audit-log.csv', 'GET /admin/reports/summary', 'GET /regulator/reports/summary'];

/** The audit log's filters (GET /admin/audit-log and its CSV export), all optional. */
export const AUDIT_FILTER_FIELDS: Record<string, { kind: QueryKind; optional: true }> = {
  actorId: { kind: 'id', optional: true },
  action: { kind: 'id', optional: true },
  targetType: { kind: 'id', optional: true },
  targetId: { kind: 'id', optional: true },
  from: { kind: 'day', optional: true },
  to: { kind: 'day', optional: true },
};

export const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** Every operation in the served OpenAPI document, as `METHOD /path` without the prefix. */
export function documentedRoutes(doc: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(doc.paths)
    .flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p.replace(PREFIX, '')}`),
    )
    .sort();
}

/* ------------------------------------------------------------------ helpers */

/** The test client, failing the test at once on any 5xx. */
export function guarded(client: Client): Client {
  const request = async (method: string, p: string, body?: unknown, options?: RequestOptions): Promise<Response> => {
    const res = await client.request(method, p, body, options);
    if (res.status >= 500) throw new Error(`${method} ${p} answered ${res.status} (no 5xx allowed): ${res.text.slice(0, 300)}`);
    return res;
  };
  return {
    request,
    get: (p, options) => request('GET', p, undefined, options),
    post: (p, body, options) => request('POST', p, body, options),
    put: (p, body, options) => request('PUT', p, body, options),
    delete: (p, body, options) => request('DELETE', p, body, options),
  } as Client;
}

/** Row count and a digest of the rows of every table in the current schema. */
export async function tableFingerprints(t: TestApp): Promise<Record<string, string>> {
  const db = t.ctx.database.db;
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  expect(tables.rows.length).toBeGreaterThan(0);
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables.rows) {
    // Each server process renews its lease there every second (src/modules/idempotency/lease.ts): liveness, not state a request could change.
    if (name === 'idempotency_owners') continue;
    const { rows } = await sql<{ n: string; digest: string | null }>`
      select count(*)::text as n, md5(string_agg(t::text, '|' order by t::text)) as digest
      from ${sql.table(name)} t`.execute(db);
    out[name] = `${rows[0]!.n} rows ${rows[0]!.digest ?? '-'}`;
  }
  return out;
}

/** The files under DATA_DIR/uploads (an upload that failed must leave none behind). */
export function uploadedFiles(t: TestApp): string[] {
  const dir = path.join(t.ctx.config.dataDir, 'uploads');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

export interface Case {
  label: string;
  /** JSON body (may be null); absent = the route's valid body. */
  body?: unknown;
  /** Exact body text, sent with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  /** Query string without `?`; absent = the route's valid query. */
  query?: string;
  /** Path parameter `{id}`; absent = the route's default id. */
  id?: string;
  headers?: Record<string, string>;
  /** Send with this token instead of the route's (another user, no one). */
  token?: string | null;
  status: number;
  code: string;
}

export const vf = (label: string, fields: Omit<Case, 'label' | 'status' | 'code'>): Case => ({ label, ...fields, status: 400, code: VF });

export function expectProblem(res: Response, c: Pick<Case, 'label' | 'status' | 'code' | 'raw'>): void {
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
      expect.arrayContaining([{ path: expect.stringMatching(/^\/(body|querystring|params|headers|url)/), message: expect.any(String) }]),
    );
  }
  // A problem never reflects the input back.
  expect(res.text, where).not.toContain('<script>');
  expect(res.text.length, where).toBeLessThan(4000);
}

/**
 * One case sent to `path`: its query, token and body where it gives them, else the
 * route's valid ones (`token: null` sends none; a `body` key, even undefined, wins).
 */
export function sendCase(http: Client, method: string, path: string, c: Partial<Case>, valid: { query?: string | undefined; token?: string | undefined; body?: unknown }): Promise<Response> {
  const query = c.query ?? valid.query;
  const options: RequestOptions = { token: c.token === null ? undefined : (c.token ?? valid.token), headers: { ...c.headers } };
  return http.request(method, query !== undefined ? `${path}?${query}` : path, 'body' in c ? c.body : valid.body, options);
}

/** A file's route table names exactly `keys`, and the served OpenAPI document lists each. */
export async function expectRoutesCovered(http: Client, routes: readonly { method: string; path: string }[], keys: readonly string[]): Promise<void> {
  const covered = [...new Set(routes.map(routeKey))].sort();
  expect(covered).toEqual([...keys].sort());
  const documented = documentedRoutes((await http.get('/openapi.json')).body);
  expect(covered.filter((k) => !documented.includes(k))).toEqual([]);
}

/**
 * Sends every case and returns a line for each one answered otherwise than it
 * expects (empty when all were refused as they should be).
 */
export async function unmetCases<C extends Case>(cases: readonly C[], send: (c: C) => Promise<Response>): Promise<string[]> {
  const unmet: string[] = [];
  for (const c of cases) {
    const res = await send(c);
    try {
      expectProblem(res, c);
    } catch {
      unmet.push(`${c.label}: expected ${c.status} ${c.code}, got ${res.status} ${res.body?.code ?? res.text.slice(0, 120)}`);
    }
  }
  return unmet;
}

/** The transport-level cases every route that takes a POST/PUT/PATCH body must refuse. */
export function transportCases(label: string): Case[] {
  const at = (c: Case): Case => ({ ...c, label: `${label}: ${c.label}` });
  return [
    at({ label: 'malformed JSON', raw: '{"phone":', status: 400, code: VF }),
    at({ label: 'malformed JSON with a phone', raw: '{"phone":"13800138000",', status: 400, code: VF }),
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
}

/* -------------------------------------------------------- the bad values */

export type FieldKind =
  | 'phone'
  | 'digits6'
  | 'idNumber'
  | 'realName'
  | 'displayName'
  | 'password'
  | 'text'
  | 'role'
  | 'boolean'
  /** `Text(...)`: one line, no blanks at either end, no control characters. */
  | 'line'
  /** Several lines: newlines and tabs allowed, other control characters not. */
  | 'paragraphs'
  | 'enum'
  | 'email'
  | 'creditCode'
  /** An individual operator's identity number: it must be the applicant's own. */
  | 'operatorIdNumber'
  | 'operatorRealName'
  /** Integer fen, at least 1 / at least 0. */
  | 'fen'
  | 'fen0'
  | 'stock'
  | 'groupSize'
  | 'maxHelpers'
  | 'dateTime'
  /** A number from 0 to 1 (a tag's position on an image). */
  | 'fraction'
  | 'category'
  /** A nested object with `fields`. */
  | 'object'
  /** An array of objects with `fields` (cases go into the first element). */
  | 'objects'
  /** An array of image URLs. */
  | 'urls';

export interface FieldSpec {
  kind: FieldKind;
  optional?: boolean;
  /** String length, item count for arrays, or the largest amount for `fen`/`fen0`. */
  min?: number;
  max?: number;
  /** The allowed values of an `enum`. */
  values?: readonly string[];
  fields?: Record<string, FieldSpec>;
}

export const yyyymmdd = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '');

export const BAD_PHONES: [string, string][] = [
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

export const BAD_DIGITS6: [string, string][] = [
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

/** A valid credit code (RULES.md) used to derive the bad ones. */
export const GOOD_CREDIT_CODE = '91350100M000100Y43';
const withCharAt = (s: string, i: number, ch: string) => s.slice(0, i) + ch + s.slice(i + 1);

type KindCase = [string, unknown, number, string];

function idNumberCases(now: Date): KindCase[] {
  const year = now.getUTCFullYear();
  const bad = (l: string, v: string): KindCase => [l, v, 400, 'INVALID_ID_NUMBER'];
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
  ];
}

const REAL_NAME_CASES: [string, string][] = [
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
];

export function kindCases(kind: FieldKind, spec: FieldSpec, now: Date): KindCase[] {
  const year = now.getUTCFullYear();
  const allVf = (pairs: [string, unknown][]): KindCase[] => pairs.map(([l, v]) => [l, v, 400, VF]);
  switch (kind) {
    case 'phone':
      return allVf(BAD_PHONES);
    case 'digits6':
      return allVf(BAD_DIGITS6);
    case 'idNumber': {
      const seventeen = new Date(Date.UTC(year - 18, now.getUTCMonth(), now.getUTCDate() + 1));
      return [...idNumberCases(now), ['of someone under 18', validIdNumber(yyyymmdd(seventeen)), 403, 'UNDERAGE']];
    }
    case 'operatorIdNumber': {
      const seventeen = new Date(Date.UTC(year - 18, now.getUTCMonth(), now.getUTCDate() + 1));
      return [
        ...idNumberCases(now),
        // Valid numbers, but not the applicant's verified one (D2).
        ['of someone else', validIdNumber('19800101'), 403, 'IDENTITY_MISMATCH'],
        ['of someone under 18', validIdNumber(yyyymmdd(seventeen)), 403, 'IDENTITY_MISMATCH'],
      ];
    }
    case 'realName':
    case 'operatorRealName':
      return allVf(REAL_NAME_CASES);
    case 'displayName':
      return allVf([
        ['with a leading blank', ' 小红'],
        ['with a trailing blank', '小红 '],
        ['of blanks', '   '],
        ['with a newline', '小\n红'],
        ['with a bell', '小\u0007红'],
        ['with a NUL', '小\u0000红'],
        ['of 31 characters', '红'.repeat(31)],
      ]);
    case 'password':
      return [
        ['of 7 characters', 'abc1234', 400, VF],
        ['of 129 characters', 'p'.repeat(129), 400, VF],
      ];
    case 'text': {
      const out: KindCase[] = [];
      if ((spec.min ?? 0) >= 2) out.push(['of one character', 'x', 400, VF]);
      if (spec.max) out.push([`of ${spec.max + 1} characters`, '字'.repeat(spec.max + 1), 400, VF]);
      return out;
    }
    case 'line': {
      const out: [string, unknown][] = [];
      if ((spec.min ?? 0) >= 2) out.push(['of one character', '字']);
      if (spec.max) out.push([`of ${spec.max + 1} characters`, '字'.repeat(spec.max + 1)]);
      out.push(
        ['with a leading blank', ' 字字'],
        ['with a trailing blank', '字字 '],
        ['with a trailing ideographic blank', '字字\u3000'],
        ['of blanks', '    '],
        ['with a newline', '字\n字'],
        ['with a tab', '字\t字'],
        ['with a bell', '字\u0007字'],
        ['with a NUL', '字\u0000字'],
      );
      return allVf(out);
    }
    case 'paragraphs':
      return allVf([
        [`of ${(spec.max ?? 5000) + 1} characters`, '字'.repeat((spec.max ?? 5000) + 1)],
        ['with a bell', '第一行\u0007'],
        ['with a NUL', '第一行\u0000第二行'],
        ['with an escape', '第一行\u001b[31m'],
        ['with a DEL', '第一行\u007f'],
      ]);
    case 'enum': {
      const first = spec.values?.[0] ?? 'x';
      return allVf([
        ['unknown', 'something-else'],
        ['in upper case', first.toUpperCase()],
        ['with a trailing blank', `${first} `],
        ['in Chinese', '企业'],
        ['as SQL', `${first}' --`],
        ['as HTML', HTML],
      ]);
    }
    case 'email':
      return allVf([
        ['without @', 'shop.example.com'],
        ['without a domain', 'shop@'],
        ['without a local part', '@example.com'],
        ['with a blank', 'sh op@example.com'],
        ['of 101 characters', `${'m'.repeat(89)}@example.com`],
        ['as SQL', `a@b.c${SQL_OR}`],
        ['as HTML', HTML],
      ]);
    case 'creditCode': {
      const icc = (l: string, v: string): KindCase => [l, v, 400, 'INVALID_CREDIT_CODE'];
      return [
        icc('with a bad check character', '91350100M000100Y44'),
        icc('in lower case with a bad check character', '91350100m000100y44'),
        icc('of 17 characters', GOOD_CREDIT_CODE.slice(0, 17)),
        ...['I', 'O', 'S', 'V', 'Z'].map((ch) => icc(`containing ${ch}`, withCharAt(GOOD_CREDIT_CODE, 9, ch))),
        icc('with a blank inside', '91350100 M000100Y4'),
        icc('in full-width characters', '９１３５０１００Ｍ０００１００Ｙ４３'),
        icc('as Chinese text', '统一社会信用代码'),
        icc('as emoji', '🏢🏢🏢🏢'),
        icc('as SQL', SQL_OR),
        ['of 19 characters', `${GOOD_CREDIT_CODE}0`, 400, VF],
        ['as SQL drop (19 characters)', SQL_DROP, 400, VF],
        ['as HTML', HTML, 400, VF],
      ];
    }
    case 'fen':
    case 'fen0':
      return allVf([
        ...(kind === 'fen' ? ([['zero', 0]] as [string, unknown][]) : []),
        ['negative', -1],
        ['a fraction', 1.5],
        ['a tiny fraction', 0.001],
        ['over ¥100,000,000', 10_000_000_001],
        ['huge', 1e300],
        ['beyond 2^53', 2 ** 53 + 2],
        // A route's own ceiling (¥50,000 per top-up or withdrawal), one fen over it.
        ...(spec.max !== undefined ? ([[`one fen over the ${spec.max}-fen maximum`, spec.max + 1]] as [string, unknown][]) : []),
      ]);
    case 'stock':
      return allVf([
        ['negative', -1],
        ['a fraction', 1.5],
        ['over 10,000,000', 10_000_001],
        ['huge', 1e300],
      ]);
    case 'groupSize':
      return allVf([
        ['1', 1],
        ['11', 11],
        ['0', 0],
        ['negative', -2],
        ['a fraction', 2.5],
      ]);
    case 'maxHelpers':
      return allVf([
        ['0', 0],
        ['101', 101],
        ['negative', -1],
        ['a fraction', 1.5],
      ]);
    case 'fraction':
      return allVf([
        ['negative', -0.01],
        ['over 1', 1.01],
        ['2', 2],
        ['huge', 1e300],
      ]);
    case 'dateTime':
      return allVf([
        ['not a date', 'not a date'],
        ['in month 13', `${year + 1}-13-01T00:00:00Z`],
        ['on 30 February', `${year + 1}-02-30T00:00:00Z`],
        ['a date without a time', `${year + 1}-06-01`],
        ['without a time zone', `${year + 1}-06-01T00:00:00`],
        ['as milliseconds in text', String(now.getTime() + 60 * 86_400_000)],
        ['in Chinese', '下个月'],
        ['as emoji', '📅'],
        ['as SQL', SQL_OR],
        ['as HTML', HTML],
      ]);
    case 'category':
      return allVf([
        ['unknown', 'no-such-category'],
        ['in upper case', 'GENERAL'],
        ['by its Chinese name', '综合'],
        ['with a trailing blank', 'general '],
        ['of 41 characters', 'c'.repeat(41)],
        ['as SQL', `general${SQL_OR}`],
        ['as HTML', HTML],
      ]);
    case 'role':
      return allVf([
        ['unknown', 'superuser'],
        ['upper case', 'ADMIN'],
        ['capitalised', 'Admin'],
        ['in Chinese', '管理员'],
        ['as SQL', "admin' --"],
        ['as HTML', HTML],
      ]);
    case 'boolean':
      return [
        ['"false" as a string', 'false', 400, VF],
        ['0', 0, 400, VF],
      ];
    case 'object':
    case 'objects':
    case 'urls':
      return [];
  }
}

const NUMERIC: readonly FieldKind[] = ['fen', 'fen0', 'stock', 'groupSize', 'maxHelpers', 'fraction'];

/**
 * Every way one part of an otherwise valid object can be wrong, as [label, the
 * object with that one fault, status, code]. Nested objects and arrays of objects
 * are searched the same way, so `contact.extra` and `skus[0].price` are cases too.
 */
export function objectCases(valid: Record<string, unknown>, fields: Record<string, FieldSpec>, now: Date, name = 'body'): KindCase[] {
  const c = (label: string, value: unknown, status = 400, code = VF): KindCase => [label, value, status, code];
  const cases: KindCase[] = [
    c(`${name} is null`, null),
    c(`${name} is an array`, [valid]),
    c(`${name} is a string`, 'text'),
    c(`${name} is a number`, 42),
    c(`${name} is true`, true),
    c(`${name} has an unknown field`, { ...valid, isAdmin: true }),
    c(`${name} has an unknown field with an SQL name`, { ...valid, [SQL_OR]: 1 }),
    c(`${name} has roles`, { ...valid, roles: ['admin'] }),
  ];
  if (Object.values(fields).some((f) => !f.optional)) cases.push(c(`${name} is {}`, {}));
  const prefix = name === 'body' ? '' : `${name}.`;
  for (const [field, spec] of Object.entries(fields)) {
    const label = `${prefix}${field}`;
    const set = (value: unknown) => ({ ...valid, [field]: value });
    if (!spec.optional) {
      const rest = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field));
      cases.push(c(`${label} missing`, rest));
    }
    const sample = valid[field] ?? '258036';
    if (spec.kind === 'object') {
      for (const [l, v, status, code] of objectCases(sample as Record<string, unknown>, spec.fields ?? {}, now, label)) cases.push(c(l, set(v), status, code));
      continue;
    }
    if (spec.kind === 'objects' || spec.kind === 'urls') {
      const items = sample as unknown[];
      const wrong: [string, unknown][] = [
        ['a single item, not an array', items[0]],
        ['a string', 'text'],
        ['a number', 1],
        ['null', null],
        ['an array holding null', [null]],
        ['an array holding a number', [1]],
        [`an array of ${(spec.max ?? 9) + 1} items`, Array.from({ length: (spec.max ?? 9) + 1 }, (_, i) => (spec.kind === 'urls' ? `${String(items[0])}?${i}` : items[0]))],
      ];
      if ((spec.min ?? 0) >= 1) wrong.push(['empty', []]);
      if (spec.kind === 'urls') {
        wrong.push(
          ['an array holding an object', [{ url: items[0] }]],
          ['an array holding an empty string', ['']],
          ['an array holding 10,000 characters', [LONG]],
          ['an array holding the same URL twice', [items[0], items[0]]],
          ['an array holding a foreign URL', ['https://evil.example/x.png']],
          ['an array holding a protocol-relative URL', ['//evil.example/x.png']],
          ['an array holding a javascript: URL', ['javascript:alert(1)']],
          ['an array holding a path outside /uploads', ['/api/v1/me']],
          ['an array holding a path traversal', ['/uploads/../../etc/passwd']],
          ['an array holding an unknown upload', ['/uploads/00000000-0000-7000-8000-000000000000.png']],
          ['an array holding SQL', [`/uploads/${SQL_OR}`]],
          ['an array holding HTML', [HTML]],
        );
      }
      for (const [what, value] of wrong) cases.push(c(`${label} is ${what}`, set(value)));
      if (spec.kind === 'objects') {
        const [first, ...rest] = items as Record<string, unknown>[];
        for (const [l, v, status, code] of objectCases(first!, spec.fields ?? {}, now, `${label}[0]`)) cases.push(c(l, set([v, ...rest]), status, code));
      }
      continue;
    }
    const wrongTypes: [string, unknown][] =
      spec.kind === 'boolean'
        ? [
            ['a string', 'true'],
            ['a number', 1],
            ['an array', [true]],
            ['an object', { value: true }],
            ['null', null],
          ]
        : NUMERIC.includes(spec.kind)
          ? [
              ['a string of digits', String(sample)],
              ['a boolean', true],
              ['an array', [sample]],
              ['an object', { value: sample }],
              ['null', null],
              ['empty', ''],
              ['10,000 characters', LONG],
              ['an emoji', '💰'],
              ['in Chinese numerals', '一百'],
              ['in full-width digits', '１００'],
            ]
          : [
              ['a number', /^\d+$/.test(String(sample)) ? Number(sample) : 12345],
              ['a boolean', true],
              ['an array', [sample]],
              ['an object', { value: sample }],
              ['null', null],
            ];
    for (const [what, value] of wrongTypes) cases.push(c(`${label} is ${what}`, set(value)));
    if (spec.kind !== 'boolean' && !NUMERIC.includes(spec.kind)) {
      cases.push(c(`${label} is empty`, set('')));
      cases.push(c(`${label} is 10,000 characters`, set(LONG)));
      cases.push(c(`${label} is 10,000 Chinese characters`, set(LONG_HAN)));
    }
    for (const [l, value, status, code] of kindCases(spec.kind, spec, now)) cases.push(c(`${label} ${l}`, set(value), status, code));
  }
  return cases;
}

/** Every way one field of an otherwise valid body can be wrong. */
export function bodyCases(valid: Record<string, unknown>, fields: Record<string, FieldSpec>, now: Date): Case[] {
  return objectCases(valid, fields, now).map(([label, body, status, code]) => ({ label, body, status, code }));
}

export type QueryKind = 'limit' | 'cursor' | 'purpose' | 'phone' | 'status' | 'q' | 'id' | 'category' | 'searchType' | 'day';
export const enc = (params: [string, string][]) => params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

const QUERY_VALUES: Record<Exclude<QueryKind, 'phone'>, [string, string][]> = {
  limit: [
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
  ],
  cursor: [['101 characters', 'c'.repeat(101)]],
  purpose: [
    ['empty', ''],
    ['4 characters', 'abcd'],
    ['201 characters', 'p'.repeat(201)],
  ],
  status: [
    ['empty', ''],
    ['unknown', 'open'],
    ['in upper case', 'APPROVED'],
    ['in Chinese', '已通过'],
    ['SQL', `approved${SQL_OR}`],
    ['HTML', HTML],
  ],
  q: [
    ['empty', ''],
    ['101 characters', '搜'.repeat(101)],
  ],
  id: [
    ['empty', ''],
    ['65 characters', 'o'.repeat(65)],
  ],
  category: [
    ['empty', ''],
    ['41 characters', 'c'.repeat(41)],
  ],
  day: [
    ['empty', ''],
    ['not a calendar date (30 February)', '2026-02-30'],
    ['month 13', '2026-13-01'],
    ['with slashes', '2026/03/01'],
    ['without dashes', '20260301'],
    ['without leading zeros', '2026-3-1'],
    ['a date-time', '2026-03-01T00:00:00Z'],
    ['in full-width digits', '２０２６-０３-０１'],
    ['SQL', `2026-03-01${SQL_OR}`],
    ['HTML', HTML],
  ],
  searchType: [
    ['empty', ''],
    ['unknown', 'users'],
    ['in upper case', 'PRODUCTS'],
    ['SQL', `products${SQL_OR}`],
  ],
};

export function queryCases(valid: Record<string, string>, fields: Record<string, { kind: QueryKind; optional?: boolean }>): Case[] {
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
    const values = spec.kind === 'phone' ? BAD_PHONES : QUERY_VALUES[spec.kind];
    for (const [label, value] of values) cases.push(vf(`${name} ${label}`, { query: set(value) }));
  }
  return cases;
}

export const ID_CASES: [string, string, number, string][] = [
  ['of 65 characters', 'i'.repeat(65), 400, VF],
  ['unknown', 'no-such-user', 404, 'NOT_FOUND'],
  ['as SQL', SQL_OR, 404, 'NOT_FOUND'],
  ['as SQL drop', SQL_DROP, 404, 'NOT_FOUND'],
  ['as HTML', HTML, 404, 'NOT_FOUND'],
  ['as an emoji', '😀', 404, 'NOT_FOUND'],
  ['in Chinese', '用户', 404, 'NOT_FOUND'],
  ['with an encoded slash', 'a/b', 404, 'NOT_FOUND'],
];

/* ------------------------------------------------- the route-suite harness */

/*
 * The four bad-input files each walk a table of routes the same way: fill in a route's
 * valid request, let one case replace one part of it, send, compare the answer with the
 * expected problem, and check that a refused batch changed nothing. That walk lives here
 * once, so a file holds only its routes, its set-up and the tests that are its own:
 *
 *   const harness = routeHarness({ http: () => http, setup: () => s, valid: generatedRequest(() => s),
 *     tokenFor, snapshot, afterBatch });
 *   itCoversExactly('WALLET_ROUTE_KEYS', WALLET_ROUTE_KEYS, ROUTES, harness);
 *   itRefusesEachRoutesBadInput(harness, ROUTES.filter(takesInput), { cases: casesFor, minCases: 10 });
 *
 * Everything reads the app and the set-up through getters, since both exist only after
 * `beforeAll`, while the `it`s are registered before it.
 */

/** A row of a route table, for a file whose set-up is `S`; `variant` tells two rows of one route apart. */
export interface RouteRow<S = unknown> {
  method: string;
  /** As in the OpenAPI document, without /api/v1. */
  path: string;
  variant?: string;
  /** What the valid request answers once the batch is refused: shows each case had one fault only. */
  validAnswer?: { status: number; code?: string; check?(res: Response, s: S): void };
}

/** `METHOD /path`, and the variant where the table lists the route twice. */
export const routeLabel = (r: RouteRow) => `${routeKey(r)}${r.variant ? ` (${r.variant})` : ''}`;

/**
 * A row whose cases are generated: the valid body, query and `{id}`, the fields the
 * generators break one at a time, and hand-written `extra` cases. `S` is the file's set-up.
 */
export interface GeneratedRoute<S> extends RouteRow<S> {
  /** The `{id}` of the valid request. */
  id?: (s: S) => string;
  body?: { valid: (s: S) => Record<string, unknown>; fields: Record<string, FieldSpec> };
  query?: { valid: (s: S) => Record<string, string>; fields: Record<string, { kind: QueryKind; optional?: boolean }> };
  /** The route has `{id}`: every ID_CASES value is a case. */
  params?: true;
  extra?: (s: S) => Case[];
}

/** Every case for a generated route; a route that takes no input has none. */
export function casesFor<S extends { now: Date }>(route: GeneratedRoute<S>, s: S): Case[] {
  const cases: Case[] = [];
  if (route.body) cases.push(...bodyCases(route.body.valid(s), route.body.fields, s.now));
  if (route.query) cases.push(...queryCases(route.query.valid(s), route.query.fields));
  if (route.params) for (const [label, id, status, code] of ID_CASES) cases.push({ label: `id ${label}`, id, status, code });
  if (route.extra) cases.push(...route.extra(s));
  return cases;
}

/** Whether a generated route takes any input (routes that take none get the "no input" checks instead). */
export const takesInput = <S>(r: GeneratedRoute<S>) => !!(r.body || r.query || r.params || r.extra);

/** The parts of a route's valid request; a case replaces any of them. */
export interface ValidRequest<R> {
  id: (route: R) => string;
  /** The query string without `?`; undefined for none. */
  query: (route: R) => string | undefined;
  /** The JSON body; undefined for none. */
  body: (route: R) => unknown;
}

/** The valid request of a generated route: its own `{id}` (else `defaultId`), query and body. */
export function generatedRequest<S>(setup: () => S, defaultId: (s: S) => string = () => 'no-id'): ValidRequest<GeneratedRoute<S>> {
  return {
    id: (route) => route.id?.(setup()) ?? defaultId(setup()),
    query: (route) => {
      const valid = route.query?.valid(setup());
      return valid ? enc(Object.entries(valid)) : undefined;
    },
    body: (route) => route.body?.valid(setup()),
  };
}

export interface RouteHarness<S, R extends RouteRow<S>> {
  http: () => Client;
  setup: () => S;
  valid: ValidRequest<R>;
  /** The token a route's valid request is sent with. */
  tokenFor: (route: R) => string | undefined;
  /**
   * The request a case describes, with the route's valid parts filled in, sent with
   * `token` (`undefined`: none) unless the case names its own (`null`: none).
   */
  send(route: R, c: Partial<Case>, token: string | undefined): Promise<Response>;
  /** Sends every case and lists each answer that is not the expected problem. */
  mismatches(route: R, cases: Case[], token: string | undefined): Promise<string[]>;
  /** Runs the cases and checks that nothing changed (and `afterBatch`). */
  batch(run: () => Promise<void>): Promise<void>;
}

export interface RouteHarnessOptions<S, R extends RouteRow<S>> {
  /** The guarded client (see `guarded`). */
  http: () => Client;
  setup: () => S;
  valid: ValidRequest<R>;
  tokenFor: (route: R) => string | undefined;
  /** What a refused batch must leave as it was (tables, files, profiles, wallets). */
  snapshot: () => Promise<unknown>;
  /** A check that must hold after every batch too (the books balance). */
  afterBatch?: () => Promise<void>;
}

/** The send / mismatches / batch of one route table. */
export function routeHarness<S, R extends RouteRow<S>>(o: RouteHarnessOptions<S, R>): RouteHarness<S, R> {
  const send = (route: R, c: Partial<Case>, token: string | undefined) => {
    let path = `${PREFIX}${route.path.replace('{id}', encodeURIComponent(c.id ?? o.valid.id(route)))}`;
    const query = c.query ?? o.valid.query(route);
    if (query !== undefined) path += `?${query}`;
    const options: RequestOptions = { token: c.token === null ? undefined : (c.token ?? token), headers: { ...c.headers } };
    if (c.raw !== undefined) {
      options.raw = c.raw;
      options.headers!['content-type'] = c.contentType ?? 'application/json';
      return o.http().request(route.method, path, undefined, options);
    }
    const body = 'body' in c ? c.body : o.valid.body(route);
    return o.http().request(route.method, path, body, options);
  };
  return {
    http: o.http,
    setup: o.setup,
    valid: o.valid,
    tokenFor: o.tokenFor,
    send,
    async mismatches(route, cases, token) {
      const out: string[] = [];
      for (const c of cases) {
        const res = await send(route, c, token);
        try {
          expectProblem(res, c);
        } catch {
          out.push(`${routeLabel(route)} ${c.label}: expected ${c.status} ${c.code}, got ${res.status} ${res.body?.code ?? res.text.slice(0, 120)}`);
        }
      }
      return out;
    },
    async batch(run) {
      const before = await o.snapshot();
      await run();
      expect(await o.snapshot()).toEqual(before);
      await o.afterBatch?.();
    },
  };
}

/**
 * Credentials that make a request nobody's, as cases answered 401 UNAUTHENTICATED;
 * `bareToken` is a real session token sent without `Bearer`.
 */
export function badCredentialCases(bareToken: string): Case[] {
  const nobody = (what: string, token: string | null, headers: Record<string, string> = {}): Case => ({ label: `with ${what}`, headers, token, status: 401, code: 'UNAUTHENTICATED' });
  return [
    nobody('no token', null),
    nobody('an unknown token', 'A'.repeat(43)),
    nobody('an SQL token', SQL_OR),
    nobody('a 10,000-character token', LONG),
    nobody('a bare token without Bearer', null, { authorization: bareToken }),
    nobody('an SQL cookie', null, { cookie: `agora_session=${encodeURIComponent(SQL_OR)}` }),
  ];
}

/** The cases sent without a session: API.md, a missing session is 401 whatever else is wrong. */
export const withoutSession = (cases: Case[]): Case[] => cases.map((c) => ({ ...c, label: `no token, ${c.label}`, token: null, status: 401, code: 'UNAUTHENTICATED' }));

/** A hand-made request (multipart, a signed webhook…) and the problem it must get. */
export type RequestCase = [label: string, request: () => Promise<Response>, status: number, code: string];

/** Sends every hand-made request and lists each answer (or thrown 5xx) that is not the expected problem. */
export async function requestMismatches(cases: RequestCase[]): Promise<string[]> {
  const out: string[] = [];
  for (const [label, request, status, code] of cases) {
    let res: Response;
    try {
      res = await request();
    } catch (error) {
      out.push(`${label}: expected ${status} ${code}, got ${(error as Error).message.slice(0, 160)}`);
      continue;
    }
    try {
      expectProblem(res, { label, status, code, raw: '' });
    } catch {
      out.push(`${label}: expected ${status} ${code}, got ${res.status} ${res.body?.code ?? res.text.slice(0, 100)}`);
    }
  }
  return out;
}

/** Registers: the table is exactly `keys` (the list test/bad-input.test.ts counts as covered), and OpenAPI lists each. */
export function itCoversExactly(listName: string, keys: readonly string[], routes: RouteRow[], harness: { http: () => Client }): void {
  it(`this file covers exactly ${listName}, and the OpenAPI document lists every one`, async () => {
    const covered = [...new Set(routes.map(routeKey))].sort();
    expect(covered).toEqual([...keys].sort());
    const documented = documentedRoutes((await harness.http().get('/openapi.json')).body);
    expect(covered.filter((k) => !documented.includes(k))).toEqual([]);
  });
}

/** Registers: OpenAPI marks exactly the rows that need a session (`auth` other than 'none') with `security`. */
export function itMarksExactlyTheSessionRoutes(routes: (RouteRow & { auth: string })[], harness: { http: () => Client }): void {
  it('OpenAPI marks exactly the routes that need a session with `security`', async () => {
    const doc = await harness.http().get('/openapi.json');
    const wrong = routes
      .filter((r) => {
        const secured = doc.body.paths[`${PREFIX}${r.path}`]?.[r.method.toLowerCase()]?.security?.length > 0;
        return secured !== (r.auth !== 'none');
      })
      .map(routeLabel);
    expect(wrong).toEqual([]);
  });
}

/** Registers: every route in `routes` refuses the transportCases, and valid JSON labelled text/plain; nothing changes. */
export function itRefusesMalformedBodies<S, R extends RouteRow<S>>(which: string, routes: R[], harness: RouteHarness<S, R>): void {
  it(`every ${which} refuses malformed, oversized and non-JSON bodies (transport level)`, async () => {
    const problems: string[] = [];
    await harness.batch(async () => {
      for (const route of routes) {
        const token = harness.tokenFor(route);
        problems.push(...(await harness.mismatches(route, transportCases(routeLabel(route)), token)));
        const body = harness.valid.body(route);
        if (body !== undefined) {
          // Even valid JSON is refused when labelled text/plain: the API speaks application/json only.
          const c: Case = { label: 'valid JSON as text/plain', raw: JSON.stringify(body), contentType: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
          problems.push(...(await harness.mismatches(route, [c], token)));
        }
      }
    });
    expect(problems).toEqual([]);
  });
}

/**
 * Registers one test a route: each of its `cases` gets its expected problem and the batch
 * changes nothing; then, where the row has a `validAnswer`, the valid request gets it.
 */
export function itRefusesEachRoutesBadInput<S, R extends RouteRow<S>>(
  harness: RouteHarness<S, R>,
  routes: R[],
  o: { cases: (route: R, s: S) => Case[]; minCases: number },
): void {
  for (const route of routes) {
    it(`${routeLabel(route)}: bad input → 4xx problem+json with a stable code, and nothing changes`, async () => {
      const s = harness.setup();
      const cases = o.cases(route, s);
      expect(cases.length).toBeGreaterThanOrEqual(o.minCases);
      const problems: string[] = [];
      await harness.batch(async () => {
        problems.push(...(await harness.mismatches(route, cases, harness.tokenFor(route))));
      });
      expect(problems).toEqual([]);
      if (route.validAnswer) {
        // The same route with nothing wrong succeeds: each case above had exactly one fault.
        const res = await harness.send(route, {}, harness.tokenFor(route));
        expect([res.status, res.body?.code], res.text.slice(0, 300)).toEqual([route.validAnswer.status, route.validAnswer.code ?? res.body?.code]);
        route.validAnswer.check?.(res, s);
      }
    });
  }
}

/**
 * Registers: routes without a body refuse any body (and, without a query schema, any query
 * parameter), changing nothing; and each route that takes no input at all answers its valid request.
 */
export function itRefusesInputWhereNoneIsTaken<S, R extends GeneratedRoute<S>>(routes: R[], harness: RouteHarness<S, R>): void {
  it('routes that take no body refuse query parameters and bodies, and change nothing', async () => {
    const problems: string[] = [];
    await harness.batch(async () => {
      for (const route of routes) {
        const cases: Case[] = [];
        if (!route.query) {
          cases.push(
            vf('an unknown query parameter', { query: 'foo=1' }),
            vf('a paging parameter', { query: 'limit=5' }),
            vf('an SQL query parameter', { query: enc([[SQL_OR, SQL_DROP]]) }),
          );
        }
        if (route.method !== 'GET') {
          cases.push(
            vf('an unknown field', { body: { x: 1 } }),
            vf('an array', { body: [] }),
            vf('a JSON string', { body: 'text' }),
            vf('a number', { body: 42 }),
            vf('false', { body: false }),
            vf('a 10,000-character field', { body: { note: LONG } }),
          );
        }
        problems.push(...(await harness.mismatches(route, cases, harness.tokenFor(route))));
      }
    });
    expect(problems).toEqual([]);
    // And each of them works when asked properly.
    for (const route of routes.filter((r) => !takesInput(r))) {
      const res = await harness.send(route, {}, harness.tokenFor(route));
      expect([routeKey(route), res.status], res.text.slice(0, 200)).toEqual([routeKey(route), route.validAnswer?.status ?? 200]);
      expect(res.headers.get('content-type'), routeKey(route)).toMatch(route.path.endsWith('.csv') ? /^text\/csv/ : /^application\/json/);
      route.validAnswer?.check?.(res, harness.setup());
    }
  });
}

/* ------------------------------------------------------------- uploads */

/** A small real image in the given format (a different colour per `seed`). */
export async function testImage(format: 'png' | 'jpeg' | 'webp' = 'png', seed = 0, size = 32): Promise<Buffer> {
  const background = { r: (seed * 53) % 256, g: (seed * 97 + 80) % 256, b: (seed * 31 + 160) % 256 };
  const image = sharp({ create: { width: size, height: size, channels: 3, background } });
  return format === 'png' ? image.png().toBuffer() : format === 'jpeg' ? image.jpeg().toBuffer() : image.webp().toBuffer();
}

export interface MultipartPart {
  field: string;
  /** A file part when `filename` is set, else a text field. */
  value: Buffer | string;
  filename?: string;
  type?: string;
}

/** POST /api/v1/uploads as multipart/form-data, straight through fetch. */
export async function postMultipart(t: TestApp, token: string | undefined, parts: MultipartPart[]): Promise<Response> {
  const form = new FormData();
  for (const part of parts) {
    if (part.filename !== undefined) {
      const bytes = typeof part.value === 'string' ? Buffer.from(part.value) : part.value;
      form.append(part.field, new Blob([new Uint8Array(bytes)], { type: part.type ?? 'application/octet-stream' }), part.filename);
    } else {
      form.append(part.field, String(part.value));
    }
  }
  return sendUpload(t, token, form);
}

/** POST /api/v1/uploads with any body (FormData, raw bytes with a content type). */
export async function sendUpload(t: TestApp, token: string | undefined, body: FormData | Buffer | string, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (contentType) headers['content-type'] = contentType;
  const payload = body instanceof FormData || typeof body === 'string' ? body : new Uint8Array(body);
  const response = await fetch(`${t.url}${PREFIX}/uploads`, { method: 'POST', headers, body: payload });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (response.status >= 500) throw new Error(`POST /uploads answered ${response.status} (no 5xx allowed): ${text.slice(0, 300)}`);
  return { status: response.status, body: parsed, headers: response.headers, text };
}

/** Uploads one image for `token` and returns its URL. */
export async function uploadImage(t: TestApp, token: string, seed = 0, format: 'png' | 'jpeg' | 'webp' = 'png'): Promise<string> {
  const res = await postMultipart(t, token, [{ field: 'file', value: await testImage(format, seed), filename: `photo.${format}`, type: `image/${format}` }]);
  expect(res.status, res.text.slice(0, 300)).toBe(201);
  return res.body.url as string;
}

/* ------------------------------------------ hand-written route tables */

/** A case of a hand-written route table: it may fill in any named path parameter. */
export type ParamCase = Case & { params?: Record<string, string> };

/** A row of a hand-written route table whose paths name their parameters (`{id}`, `{tagId}`, `{skuId}`). */
export interface ParamRoute<S> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  params?: (s: S) => Record<string, string>;
  body?: (s: S) => unknown;
  query?: string;
  /** The valid request's status (default 200), and params it uses instead of `params` (default: none). */
  okStatus?: number;
  okParams?: (s: S) => Record<string, string>;
  cases: (s: S) => ParamCase[];
}

/** The status must be this one (default 200); the body is returned. */
export async function okBody(res: Response | Promise<Response>, status = 200): Promise<any> {
  const r = await res;
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  return r.body;
}

/**
 * Registers the tests a hand-written route table shares: the table is exactly `keys` (and
 * OpenAPI lists each); every route with a body refuses malformed and non-JSON bodies; each
 * route's cases get their problems, and a refused batch changes no table. Returns `send`
 * (a case, or `{}` for the valid request) for the file's own tests.
 */
export function itRefusesParamRoutes<S, R extends ParamRoute<S>>(o: {
  listName: string;
  keys: readonly string[];
  routes: R[];
  app: () => TestApp;
  setup: () => S;
  tokenOf: (route: R) => string | undefined;
}): { send: (route: R, c: Partial<ParamCase>) => Promise<Response> } {
  const pathOf = (route: R, c: Partial<ParamCase> = {}): string => {
    const params: Record<string, string> = { ...route.params?.(o.setup()), ...c.params, ...(c.id !== undefined ? { id: c.id } : {}) };
    return `${PREFIX}${route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'no-id'))}`;
  };
  const send = (route: R, c: Partial<ParamCase>): Promise<Response> =>
    sendCase(o.app().http, route.method, pathOf(route, c), c, { query: route.query, token: o.tokenOf(route), body: route.body?.(o.setup()) });
  const batch = async (run: () => Promise<void>) => {
    const before = await tableFingerprints(o.app());
    await run();
    expect(await tableFingerprints(o.app())).toEqual(before);
  };

  it(`this file covers exactly ${o.listName}, and the OpenAPI document lists every one`, async () => {
    await expectRoutesCovered(o.app().http, o.routes, o.keys);
  });

  it('every route with a body refuses malformed, oversized and non-JSON bodies (transport level)', async () => {
    const unmet: string[] = [];
    await batch(async () => {
      for (const route of o.routes.filter((r) => r.method !== 'GET' && r.method !== 'DELETE')) {
        const cases: Case[] = transportCases(routeKey(route));
        if (route.body) cases.push({ label: `${routeKey(route)}: valid JSON as text/plain`, raw: JSON.stringify(route.body(o.setup())), contentType: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
        const sendRaw = (c: Case) => o.app().http.request(route.method, pathOf(route), undefined, { token: o.tokenOf(route), raw: c.raw!, headers: { 'content-type': c.contentType ?? 'application/json' } });
        unmet.push(...(await unmetCases(cases, sendRaw)));
      }
    });
    expect(unmet).toEqual([]);
  });

  for (const route of o.routes) {
    it(`${routeKey(route)}: bad input → 4xx problem+json with a stable code, and nothing changes`, async () => {
      const cases = route.cases(o.setup());
      expect(cases.length).toBeGreaterThanOrEqual(7);
      let unmet: string[] = [];
      await batch(async () => {
        unmet = await unmetCases(cases, (c) => send(route, c));
      });
      expect(unmet).toEqual([]);
    });
  }
  return { send };
}

/**
 * Case builders the hand-written route tables share (after-sales uses them; the dispute and
 * bargain tables keep their own copies for now): a 400/404/other coded case, the bad ids of a
 * path parameter, bad Idempotency-Keys, bad paging, and a body or query where none is taken.
 */
export const paramCases = {
  vf: (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 400, code: VF }),
  notFound: (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' }),
  coded: (label: string, status: number, code: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status, code }),
  noSession: (): ParamCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' }),
  ids: (name = 'id'): ParamCase[] => [
    paramCases.vf(`${name} of 65 characters`, { params: { [name]: 'i'.repeat(65) } }),
    ...(
      [
        ['unknown', 'no-such-thing'],
        ['as SQL', SQL_OR],
        ['as HTML', HTML],
        ['in Chinese', '售后'],
      ] as const
    ).map(([label, value]) => paramCases.notFound(`${name} ${label}`, { params: { [name]: value } })),
  ],
  noBody: (): ParamCase[] => [paramCases.vf('a body', { body: { status: 'done' } }), paramCases.vf('a query parameter', { query: 'foo=1' })],
  badKeys: (): ParamCase[] =>
    [
      ['empty', ''],
      ['of 7 characters', 'abcdefg'],
      ['of 65 characters', 'k'.repeat(65)],
      ['as SQL', SQL_OR],
    ].map(([l, key]) => paramCases.vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': key! } })),
  page: (): ParamCase[] => [
    paramCases.vf('limit 0', { query: 'limit=0' }),
    paramCases.vf('limit 101', { query: 'limit=101' }),
    paramCases.vf('limit in letters', { query: 'limit=abc' }),
    paramCases.vf('a cursor of 101 characters', { query: `cursor=${'c'.repeat(101)}` }),
  ],
};
