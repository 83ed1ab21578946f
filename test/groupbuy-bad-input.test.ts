/**
 * Bad input for the group-buy routes (API.md "Group buys"): each route refuses wrong
 * types, missing and unknown fields, group terms outside the rules, unknown and
 * foreign ids, joins the rules forbid and callers without a session or the right,
 * each with a 4xx problem+json and a stable `code`; a refused batch changes no table.
 * No response may be 5xx. The route table must equal GROUP_BUY_ROUTE_KEYS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { GROUP_BUY_ROUTE_KEYS, PREFIX, SQL_OR, VF, bodyCases, expectRoutesCovered, guarded, routeKey, sendCase, tableFingerprints, transportCases, unmetCases, type Case } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';
import type { Client, Response } from './support/http.js';

type GroupCase = Case & { params?: Record<string, string> };

interface Setup {
  owner: GivenUser;
  buyer: GivenUser & { addressId: string };
  member: GivenUser & { addressId: string };
  other: GivenUser & { addressId: string };
  productId: string;
  skuId: string;
  plainSkuId: string;
  group: string;
  unformed: string;
}

interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  who: 'owner' | 'buyer' | 'none';
  params: (s: Setup) => Record<string, string>;
  body?: (s: Setup) => unknown;
  cases: (s: Setup) => GroupCase[];
}

const vf = (label: string, fields: Omit<GroupCase, 'label' | 'status' | 'code'>): GroupCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<GroupCase, 'label' | 'status' | 'code'>): GroupCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const conflict = (label: string, code: string, fields: Omit<GroupCase, 'label' | 'status' | 'code'> = {}): GroupCase => ({ label, ...fields, status: 409, code });
const noSession = (): GroupCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const idCases = (name = 'id'): GroupCase[] => [
  vf(`${name} of 65 characters`, { params: { [name]: 'i'.repeat(65) } }),
  NF(`an unknown ${name}`, { params: { [name]: 'no-such-thing' } }),
  NF(`${name} as SQL`, { params: { [name]: SQL_OR } }),
  vf(`${name} with a NUL`, { params: { [name]: 'a\u0000b' } }),
];
const badKeys = (): GroupCase[] => [['empty', ''], ['of 7 characters', 'abcdefg'], ['as SQL', SQL_OR]].map(([l, k]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': k! } }));

const OFFER_FIELDS = { groupPrice: { kind: 'fen' as const }, groupSize: { kind: 'groupSize' as const } };

const ROUTES: RouteSpec[] = [
  ...(['PUT', 'DELETE'] as const).map(
    (method): RouteSpec => ({
      method,
      path: '/products/{productId}/skus/{skuId}/group-offer',
      who: 'owner',
      params: (s) => ({ productId: s.productId, skuId: s.plainSkuId }),
      ...(method === 'PUT' ? { body: () => ({ groupPrice: 2_000, groupSize: 2 }) } : {}),
      cases: (s) => [
        ...idCases('productId'),
        ...idCases('skuId'),
        NF('a SKU of another product', { params: { productId: s.productId, skuId: 'sku-elsewhere' } }),
        NF('as a buyer', { token: s.buyer.token }),
        ...(method === 'PUT'
          ? [
              ...bodyCases({ groupPrice: 2_000, groupSize: 2 }, OFFER_FIELDS, new Date()),
              vf('a group price equal to the price', { body: { groupPrice: 3_900, groupSize: 2 } }),
              vf('a group price above the price', { body: { groupPrice: 5_000, groupSize: 2 } }),
            ]
          : [vf('a body', { body: { groupSize: 2 } }), vf('a query parameter', { query: 'force=1' })]),
        noSession(),
      ],
    }),
  ),
  {
    method: 'GET',
    path: '/products/{id}/group-offers',
    who: 'none',
    params: (s) => ({ id: s.productId }),
    cases: (s) => [...idCases(), vf('a query parameter', { query: 'limit=5' }), NF('a SKU id', { params: { id: s.skuId } })],
  },
  {
    method: 'POST',
    path: '/group-buys',
    who: 'buyer',
    params: () => ({}),
    body: (s) => ({ skuId: s.skuId, quantity: 1, addressId: s.buyer.addressId }),
    cases: (s) => [
      ...bodyCases({ skuId: s.skuId, addressId: s.buyer.addressId }, { skuId: { kind: 'text', max: 64 }, addressId: { kind: 'text', max: 64 } }, new Date()),
      vf('quantity 2', { body: { skuId: s.skuId, quantity: 2, addressId: s.buyer.addressId } }),
      vf('quantity as a string', { body: { skuId: s.skuId, quantity: '1', addressId: s.buyer.addressId } }),
      vf('an unknown SKU', { body: { skuId: 'no-such-sku', addressId: s.buyer.addressId } }),
      vf("another user's address", { body: { skuId: s.skuId, addressId: s.other.addressId } }),
      conflict('a SKU without group terms', 'NO_GROUP_OFFER', { body: { skuId: s.plainSkuId, addressId: s.buyer.addressId } }),
      ...badKeys(),
      vf('a query parameter', { query: 'ref=x' }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/group-buys/{id}/join',
    who: 'buyer',
    params: (s) => ({ id: s.group }),
    body: (s) => ({ addressId: s.buyer.addressId }),
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ addressId: s.buyer.addressId }, { addressId: { kind: 'text', max: 64 } }, new Date()),
      vf("another user's address", { body: { addressId: s.other.addressId } }),
      conflict('a group whose initiator has not paid', 'GROUP_NOT_OPEN', { params: { id: s.unformed } }),
      conflict('a member again', 'ALREADY_MEMBER', { token: s.member.token, body: { addressId: s.member.addressId } }),
      ...badKeys(),
      noSession(),
    ],
  },
  ...(['', '/events'] as const).map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `/group-buys/{id}${tail}`,
      who: 'none',
      params: (s) => ({ id: s.group }),
      cases: () => [...idCases(), vf('a query parameter', { query: 'since=0' }), vf('an SQL parameter name', { query: `${encodeURIComponent(SQL_OR)}=1` })],
    }),
  ),
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to group-buy routes on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let s: Setup;

    const tokenOf = (route: RouteSpec) => (route.who === 'none' ? undefined : s[route.who].token);
    const pathOf = (route: RouteSpec, c: Partial<GroupCase> = {}) => {
      const params: Record<string, string> = { ...route.params(s), ...c.params, ...(c.id !== undefined ? { id: c.id } : {}) };
      return `${PREFIX}${route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'no-id'))}`;
    };
    const send = (route: RouteSpec, c: Partial<GroupCase>): Promise<Response> => sendCase(http, route.method, pathOf(route, c), c, { token: tokenOf(route), body: route.body?.(s) });

    beforeAll(async () => {
      t = await startTestApp(kind);
      http = guarded(t.http);
      t.http = http;
      const shop = await given.operator(t, await given.admin(t));
      const product = await given.product(t, shop, { skus: [{ name: '团', price: 3_900, stock: 50, groupPrice: 2_900, groupSize: 3 }, { name: '单', price: 3_900, stock: 50 }] });
      const person = async (pin?: string) => {
        const user = await given.user(t, pin ? { pin, viaSms: false } : { viaSms: false, verify: 'phone' });
        if (pin) await given.funds(t, user, 10_000);
        return { ...user, addressId: await given.address(t, user) };
      };
      const [initiator, buyer, member, other] = [await person('258036'), await person(), await person(), await person()];
      const open = async (who: typeof initiator) => (await http.post('/group-buys', { skuId: product.skus[0].id, addressId: who.addressId }, { token: who.token, headers: { 'idempotency-key': randomUUID() } })).body;
      const formed = await open(initiator);
      expect((await http.post(`/orders/${formed.order.id}/pay`, { pin: '258036' }, { token: initiator.token, headers: { 'idempotency-key': randomUUID() } })).status).toBe(200);
      expect((await http.post(`/group-buys/${formed.groupBuy.id}/join`, { addressId: member.addressId }, { token: member.token, headers: { 'idempotency-key': randomUUID() } })).status).toBe(201);
      const unformed = await open(other);
      s = { owner: shop.owner, buyer, member, other, productId: product.id, skuId: product.skus[0].id, plainSkuId: product.skus[1].id, group: formed.groupBuy.id, unformed: unformed.groupBuy.id };
    });
    afterAll(async () => {
      await t?.close();
    });

    it('this file covers exactly GROUP_BUY_ROUTE_KEYS, and the OpenAPI document lists every one', async () => {
      await expectRoutesCovered(http, ROUTES, GROUP_BUY_ROUTE_KEYS);
    });

    it('every route with a body refuses malformed, oversized and non-JSON bodies (transport level)', async () => {
      const before = await tableFingerprints(t);
      const unmet: string[] = [];
      for (const route of ROUTES.filter((r) => r.body)) {
        const cases: Case[] = [...transportCases(routeKey(route)), { label: `${routeKey(route)}: valid JSON as text/plain`, raw: JSON.stringify(route.body!(s)), contentType: 'text/plain', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }];
        unmet.push(...(await unmetCases(cases, (c) => http.request(route.method, pathOf(route), undefined, { token: tokenOf(route), raw: c.raw!, headers: { 'content-type': c.contentType ?? 'application/json' } }))));
      }
      expect(unmet).toEqual([]);
      expect(await tableFingerprints(t)).toEqual(before);
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
