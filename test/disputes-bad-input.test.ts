/**
 * Bad input for the dispute routes (API.md "Disputes"): wrong types, missing and
 * unknown fields, claims and rulings that break RULES.md (a refund over what was
 * paid, compensation beyond the price outside personal_injury and forced_sale),
 * evidence that is not the caller's upload, unknown and foreign ids, callers who are
 * not a party or not an admin, and cases in the wrong state — each a 4xx
 * problem+json with a stable `code`; a refused batch changes no table; no response
 * may be 5xx. Then each route's valid request succeeds.
 *
 * The route table below must equal DISPUTE_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DISPUTE_ROUTE_KEYS, HTML, SQL_OR, VF, bodyCases, guarded, itRefusesParamRoutes, okBody, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;

interface Setup {
  buyer: GivenUser;
  owner: GivenUser;
  other: GivenUser;
  admin: GivenUser;
  /** The buyer's open case (refused and escalated by the valid runs). */
  dispute: string;
  /** The buyer's case already in arbitration (ruled by the valid run). */
  arbitration: string;
  /** An open case the valid run withdraws. */
  spare: string;
  /** A withdrawn case. */
  withdrawn: string;
  /** The buyer's order with an open case; and one with none (opened by the valid run). */
  disputedOrder: string;
  freeOrder: string;
  /** An order of another buyer. */
  foreignOrder: string;
  /** An image the operator uploaded (not the buyer's evidence). */
  ownerImage: string;
  /** An approved service provider (named on `dispute` by the valid run), one not approved, and a case naming another. */
  provider: string;
  pendingProvider: string;
  named: string;
  /** One of the buyer's notifications. */
  notification: string;
}

type Who = 'buyer' | 'owner' | 'admin' | 'none';
type RouteSpec = ParamRoute<Setup> & { method: 'GET' | 'POST'; who: Who };

const vf = (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const coded = (label: string, status: number, code: string, fields: Omit<ParamCase, 'label' | 'status' | 'code'>): ParamCase => ({ label, ...fields, status, code });
const noSession = (): ParamCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const paramCases = (): ParamCase[] => [
  vf('id of 65 characters', { params: { id: 'i'.repeat(65) } }),
  NF('id unknown', { params: { id: 'no-such-thing' } }),
  NF('id as SQL', { params: { id: SQL_OR } }),
  NF('id as HTML', { params: { id: HTML } }),
  NF('id in Chinese', { params: { id: '纠纷' } }),
];
const noBody = (): ParamCase[] => [vf('a body', { body: { status: 'resolved' } }), vf('a query parameter', { query: 'foo=1' })];
const badKeys = (): ParamCase[] =>
  [['empty', ''], ['of 7 characters', 'abcdefg'], ['of 65 characters', 'k'.repeat(65)], ['as SQL', SQL_OR]].map(([l, key]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': key! } }));
const pageCases = (): ParamCase[] => [
  vf('limit 0', { query: 'limit=0' }),
  vf('limit 101', { query: 'limit=101' }),
  vf('limit in letters', { query: 'limit=abc' }),
  vf('a cursor of 101 characters', { query: `cursor=${'c'.repeat(101)}` }),
];
const labelled = (cases: ParamCase[]) => cases.map((c) => ({ ...c, label: `body: ${c.label}` }));

const CATEGORIES = ['not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy'] as const;
const openBody = (s: Setup) => ({ orderId: s.freeOrder, category: 'quality', claim: { refund: 1_000 }, description: '外壳破裂' });

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/dispute-rules',
    who: 'none',
    cases: () => ['lang=en', 'foo=1', `q=${encodeURIComponent(SQL_OR)}`, `q=${encodeURIComponent(HTML)}`, 'limit=5', 'category=quality', 'status=open'].map((query) => vf(`a query parameter (${query})`, { query })),
  },
  {
    method: 'POST',
    path: '/disputes',
    who: 'buyer',
    body: openBody,
    okStatus: 201,
    cases: (s) => [
      ...labelled(
        bodyCases(
          openBody(s),
          {
            orderId: { kind: 'text', max: 64 },
            category: { kind: 'enum', values: CATEGORIES },
            claim: { kind: 'object', fields: { refund: { kind: 'fen0' }, compensation: { kind: 'fen0', optional: true } } },
            description: { kind: 'paragraphs', max: 4000 },
            evidence: { kind: 'urls', optional: true, max: 9 },
            serviceProviderId: { kind: 'text', max: 64, optional: true },
          },
          new Date(),
        ),
      ),
      vf('an unknown service provider', { body: { ...openBody(s), serviceProviderId: 'no-such-provider' } }),
      vf('a service provider not approved', { body: { ...openBody(s), serviceProviderId: s.pendingProvider } }),
      NF('an unknown order', { body: { ...openBody(s), orderId: 'no-such-order' } }),
      NF("another buyer's order", { body: { ...openBody(s), orderId: s.foreignOrder } }),
      vf('a refund over what was paid', { body: { ...openBody(s), claim: { refund: PRICE + 1 } } }),
      vf('compensation beyond the price for a quality complaint', { body: { ...openBody(s), claim: { refund: PRICE, compensation: 1 } } }),
      vf('evidence the buyer did not upload', { body: { ...openBody(s), evidence: [s.ownerImage] } }),
      vf('evidence that is not an upload', { body: { ...openBody(s), evidence: ['https://example.com/x.png'] } }),
      coded('a second open case on the order', 409, 'DISPUTE_ALREADY_OPEN', { body: { ...openBody(s), orderId: s.disputedOrder } }),
      vf('a status of its own', { body: { ...openBody(s), status: 'resolved' } }),
      vf('a query parameter', { query: 'orderId=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  ...(['', '/record'] as const).map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `/disputes/{id}${tail}`,
      who: 'buyer',
      params: (s) => ({ id: s.dispute }),
      cases: (s) => [...paramCases(), NF('as another user', { token: s.other.token }), NF('an order id', { params: { id: s.disputedOrder } }), vf('a query parameter', { query: 'foo=1' }), noSession()],
    }),
  ),
  {
    method: 'POST',
    path: '/disputes/{id}/messages',
    who: 'buyer',
    params: (s) => ({ id: s.dispute }),
    body: () => ({ body: '请尽快处理' }),
    cases: (s) => [
      ...labelled(bodyCases({ body: '请尽快处理' }, { body: { kind: 'paragraphs', max: 4000 }, evidence: { kind: 'urls', optional: true, max: 9 } }, new Date())),
      vf("the operator's image as evidence", { body: { body: '看图', evidence: [s.ownerImage] } }),
      ...paramCases(),
      NF('as another user', { token: s.other.token }),
      coded('a withdrawn case', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/disputes/{id}/respond',
    who: 'owner',
    params: (s) => ({ id: s.dispute }),
    body: () => ({ accept: false, reason: '商品出库前完好' }),
    cases: (s) => [
      ...labelled(
        bodyCases({ accept: false, reason: '商品出库前完好' }, { accept: { kind: 'boolean' }, reason: { kind: 'paragraphs', max: 2000, optional: true }, share: { kind: 'fen0', optional: true } }, new Date()),
      ),
      vf('a refusal without a reason', { body: { accept: false } }),
      vf('a share from the operator (only a provider states one)', { body: { accept: true, share: 1 } }),
      vf('an amount of its own', { body: { accept: true, refund: 1 } }),
      ...paramCases(),
      NF('as the buyer', { token: s.buyer.token }),
      NF('as another user', { token: s.other.token }),
      coded('a case in arbitration', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.arbitration } }),
      coded('a withdrawn case', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      vf('a query parameter', { query: 'accept=true' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/disputes/{id}/escalate',
    who: 'buyer',
    params: (s) => ({ id: s.dispute }),
    cases: (s) => [
      ...noBody(),
      ...paramCases(),
      NF('as another user', { token: s.other.token }),
      coded('a case already in arbitration', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.arbitration } }),
      coded('a withdrawn case', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/disputes/{id}/withdraw',
    who: 'buyer',
    params: (s) => ({ id: s.dispute }),
    okParams: (s) => ({ id: s.spare }),
    cases: (s) => [
      ...noBody(),
      ...paramCases(),
      NF('as the operator', { token: s.owner.token }),
      NF('as another user', { token: s.other.token }),
      coded('a withdrawn case', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/admin/disputes/{id}/rule',
    who: 'admin',
    params: (s) => ({ id: s.arbitration }),
    body: () => ({ refund: 1_000, compensation: 0, reason: '部分退款' }),
    cases: (s) => [
      ...labelled(
        bodyCases(
          { refund: 1_000, compensation: 0, reason: '部分退款' },
          { refund: { kind: 'fen0' }, compensation: { kind: 'fen0' }, providerCompensation: { kind: 'fen0', optional: true }, reason: { kind: 'line', max: 2000 } },
          new Date(),
        ),
      ),
      vf('a refund over what was paid', { body: { refund: PRICE + 1, compensation: 0, reason: '超额' } }),
      vf('compensation charged to a provider the case does not name', { body: { refund: 0, compensation: 0, providerCompensation: 1, reason: '物流' } }),
      vf('compensation beyond the price for a quality complaint', { body: { refund: PRICE, compensation: 1, reason: '超额' } }),
      ...paramCases(),
      coded('a case not escalated', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.spare } }),
      coded('as the buyer', 403, 'FORBIDDEN', { token: s.buyer.token }),
      coded('as the operator', 403, 'FORBIDDEN', { token: s.owner.token }),
      vf('a query parameter', { query: 'refund=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/disputes',
    who: 'admin',
    cases: (s) => [
      ...pageCases(),
      vf('an unknown status', { query: 'status=pending' }),
      vf('overdue as a word', { query: 'overdue=maybe' }),
      vf('an unknown parameter', { query: 'buyerId=1' }),
      coded('as the buyer', 403, 'FORBIDDEN', { token: s.buyer.token }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/disputes',
    who: 'buyer',
    cases: () => [
      ...pageCases(),
      vf('an unknown status', { query: 'status=pending' }),
      vf('an unknown role', { query: 'role=admin' }),
      vf('a role as SQL', { query: `role=${encodeURIComponent(SQL_OR)}` }),
      vf('an unknown parameter', { query: 'buyerId=1' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/disputes/{id}/case',
    who: 'admin',
    params: (s) => ({ id: s.dispute }),
    cases: (s) => [
      ...paramCases(),
      coded('as the buyer', 403, 'FORBIDDEN', { token: s.buyer.token }),
      coded('as the operator', 403, 'FORBIDDEN', { token: s.owner.token }),
      vf('a query parameter', { query: 'foo=1' }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/admin/disputes/{id}/parties',
    who: 'admin',
    params: (s) => ({ id: s.dispute }),
    body: (s) => ({ serviceProviderId: s.provider }),
    cases: (s) => [
      ...labelled(bodyCases({ serviceProviderId: s.provider }, { serviceProviderId: { kind: 'text', max: 64 } }, new Date())),
      vf('an unknown service provider', { body: { serviceProviderId: 'no-such-provider' } }),
      vf('a service provider not approved', { body: { serviceProviderId: s.pendingProvider } }),
      vf('an operator id', { body: { serviceProviderId: s.disputedOrder } }),
      ...paramCases(),
      coded('a case naming another provider', 409, 'DISPUTE_PROVIDER_ALREADY_NAMED', { params: { id: s.named } }),
      coded('a withdrawn case', 409, 'DISPUTE_STATE_CONFLICT', { params: { id: s.withdrawn } }),
      coded('as the buyer', 403, 'FORBIDDEN', { token: s.buyer.token }),
      vf('a query parameter', { query: 'serviceProviderId=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/me/notifications',
    who: 'buyer',
    cases: () => [
      ...pageCases(),
      vf('unread as a word', { query: 'unread=maybe' }),
      vf('an unknown parameter', { query: 'userId=1' }),
      vf('a kind filter (there is none)', { query: 'kind=dispute.outcome' }),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/me/notifications/{id}/read',
    who: 'buyer',
    params: (s) => ({ id: s.notification }),
    cases: (s) => [...noBody(), ...paramCases(), NF("another user's notification", { token: s.owner.token }), NF('a dispute id', { params: { id: s.dispute } }), noSession()],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to dispute routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'DISPUTE_ROUTE_KEYS', keys: DISPUTE_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => (route.who === 'none' ? undefined : s[route.who].token) });

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 20 }] });
      const skuId = product.skus[0].id as string;
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      const other = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, 100_000);
      await given.funds(t, other, 100_000);
      const paidOrder = async (user: GivenUser) => {
        const addressId = await given.address(t, user);
        const id = (await okBody(http.post('/orders', { addressId, items: [{ skuId, quantity: 1 }] }, { token: user.token }), 201)).order.id as string;
        await okBody(http.post(`/orders/${id}/pay`, { pin: PIN }, { token: user.token }));
        return id;
      };
      const openOn = async (orderId: string) => (await okBody(http.post('/disputes', { orderId, category: 'quality', claim: { refund: 1_000 }, description: '破损' }, { token: buyer.token }), 201)).dispute.id as string;
      const [disputedOrder, arbitrationOrder, spareOrder, withdrawnOrder, freeOrder, foreignOrder, namedOrder] = [
        await paidOrder(buyer),
        await paidOrder(buyer),
        await paidOrder(buyer),
        await paidOrder(buyer),
        await paidOrder(buyer),
        await paidOrder(other),
        await paidOrder(buyer),
      ];
      const dispute = await openOn(disputedOrder);
      const arbitration = await openOn(arbitrationOrder);
      await okBody(http.post(`/disputes/${arbitration}/escalate`, undefined, { token: buyer.token }));
      const spare = await openOn(spareOrder);
      const withdrawn = await openOn(withdrawnOrder);
      await okBody(http.post(`/disputes/${withdrawn}/withdraw`, undefined, { token: buyer.token }));
      const provider = await given.serviceProvider(t, admin);
      const pendingProvider = await given.serviceProvider(t, admin, { approve: false });
      const otherProvider = await given.serviceProvider(t, admin);
      const named = (await okBody(http.post('/disputes', { orderId: namedOrder, category: 'not_received', claim: { refund: 1_000 }, description: '未收到', serviceProviderId: otherProvider.id }, { token: buyer.token }), 201))
        .dispute.id as string;
      const notification = (await okBody(http.get('/me/notifications', { token: buyer.token }))).items[0].id as string;
      s = {
        buyer,
        owner: shop.owner,
        other,
        admin,
        dispute,
        arbitration,
        spare,
        withdrawn,
        disputedOrder,
        freeOrder,
        foreignOrder,
        ownerImage: (await upload(t, shop.owner.token, await pngImage('#36c'))).body.url,
        provider: provider.id,
        pendingProvider: pendingProvider.id,
        named,
        notification,
      };
    }, 240_000);
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
      // The refusal, escalation, withdrawal and ruling really happened.
      const get = (id: string) => okBody(t.http.get(`/disputes/${id}`, { token: s.buyer.token }));
      expect((await get(s.dispute)).status).toBe('arbitration');
      expect((await get(s.spare)).status).toBe('withdrawn');
      expect((await get(s.arbitration)).ruling).toMatchObject({ by: 'platform', refund: 1_000 });
      expect((await get(s.dispute)).serviceProvider).toMatchObject({ id: s.provider, answer: null });
      expect((await okBody(t.http.get('/me/notifications?unread=true&limit=100', { token: s.buyer.token }))).items.map((n: { id: string }) => n.id)).not.toContain(s.notification);
    });
  });
}
