/**
 * R1 and D3: a test scans every public response of the whole API for the
 * individual's identity number, phone, real name and address and finds none.
 *
 * On each database an approved INDIVIDUAL operator (distinctive account phone, shop
 * contact phone, address, real name and identity number ending in X), an approved
 * enterprise operator (with a legal representative), a pending individual, their
 * products and an approved service provider are set up through the API. Then every
 * operation the OpenAPI document lists without `security` is called (ids filled in
 * with the real ones, list filters included; the payment provider's webhook and the
 * sandbox provider pay the individual's own top-ups and are sent unknown ids made of
 * the individual's phone and identity number), plus the undocumented public documents
 * (openapi.json, the docs, the web app, the uploaded images), and every GET any
 * logged-in non-admin may send (a stranger, the enterprise's owner, a regulator),
 * and none of the answers may hold those values, nor a masked form of them that
 * shows more than a masked phone (138****1234: 7 of 11 characters).
 *
 * The storefronts must still show what R1 requires: the individual's
 * platform-registration notice, the enterprise's company name and credit code; and
 * the regulator's CSV register lists company names and credit codes and nothing personal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../src/modules/accounts/index.js';
import { signWebhook } from '../src/modules/payments/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { PREFIX, guarded, routeKey, uploadImage } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, signUp, uniquePhone, type GivenUser } from './support/given.js';
import type { Client, Response } from './support/http.js';
import { firstEvent as firstEventAt, leaks, type Scanned, type Secret } from './support/pii-scan.js';

/** A valid identity number born on `born` whose check character is X. */
function idNumberEndingInX(born: string): string {
  for (let area = 110101; ; area++) {
    for (let seq = 100; seq < 1000; seq++) {
      const first17 = `${area}${born}${seq}`;
      if (idCheckCharacter(first17) === 'X') return `${first17}X`;
    }
  }
}

interface Person {
  user: GivenUser;
  realName: string;
  idNumber: string;
}

for (const kind of DATABASE_KINDS) {
  describe(`no public response holds an individual's personal data (R1, D3) on ${kind}`, () => {
    let t: TestApp;
    let http: Client;
    let admin: GivenUser;
    let individual: Person;
    let pendingPerson: Person;
    let enterpriseOwner: Person;
    let stranger: GivenUser;
    let regulator: GivenUser;
    let individualOp: string;
    let enterpriseOp: string;
    let pendingOp: string;
    let productIds: string[];
    let imageUrls: string[];
    /** The individual's top-ups: one the sandbox provider pays, one paid by a signed webhook. */
    let topUps: { sandbox: string; webhook: string };
    /** The individual's note tagging their own product, with a comment and a follower. */
    let note: { id: string; tagId: string };
    let groupBuyId: string;
    /** A stranger's bargain on the individual's product, helped by the individual. */
    let bargain: { id: string; skuId: string };
    /** The individual's review of the enterprise's scarf, replied to by the enterprise. */
    let reviewId: string;
    const secrets: Secret[] = [];

    const ENTERPRISE = { companyName: '敦煌飞天文化传媒有限公司', creditCode: '91350100M000100Y43', legalRepresentative: '上官婉儿' };
    const PROVIDER = { companyName: '丝路物流有限公司', creditCode: '9144030071526726XG' };

    /** A user with a verified identity of our choosing (given.user would give everyone the same name). */
    async function person(realName: string, born: string): Promise<Person> {
      const user = await given.user(t, { verify: 'phone', displayName: '店主' });
      const idNumber = idNumberEndingInX(born);
      await given.identityConsent(t, user);
      const res = await http.post('/me/identity', { realName, idNumber }, { token: user.token });
      expect(res.status, res.text).toBe(200);
      return { user, realName, idNumber };
    }

    async function approve(path: string): Promise<void> {
      const res = await http.post(path, undefined, { token: admin.token });
      expect(res.status, res.text).toBe(200);
    }

    function addPersonalSecrets(p: Person, who: string, extra: { contactPhone?: string; email?: string; region?: string; line?: string } = {}) {
      const add = (what: string, value: string, maskedMayShow: number) => secrets.push({ what: `${who}'s ${what}`, value, maskedMayShow });
      add('identity number', p.idNumber, 7);
      add('identity number (lower-case x)', p.idNumber.toLowerCase(), 7);
      add('account phone', p.user.phone, 7);
      add('real name', p.realName, Math.floor(p.realName.length / 2));
      if (extra.contactPhone) add('shop contact phone', extra.contactPhone, 7);
      if (extra.email) add('shop contact email', extra.email, 0);
      if (extra.region) add('address region', extra.region, 0);
      if (extra.line) add('address line', extra.line, 0);
    }

    beforeAll(async () => {
      t = await startTestApp(kind);
      http = guarded(t.http);
      t.http = http;
      admin = await given.admin(t);

      // The individual: everything personal is distinctive, so a leak cannot hide.
      individual = await person('司马相如', '19870615');
      expect(individual.idNumber.endsWith('X')).toBe(true);
      const contact = { phone: uniquePhone(), email: 'xiangru.shop@example.com' };
      const address = { region: '甘肃省 敦煌市 沙州镇', line: '鸣沙山路 7 号 3 单元 1201 室' };
      const reg = await http.post(
        '/operators',
        // The identity number in lower case: the same person (normalised), still never shown.
        { kind: 'individual', shopName: '敦煌手作', contact, address, individual: { realName: individual.realName, idNumber: individual.idNumber.toLowerCase() } },
        { token: individual.user.token },
      );
      expect(reg.status, reg.text).toBe(201);
      individualOp = reg.body.operator.id;
      await approve(`/admin/operators/${individualOp}/approve`);
      addPersonalSecrets(individual, 'the individual operator', { contactPhone: contact.phone, email: contact.email, region: address.region, line: address.line });
      secrets.push({ what: "the individual operator's door number", value: '3 单元 1201 室', maskedMayShow: 0 });
      // Its return address (after-sales): never in a public view, nor to another user.
      const returnAddress = { recipient: '卓文君', phone: uniquePhone(), region: '四川省 成都市 邛崃市', line: '文君井路 9 号 退货处' };
      const added = await http.post(`/operators/${individualOp}/return-addresses`, returnAddress, { token: individual.user.token });
      expect(added.status, added.text).toBe(201);
      secrets.push(
        { what: "the individual operator's return recipient", value: returnAddress.recipient, maskedMayShow: 1 },
        { what: "the individual operator's return phone", value: returnAddress.phone, maskedMayShow: 7 },
        { what: "the individual operator's return street", value: returnAddress.line, maskedMayShow: 0 },
      );

      // The enterprise: its licence is public (R1); its legal representative and owner are people.
      enterpriseOwner = await person('欧阳锋', '19750302');
      const ent = await http.post(
        '/operators',
        { kind: 'enterprise', shopName: '飞天文创旗舰店', contact: { phone: uniquePhone() }, address: { region: '甘肃省 酒泉市', line: '飞天大道 88 号' }, enterprise: ENTERPRISE },
        { token: enterpriseOwner.user.token },
      );
      expect(ent.status, ent.text).toBe(201);
      enterpriseOp = ent.body.operator.id;
      await approve(`/admin/operators/${enterpriseOp}/approve`);
      addPersonalSecrets(enterpriseOwner, "the enterprise's owner");
      secrets.push({ what: "the enterprise's legal representative", value: ENTERPRISE.legalRepresentative, maskedMayShow: 2 });

      // A pending individual: not public at all.
      pendingPerson = await person('慕容复', '19920817');
      const pendingContact = { phone: uniquePhone() };
      const pendingAddress = { region: '江苏省 苏州市 姑苏区', line: '燕子坞 参合庄 9 号' };
      const pending = await http.post(
        '/operators',
        { kind: 'individual', shopName: '参合小铺', contact: pendingContact, address: pendingAddress, individual: { realName: pendingPerson.realName, idNumber: pendingPerson.idNumber } },
        { token: pendingPerson.user.token },
      );
      expect(pending.status, pending.text).toBe(201);
      pendingOp = pending.body.operator.id;
      addPersonalSecrets(pendingPerson, 'the pending operator', { contactPhone: pendingContact.phone, region: pendingAddress.region, line: pendingAddress.line });

      // A service provider, approved.
      const providerOwner = await given.user(t, { verify: 'identity' });
      const sp = await http.post(
        '/service-providers',
        { ...PROVIDER, service: 'logistics', contact: { phone: uniquePhone() }, address: { region: '新疆 乌鲁木齐', line: '丝路大道 1 号' } },
        { token: providerOwner.token },
      );
      expect(sp.status, sp.text).toBe(201);
      await approve(`/admin/service-providers/${sp.body.serviceProvider.id}/approve`);

      // Products of both shops.
      imageUrls = [await uploadImage(t, individual.user.token, 1), await uploadImage(t, individual.user.token, 2, 'jpeg'), await uploadImage(t, enterpriseOwner.user.token, 3, 'webp')];
      productIds = [];
      const create = async (owner: Person, operatorId: string, body: Record<string, unknown>) => {
        const res = await http.post(`/operators/${operatorId}/products`, body, { token: owner.user.token });
        expect(res.status, res.text).toBe(201);
        productIds.push(res.body.product.id);
      };
      await create(individual, individualOp, {
        title: '手工羊毛毡挂件',
        description: '纯手工制作，每件略有不同。',
        images: [imageUrls[0], imageUrls[1]],
        skus: [{ name: '骆驼', price: 5900, stock: 20, groupPrice: 4900, groupSize: 2, bargainFloor: 2900, maxHelpers: 10 }],
        addOns: [{ title: '礼盒', price: 800 }],
      });
      await create(individual, individualOp, { title: '敦煌壁画明信片', description: '一套 12 张。', category: 'periodicals', images: [imageUrls[0]], skus: [{ name: '一套', price: 2500, stock: 100 }] });
      await create(enterpriseOwner, enterpriseOp, { title: '飞天丝巾', description: '真丝，90 × 90 cm。', category: 'apparel', images: [imageUrls[2]], skus: [{ name: '蓝', price: 19900, stock: 30 }] });

      // The individual's wallet: top-ups for the payment provider routes to pay.
      const topUp = async (amount: number) => {
        const res = await http.post('/wallet/top-ups', { amount }, { token: individual.user.token });
        expect(res.status, res.text).toBe(201);
        return res.body.topUp.id as string;
      };
      topUps = { sandbox: await topUp(12_300), webhook: await topUp(45_600) };

      stranger = await given.user(t, { verify: 'identity' });
      const posted = await http.post(
        '/notes',
        { title: '羊毛毡挂件返图', body: '自己做的小骆驼 #手作', images: [{ url: imageUrls[0], tags: [{ productId: productIds[0], x: 0.4, y: 0.6 }] }] },
        { token: individual.user.token },
      );
      expect(posted.status, posted.text).toBe(201);
      note = { id: posted.body.note.id, tagId: posted.body.note.tags[0].id };
      for (const [path, body] of [[`/notes/${note.id}/comments`, { body: '好可爱' }], [`/notes/${note.id}/collect`, undefined], [`/users/${individual.user.id}/follow`, undefined]] as const) {
        expect((await http.post(path, body, { token: stranger.token })).status).toBeLessThan(300);
      }
      // A group buy on the individual's product, opened and paid by the individual (a member shown by display name only).
      const deliverTo = await given.address(t, individual.user);
      const opened = await http.post('/group-buys', { skuId: (await http.get(`/products/${productIds[0]}`)).body.skus[0].id, addressId: deliverTo }, { token: individual.user.token, headers: { 'idempotency-key': 'group-buy-open-1' } });
      expect(opened.status, opened.text).toBe(201);
      groupBuyId = opened.body.groupBuy.id;
      const bargainSku = (await http.get(`/products/${productIds[0]}`)).body.skus[0].id as string;
      const started = await http.post('/bargains', { skuId: bargainSku }, { token: stranger.token });
      expect(started.status, started.text).toBe(201);
      bargain = { id: started.body.bargain.id, skuId: bargainSku };
      expect((await http.post(`/bargains/${bargain.id}/help`, undefined, { token: individual.user.token })).status).toBe(200);
      // The individual buys the enterprise's scarf (exactly its price: the wallet check below stays) and reviews it; the shop replies.
      expect((await http.put('/me/payment-pin', { pin: '258036' }, { token: individual.user.token })).status).toBe(204);
      await given.funds(t, individual.user, 19_900);
      const scarfSku = (await http.get(`/products/${productIds[2]}`)).body.skus[0].id as string;
      const enterpriseShop = { id: enterpriseOp, owner: enterpriseOwner.user, kind: 'enterprise' as const };
      const bought = await given.receivedOrder(t, enterpriseShop, [scarfSku], individual.user);
      const reviewed = await http.post(`/orders/${bought.orderId}/items/${bought.itemIds[0]}/review`, { rating: 4, serviceRating: 5, deliveryRating: 5, text: '丝巾颜色正，敦煌风很美', images: [imageUrls[0]] }, { token: individual.user.token, headers: { 'idempotency-key': 'review-write-1' } });
      expect(reviewed.status, reviewed.text).toBe(201);
      reviewId = reviewed.body.review.id;
      const replied = await http.post(`/reviews/${reviewId}/reply`, { text: '谢谢喜欢' }, { token: enterpriseOwner.user.token, headers: { 'idempotency-key': 'review-reply-1' } });
      expect(replied.status, replied.text).toBe(200);
      regulator = await given.user(t);
      const grant = await http.post(`/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token });
      expect(grant.status, grant.text).toBe(200);
    });
    afterAll(async () => {
      await t?.close();
    });

    /** Any path on the server (the web app, /docs, the images), text decoded as UTF-8 and Latin-1. */
    /** An event stream's answer up to its first message (or a problem), then the connection is dropped. */
    const firstEvent = (path: string) => firstEventAt(`${t.url}${PREFIX}${path}`);

    async function fetchRaw(path: string): Promise<Scanned[]> {
      const response = await fetch(`${t.url}${path}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.status, `GET ${path}`).toBeLessThan(500);
      return [
        { what: `GET ${path}`, status: response.status, text: bytes.toString('utf8') },
        { what: `GET ${path} (bytes)`, status: response.status, text: bytes.toString('latin1') },
      ];
    }

    const scanned = (what: string, res: Response): Scanned => ({ what, status: res.status, text: res.text });

    /** The payment provider's webhook: `event` as JSON, signed now with the configured secret unless `signed` is false. */
    async function webhook(what: string, event: unknown, signed = true): Promise<Scanned> {
      const raw = JSON.stringify(event);
      const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (signed) Object.assign(headers, { 'x-provider-timestamp': timestamp, 'x-provider-signature': signWebhook(t.ctx.config.paymentWebhookSecret, timestamp, raw) });
      return scanned(`POST /payments/webhook (${what})`, await http.post('/payments/webhook', undefined, { raw, headers }));
    }

    /** Requests for every operation without `security`, ids filled in (checked against the document). */
    function publicRequests(): Record<string, (() => Promise<Scanned>)[]> {
      const get = (path: string) => async () => scanned(`GET ${path}`, await http.get(path));
      const q = encodeURIComponent;
      const complete = (what: string, id: string) => async () => scanned(`POST /sandbox/top-ups/{id}/complete (${what})`, await http.post(`/sandbox/top-ups/${q(id)}/complete`));
      const completePayment = (what: string, id: string) => async () => scanned(`POST /sandbox/payments/{id}/complete (${what})`, await http.post(`/sandbox/payments/${q(id)}/complete`));
      const paid = { type: 'top_up.succeeded', topUpId: topUps.webhook, amount: 45_600, providerRef: `ref-${topUps.webhook}` };
      return {
        'POST /sandbox/top-ups/{id}/complete': [
          complete("the individual's top-up", topUps.sandbox),
          complete("the individual's top-up, again", topUps.sandbox),
          complete('an unknown top-up', 'no-such-top-up'),
          complete("the individual's phone as the id", individual.user.phone),
          complete("the individual's identity number as the id", individual.idNumber),
          complete("the individual's user id as the id", individual.user.id),
        ],
        'POST /sandbox/payments/{id}/complete': [
          completePayment('an unknown payment', 'no-such-payment'),
          completePayment("the individual's phone as the id", individual.user.phone),
          completePayment("the individual's identity number as the id", individual.idNumber),
          completePayment("the individual's user id as the id", individual.user.id),
        ],
        'POST /payments/webhook': [
          async () => webhook("the individual's top-up paid", paid),
          async () => webhook("the individual's top-up paid, repeated", paid),
          async () => webhook("the individual's top-up, unsigned", paid, false),
          async () => webhook("the individual's top-up, another amount", { ...paid, amount: 1 }),
          async () => webhook("the individual's phone as the top-up id", { ...paid, topUpId: individual.user.phone }),
          async () => webhook("the individual's identity number as the top-up id", { ...paid, topUpId: individual.idNumber }),
          async () => webhook("the individual's phone as the amount", { ...paid, amount: individual.user.phone }),
          async () => webhook('an unknown event type', { ...paid, type: 'refund.succeeded' }),
        ],
        'POST /auth/register': [
          async () => scanned('POST /auth/register (a new phone)', await signUp(t, { phone: uniquePhone(), password: 'a-good-password-1', displayName: '路人' })),
          async () =>
            scanned(
              "POST /auth/register (the individual's phone, no code)",
              await http.post('/auth/register', { phone: individual.user.phone, code: '000000', password: 'a-good-password-1', displayName: '冒名' }),
            ),
        ],
        'POST /auth/phone-code': [
          async () => scanned("POST /auth/phone-code (the individual's phone)", await http.post('/auth/phone-code', { phone: individual.user.phone })),
          async () => scanned('POST /auth/phone-code (a new phone)', await http.post('/auth/phone-code', { phone: uniquePhone() })),
        ],
        'POST /auth/login': [
          async () => scanned("POST /auth/login (the individual's phone, a wrong password)", await http.post('/auth/login', { phone: individual.user.phone, password: 'wrong-password-1' })),
          async () => scanned('POST /auth/login (an unknown phone)', await http.post('/auth/login', { phone: uniquePhone(), password: 'wrong-password-1' })),
        ],
        'POST /auth/logout': [async () => scanned('POST /auth/logout', await http.post('/auth/logout'))],
        'GET /health': [get('/health')],
        'GET /logistics/carriers': [get('/logistics/carriers')],
        // A carrier's webhook that names the individual: unsigned, or signed by no key Agora issued.
        'POST /logistics/webhook': [individual.user.phone, individual.idNumber].map((number) => async () => {
          const raw = JSON.stringify({ eventId: 'pii-probe', trackingNumber: number, kind: 'delivered', at: t.clock.now().toISOString(), place: individual.realName });
          const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
          const headers = { 'content-type': 'application/json', 'x-logistics-key-id': individual.user.phone, 'x-logistics-timestamp': timestamp, 'x-logistics-signature': signWebhook('guess', timestamp, raw) };
          return scanned('POST /logistics/webhook (the individual as the parcel)', await http.post('/logistics/webhook', undefined, { raw, headers }));
        }),
        ...Object.fromEntries(
          ['deliver', 'exception'].map((action) => [
            `POST /sandbox/parcels/{trackingNumber}/${action}`,
            [individual.user.phone, individual.idNumber, 'NOSUCH123456'].map((number) => async () => scanned(`POST /sandbox/parcels/{trackingNumber}/${action}`, await http.post(`/sandbox/parcels/${q(number)}/${action}`))),
          ]),
        ),
        'GET /notes/{id}': [get(`/notes/${note.id}`)],
        'GET /notes/{id}/comments': [get(`/notes/${note.id}/comments`)],
        'POST /notes/{id}/tags/{tagId}/open': [async () => scanned('POST /notes/{id}/tags/{tagId}/open', await http.post(`/notes/${note.id}/tags/${note.tagId}/open`))],
        'GET /users/{id}': [individual.user.id, pendingPerson.user.id, stranger.id].map((id) => get(`/users/${id}`)),
        'GET /users/{id}/notes': [get(`/users/${individual.user.id}/notes`)],
        'GET /users/{id}/collects': [get(`/users/${stranger.id}/collects`)],
        'GET /users/{id}/followers': [get(`/users/${individual.user.id}/followers`)],
        'GET /feed': ['', '?tab=discover&personalised=false', '?tab=following'].map((query) => get(`/feed${query}`)),
        'GET /sandbox/sms': [get(`/sandbox/sms?phone=${uniquePhone()}`)],
        'GET /categories': [get('/categories')],
        'GET /deposit-rule': [get('/deposit-rule')],
        'GET /dispute-rules': [get('/dispute-rules')],
        'GET /operators/{id}': [individualOp, enterpriseOp, pendingOp, 'no-such-operator'].map((id) => get(`/operators/${id}`)),
        'GET /products/{id}': productIds.map((id) => get(`/products/${id}`)),
        'GET /products/{id}/group-offers': productIds.map((id) => get(`/products/${id}/group-offers`)),
        'GET /group-buys/{id}': [groupBuyId, 'no-such-group'].map((id) => get(`/group-buys/${id}`)),
        // The stream's first message is the group; reading stops there (it never ends by itself).
        'GET /group-buys/{id}/events': [groupBuyId, 'no-such-group'].map((id) => async () => scanned(`GET /group-buys/${id}/events`, await firstEvent(`/group-buys/${id}/events`))),
        'GET /reviews/{id}': [reviewId, 'no-such-review', individual.user.phone].map((id) => get(`/reviews/${id}`)),
        'GET /products/{id}/reviews': productIds.flatMap((id) => ['', '?sort=helpful', '?filter=photos', '?filter=low'].map((query) => get(`/products/${id}/reviews${query}`))),
        'GET /products/{id}/bargain-offers': productIds.map((id) => get(`/products/${id}/bargain-offers`)),
        'GET /bargain-offers/{skuId}/rules': [get(`/bargain-offers/${bargain.skuId}/rules`)],
        'GET /bargains/{id}': [get(`/bargains/${bargain.id}`), get(`/bargains/${individual.user.phone}`)],
        'GET /bargains/{id}/events': [bargain.id, 'no-such-bargain'].map((id) => async () => scanned(`GET /bargains/${id}/events`, await firstEvent(`/bargains/${id}/events`))),
        'GET /products': [
          '',
          '?limit=1',
          `?operatorId=${individualOp}`,
          `?operatorId=${enterpriseOp}`,
          `?operatorId=${pendingOp}`,
          '?category=periodicals',
          '?category=general',
          `?q=${q('羊毛毡')}`,
          `?q=${q('明信片')}&operatorId=${individualOp}&category=periodicals`,
          // Searching for the person finds nothing that names them.
          `?q=${q(individual.realName)}`,
          `?q=${q(individual.user.phone)}`,
          `?q=${q(individual.idNumber)}`,
          `?q=${q('敦煌')}`,
        ].map((query) => get(`/products${query}`)),
        'GET /search': [
          `?q=${q('羊毛毡')}&type=products`,
          `?q=${q('明信片')}&type=products&limit=1`,
          // Searching for the person finds nothing that names them.
          `?q=${q(individual.realName)}&type=products`,
          `?q=${q(individual.user.phone)}&type=products`,
          `?q=${q(individual.idNumber)}&type=products`,
          `?q=${q('敦煌')}&type=products`,
          `?q=${q('羊毛毡')}&type=notes`,
          `?q=${q(individual.realName)}&type=notes`,
          `?q=${q(individual.user.phone)}&type=notes`,
        ].map((query) => get(`/search${query}`)),
      };
    }

    it('every public operation in the OpenAPI document is called below, and only those', async () => {
      const doc = await http.get('/openapi.json');
      const publicOps = Object.entries(doc.body.paths as Record<string, Record<string, { security?: unknown[] }>>)
        .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(PREFIX, ''), secured: (op.security?.length ?? 0) > 0 })))
        .filter((op) => !op.secured)
        .map(routeKey)
        .sort();
      expect(publicOps.length).toBeGreaterThanOrEqual(10);
      expect(Object.keys(publicRequests()).sort()).toEqual(publicOps);
    });

    it("no public response holds the individual's identity number, phones, real name or address, nor the legal representative's name", async () => {
      const responses: Scanned[] = [];
      for (const requests of Object.values(publicRequests())) for (const request of requests) responses.push(await request());
      responses.push(scanned('GET /api/v1/openapi.json', await http.get('/openapi.json')));
      for (const path of ['/docs', '/docs/json', '/', '/shop', `/g/${groupBuyId}`, `/b/${bargain.id}`, ...imageUrls]) responses.push(...(await fetchRaw(path)));
      for (const url of imageUrls) responses.push(...(await fetchRaw(url.replace(/\.(png|jpg|webp)$/, '-thumb.webp'))));
      // The calls above really reached the data: the shops and products answered.
      expect(responses.filter((r) => r.what.startsWith('GET /operators/') && r.status === 200)).toHaveLength(2);
      expect(responses.filter((r) => /^GET \/products\/[^/]+$/.test(r.what) && r.status === 200)).toHaveLength(productIds.length);
      expect(responses.filter((r) => r.what.endsWith('/bargain-offers') && r.status === 200).map((r) => JSON.parse(r.text).items.length)).toEqual([1, 0, 0]);
      // The group-buy reads reached the individual's group (its member shown by display name only).
      expect(JSON.parse(responses.find((r) => r.what === `GET /group-buys/${groupBuyId}`)!.text).members).toHaveLength(1);
      expect(responses.find((r) => r.what === `GET /group-buys/${groupBuyId}/events`)!.text).toContain('event: group');
      // The bargain reads reached the bargain the individual helped, and its share page.
      expect(JSON.parse(responses.find((r) => r.what === `GET /bargains/${bargain.id}`)!.text).helps[0].helper.id).toBe(individual.user.id);
      expect(responses.find((r) => r.what === `GET /b/${bargain.id}`)!.text).toContain('og:title');
      // The social reads reached the individual's note and profile.
      expect(JSON.parse(responses.find((r) => r.what === `GET /users/${individual.user.id}/notes`)!.text).items).toHaveLength(1);
      expect(JSON.parse(responses.find((r) => r.what === `GET /users/${stranger.id}/collects`)!.text).items[0].author.id).toBe(individual.user.id);
      expect(JSON.parse(responses.find((r) => r.what === 'GET /feed')!.text).items.map((n: { id: string }) => n.id)).toContain(note.id);
      const list = responses.find((r) => r.what === `GET /products?operatorId=${individualOp}`)!;
      expect(JSON.parse(list.text).items).toHaveLength(2);
      const searched = responses.find((r) => r.what === `GET /search?q=${encodeURIComponent('羊毛毡')}&type=products`)!;
      expect(JSON.parse(searched.text).items.length).toBeGreaterThanOrEqual(1);
      const notesFound = responses.find((r) => r.what === `GET /search?q=${encodeURIComponent('羊毛毡')}&type=notes`)!;
      expect(JSON.parse(notesFound.text).items.map((n: { id: string }) => n.id)).toEqual([note.id]);
      // The payment provider routes paid the individual's top-ups (then repeats answered the same).
      expect(responses.filter((r) => r.what.startsWith('POST /sandbox/top-ups/') && r.status === 200).map((r) => JSON.parse(r.text).topUp.status)).toEqual(['succeeded', 'succeeded']);
      expect(responses.filter((r) => r.what.startsWith('POST /payments/webhook') && r.status === 200)).toHaveLength(2);
      expect(responses.filter((r) => r.what.startsWith('POST /payments/webhook') && r.status >= 400).map((r) => r.status)).toEqual([401, 400, 404, 404, 400, 400]);
      const wallet = await http.get('/wallet', { token: individual.user.token });
      expect(wallet.body).toEqual({ balance: 12_300 + 45_600, held: 0, incoming: 0 });
      // The review lists reached the individual's review.
      expect(JSON.parse(responses.find((r) => r.what === `GET /reviews/${reviewId}`)!.text).text).toBe('丝巾颜色正，敦煌风很美');
      expect(responses.every((r) => r.status < 500)).toBe(true);
      expect(secrets.length).toBeGreaterThanOrEqual(20);
      expect(responses.flatMap((r) => leaks(r, secrets))).toEqual([]);
    });

    it('what other logged-in users (not admins) get holds none of them either', async () => {
      const doc = await http.get('/openapi.json');
      const getPaths = Object.entries(doc.body.paths as Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>>).flatMap(
        ([path, ops]) => (ops.get ? [{ path: path.replace(PREFIX, ''), required: (ops.get.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name) }] : []),
      );
      const today = t.clock.now().toISOString().slice(0, 10);
      // The reports' period: today, when all the seeded orders were placed (the regulator's figures are scanned too).
      const fill: Record<string, string> = { purpose: 'customer support ticket 42', phone: uniquePhone(), q: encodeURIComponent('羊毛毡'), type: 'products', from: today, to: today };
      const ids = [individualOp, pendingOp, ...productIds, individual.user.id, pendingPerson.user.id];
      const responses: Scanned[] = [];
      for (const viewer of [stranger, enterpriseOwner.user, regulator]) {
        for (const { path, required } of getPaths) {
          const unknown = required.filter((name) => !(name in fill));
          expect(unknown, `add a value for ${path}?${unknown.join('&')}`).toEqual([]);
          const query = required.length > 0 ? `?${required.map((name) => `${name}=${fill[name]}`).join('&')}` : '';
          for (const id of path.includes('{id}') ? ids : [undefined]) {
            const filled = `${path.replace('{id}', id ?? '')}${query}`;
            // A stream never ends by itself: its first message is what gets scanned.
            const res = path.endsWith('/events') ? await firstEventAt(`${t.url}${PREFIX}${filled}`, viewer.token) : await http.get(filled, { token: viewer.token });
            responses.push(scanned(`GET ${filled} as ${viewer.id}`, res));
          }
        }
        // Managing the individual's shop and products: 404, and nothing personal in the answer.
        const writes: [string, string, unknown][] = [
          ['POST', `/operators/${individualOp}/closure`, { effectiveAt: new Date(t.clock.now().getTime() + 40 * 86_400_000).toISOString() }],
          ['POST', `/operators/${individualOp}/products`, { title: '冒名商品', description: 'x', images: [imageUrls[0]], skus: [{ name: 'a', price: 100, stock: 1 }] }],
          ['PATCH', `/products/${productIds[0]}`, { title: '改掉它' }],
          ['POST', `/admin/operators/${pendingOp}/approve`, undefined],
        ];
        for (const [method, path, body] of writes) {
          const res = await http.request(method, path, body, { token: viewer.token });
          expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
          responses.push(scanned(`${method} ${path} as ${viewer.id}`, res));
        }
      }
      // The viewers did reach the shops: the storefront answers them too.
      expect(responses.filter((r) => r.what.startsWith(`GET /operators/${individualOp} as`) && r.status === 200)).toHaveLength(3);
      // The regulator's register is checked in its own test. A viewer's own export holds their own
      // data (PIPL art. 45), and their own identity shows to them masked (GET /me/identity, for the shop
      // form); everyone else's answers hold none of the secrets.
      const ownExport = (r: Scanned) => (r.what.startsWith('GET /me/export') || r.what.startsWith('GET /me/identity')) && r.what.endsWith(`as ${enterpriseOwner.user.id}`);
      const scannedHere = responses.filter((r) => !r.what.startsWith('GET /regulator/operators.csv') && !ownExport(r));
      expect(scannedHere.flatMap((r) => leaks(r, secrets))).toEqual([]);
    });

    it("R1: the individual's storefront shows the platform-registration notice; the enterprise's its company name and credit code", async () => {
      const shop = await http.get(`/operators/${individualOp}`);
      expect(shop.status).toBe(200);
      expect(shop.body).toMatchObject({ id: individualOp, kind: 'individual', status: 'approved', disclosure: { kind: 'individual' } });
      expect(shop.body.disclosure.notice).toMatch(/个人经营者/);
      expect(shop.body.disclosure.notice).toMatch(/平台登记/);
      expect(shop.body.disclosure.noticeEn).toMatch(/registered on the Agora platform/);
      expect(shop.body.disclosure).not.toHaveProperty('companyName');
      expect(shop.body.disclosure).not.toHaveProperty('creditCode');

      const company = await http.get(`/operators/${enterpriseOp}`);
      expect(company.status).toBe(200);
      expect(company.body.disclosure).toMatchObject({ kind: 'enterprise', companyName: ENTERPRISE.companyName, creditCode: ENTERPRISE.creditCode });
      expect(company.body.disclosure.notice).toContain(ENTERPRISE.companyName);
      expect(company.body.disclosure.notice).toContain(ENTERPRISE.creditCode);

      // A pending registration has no storefront yet.
      expect((await http.get(`/operators/${pendingOp}`)).status).toBe(404);
    });

    it('the regulator CSV lists company names and credit codes and none of the personal values', async () => {
      const res = await http.get('/regulator/operators.csv', { token: regulator.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      for (const value of [ENTERPRISE.companyName, ENTERPRISE.creditCode, PROVIDER.companyName, PROVIDER.creditCode, individualOp, enterpriseOp, pendingOp]) {
        expect(res.text, value).toContain(value);
      }
      // The individual's row carries its registration notice, not its person.
      const row = res.text.split('\n').find((line) => line.includes(individualOp))!;
      expect(row).toMatch(/平台登记/);
      expect(leaks(scanned('GET /regulator/operators.csv', res), secrets)).toEqual([]);
      // Only the regulator reads it.
      expect((await http.get('/regulator/operators.csv', { token: stranger.token })).status).toBe(403);
      expect((await http.get('/regulator/operators.csv', { token: admin.token })).status).toBe(403);
    });

    it('the leak check itself finds whole, encoded and over-revealing masked values', async () => {
      // Control: an admin's review queue (not public) does hold them, so the values are real and would be seen.
      const queue = await http.get('/admin/operators?limit=100', { token: admin.token });
      expect(queue.status).toBe(200);
      const found = leaks(scanned('GET /admin/operators', queue), secrets).join('\n');
      expect(found).toContain("the individual operator's shop contact phone");
      expect(found).toContain("the individual operator's address line");
      expect(found).toContain("the individual operator's identity number masked as");
      expect(found).toContain("the enterprise's legal representative");

      const phone = individual.user.phone;
      const probe = (text: string) => leaks({ what: 'probe', status: 200, text }, secrets);
      expect(probe(`{"phone":"${phone}"}`)).not.toEqual([]);
      expect(probe(`{"q":"${encodeURIComponent(individual.realName)}"}`)).not.toEqual([]);
      expect(probe(`{"id":"${individual.idNumber.slice(0, 6)}********${individual.idNumber.slice(14)}"}`)).not.toEqual([]);
      expect(probe(`{"id":"${individual.idNumber.toLowerCase()}"}`)).not.toEqual([]);
      expect(probe(`{"phone":"${phone.slice(0, 8)}***"}`)).not.toEqual([]);
      expect(probe(`{"phone":"1*${phone.slice(2)}"}`)).not.toEqual([]);
      expect(probe(`{"name":"${individual.realName.slice(0, 3)}*"}`)).not.toEqual([]);
      // The masked phone style itself is allowed.
      expect(probe(`{"phone":"${phone.slice(0, 3)}****${phone.slice(7)}"}`)).toEqual([]);
    });
  });
}
