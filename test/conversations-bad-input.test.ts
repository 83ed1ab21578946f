/**
 * Bad input for the conversation routes (API.md "Conversations"): wrong types,
 * missing and unknown fields, texts over the caps or with control characters, bodies
 * that do not carry what their `kind` names, images that are not the sender's uploads,
 * cards of another shop or another buyer, prohibited words, unknown and foreign ids,
 * callers who are neither the buyer nor a member of the shop — each a 4xx
 * problem+json with a stable `code`; a refused batch changes no table; no response may
 * be 5xx. Then each route's valid request succeeds (the streams' in
 * test/conversations-live.test.ts).
 *
 * The route table below must equal CONVERSATION_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { CONVERSATION_ROUTE_KEYS, bodyCases, guarded, itRefusesParamRoutes, okBody, paramCases, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenUser } from './support/given.js';

interface Setup {
  buyer: GivenUser;
  owner: GivenUser;
  other: GivenUser;
  shop: string;
  pendingShop: string;
  conversation: string;
  product: string;
  foreignProduct: string;
  order: string;
  foreignOrder: string;
  ownerImage: string;
  quickReply: string;
}

type Who = 'buyer' | 'owner';
type RouteSpec = ParamRoute<Setup> & { who: Who; stream?: boolean };

const { vf, notFound: NF, coded, noSession, noBody, badKeys, ids } = paramCases;
const pageCases = paramCases.page;
const labelled = (cases: ParamCase[]) => cases.map((c) => ({ ...c, label: `body: ${c.label}` }));
const KINDS = ['text', 'image', 'product', 'order'] as const;
const badCursor = (cursor: string) => vf(`a cursor this list never gave (${cursor})`, { query: `cursor=${encodeURIComponent(cursor)}` });
const strangers = (s: Setup) => [NF('as another user', { token: s.other.token })];

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/operators/{id}/conversations',
    who: 'buyer',
    params: (s) => ({ id: s.shop }),
    cases: (s) => [
      ...noBody(),
      ...ids(),
      coded('your own shop', 409, 'OWN_SHOP', { token: s.owner.token }),
      NF('a shop not approved', { params: { id: s.pendingShop } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/conversations',
    who: 'buyer',
    cases: () => [...pageCases(), badCursor('abc'), badCursor('a.notanumber.x'), vf('an unknown parameter', { query: 'status=unread' }), noSession()],
  },
  {
    method: 'GET',
    path: '/conversations/{id}/messages',
    who: 'buyer',
    params: (s) => ({ id: s.conversation }),
    cases: (s) => [...ids(), ...strangers(s), ...pageCases(), badCursor('abc'), badCursor('-1'), noSession()],
  },
  {
    method: 'POST',
    path: '/conversations/{id}/messages',
    who: 'buyer',
    params: (s) => ({ id: s.conversation }),
    body: () => ({ kind: 'text', text: '你好，请问有货吗？' }),
    okStatus: 201,
    cases: (s) => [
      ...labelled(
        bodyCases(
          { kind: 'text', text: '你好，请问有货吗？' },
          {
            kind: { kind: 'enum', values: KINDS },
            text: { kind: 'paragraphs', optional: true, max: 2000 },
            image: { kind: 'text', optional: true, max: 300 },
            productId: { kind: 'text', optional: true, max: 64 },
            orderId: { kind: 'text', optional: true, max: 64 },
          },
          new Date(),
        ),
      ),
      vf('a text message without text', { body: { kind: 'text' } }),
      vf('a text message with a product', { body: { kind: 'text', text: '你好', productId: s.product } }),
      vf('an image message without an image', { body: { kind: 'image', text: '看图' } }),
      vf('a product message without a product', { body: { kind: 'product' } }),
      vf('an order message with an image', { body: { kind: 'order', orderId: s.order, image: s.ownerImage } }),
      vf("an image that is someone else's upload", { body: { kind: 'image', image: s.ownerImage } }),
      vf('an image URL from elsewhere', { body: { kind: 'image', image: 'https://evil.example/a.png' } }),
      coded("another shop's product", 422, 'PRODUCT_NOT_OF_SHOP', { body: { kind: 'product', productId: s.foreignProduct } }),
      coded('an unknown product', 422, 'PRODUCT_NOT_OF_SHOP', { body: { kind: 'product', productId: 'no-such-product' } }),
      coded("another buyer's order", 422, 'ORDER_NOT_OF_CONVERSATION', { body: { kind: 'order', orderId: s.foreignOrder } }),
      coded('a prohibited word', 422, 'PROHIBITED_CONTENT', { body: { kind: 'text', text: '全网第一的好货' } }),
      ...ids(),
      ...strangers(s),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/conversations/{id}/read',
    who: 'owner',
    params: (s) => ({ id: s.conversation }),
    body: () => ({}),
    okStatus: 204,
    cases: (s) => [
      vf('upToSeq -1', { body: { upToSeq: -1 } }),
      vf('upToSeq a fraction', { body: { upToSeq: 1.5 } }),
      vf('upToSeq as text', { body: { upToSeq: '1' } }),
      vf('upToSeq over 2^31', { body: { upToSeq: 2 ** 31 } }),
      vf('an unknown field', { body: { all: true } }),
      ...ids(),
      ...strangers(s),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/conversations/{id}/typing',
    who: 'owner',
    params: (s) => ({ id: s.conversation }),
    okStatus: 204,
    cases: (s) => [...noBody(), ...ids(), ...strangers(s), noSession()],
  },
  {
    method: 'GET',
    path: '/conversations/{id}/events',
    who: 'buyer',
    stream: true,
    params: (s) => ({ id: s.conversation }),
    cases: (s) => [
      ...ids(),
      ...strangers(s),
      vf('lastEventId in letters', { query: 'lastEventId=abc' }),
      vf('lastEventId negative', { query: 'lastEventId=-1' }),
      vf('lastEventId of 13 digits', { query: `lastEventId=${'1'.repeat(13)}` }),
      vf('an unknown parameter', { query: 'since=1' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/operators/{id}/conversations',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    cases: (s) => [...ids(), NF('as a buyer (not a member)', { token: s.buyer.token }), ...pageCases(), badCursor('w.x.y'), badCursor('zzz'), noSession()],
  },
  {
    method: 'GET',
    path: '/operators/{id}/conversations/events',
    who: 'owner',
    stream: true,
    params: (s) => ({ id: s.shop }),
    cases: (s) => [...ids(), NF('as a buyer (not a member)', { token: s.buyer.token }), vf('a query parameter', { query: 'foo=1' }), noSession()],
  },
  {
    method: 'GET',
    path: '/me/conversations/events',
    who: 'buyer',
    stream: true,
    cases: () => [
      vf('a query parameter', { query: 'foo=1' }),
      vf('lastEventId (this stream sends state, not a log)', { query: 'lastEventId=1' }),
      vf('a limit', { query: 'limit=1' }),
      vf('a cursor', { query: 'cursor=x' }),
      vf('an operator', { query: 'operatorId=x' }),
      vf('SQL', { query: `x=${encodeURIComponent("' OR 1=1 --")}` }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/operators/{id}/quick-replies',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    cases: (s) => [...ids(), NF('as a buyer (not a member)', { token: s.buyer.token }), vf('a query parameter', { query: 'foo=1' }), noSession()],
  },
  {
    method: 'POST',
    path: '/operators/{id}/quick-replies',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    body: () => ({ text: '亲，今天下单明天发货' }),
    okStatus: 201,
    cases: (s) => [
      ...labelled(bodyCases({ text: '亲，今天下单明天发货' }, { text: { kind: 'line', min: 1, max: 500 } }, new Date())),
      coded('a prohibited word', 422, 'PROHIBITED_CONTENT', { body: { text: '全网第一' } }),
      ...ids(),
      NF('as a buyer (not a member)', { token: s.buyer.token }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'DELETE',
    path: '/operators/{id}/quick-replies/{replyId}',
    who: 'owner',
    params: (s) => ({ id: s.shop, replyId: s.quickReply }),
    okStatus: 204,
    cases: (s) => [
      ...ids(),
      ...ids('replyId'),
      NF('as a buyer (not a member)', { token: s.buyer.token }),
      vf('a query parameter', { query: 'foo=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to conversation routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;
    const { send } = itRefusesParamRoutes({ listName: 'CONVERSATION_ROUTE_KEYS', keys: CONVERSATION_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => s[route.who].token });
    beforeAll(async () => {
      t = await startTestApp(kind, { env: { CHAT_MESSAGES_PER_MINUTE: '1000' } });
      const http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const otherShop = await given.operator(t, admin, { viaSms: false });
      const pending = await given.operator(t, admin, { viaSms: false, approve: false });
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: 1_000, stock: 30 }] });
      const foreignProduct = await given.product(t, otherShop);
      const buyer = await given.user(t, { viaSms: false });
      const other = await given.user(t, { viaSms: false });
      const owner = shop.owner;
      const placeOrder = async (user: GivenUser) => {
        const addressId = await given.address(t, user);
        return (await okBody(http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: user.token }), 201)).order.id as string;
      };
      const conversation = (await okBody(http.post(`/operators/${shop.id}/conversations`, undefined, { token: buyer.token }))).conversation.id as string;
      await okBody(http.post(`/conversations/${conversation}/messages`, { kind: 'text', text: '在吗' }, { token: buyer.token }), 201);
      const quickReply = (await okBody(http.post(`/operators/${shop.id}/quick-replies`, { text: '在的' }, { token: owner.token }), 201)).quickReply.id as string;
      s = {
        buyer,
        owner,
        other,
        shop: shop.id,
        pendingShop: pending.id,
        conversation,
        product: product.id,
        foreignProduct: foreignProduct.id,
        order: await placeOrder(buyer),
        foreignOrder: await placeOrder(other),
        ownerImage: (await upload(t, owner.token, await pngImage('#36c'))).body.url,
        quickReply,
      };
    }, 300_000);
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only); streams answer with text/event-stream', async () => {
      const mine = (await upload(t, s.buyer.token, await pngImage('#6a3'))).body.url as string;
      for (const route of ROUTES) {
        if (route.stream) {
          const path = `/api/v1${route.path.replace(/\{(\w+)\}/g, (_, name: string) => route.params!(s)[name]!)}`;
          const abort = new AbortController();
          const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${s[route.who].token}` }, signal: abort.signal });
          expect([routeKey(route), res.status, res.headers.get('content-type')]).toEqual([routeKey(route), 200, 'text/event-stream; charset=utf-8']);
          abort.abort();
          continue;
        }
        const res = await send(route, route.okParams ? { params: route.okParams(s) } : {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
      }
      // Every kind of message, each valid.
      for (const body of [
        { kind: 'image', image: mine },
        { kind: 'product', productId: s.product },
        { kind: 'order', orderId: s.order },
      ]) {
        expect((await send(ROUTES[3]!, { body })).status).toBe(201);
      }
    });
  });
}
