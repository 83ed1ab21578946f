/**
 * Bad input for the after-sales routes (API.md "Reviews, tracking, after-sales"):
 * wrong types, missing and unknown fields, phones and texts that break the address
 * rules, amounts over what is refundable, postage over the cap or for a no-fault
 * return, images that are not the buyer's uploads, unknown and foreign ids, callers who
 * are not the request's buyer or shop, and requests in the wrong state — each a 4xx
 * problem+json with a stable `code`; a refused batch changes no table; no response may
 * be 5xx. Then each route's valid request succeeds.
 *
 * The route table below must equal AFTER_SALES_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { AFTER_SALES_ROUTE_KEYS, SQL_OR, bodyCases, guarded, itRefusesParamRoutes, okBody, paramCases, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const ADDRESS = { recipient: '王仓管', phone: '13900001111', region: '浙江省 杭州市 余杭区', line: '良睦路 1 号 退货仓' };
const SHIP = { carrier: '京东快递', trackingNumber: 'JD0001112223' };

interface Setup {
  buyer: GivenUser;
  owner: GivenUser;
  other: GivenUser;
  shop: string;
  otherShop: string;
  /** Return addresses: the default, one to change, one to remove. */
  address: string;
  patchable: string;
  removable: string;
  /** A received order with no request (the valid request opens one); another buyer's order; an unpaid one. */
  freeOrder: string;
  foreignOrder: string;
  unpaidOrder: string;
  /** Requests in each state the valid requests move on. */
  toApprove: string;
  toRefuse: string;
  toBulk: string;
  approvedReturn: string;
  returning: string;
  exchangeReceived: string;
  refused: string;
  spare: string;
  withdrawn: string;
  /** The order `toApprove` is on (one open request per item). */
  busyOrder: string;
  ownerImage: string;
}

type Who = 'buyer' | 'owner';
type RouteSpec = ParamRoute<Setup> & { who: Who };

const { vf, notFound: NF, coded, noSession, noBody, badKeys } = paramCases;
const ids = paramCases.ids;
const pageCases = paramCases.page;
const labelled = (cases: ParamCase[]) => cases.map((c) => ({ ...c, label: `body: ${c.label}` }));
const TYPES = ['refund_only', 'return_refund', 'exchange'] as const;
const REASONS = ['no_reason', 'not_received', 'quality_problem', 'not_as_described', 'wrong_item', 'damaged', 'missing_parts', 'other'] as const;
const ADDRESS_FIELDS = {
  recipient: { kind: 'line', max: 30 },
  phone: { kind: 'phone' },
  region: { kind: 'line', min: 2, max: 60 },
  line: { kind: 'line', min: 2, max: 200 },
} as const;
const createBody = () => ({ type: 'refund_only', reason: 'quality_problem', amount: 1_000, description: '有划痕' });
const notOwner = (s: Setup) => [NF('as the buyer', { token: s.buyer.token }), NF('as another user', { token: s.other.token })];

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/operators/{id}/return-addresses',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    body: () => ({ ...ADDRESS, recipient: '李仓管' }),
    okStatus: 201,
    cases: (s) => [
      ...labelled(bodyCases(ADDRESS, { ...ADDRESS_FIELDS, isDefault: { kind: 'boolean', optional: true } }, new Date())),
      ...ids(),
      ...notOwner(s),
      NF("another owner's shop", { params: { id: s.otherShop } }),
      vf('a query parameter', { query: 'isDefault=true' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/operators/{id}/return-addresses',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    cases: (s) => [...ids(), ...notOwner(s), NF("another owner's shop", { params: { id: s.otherShop } }), vf('a query parameter', { query: 'limit=5' }), noSession()],
  },
  {
    method: 'PATCH',
    path: '/operators/{id}/return-addresses/{addressId}',
    who: 'owner',
    params: (s) => ({ id: s.shop, addressId: s.patchable }),
    body: () => ({ line: '良睦路 2 号' }),
    cases: (s) => [
      ...labelled(
        bodyCases(
          { line: '良睦路 2 号' },
          {
            recipient: { kind: 'line', max: 30, optional: true },
            phone: { kind: 'phone', optional: true },
            region: { kind: 'line', min: 2, max: 60, optional: true },
            line: { kind: 'line', min: 2, max: 200, optional: true },
          },
          new Date(),
        ),
      ),
      vf('isDefault false (a default is made, never unmade)', { body: { isDefault: false } }),
      ...ids('addressId'),
      ...ids(),
      ...notOwner(s),
      NF('an address of the shop owned by someone else', { params: { id: s.otherShop } }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/operators/{id}/return-addresses/{addressId}/default',
    who: 'owner',
    params: (s) => ({ id: s.shop, addressId: s.patchable }),
    cases: (s) => [...noBody(), ...ids('addressId'), ...notOwner(s), NF('a request id', { params: { addressId: s.toApprove } }), ...badKeys(), noSession()],
  },
  {
    method: 'DELETE',
    path: '/operators/{id}/return-addresses/{addressId}',
    who: 'owner',
    params: (s) => ({ id: s.shop, addressId: s.removable }),
    okStatus: 204,
    cases: (s) => [
      vf('a query parameter', { query: 'foo=1' }),
      ...ids('addressId'),
      ...notOwner(s),
      coded('an address an approved return is going to', 409, 'RETURN_ADDRESS_IN_USE', { params: { addressId: s.address } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/orders/{id}/after-sales/options',
    who: 'buyer',
    params: (s) => ({ id: s.freeOrder }),
    cases: (s) => [...ids(), NF("another buyer's order", { params: { id: s.foreignOrder } }), NF('as the shop', { token: s.owner.token }), vf('a query parameter', { query: 'type=exchange' }), noSession()],
  },
  {
    method: 'POST',
    path: '/orders/{id}/after-sales',
    who: 'buyer',
    params: (s) => ({ id: s.freeOrder }),
    body: createBody,
    okStatus: 201,
    cases: (s) => [
      ...labelled(
        bodyCases(
          createBody(),
          {
            type: { kind: 'enum', values: TYPES },
            reason: { kind: 'enum', values: REASONS },
            description: { kind: 'paragraphs', max: 500, optional: true },
            images: { kind: 'urls', optional: true, max: 9 },
            amount: { kind: 'fen0', optional: true },
            itemIds: { kind: 'text', optional: true },
          },
          new Date(),
        ),
      ),
      vf('images the buyer did not upload', { body: { ...createBody(), images: [s.ownerImage] } }),
      vf('an item of another order', { body: { ...createBody(), itemIds: ['no-such-item'] } }),
      vf('an amount on a return', { body: { type: 'return_refund', reason: 'quality_problem', amount: 100 } }),
      coded('an amount over what was paid', 422, 'AMOUNT_OVER_REFUNDABLE', { body: { ...createBody(), amount: PRICE + 1 } }),
      coded('a second request on the same item', 409, 'AFTER_SALE_ALREADY_OPEN', { params: { id: s.busyOrder } }),
      coded('an unpaid order', 409, 'ORDER_NOT_ELIGIBLE', { params: { id: s.unpaidOrder } }),
      coded('not received on a received order', 409, 'AFTER_SALE_REASON_NOT_ALLOWED', { body: { type: 'refund_only', reason: 'not_received' } }),
      coded('an exchange without a reason', 409, 'AFTER_SALE_REASON_NOT_ALLOWED', { body: { type: 'exchange', reason: 'no_reason' } }),
      ...ids(),
      NF("another buyer's order", { params: { id: s.foreignOrder } }),
      vf('a status of its own', { body: { ...createBody(), status: 'refunded' } }),
      vf('a query parameter', { query: 'type=refund_only' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/after-sales/{id}',
    who: 'buyer',
    params: (s) => ({ id: s.toApprove }),
    cases: (s) => [...ids(), NF('as another user', { token: s.other.token }), NF('an order id', { params: { id: s.busyOrder } }), vf('a query parameter', { query: 'foo=1' }), noSession()],
  },
  {
    method: 'GET',
    path: '/me/after-sales',
    who: 'buyer',
    cases: () => [...pageCases(), vf('an unknown status', { query: 'status=open' }), vf('a type filter (the shop has one)', { query: 'type=exchange' }), vf('an unknown parameter', { query: 'buyerId=1' }), noSession()],
  },
  {
    method: 'GET',
    path: '/operators/{id}/after-sales',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    cases: (s) => [
      ...pageCases(),
      vf('an unknown status', { query: 'status=open' }),
      vf('an unknown type', { query: 'type=repair' }),
      vf('a type as SQL', { query: `type=${encodeURIComponent(SQL_OR)}` }),
      ...ids(),
      ...notOwner(s),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/operators/{id}/after-sales/approve',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    body: (s) => ({ ids: [s.toBulk] }),
    cases: (s) => [
      vf('no ids', { body: { ids: [] } }),
      vf('51 ids', { body: { ids: Array.from({ length: 51 }, (_, i) => `id-${i}`) } }),
      vf('the same id twice', { body: { ids: [s.toBulk, s.toBulk] } }),
      vf('an id of 65 characters', { body: { ids: ['i'.repeat(65)] } }),
      vf('ids as a string', { body: { ids: s.toBulk } }),
      vf('an unknown field', { body: { ids: [s.toBulk], all: true } }),
      vf('no body fields', { body: {} }),
      ...ids(),
      ...notOwner(s),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/approve',
    who: 'owner',
    params: (s) => ({ id: s.toApprove }),
    cases: (s) => [
      vf('an unknown field', { body: { amount: 1 } }),
      vf('a return address of 65 characters', { body: { returnAddressId: 'a'.repeat(65) } }),
      vf('an unknown return address', { body: { returnAddressId: 'no-such-address' } }),
      ...ids(),
      NF('as the buyer', { token: s.buyer.token }),
      NF('as another user', { token: s.other.token }),
      coded('a refused request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.refused } }),
      coded('a withdrawn request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/refuse',
    who: 'owner',
    params: (s) => ({ id: s.toRefuse }),
    body: () => ({ reason: '商品完好，不影响使用' }),
    cases: (s) => [
      ...labelled(bodyCases({ reason: '商品完好，不影响使用' }, { reason: { kind: 'paragraphs', max: 500 } }, new Date())),
      ...ids(),
      NF('as the buyer', { token: s.buyer.token }),
      coded('an approved request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.approvedReturn } }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/return-shipment',
    who: 'buyer',
    params: (s) => ({ id: s.approvedReturn }),
    body: () => SHIP,
    cases: (s) => [
      ...labelled(
        bodyCases(SHIP, { carrier: { kind: 'line', min: 2, max: 40 }, trackingNumber: { kind: 'text', min: 6, max: 40 }, returnShippingFee: { kind: 'fen0', optional: true } }, new Date()),
      ),
      vf('postage over ¥50', { body: { ...SHIP, returnShippingFee: 5_001 } }),
      vf('a tracking number with blanks', { body: { ...SHIP, trackingNumber: 'JD 0001 1122' } }),
      coded('postage for a no-reason return', 422, 'RETURN_FEE_NOT_ALLOWED', { body: { ...SHIP, returnShippingFee: 800 } }),
      coded('a refund-only request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.toApprove } }),
      coded('a return already shipped', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.returning } }),
      ...ids(),
      NF('as the shop', { token: s.owner.token }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/return-received',
    who: 'owner',
    params: (s) => ({ id: s.returning }),
    cases: (s) => [
      ...noBody(),
      ...ids(),
      NF('as the buyer', { token: s.buyer.token }),
      coded('a return not shipped yet', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.approvedReturn } }),
      coded('a withdrawn request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/exchange-shipment',
    who: 'owner',
    params: (s) => ({ id: s.exchangeReceived }),
    body: () => ({ carrier: '顺丰速运', trackingNumber: 'SF0000000001' }),
    cases: (s) => [
      ...labelled(bodyCases({ carrier: '顺丰速运', trackingNumber: 'SF0000000001' }, { carrier: { kind: 'line', min: 2, max: 40 }, trackingNumber: { kind: 'text', min: 6, max: 40 } }, new Date())),
      coded('a return, not an exchange', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.returning } }),
      ...ids(),
      NF('as the buyer', { token: s.buyer.token }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/escalate',
    who: 'buyer',
    params: (s) => ({ id: s.refused }),
    cases: (s) => [
      vf('an unknown field', { body: { category: 'quality' } }),
      vf('a note of 2001 characters', { body: { note: '字'.repeat(2001) } }),
      coded('a request the shop still has time to answer', 409, 'ESCALATION_NOT_YET', { params: { id: s.toRefuse } }),
      coded('a withdrawn request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      ...ids(),
      NF('as another user', { token: s.other.token }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/after-sales/{id}/withdraw',
    who: 'buyer',
    params: (s) => ({ id: s.spare }),
    cases: (s) => [
      ...noBody(),
      ...ids(),
      NF('as the shop', { token: s.owner.token }),
      NF('as another user', { token: s.other.token }),
      coded('a withdrawn request', 409, 'AFTER_SALE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      ...badKeys(),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to after-sales routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'AFTER_SALES_ROUTE_KEYS', keys: AFTER_SALES_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => s[route.who].token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const otherShop = await given.operator(t, admin, { viaSms: false });
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 30 }] });
      const skuId = product.skus[0].id as string;
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      const other = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, 200_000);
      await given.funds(t, other, 100_000);
      const owner = shop.owner;
      const addAddress = async (body: Record<string, unknown>) => (await okBody(http.post(`/operators/${shop.id}/return-addresses`, body, { token: owner.token }), 201)).address.id as string;
      const address = await addAddress(ADDRESS);
      const patchable = await addAddress({ ...ADDRESS, recipient: '赵仓管' });
      const removable = await addAddress({ ...ADDRESS, recipient: '钱仓管' });
      const placeOrder = async (user: GivenUser) => {
        const addressId = await given.address(t, user);
        return (await okBody(http.post('/orders', { addressId, items: [{ skuId, quantity: 1 }] }, { token: user.token }), 201)).order.id as string;
      };
      const receivedOrder = async (user: GivenUser) => {
        const id = await placeOrder(user);
        await okBody(http.post(`/orders/${id}/pay`, { pin: PIN }, { token: user.token }));
        await okBody(http.post(`/orders/${id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: owner.token }));
        await okBody(http.post(`/orders/${id}/confirm-receipt`, undefined, { token: user.token }));
        return id;
      };
      const ask = async (orderId: string, body: Record<string, unknown>) => (await okBody(http.post(`/orders/${orderId}/after-sales`, body, { token: buyer.token }), 201)).request.id as string;
      const act = (id: string, action: string, token: string, body?: unknown) => okBody(http.post(`/after-sales/${id}/${action}`, body, { token }));
      const busyOrder = await receivedOrder(buyer);
      const toApprove = await ask(busyOrder, { type: 'refund_only', reason: 'damaged', amount: 500 });
      const toRefuse = await ask(await receivedOrder(buyer), { type: 'refund_only', reason: 'damaged', amount: 500 });
      const toBulk = await ask(await receivedOrder(buyer), { type: 'refund_only', reason: 'damaged', amount: 500 });
      const approvedReturn = await ask(await receivedOrder(buyer), { type: 'return_refund', reason: 'no_reason' });
      await act(approvedReturn, 'approve', owner.token, { returnAddressId: address });
      const returning = await ask(await receivedOrder(buyer), { type: 'return_refund', reason: 'no_reason' });
      await act(returning, 'approve', owner.token);
      await act(returning, 'return-shipment', buyer.token, SHIP);
      const exchangeReceived = await ask(await receivedOrder(buyer), { type: 'exchange', reason: 'wrong_item' });
      await act(exchangeReceived, 'approve', owner.token);
      await act(exchangeReceived, 'return-shipment', buyer.token, SHIP);
      await act(exchangeReceived, 'return-received', owner.token);
      const refused = await ask(await receivedOrder(buyer), { type: 'refund_only', reason: 'quality_problem', amount: 500 });
      await act(refused, 'refuse', owner.token, { reason: '不影响使用' });
      const spare = await ask(await receivedOrder(buyer), { type: 'refund_only', reason: 'quality_problem', amount: 500 });
      const withdrawn = await ask(await receivedOrder(buyer), { type: 'refund_only', reason: 'quality_problem', amount: 500 });
      await act(withdrawn, 'withdraw', buyer.token);
      s = {
        buyer,
        owner,
        other,
        shop: shop.id,
        otherShop: otherShop.id,
        address,
        patchable,
        removable,
        freeOrder: await receivedOrder(buyer),
        foreignOrder: await receivedOrder(other),
        unpaidOrder: await placeOrder(buyer),
        toApprove,
        toRefuse,
        toBulk,
        approvedReturn,
        returning,
        exchangeReceived,
        refused,
        spare,
        withdrawn,
        busyOrder,
        ownerImage: (await upload(t, owner.token, await pngImage('#36c'))).body.url,
      };
    }, 300_000);
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      for (const route of ROUTES) {
        const res = await send(route, route.okParams ? { params: route.okParams(s) } : {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
      }
      const get = (id: string) => okBody(t.http.get(`/after-sales/${id}`, { token: s.buyer.token }));
      expect((await get(s.toApprove)).status).toBe('refunded');
      expect((await get(s.toRefuse)).status).toBe('refused');
      expect((await get(s.toBulk)).status).toBe('refunded');
      expect((await get(s.approvedReturn)).status).toBe('returning');
      expect((await get(s.returning)).status).toBe('refunded');
      expect((await get(s.exchangeReceived)).status).toBe('exchanged');
      expect((await get(s.refused)).status).toBe('escalated');
      expect((await get(s.spare)).status).toBe('withdrawn');
    });
  });
}
