/**
 * Bad input for orders (API.md "Orders, payment, escrow") and the deposit refund
 * (`POST /operators/:id/deposit/refund`): each route answers its valid request, then
 * refuses wrong types, missing and unknown fields (at every level: `items[0].extra`),
 * empty or oversized carts, bad quantities, unknown, archived or repeated SKUs, add-ons
 * of another product, another user's address, bad tracking numbers, PINs and TOTP codes
 * that are not six digits, malformed Idempotency-Keys and a key reused with another
 * body, callers without a session, orders of someone else and orders in the wrong
 * state — each with a 4xx problem+json and a stable `code`. A refused batch changes no
 * table, and the books balance after it (ledger:check). No response may be 5xx.
 *
 * The route table below must equal ORDER_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import {
  ASSERTION,
  HTML,
  LONG,
  ORDER_ROUTE_KEYS,
  PREFIX,
  SQL_DROP,
  SQL_OR,
  expectProblem,
  guarded,
  itCoversExactly,
  itRefusesEachRoutesBadInput,
  itRefusesMalformedBodies,
  passkeyEnvelopeCases,
  routeHarness,
  tableFingerprints,
  vf,
  type Case,
} from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';
import type { Client } from './support/http.js';

const PIN = '258036';
const REUSED = 'IDEMPOTENCY_KEY_REUSED';
const NF = (label: string, fields: Omit<Case, 'label' | 'status' | 'code'>): Case => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const CONFLICT = (label: string, id: string): Case => ({ label, id, status: 409, code: 'ORDER_STATE_CONFLICT' });

interface Setup {
  shop: GivenOperator;
  /** A second shop with no orders and ¥100 paid toward its deposit (for the refund's valid request). */
  quiet: GivenOperator;
  owner: GivenUser;
  buyer: GivenUser & { addressId: string };
  other: GivenUser & { addressId: string };
  sku: string;
  sku2: string;
  archivedSku: string;
  addOn: string;
  foreignAddOn: string;
  /** The buyer's orders, one in each state; `otherOrder` is the other buyer's (pending). */
  pending: string;
  paid: string;
  shipped: string;
  received: string;
  otherOrder: string;
  keys: { checkout: string; pay: string };
}

type Who = 'buyer' | 'owner';

interface RouteSpec {
  method: 'GET' | 'POST';
  path: string;
  who: Who;
  id?: (s: Setup) => string;
  body?: (s: Setup) => Record<string, unknown>;
  query?: string;
  cases: (s: Setup) => Case[];
}

const BAD_KEYS: [string, string][] = [
  ['empty', ''],
  ['of 7 characters', 'abcdefg'],
  ['of 65 characters', 'k'.repeat(65)],
  ['with a space', 'abc defgh'],
  ['as SQL', SQL_OR],
  ['as HTML', HTML],
];
const badKeys = (): Case[] => BAD_KEYS.map(([l, key]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': key } }));

/** Cases every `{id}` route shares. */
const idCases = (): Case[] => [vf('id of 65 characters', { id: 'i'.repeat(65) }), NF('an unknown id', { id: 'no-such-order' }), NF('id as SQL', { id: SQL_OR }), vf('id with a NUL', { id: 'a\u0000b' })];
const noBody = (): Case[] => [vf('a body', { body: { status: 'completed' } }), vf('a query parameter', { query: 'foo=1' })];
const noSession = (): Case => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });

const TRACKING: [string, unknown][] = [
  ['of 5 characters', 'SF123'],
  ['of 41 characters', 'S'.repeat(41)],
  ['with a blank', 'SF 1234567'],
  ['with a dot', 'SF.1234567'],
  ['in Chinese', '顺丰快递单号码'],
  ['with a newline', 'SF1234567\n'],
  ['as SQL', SQL_OR],
  ['as HTML', HTML],
  ['as a number', 1234567890],
  ['null', null],
  ['of 10,000 characters', LONG],
];
const SHIP = { carrier: '顺丰速运', trackingNumber: 'SF1234567890' };
function shipCases(): Case[] {
  return [
    ...TRACKING.map(([l, v]) => vf(`trackingNumber ${l}`, { body: { ...SHIP, trackingNumber: v } })),
    vf('no trackingNumber', { body: { carrier: SHIP.carrier } }),
    vf('no carrier', { body: { trackingNumber: SHIP.trackingNumber } }),
    vf('carrier of one character', { body: { ...SHIP, carrier: '顺' } }),
    vf('carrier of 41 characters', { body: { ...SHIP, carrier: '顺'.repeat(41) } }),
    vf('carrier with a leading blank', { body: { ...SHIP, carrier: ' 顺丰' } }),
    vf('carrier as a number', { body: { ...SHIP, carrier: 42 } }),
    vf('an extra field', { body: { ...SHIP, status: 'shipped' } }),
    vf('body null', { body: null }),
    vf('body an array', { body: [SHIP] }),
    vf('no body', { body: undefined }),
  ];
}

/** The ship body's carrier picked from GET /logistics/carriers (a return takes a typed carrier only). */
function providerCases(): Case[] {
  return [
    vf('logisticsProviderId empty', { body: { ...SHIP, logisticsProviderId: '' } }),
    vf('logisticsProviderId of 65 characters', { body: { ...SHIP, logisticsProviderId: 'p'.repeat(65) } }),
    vf('logisticsProviderId as a number', { body: { ...SHIP, logisticsProviderId: 42 } }),
    { label: 'an unknown logisticsProviderId', body: { trackingNumber: SHIP.trackingNumber, logisticsProviderId: 'no-such-provider' }, status: 422, code: 'UNKNOWN_CARRIER' },
    { label: 'logisticsProviderId as SQL', body: { ...SHIP, logisticsProviderId: SQL_OR }, status: 422, code: 'UNKNOWN_CARRIER' },
  ];
}

const PIN_BAD: [string, unknown][] = [
  ['5 digits', '25803'],
  ['7 digits', '2580361'],
  ['letters', 'abcdef'],
  ['full-width digits', '２５８０３６'],
  ['a trailing newline', `${PIN}\n`],
  ['a number', 258036],
  ['null', null],
  ['as SQL', SQL_OR],
];

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/orders',
    who: 'buyer',
    query: 'limit=2',
    cases: () => [
      vf('limit 0', { query: 'limit=0' }),
      vf('limit 101', { query: 'limit=101' }),
      vf('limit a word', { query: 'limit=ten' }),
      vf('limit 1.5', { query: 'limit=1.5' }),
      vf('an unknown query parameter', { query: 'limit=2&status=paid' }),
      vf('a buyerId parameter', { query: 'buyerId=x' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/orders/{id}',
    who: 'buyer',
    id: (s) => s.pending,
    cases: (s) => [
      ...idCases(),
      vf('a query parameter', { query: 'foo=1' }),
      NF("another buyer's order", { id: s.otherOrder }),
      NF('as another buyer', { token: s.other.token }),
      NF('the id in upper case', { id: s.pending.toUpperCase() }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/orders/{id}/shipping-address',
    who: 'owner',
    id: (s) => s.paid,
    cases: (s) => [...idCases(), vf('a query parameter', { query: 'foo=1' }), NF('as the buyer', { token: s.buyer.token }), NF('as another user', { token: s.other.token }), noSession()],
  },
  {
    method: 'GET',
    path: '/operators/{id}/orders',
    who: 'owner',
    id: (s) => s.shop.id,
    query: 'limit=2',
    cases: (s) => [
      vf('id of 65 characters', { id: 'i'.repeat(65) }),
      { label: 'an unknown operator', id: 'no-such-op', status: 404, code: 'NOT_FOUND' },
      vf('limit 0', { query: 'limit=0' }),
      vf('limit 101', { query: 'limit=101' }),
      vf('an unknown query parameter', { query: 'status=paid' }),
      { label: 'as a buyer', token: s.buyer.token, status: 404, code: 'NOT_FOUND' },
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/orders',
    who: 'buyer',
    body: (s) => ({ items: [{ skuId: s.sku, quantity: 1 }], addressId: s.buyer.addressId }),
    cases: (s) => {
      const item = { skuId: s.sku, quantity: 1 };
      const cart = (fields: Record<string, unknown>) => ({ items: [item], addressId: s.buyer.addressId, ...fields });
      const q = (quantity: unknown) => cart({ items: [{ skuId: s.sku, quantity }] });
      return [
        vf('body null', { body: null }),
        vf('body an array', { body: [item] }),
        vf('body a string', { body: 'items' }),
        vf('no body', { body: undefined }),
        vf('no items', { body: { addressId: s.buyer.addressId } }),
        vf('no addressId', { body: { items: [item] } }),
        vf('an extra field', { body: cart({ total: 1 }) }),
        vf('a buyerId field', { body: cart({ buyerId: s.other.id }) }),
        vf('items[0].extra', { body: cart({ items: [{ ...item, extra: 1 }] }) }),
        vf('items[0].unitPrice', { body: cart({ items: [{ ...item, unitPrice: 1 }] }) }),
        vf('items empty', { body: cart({ items: [] }) }),
        vf('51 items', { body: cart({ items: Array.from({ length: 51 }, (_, i) => ({ skuId: `sku-${i}`, quantity: 1 })) }) }),
        vf('items an object', { body: cart({ items: item }) }),
        vf('items[0] null', { body: cart({ items: [null] }) }),
        vf('items[0] a string', { body: cart({ items: [s.sku] }) }),
        vf('quantity 0', { body: q(0) }),
        vf('quantity 100', { body: q(100) }),
        vf('quantity 1.5', { body: q(1.5) }),
        vf('quantity "1"', { body: q('1') }),
        vf('quantity -1', { body: q(-1) }),
        vf('quantity null', { body: q(null) }),
        vf('no quantity', { body: cart({ items: [{ skuId: s.sku }] }) }),
        vf('no skuId', { body: cart({ items: [{ quantity: 1 }] }) }),
        vf('skuId a number', { body: cart({ items: [{ skuId: 1, quantity: 1 }] }) }),
        vf('skuId empty', { body: cart({ items: [{ skuId: '', quantity: 1 }] }) }),
        vf('skuId of 65 characters', { body: cart({ items: [{ skuId: 's'.repeat(65), quantity: 1 }] }) }),
        vf('an unknown skuId', { body: cart({ items: [{ skuId: 'no-such-sku', quantity: 1 }] }) }),
        vf('skuId as SQL', { body: cart({ items: [{ skuId: SQL_DROP, quantity: 1 }] }) }),
        vf('an archived skuId', { body: cart({ items: [{ skuId: s.archivedSku, quantity: 1 }] }) }),
        vf('an archived skuId after a good one', { body: cart({ items: [item, { skuId: s.archivedSku, quantity: 1 }] }) }),
        vf('a repeated skuId', { body: cart({ items: [item, { skuId: s.sku, quantity: 2 }] }) }),
        vf('an add-on of another product', { body: cart({ addOnIds: [s.foreignAddOn] }) }),
        vf('a repeated add-on', { body: cart({ addOnIds: [s.addOn, s.addOn] }) }),
        vf('an unknown add-on', { body: cart({ addOnIds: ['no-such-add-on'] }) }),
        vf('addOnIds a string', { body: cart({ addOnIds: s.addOn }) }),
        vf('addOnIds of 51', { body: cart({ addOnIds: Array.from({ length: 51 }, () => s.addOn) }) }),
        vf("another user's addressId", { body: cart({ addressId: s.other.addressId }) }),
        vf('an unknown addressId', { body: cart({ addressId: 'no-such-address' }) }),
        vf('addressId a number', { body: cart({ addressId: 1 }) }),
        vf('addressId an object', { body: cart({ addressId: { id: s.buyer.addressId } }) }),
        vf('attribution empty', { body: cart({ attribution: '' }) }),
        vf('attribution of 101 characters', { body: cart({ attribution: 'a'.repeat(101) }) }),
        vf('confirmReturnExclusion a string', { body: cart({ confirmReturnExclusion: 'yes' }) }),
        vf('a query parameter', { query: 'addressId=x' }),
        { label: 'more than the stock', body: cart({ items: [{ skuId: s.sku2, quantity: 99 }] }), status: 409, code: 'OUT_OF_STOCK' },
        ...badKeys(),
        { label: 'a used Idempotency-Key with another body', body: cart({ items: [{ skuId: s.sku, quantity: 2 }] }), headers: { 'idempotency-key': s.keys.checkout }, status: 422, code: REUSED },
        noSession(),
      ];
    },
  },
  {
    method: 'POST',
    path: '/orders/{id}/pay',
    who: 'buyer',
    id: (s) => s.pending,
    body: () => ({ pin: PIN }),
    cases: (s) => [
      ...idCases(),
      ...PIN_BAD.map(([l, v]) => vf(`pin ${l}`, { body: { pin: v } })),
      ...PIN_BAD.map(([l, v]) => vf(`totp ${l}`, { body: { pin: PIN, totp: v } })),
      vf('no pin', { body: {} }),
      vf('no body', { body: undefined }),
      vf('an extra field', { body: { pin: PIN, amount: 1 } }),
      vf('an unknown method', { body: { pin: PIN, method: 'cash' } }),
      vf('the method in upper case', { body: { pin: PIN, method: 'PROVIDER' } }),
      vf('an unknown channel', { body: { pin: PIN, method: 'provider', channel: 'paypal' } }),
      vf('a channel that is a list', { body: { pin: PIN, method: 'provider', channel: ['alipay'] } }),
      vf('a query parameter', { query: `pin=${PIN}` }),
      ...passkeyEnvelopeCases((passkey) => ({ pin: PIN, passkey }), ASSERTION),
      vf('passkey without a signature', { body: { pin: PIN, passkey: { ...ASSERTION, response: { ...ASSERTION.response, signature: undefined } } } }),
      NF("another buyer's order", { id: s.otherOrder }),
      NF('as another buyer', { token: s.other.token }),
      NF('as the shop owner', { token: s.owner.token }),
      { label: 'a paid order', id: s.paid, status: 409, code: 'ORDER_NOT_PAYABLE' },
      { label: 'a shipped order', id: s.shipped, status: 409, code: 'ORDER_NOT_PAYABLE' },
      ...badKeys(),
      { label: 'a used Idempotency-Key with another body', id: s.paid, body: { pin: PIN, totp: '123456' }, headers: { 'idempotency-key': s.keys.pay }, status: 422, code: REUSED },
      { label: 'a used Idempotency-Key for another order', body: { pin: PIN }, headers: { 'idempotency-key': s.keys.pay }, status: 422, code: REUSED },
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/orders/{id}/pay/passkey-options',
    who: 'buyer',
    id: (s) => s.pending,
    cases: (s) => [
      ...idCases(),
      ...noBody(),
      { label: 'a paid order', id: s.paid, status: 409, code: 'ORDER_NOT_PAYABLE' },
      NF("another buyer's order", { id: s.otherOrder }),
      NF('as the shop owner', { token: s.owner.token }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/orders/{id}/cancel',
    who: 'buyer',
    id: (s) => s.pending,
    cases: (s) => [
      ...idCases(),
      ...noBody(),
      vf('an unknown refundTo', { body: { refundTo: 'bank' } }),
      vf('refundTo null', { body: { refundTo: null } }),
      vf('refundTo with an extra field', { body: { refundTo: 'wallet', amount: 1 } }),
      CONFLICT('a shipped order', s.shipped),
      CONFLICT('a received order', s.received),
      NF("another buyer's order", { id: s.otherOrder }),
      NF('as the shop owner', { token: s.owner.token }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/orders/{id}/ship',
    who: 'owner',
    id: (s) => s.paid,
    body: () => SHIP,
    cases: (s) => [
      ...idCases(),
      ...shipCases(),
      ...providerCases(),
      CONFLICT('an unpaid order', s.pending),
      CONFLICT('a shipped order', s.shipped),
      NF('as the buyer', { token: s.buyer.token }),
      NF('as a stranger', { token: s.other.token }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/orders/{id}/confirm-receipt',
    who: 'buyer',
    id: (s) => s.shipped,
    cases: (s) => [...idCases(), ...noBody(), CONFLICT('a paid order', s.paid), CONFLICT('a received order', s.received), NF('as another buyer', { token: s.other.token }), NF('as the shop owner', { token: s.owner.token }), ...badKeys(), noSession()],
  },
  {
    method: 'POST',
    path: '/orders/{id}/return',
    who: 'buyer',
    id: (s) => s.received,
    body: () => SHIP,
    cases: (s) => [...idCases(), ...shipCases(), vf('a logisticsProviderId', { body: { ...SHIP, logisticsProviderId: 'no-such-provider' } }), CONFLICT('a shipped order', s.shipped), CONFLICT('a paid order', s.paid), NF('as another buyer', { token: s.other.token }), NF('as the shop owner', { token: s.owner.token }), ...badKeys(), noSession()],
  },
  {
    method: 'POST',
    path: '/orders/{id}/return/received',
    who: 'owner',
    id: (s) => s.received,
    cases: (s) => [
      ...idCases(),
      ...noBody(),
      CONFLICT('a received order (no return asked)', s.received),
      CONFLICT('a shipped order', s.shipped),
      NF('as the buyer', { token: s.buyer.token }),
      NF('as a stranger', { token: s.other.token }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/operators/{id}/deposit/refund',
    who: 'owner',
    id: (s) => s.shop.id,
    cases: (s) => [
      vf('id of 65 characters', { id: 'i'.repeat(65) }),
      { label: 'an unknown operator', id: 'no-such-op', status: 404, code: 'NOT_FOUND' },
      { label: 'an order id', id: s.pending, status: 404, code: 'NOT_FOUND' },
      ...noBody(),
      vf('an amount', { body: { amount: 1 } }),
      { label: 'an open shop', status: 409, code: 'DEPOSIT_LOCKED' },
      { label: 'an open shop with nothing open', id: s.quiet.id, token: s.quiet.owner.token, status: 409, code: 'DEPOSIT_LOCKED' },
      { label: 'as a buyer', token: s.buyer.token, status: 404, code: 'NOT_FOUND' },
      { label: 'as the owner of another shop', token: s.quiet.owner.token, status: 404, code: 'NOT_FOUND' },
      { label: "another owner's shop", id: s.quiet.id, status: 404, code: 'NOT_FOUND' },
      ...badKeys(),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to orders on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let s: Setup;

    const tokenOf = (route: RouteSpec) => (route.who === 'owner' ? s.owner.token : s.buyer.token);

    // A refused batch changes no table, and the books balance after it.
    const harness = routeHarness({
      http: () => http,
      setup: () => s,
      valid: { id: (route: RouteSpec) => route.id?.(s) ?? 'no-id', query: (route) => route.query, body: (route) => route.body?.(s) },
      tokenFor: tokenOf,
      snapshot: () => tableFingerprints(t),
      afterBatch: async () => expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]),
    });
    const { batch } = harness;

    const post = async (p: string, token: string, body?: unknown, key: string = randomUUID()) => {
      const res = await http.post(p, body, { token, headers: { 'idempotency-key': key } });
      expect(res.status, `${p} ${res.text.slice(0, 300)}`).toBeLessThan(300);
      return res;
    };
    const checkout = async (b: GivenUser & { addressId: string }, skuId: string, key?: string) =>
      (await post('/orders', b.token, { items: [{ skuId, quantity: 1 }], addressId: b.addressId }, key)).body.order.id as string;

    async function buyer(): Promise<GivenUser & { addressId: string }> {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, user, 200_000);
      return { ...user, addressId: await given.address(t, user) };
    }

    beforeAll(async () => {
      t = await startTestApp(kind);
      http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const [shop, quiet, b, o] = await Promise.all([given.operator(t, admin), given.operator(t, admin), buyer(), buyer()]);
      await given.funds(t, quiet!.owner, 10_000);
      await post(`/operators/${quiet!.id}/deposit`, quiet!.owner.token, { amount: 10_000 });
      const product = await given.product(t, shop!, {
        skus: [
          { name: '小号', price: 3_900, stock: 40 },
          { name: '大号', price: 12_900, stock: 3 },
        ],
        addOns: [{ title: '礼盒', price: 500 }],
      });
      const foreign = await given.product(t, shop!, { addOns: [{ title: '别的', price: 100 }] });
      // A product whose first SKU is replaced: the old SKU is archived.
      const old = await given.product(t, shop!, { skus: [{ name: '旧款', price: 1_000, stock: 5 }] });
      const patched = await http.request('PATCH', `${PREFIX}/products/${old.id}`, { skus: [{ name: '新款', price: 1_100, stock: 5 }] }, { token: shop!.owner.token });
      expect(patched.status, patched.text.slice(0, 300)).toBe(200);
      s = {
        shop: shop!,
        quiet: quiet!,
        owner: shop!.owner,
        buyer: b!,
        other: o!,
        sku: product.skus[0].id,
        sku2: product.skus[1].id,
        archivedSku: old.skus[0].id,
        addOn: product.addOns[0].id,
        foreignAddOn: foreign.addOns[0].id,
        keys: { checkout: randomUUID(), pay: randomUUID() },
      } as Setup;
      s.pending = await checkout(s.buyer, s.sku, s.keys.checkout);
      s.paid = await checkout(s.buyer, s.sku);
      await post(`/orders/${s.paid}/pay`, s.buyer.token, { pin: PIN }, s.keys.pay);
      s.shipped = await checkout(s.buyer, s.sku);
      await post(`/orders/${s.shipped}/pay`, s.buyer.token, { pin: PIN });
      await post(`/orders/${s.shipped}/ship`, s.owner.token, SHIP);
      s.received = await checkout(s.buyer, s.sku);
      await post(`/orders/${s.received}/pay`, s.buyer.token, { pin: PIN });
      await post(`/orders/${s.received}/ship`, s.owner.token, SHIP);
      await post(`/orders/${s.received}/confirm-receipt`, s.buyer.token);
      s.otherOrder = await checkout(s.other, s.sku);
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    itCoversExactly('ORDER_ROUTE_KEYS', ORDER_ROUTE_KEYS, ROUTES, harness);
    itRefusesMalformedBodies('POST route', ROUTES.filter((r) => r.method === 'POST'), harness);
    itRefusesEachRoutesBadInput(harness, ROUTES, { cases: (route, setup) => route.cases(setup), minCases: 7 });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      const ok = async (route: string, p: string, token: string, body?: unknown, status = 200, method: 'GET' | 'POST' = 'POST') => {
        const res = method === 'GET' ? await http.get(p, { token }) : await http.post(p, body, { token, headers: { 'idempotency-key': randomUUID() } });
        expect([route, res.status], res.text.slice(0, 300)).toEqual([route, status]);
        return res.body;
      };
      expect((await ok('GET /orders', '/orders?limit=2', s.buyer.token, undefined, 200, 'GET')).items).toHaveLength(2);
      expect((await ok('GET /orders/{id}', `/orders/${s.pending}`, s.buyer.token, undefined, 200, 'GET')).status).toBe('pending_payment');
      expect((await ok('GET /orders/{id}/shipping-address', `/orders/${s.paid}/shipping-address`, s.owner.token, undefined, 200, 'GET')).address).toMatchObject({ recipient: '王收货' });
      expect((await ok('GET /operators/{id}/orders', `/operators/${s.shop.id}/orders?limit=2`, s.owner.token, undefined, 200, 'GET')).items).toHaveLength(2);
      const created = await ok('POST /orders', '/orders', s.buyer.token, { items: [{ skuId: s.sku, quantity: 2 }], addressId: s.buyer.addressId, addOnIds: [s.addOn] }, 201);
      expect(created.order).toMatchObject({ status: 'pending_payment', total: 2 * 3_900 + 500 });
      const id = created.order.id as string;
      expect((await ok('POST /orders/{id}/pay', `/orders/${id}/pay`, s.buyer.token, { pin: PIN })).order.status).toBe('paid');
      expect((await ok('POST /orders/{id}/ship', `/orders/${id}/ship`, s.owner.token, SHIP)).order.status).toBe('shipped');
      expect((await ok('POST /orders/{id}/confirm-receipt', `/orders/${id}/confirm-receipt`, s.buyer.token)).order.status).toBe('received');
      expect((await ok('POST /orders/{id}/return', `/orders/${id}/return`, s.buyer.token, SHIP)).order.status).toBe('returning');
      expect((await ok('POST /orders/{id}/return/received', `/orders/${id}/return/received`, s.owner.token)).order.status).toBe('refunded');
      expect((await ok('POST /orders/{id}/cancel', `/orders/${s.pending}/cancel`, s.buyer.token)).order.status).toBe('cancelled');
      // The deposit refund: only after the closure takes effect, and only with nothing open.
      const effectiveAt = new Date(t.clock.now().getTime() + 31 * 86_400_000).toISOString();
      for (const shop of [s.shop, s.quiet]) expect((await http.post(`/operators/${shop.id}/closure`, { effectiveAt }, { token: shop.owner.token })).status).toBeLessThan(300);
      await batch(async () => {
        expectProblem(await http.post(`/operators/${s.quiet.id}/deposit/refund`, undefined, { token: s.quiet.owner.token }), { label: 'closure announced, not yet effective', status: 409, code: 'DEPOSIT_LOCKED' });
      });
      t.clock.advance(32 * 86_400_000);
      // Sessions do not last a month: sign the two owners in again.
      for (const u of [s.owner, s.quiet.owner]) {
        const login = await http.post('/auth/login', { phone: u.phone, password: u.password });
        expect(login.status).toBe(200);
        u.token = login.body.token;
      }
      await batch(async () => {
        expectProblem(await http.post(`/operators/${s.shop.id}/deposit/refund`, undefined, { token: s.owner.token }), { label: 'closed, with open orders', status: 409, code: 'DEPOSIT_LOCKED' });
        expectProblem(await http.post(`/operators/${s.quiet.id}/deposit/refund`, undefined, { token: s.owner.token }), { label: "another owner's closed shop", status: 404, code: 'NOT_FOUND' });
      });
      const before = (await http.get('/wallet', { token: s.quiet.owner.token })).body.balance as number;
      await ok('POST /operators/{id}/deposit/refund', `/operators/${s.quiet.id}/deposit/refund`, s.quiet.owner.token);
      expect((await http.get('/wallet', { token: s.quiet.owner.token })).body.balance).toBe(before + 10_000);
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
  });
}
