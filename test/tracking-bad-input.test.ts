/**
 * Bad input for the parcel-tracking routes (issue 17 items 5, 6, 11): each route
 * refuses wrong ids, bodies, query strings, callers and states with a 4xx
 * problem+json and a stable code; the webhook refuses unsigned, badly signed,
 * stale and malformed events (the signature first), and a refused batch changes no
 * table. No response may be 5xx. The route table must equal TRACKING_ROUTE_KEYS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/lib/webhook-signature.js';
import { LOGISTICS_HEADERS, SANDBOX_CARRIER } from '../src/modules/logistics/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { HTML, LONG, PREFIX, SQL_OR, TRACKING_ROUTE_KEYS, VF, bodyCases, expectRoutesCovered, guarded, routeKey, sendCase, tableFingerprints, unmetCases, type Case } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';
import type { Client, Response } from './support/http.js';
import { carrierWithCredentials, paidOrder, ship, trackingNumber, type Carrier } from './support/tracking.js';

type TrackingCase = Case & { params?: Record<string, string>; sign?: { keyId?: string; secret?: string; timestamp?: string; signature?: string } | null };

interface Setup {
  admin: GivenUser;
  owner: GivenUser;
  buyer: GivenUser;
  stranger: GivenUser;
  carrier: Carrier;
  pendingProvider: string;
  paymentProvider: string;
  paidOrder: string;
  shippedOrder: string;
  shippedNumber: string;
  sandboxNumber: string;
  otherNumber: string;
}

interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  who: 'admin' | 'buyer' | 'none';
  params: (s: Setup) => Record<string, string>;
  body?: (s: Setup) => unknown;
  cases: (s: Setup) => TrackingCase[];
}

const vf = (label: string, fields: Omit<TrackingCase, 'label' | 'status' | 'code'>): TrackingCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<TrackingCase, 'label' | 'status' | 'code'>): TrackingCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const noSession = (): TrackingCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const idCases = (name = 'id'): TrackingCase[] => [
  vf(`${name} of 65 characters`, { params: { [name]: 'i'.repeat(65) } }),
  NF(`an unknown ${name}`, { params: { [name]: 'no-such-thing' } }),
  NF(`${name} as SQL`, { params: { [name]: SQL_OR } }),
  vf(`${name} with a NUL`, { params: { [name]: 'a\u0000b' } }),
];
const queryCases = (): TrackingCase[] => [vf('a query parameter', { query: 'limit=5' }), vf('an SQL parameter name', { query: `${encodeURIComponent(SQL_OR)}=1` })];
const badKeys = (): TrackingCase[] => [['empty', ''], ['of 7 characters', 'abcdefg'], ['as SQL', SQL_OR]].map(([l, k]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': k! } }));
const numberCases = (): TrackingCase[] =>
  [
    ['of 5 characters', 'AB123'],
    ['of 41 characters', 'A'.repeat(41)],
    ['with a blank', 'SF 12345678'],
    ['in Chinese', '顺丰一二三四五六'],
    ['as SQL', SQL_OR],
    ['with a NUL', 'SF123\u0000456'],
  ].map(([l, v]) => vf(`trackingNumber ${l}`, { params: { trackingNumber: v! } }));

const EVENT_FIELDS = {
  eventId: { kind: 'text' as const, max: 100 },
  trackingNumber: { kind: 'text' as const, max: 40 },
  kind: { kind: 'enum' as const, values: ['picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] },
  at: { kind: 'dateTime' as const },
  place: { kind: 'line' as const, max: 100, optional: true },
  note: { kind: 'line' as const, max: 200, optional: true },
};
const validEvent = (s: Setup) => ({ eventId: 'evt-bad-input-valid', trackingNumber: s.shippedNumber, kind: 'in_transit', at: new Date().toISOString(), place: '武汉市', note: '运输中' });
const unauthorized = (label: string, sign: TrackingCase['sign'], code = 'BAD_SIGNATURE'): TrackingCase => ({ label, sign, status: 401, code });

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/admin/service-providers/{id}/credentials',
    who: 'admin',
    params: (s) => ({ id: s.pendingProvider }),
    cases: (s) => [
      ...idCases(),
      { label: 'a provider not approved', status: 409, code: 'NOT_A_LOGISTICS_PROVIDER' },
      { label: 'a payment provider', params: { id: s.paymentProvider }, status: 409, code: 'NOT_A_LOGISTICS_PROVIDER' },
      { label: 'as a user', token: s.buyer.token, status: 403, code: 'FORBIDDEN' },
      { label: "as the provider's owner", token: s.carrier.owner.token, params: { id: s.carrier.id }, status: 403, code: 'FORBIDDEN' },
      vf('a body', { body: { secret: 'mine' } }),
      ...queryCases(),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/service-providers/{id}/credentials',
    who: 'admin',
    params: (s) => ({ id: s.carrier.id }),
    cases: (s) => [...idCases(), { label: 'as a user', token: s.buyer.token, status: 403, code: 'FORBIDDEN' }, { label: "as the provider's owner", token: s.carrier.owner.token, status: 403, code: 'FORBIDDEN' }, ...queryCases(), noSession()],
  },
  {
    method: 'GET',
    path: '/logistics/carriers',
    who: 'none',
    params: () => ({}),
    cases: () => [...queryCases(), vf('a cursor', { query: 'cursor=x' }), vf('a NUL parameter', { query: 'x%00=1' }), vf('HTML as a parameter', { query: `q=${encodeURIComponent(HTML)}` }), vf('a long parameter', { query: `q=${LONG}` })],
  },
  {
    method: 'POST',
    path: '/logistics/webhook',
    who: 'none',
    params: () => ({}),
    body: validEvent,
    cases: (s) => [
      // The signature, before anything about the body.
      unauthorized('no signature headers', null),
      unauthorized('a signature by another secret', { secret: 'not-the-secret' }),
      unauthorized('an unknown key id', { keyId: 'lk_0000' }),
      unauthorized('a key id of 10,000 characters', { keyId: LONG }),
      unauthorized('a key id as SQL', { keyId: SQL_OR }),
      unauthorized('a signature in upper case', { signature: 'A'.repeat(64) }),
      unauthorized('a signature of 63 characters', { signature: 'a'.repeat(63) }),
      unauthorized('a timestamp with letters', { timestamp: '17abc' }),
      unauthorized('a timestamp of 13 digits', { timestamp: '1'.repeat(13) }),
      unauthorized('a timestamp 6 minutes old', { timestamp: 'stale' }, 'WEBHOOK_TIMESTAMP_OUT_OF_WINDOW'),
      unauthorized('a signature over other bytes', { signature: 'other-body' }),
      // Signed, but the body is wrong.
      ...bodyCases(validEvent(s), EVENT_FIELDS, new Date()),
      vf('trackingNumber with a blank', { body: { ...validEvent(s), trackingNumber: 'SF 1234567' } }),
      vf('eventId with a slash', { body: { ...validEvent(s), eventId: 'a/b' } }),
      vf('an extra field', { body: { ...validEvent(s), orderId: s.shippedOrder } }),
      vf('body null', { body: null }),
      vf('body an array', { body: [validEvent(s)] }),
      vf('not JSON', { raw: '{"eventId":' }),
      vf('a NUL in a field', { raw: JSON.stringify({ ...validEvent(s), place: 'a' }).replace('"place":"a"', '"place":"a\\u0000b"') }),
      { label: 'an event dated tomorrow', body: { ...validEvent(s), at: new Date(Date.now() + 86_400_000).toISOString() }, status: 422, code: 'EVENT_IN_FUTURE' },
      NF('a tracking number nobody shipped', { body: { ...validEvent(s), trackingNumber: 'NOSUCH123456' } }),
      NF("another carrier's tracking number", { body: { ...validEvent(s), trackingNumber: s.otherNumber } }),
      { label: 'valid JSON as text/plain', raw: JSON.stringify(validEvent(s)), contentType: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { label: 'a body over 64 KB', raw: JSON.stringify({ ...validEvent(s), note: 'x'.repeat(70_000) }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
      vf('a query parameter', { query: 'replay=1' }),
    ],
  },
  ...(['', '/events'] as const).map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `/orders/{id}/tracking${tail}`,
      who: 'buyer',
      params: (s) => ({ id: s.shippedOrder }),
      cases: (s) => [
        ...idCases(),
        NF('as a stranger', { token: s.stranger.token }),
        NF('as an admin (not a party)', { token: s.admin.token }),
        { label: 'an order not shipped', params: { id: s.paidOrder }, status: 409, code: 'NOT_SHIPPED' },
        ...queryCases(),
        noSession(),
      ],
    }),
  ),
  ...(['deliver', 'exception'] as const).map(
    (action): RouteSpec => ({
      method: 'POST',
      path: `/sandbox/parcels/{trackingNumber}/${action}`,
      who: 'none',
      params: (s) => ({ trackingNumber: s.sandboxNumber }),
      cases: (s) => [
        ...numberCases(),
        NF('an unknown tracking number', { params: { trackingNumber: 'NOSUCH123456' } }),
        NF("another carrier's parcel", { params: { trackingNumber: s.shippedNumber } }),
        vf('a body', { body: { kind: 'delivered' } }),
        ...queryCases(),
      ],
    }),
  ),
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to tracking routes on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let s: Setup;

    const tokenOf = (route: RouteSpec) => (route.who === 'none' ? undefined : s[route.who].token);
    const pathOf = (route: RouteSpec, c: Partial<TrackingCase> = {}) => {
      const params: Record<string, string> = { ...route.params(s), ...c.params };
      return `${PREFIX}${route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'no-id'))}`;
    };
    /** The webhook's cases are signed (unless the case is about the signature); the others go as they are. */
    const send = (route: RouteSpec, c: TrackingCase): Promise<Response> => {
      if (route.path !== '/logistics/webhook') return sendCase(http, route.method, pathOf(route, c), c, { token: tokenOf(route), body: route.body?.(s) });
      const raw = c.raw ?? JSON.stringify('body' in c ? c.body : route.body!(s));
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const timestamp = c.sign?.timestamp === 'stale' ? String(now - 360) : (c.sign?.timestamp ?? String(now));
      const signature = c.sign?.signature === 'other-body' ? signWebhook(s.carrier.secret, timestamp, `${raw} `) : (c.sign?.signature ?? signWebhook(c.sign?.secret ?? s.carrier.secret, timestamp, raw));
      const headers: Record<string, string> = { 'content-type': c.contentType ?? 'application/json' };
      if (c.sign !== null) Object.assign(headers, { [LOGISTICS_HEADERS.keyId]: c.sign?.keyId ?? s.carrier.keyId, [LOGISTICS_HEADERS.timestamp]: timestamp, [LOGISTICS_HEADERS.signature]: signature });
      return http.request('POST', `${pathOf(route)}${c.query ? `?${c.query}` : ''}`, undefined, { raw, headers });
    };

    beforeAll(async () => {
      t = await startTestApp(kind);
      http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      const skuId = (await given.product(t, shop, { skus: [{ name: '标准', price: 1_900, stock: 50 }] })).skus[0].id as string;
      const carrier = await carrierWithCredentials(t, admin);
      const rival = await carrierWithCredentials(t, admin);
      const pending = await given.serviceProvider(t, admin, { approve: false });
      const payment = await given.serviceProvider(t, admin, { service: 'payment' });
      const paid = await paidOrder(t, skuId);
      const shipped = await paidOrder(t, skuId);
      const shippedNumber = trackingNumber();
      expect((await ship(t, shop, shipped.orderId, { trackingNumber: shippedNumber, logisticsProviderId: carrier.id })).status).toBe(200);
      const sandbox = await paidOrder(t, skuId);
      const sandboxNumber = trackingNumber('SB');
      expect((await ship(t, shop, sandbox.orderId, { trackingNumber: sandboxNumber, logisticsProviderId: SANDBOX_CARRIER.providerId })).status).toBe(200);
      const other = await paidOrder(t, skuId);
      const otherNumber = trackingNumber('RV');
      expect((await ship(t, shop, other.orderId, { trackingNumber: otherNumber, logisticsProviderId: rival.id })).status).toBe(200);
      // The buyer of the shipped order is the route's caller; a paid order of the same buyer is not shipped.
      const paidOfBuyer = await t.http.post('/orders', { items: [{ skuId, quantity: 1 }], addressId: await given.address(t, shipped.buyer) }, { token: shipped.buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect((await t.http.post(`/orders/${paidOfBuyer.body.order.id}/pay`, { pin: '258036' }, { token: shipped.buyer.token })).status).toBe(200);
      void paid;
      s = {
        admin,
        owner: shop.owner,
        buyer: shipped.buyer,
        stranger: await given.user(t, { viaSms: false }),
        carrier,
        pendingProvider: pending.id,
        paymentProvider: payment.id,
        paidOrder: paidOfBuyer.body.order.id,
        shippedOrder: shipped.orderId,
        shippedNumber,
        sandboxNumber,
        otherNumber,
      };
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('this file covers exactly TRACKING_ROUTE_KEYS, and the OpenAPI document lists every one', async () => {
      await expectRoutesCovered(http, ROUTES, TRACKING_ROUTE_KEYS);
    });

    for (const route of ROUTES) {
      it(`${routeKey(route)}: bad input → 4xx problem+json with a stable code, and nothing changes`, async () => {
        const cases = route.cases(s);
        expect(cases.length).toBeGreaterThanOrEqual(6);
        const before = await tableFingerprints(t);
        const unmet = await unmetCases(cases, (c) => send(route, c));
        expect(unmet).toEqual([]);
        expect(await tableFingerprints(t)).toEqual(before);
      });
    }
  });
}
