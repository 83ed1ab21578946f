/**
 * Bad input for the chat governance routes (reports of chat messages, the admin's report
 * queue, a dispute's chat evidence): wrong types, missing and unknown fields, reasons and
 * outcomes outside their lists, notes too long or with control characters, unknown and
 * foreign ids, callers who are not a party (404) or not an admin (403), one's own message,
 * a second open report, a resolved report — each a 4xx problem+json with a stable `code`;
 * a refused batch changes no table; no response may be 5xx. Then each route's valid
 * request succeeds.
 *
 * The route table below must equal CHAT_GOVERNANCE_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { CHAT_GOVERNANCE_ROUTE_KEYS, bodyCases, guarded, itRefusesParamRoutes, okBody, paramCases, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { chatRig } from './support/chat.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const REASONS = ['harassment', 'fraud', 'spam', 'other'] as const;
const OUTCOMES = ['dismissed', 'warned', 'removed'] as const;

interface Setup {
  buyer: GivenUser;
  owner: GivenUser;
  admin: GivenUser;
  other: GivenUser;
  /** The shop's messages: one to report, one already reported by the buyer; the buyer's own. */
  toReport: string;
  reported: string;
  own: string;
  /** Reports: one open (resolved by the valid request), one resolved. */
  openReport: string;
  resolvedReport: string;
  dispute: string;
}

type Who = 'buyer' | 'admin';
type RouteSpec = ParamRoute<Setup> & { who: Who };

const { vf, notFound: NF, coded, noSession, badKeys } = paramCases;
const ids = paramCases.ids;
const labelled = (cases: ParamCase[]) => cases.map((c) => ({ ...c, label: `body: ${c.label}` }));
const notAdmin = (s: Setup) => coded('as a buyer (not an admin)', 403, 'FORBIDDEN', { token: s.buyer.token });

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/messages/{id}/reports',
    who: 'buyer',
    params: (s) => ({ id: s.toReport }),
    body: () => ({ reason: 'fraud', note: '让我加微信' }),
    okStatus: 201,
    cases: (s) => [
      ...labelled(bodyCases({ reason: 'fraud', note: '让我加微信' }, { reason: { kind: 'enum', values: REASONS }, note: { kind: 'paragraphs', max: 500, optional: true } }, new Date())),
      ...ids(),
      NF('as someone not in the conversation', { token: s.other.token }),
      coded('one’s own message', 409, 'CHAT_REPORT_OWN_MESSAGE', { params: { id: s.own } }),
      coded('a message this reporter already reported', 409, 'CHAT_REPORT_ALREADY_OPEN', { params: { id: s.reported } }),
      vf('a query parameter', { query: 'reason=spam' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/chat-reports',
    who: 'admin',
    cases: (s) => [
      vf('an unknown status', { query: 'status=closed' }),
      vf('status in upper case', { query: 'status=OPEN' }),
      ...paramCases.page(),
      vf('an unknown query parameter', { query: 'reason=fraud' }),
      notAdmin(s),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/chat-reports/{id}',
    who: 'admin',
    params: (s) => ({ id: s.openReport }),
    cases: (s) => [...ids(), NF('a message id, not a report', { params: { id: s.toReport } }), vf('a query parameter', { query: 'foo=1' }), notAdmin(s), noSession()],
  },
  {
    method: 'POST',
    path: '/admin/chat-reports/{id}/resolve',
    who: 'admin',
    params: (s) => ({ id: s.openReport }),
    body: () => ({ outcome: 'warned', note: '已核实' }),
    cases: (s) => [
      ...labelled(bodyCases({ outcome: 'warned', note: '已核实' }, { outcome: { kind: 'enum', values: OUTCOMES }, note: { kind: 'paragraphs', max: 500 } }, new Date())),
      ...ids(),
      coded('a resolved report', 409, 'CHAT_REPORT_RESOLVED', { params: { id: s.resolvedReport } }),
      vf('a query parameter', { query: 'outcome=removed' }),
      notAdmin(s),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/disputes/{id}/chat',
    who: 'buyer',
    params: (s) => ({ id: s.dispute }),
    cases: (s) => [...ids(), NF('as someone not a party', { token: s.other.token }), ...paramCases.page(), vf('an unknown query parameter', { query: 'seq=1' }), noSession()],
  },
  {
    method: 'GET',
    path: '/admin/disputes/{id}/chat',
    who: 'admin',
    params: (s) => ({ id: s.dispute }),
    cases: (s) => [...ids(), ...paramCases.page(), vf('an unknown query parameter', { query: 'seq=1' }), notAdmin(s), noSession()],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to chat governance routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'CHAT_GOVERNANCE_ROUTE_KEYS', keys: CHAT_GOVERNANCE_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => s[route.who].token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const chat = chatRig(() => t.ctx.database.db);
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 30 }] });
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      const other = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, 50_000);
      const addressId = await given.address(t, buyer);
      const orderId = (await okBody(http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token }), 201)).order.id as string;
      await okBody(http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token }));
      await okBody(http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.owner.token }));

      const conversation = await chat.conversation(buyer.id, shop.id);
      const [own, toReport, reported, third] = await chat.say(conversation, { buyer: buyer.id, shop: shop.owner.id }, [
        { from: 'buyer', text: '还没发货吗' },
        { from: 'shop', text: '加我微信 wx_123', shown: '加我微信 ***' },
        { from: 'shop', text: '不买就别问' },
        { from: 'shop', text: '垃圾广告' },
      ]);
      const report = async (id: string) => (await okBody(http.post(`/messages/${id}/reports`, { reason: 'harassment' }, { token: buyer.token }), 201)).report.id as string;
      const openReport = await report(reported!);
      const resolvedReport = await report(third!);
      await okBody(http.post(`/admin/chat-reports/${resolvedReport}/resolve`, { outcome: 'dismissed', note: '正常' }, { token: admin.token }));
      const dispute = (await okBody(http.post('/disputes', { orderId, category: 'quality', claim: { refund: PRICE }, description: '破损' }, { token: buyer.token }), 201)).dispute.id as string;
      s = { buyer, owner: shop.owner, admin, other, toReport: toReport!, reported: reported!, own: own!, openReport, resolvedReport, dispute };
    }, 300_000);
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      for (const route of ROUTES) {
        const res = await send(route, route.okParams ? { params: route.okParams(s) } : {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
      }
      const report = await okBody(t.http.get(`/admin/chat-reports/${s.openReport}`, { token: s.admin.token }));
      expect(report.report).toMatchObject({ status: 'resolved', outcome: 'warned' });
    });
  });
}
