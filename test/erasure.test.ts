/**
 * Account erasure (PIPL art. 47, R4, R15): `DELETE /me` re-checks
 * the password (counted like a failed login), is blocked by open orders, open
 * disputes, open after-sales requests, money in the wallet and a live shop; otherwise it erases the vault,
 * revokes sessions, leaves a pseudonymous tombstone, deletes or anonymises the
 * user's content as chosen — and a dump of every table then holds none of the
 * user's plaintext personal data. Three years after an order closed, the purge job
 * strips it to amounts, items and dates; the ledger still balances.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { plaintextFound } from './support/dump.js';
import { given, pngImage, signUp, uniquePhone, upload, validIdNumber, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const PSEUDONYM = /^已注销用户 [2-9A-HJKMNP-Z]{4}$/;

for (const kind of DATABASE_KINDS) {
  describe(`account erasure on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: { shop: GivenOperator; skuId: string };
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    beforeEach(async () => {
      // Tests move the clock by days and years; sessions lapse after 7 idle days.
      admin = await given.admin(t);
      const operator = await given.operator(t, admin, { viaSms: false });
      const product = await given.product(t, operator, { skus: [{ name: '标准', price: PRICE, stock: 50 }] });
      shop = { shop: operator, skuId: product.skus[0].id as string };
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    const db = () => t.ctx.database.db;
    const key = () => ({ 'idempotency-key': randomUUID() });
    const login = async (user: GivenUser) => (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;
    const erase = (user: GivenUser, body: Record<string, unknown>) => t.http.delete('/me', body, { token: user.token });
    const blockerCodes = async (user: GivenUser) => ((await t.http.get('/me/deletion', { token: user.token })).body.blockers as { code: string }[]).map((b) => b.code).sort();

    /** A buyer with a verified identity of their own (unique plaintext to look for), a PIN and an address. */
    async function buyer(displayName: string) {
      const user = await given.user(t, { verify: 'phone', viaSms: false, displayName });
      const realName = '欧阳擦除';
      const idNumber = validIdNumber('19880612');
      await given.identityConsent(t, user);
      expect((await t.http.post('/me/identity', { realName, idNumber }, { token: user.token })).status).toBe(200);
      expect((await t.http.put('/me/payment-pin', { pin: PIN }, { token: user.token })).status).toBe(204);
      const address = { recipient: `收件人${randomUUID().slice(0, 6)}`, phone: uniquePhone(), region: '江苏省南京市玄武区', line: `珠江路 ${Math.floor(Math.random() * 900 + 100)} 号擦除小区` };
      const added = await t.http.post('/me/addresses', address, { token: user.token });
      expect(added.status).toBe(201);
      await given.funds(t, user, 50_000);
      return { user: { ...user, realName, idNumber }, address, addressId: added.body.address.id as string };
    }

    async function placeAndPay(user: GivenUser, addressId: string): Promise<string> {
      const placed = await t.http.post('/orders', { addressId, items: [{ skuId: shop.skuId, quantity: 1 }] }, { token: user.token, headers: key() });
      expect(placed.status, placed.text).toBe(201);
      const id = placed.body.order.id as string;
      expect((await t.http.post(`/orders/${id}/pay`, { pin: PIN }, { token: user.token, headers: key() })).status).toBe(200);
      return id;
    }

    async function shipAndReceive(user: GivenUser, orderId: string) {
      expect((await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF9988776655' }, { token: shop.shop.owner.token, headers: key() })).status).toBe(200);
      expect((await t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, { token: user.token, headers: key() })).status).toBe(200);
    }

    /** Past the return window: the sweep completes received orders. */
    async function completeAll() {
      t.clock.advance(9 * DAY);
      await t.ctx.orderTimers.sweep();
    }

    async function withdrawAll(user: GivenUser) {
      const wallet = (await t.http.get('/wallet', { token: user.token })).body;
      if (wallet.balance > 0) expect((await t.http.post('/wallet/withdrawals', { amount: wallet.balance, pin: PIN }, { token: user.token, headers: key() })).status).toBe(201);
    }

    const SHIP = { carrier: '顺丰速运', trackingNumber: 'SF5566778899' };
    const afterSale = async (user: GivenUser, path: string, body?: unknown) => {
      const res = await t.http.post(path, body, { token: user.token, headers: key() });
      expect(res.status, res.text).toBeLessThan(300);
      return res.body.request.id as string;
    };

    /**
     * Two closed after-sales requests on a received order, through HTTP: a return with a
     * photo, approved, shipped back and withdrawn; then a refund the shop refuses.
     */
    async function afterSalesOf(user: GivenUser, orderId: string): Promise<string[]> {
      const owner = shop.shop.owner;
      const address = { recipient: '王仓管', phone: '13900001111', region: '浙江省 杭州市 余杭区', line: '仓前街道 良睦路 1 号 退货仓' };
      expect((await t.http.post(`/operators/${shop.shop.id}/return-addresses`, address, { token: owner.token, headers: key() })).status).toBe(201);
      const photo = await upload(t, user.token, await pngImage());
      const images = [photo.body.url as string];
      const returned = await afterSale(user, `/orders/${orderId}/after-sales`, { type: 'return_refund', reason: 'damaged', description: '外壳破裂，屏幕不亮', images });
      await afterSale(owner, `/after-sales/${returned}/approve`);
      await afterSale(user, `/after-sales/${returned}/return-shipment`, SHIP);
      await afterSale(user, `/after-sales/${returned}/withdraw`);
      const refused = await afterSale(user, `/orders/${orderId}/after-sales`, { type: 'refund_only', reason: 'quality_problem', description: '外壳破裂，第二次', images });
      await afterSale(owner, `/after-sales/${refused}/refuse`, { reason: '不退，外观完好' });
      return [returned, refused];
    }

    /** The requests' rows with their timelines, in the order of `ids`. */
    async function afterSaleRows(ids: string[]) {
      return Promise.all(
        ids.map(async (id) => ({
          ...(await db().selectFrom('after_sales').selectAll().where('id', '=', id).executeTakeFirstOrThrow()),
          events: await db().selectFrom('after_sale_events').select(['type', 'body', 'images', 'detail']).where('after_sale_id', '=', id).orderBy('id').execute(),
        })),
      );
    }

    it('blocks on an open order and money in the wallet; then erases, anonymising: no plaintext left anywhere (R4, R15)', async () => {
      const displayName = `擦除测试员${randomUUID().slice(0, 4)}`;
      const { user, address, addressId } = await buyer(displayName);
      const author = await given.user(t, { viaSms: false });
      const othersNote = await given.note(t, author);
      const note = await given.note(t, user, [[]], { title: '擦除前写的笔记', body: '这条笔记会以化名保留' });
      expect((await t.http.post(`/notes/${othersNote.id}/comments`, { body: '写得真好' }, { token: user.token })).status).toBe(201);
      expect((await t.http.post(`/notes/${othersNote.id}/like`, undefined, { token: user.token })).status).toBe(200);
      expect((await t.http.put('/me/consents/marketing', { granted: true }, { token: user.token })).status).toBe(200);

      const orderId = await placeAndPay(user, addressId);
      expect(await blockerCodes(user)).toEqual(['OPEN_ORDERS', 'WALLET_NOT_EMPTY']);
      const blocked = await erase(user, { password: user.password });
      expect(blocked.status).toBe(409);
      expect(blocked.body).toMatchObject({ code: 'OPEN_ORDERS', blockers: [{ code: 'OPEN_ORDERS', count: 1 }, { code: 'WALLET_NOT_EMPTY', count: 40_000 }] });
      const wrong = await erase(user, { password: 'not-the-password' });
      expect([wrong.status, wrong.body.code]).toEqual([403, 'BAD_PASSWORD']);

      await shipAndReceive(user, orderId);
      await completeAll();
      user.token = await login(user);
      expect((await t.http.get(`/orders/${orderId}`, { token: user.token })).body.status).toBe('completed');
      const stillMoney = await erase(user, { password: user.password });
      expect([stillMoney.status, stillMoney.body.code]).toEqual([409, 'WALLET_NOT_EMPTY']);
      await withdrawAll(user);
      expect(await blockerCodes(user)).toEqual([]);

      const erased = await erase(user, { password: user.password });
      expect(erased.status, erased.text).toBe(200);
      expect(erased.body.content).toBe('anonymise');
      expect(erased.body.pseudonym).toMatch(PSEUDONYM);
      expect(erased.headers.get('set-cookie') ?? '').toMatch(/agora_session=;/);

      // Logged out everywhere, and the phone and password lead nowhere.
      expect((await t.http.get('/me', { token: user.token })).status).toBe(401);
      const again = await t.http.post('/auth/login', { phone: user.phone, password: user.password });
      expect([again.status, again.body.code]).toEqual([401, 'BAD_CREDENTIALS']);
      // Content stays under the pseudonym.
      const shown = await t.http.get(`/notes/${note.id}`);
      expect(shown.status).toBe(200);
      expect(shown.body.author.displayName).toBe(erased.body.pseudonym);
      expect(JSON.stringify((await t.http.get(`/notes/${othersNote.id}/comments`)).body)).toContain(erased.body.pseudonym);

      // R4: the order stays, for its operator, without the address (the vault entry is gone).
      shop.shop.owner.token = await login(shop.shop.owner);
      const asOperator = await t.http.get(`/orders/${orderId}`, { token: shop.shop.owner.token });
      expect(asOperator.body).toMatchObject({ status: 'completed', total: PRICE, buyerId: user.id });
      expect((await t.http.get(`/orders/${orderId}/shipping-address`, { token: shop.shop.owner.token })).body.address).toBeNull();

      // The vault holds nothing of the person; consents withdrawn with their history kept; an audit row.
      expect(await db().selectFrom('personal_data').select('kind').where('subject_id', '=', user.id).execute()).toEqual([]);
      const consents = await db().selectFrom('consents').select(['purpose', 'granted']).where('user_id', '=', user.id).orderBy('id').execute();
      // Granted before identity verification (PIPL art. 29), then marketing; both withdrawn by the erasure.
      expect(consents).toEqual([
        { purpose: 'sensitive_identity', granted: true },
        { purpose: 'marketing', granted: true },
        { purpose: 'marketing', granted: false },
        { purpose: 'sensitive_identity', granted: false },
      ]);
      const audit = await db().selectFrom('audit_log').select(['action', 'actor_id', 'detail']).where('target_id', '=', user.id).where('action', '=', 'account.erased').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]!.detail).toMatchObject({ content: 'anonymise', vaultValuesErased: 4 });
      expect(await db().selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute()).toEqual([]);

      expect(
        await plaintextFound(t, {
          phone: user.phone,
          'masked phone': `${user.phone.slice(0, 3)}****${user.phone.slice(7)}`,
          'real name': user.realName,
          'identity number': user.idNumber,
          nickname: displayName,
          'address recipient': address.recipient,
          'address phone': address.phone,
          'address line': address.line,
        }),
      ).toEqual([]);

      // The phone is free again (its lookup hash went with it). Its sign-up minute has passed for the person, not for this fast test.
      await t.ctx.limits.codesPerPhoneMinute.reset(t.ctx.privacy.lookupHash('phone', user.phone));
      expect((await signUp(t, { phone: user.phone, password: 'another-pass-1', displayName: '新用户' })).status).toBe(201);
    });

    it('content "delete" removes notes, comments, likes, collects and follows, with the counts they moved', async () => {
      const user = await given.user(t, { viaSms: false, displayName: '要删除内容的人' });
      const other = await given.user(t, { viaSms: false });
      const own = await given.note(t, user);
      const theirs = await given.note(t, other);
      expect((await t.http.post(`/notes/${theirs.id}/comments`, { body: '我的评论' }, { token: user.token })).status).toBe(201);
      const reply = await t.http.post(`/notes/${theirs.id}/comments`, { body: '别人的评论' }, { token: other.token });
      expect(reply.status).toBe(201);
      for (const what of ['like', 'collect']) expect((await t.http.post(`/notes/${theirs.id}/${what}`, undefined, { token: user.token })).status).toBe(200);
      expect((await t.http.post(`/notes/${own.id}/like`, undefined, { token: other.token })).status).toBe(200);
      expect((await t.http.post(`/users/${other.id}/follow`, undefined, { token: user.token })).status).toBeLessThan(300);
      expect((await t.http.post(`/users/${user.id}/follow`, undefined, { token: other.token })).status).toBeLessThan(300);

      const erased = await erase(user, { password: user.password, content: 'delete' });
      expect(erased.status, erased.text).toBe(200);
      expect(erased.body.content).toBe('delete');

      expect((await t.http.get(`/notes/${own.id}`)).status).toBe(404);
      const ownRow = await db().selectFrom('notes').select(['title', 'body', 'images', 'deleted_at']).where('id', '=', own.id).executeTakeFirstOrThrow();
      expect([ownRow.title, ownRow.body, ownRow.images, ownRow.deleted_at !== null]).toEqual(['', '', [], true]);
      const counts = await db().selectFrom('notes').select(['like_count', 'collect_count', 'comment_count']).where('id', '=', theirs.id).executeTakeFirstOrThrow();
      expect(counts).toEqual({ like_count: 0, collect_count: 0, comment_count: 1 });
      const comments = await db().selectFrom('note_comments').select('author_id').where('note_id', '=', theirs.id).execute();
      expect(comments.map((c) => c.author_id)).toEqual([other.id]);
      for (const table of ['note_likes', 'note_collects'] as const) expect(await db().selectFrom(table).select('id').where('user_id', '=', user.id).execute()).toEqual([]);
      const follows = await db().selectFrom('follows').select('id').where((eb) => eb.or([eb('follower_id', '=', user.id), eb('followee_id', '=', user.id)])).execute();
      expect(follows).toEqual([]);
      expect(await plaintextFound(t, { nickname: '要删除内容的人' })).toEqual([]);
    });

    it('an open dispute, a live shop and a pending top-up each block, with their codes', async () => {
      const { user, addressId } = await buyer('有纠纷的买家');
      const orderId = await placeAndPay(user, addressId);
      expect((await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.shop.owner.token, headers: key() })).status).toBe(200);
      const dispute = await t.http.post('/disputes', { orderId, category: 'quality', claim: { refund: PRICE }, description: '坏了' }, { token: user.token, headers: key() });
      expect(dispute.status, dispute.text).toBe(201);
      expect(await blockerCodes(user)).toEqual(['OPEN_DISPUTES', 'OPEN_ORDERS', 'WALLET_NOT_EMPTY']);

      const owner = shop.shop.owner;
      expect(await blockerCodes(owner)).toContain('SHOP_OPEN');
      const refused = await erase(owner, { password: owner.password });
      expect(refused.status).toBe(409);
      expect(refused.body.blockers.map((b: { code: string }) => b.code)).toContain('SHOP_OPEN');

      const saver = await given.user(t, { viaSms: false });
      expect((await t.http.post('/wallet/top-ups', { amount: 1_000 }, { token: saver.token })).status).toBe(201);
      expect(await blockerCodes(saver)).toEqual(['WALLET_NOT_EMPTY']);
      // Nothing was erased by the refusals.
      expect((await t.http.get('/me', { token: owner.token })).status).toBe(200);
    });

    it('an after-sales request still open blocks, even on a completed order; withdrawn, it does not', async () => {
      const { user, addressId } = await buyer('有售后的买家');
      const orderId = await placeAndPay(user, addressId);
      await shipAndReceive(user, orderId);
      await completeAll();
      user.token = await login(user);
      // A fault exchange stays open 15 days after receipt, past the order's completion.
      const request = await afterSale(user, `/orders/${orderId}/after-sales`, { type: 'exchange', reason: 'quality_problem', description: '开关失灵' });
      expect(await blockerCodes(user)).toEqual(['OPEN_AFTER_SALES', 'WALLET_NOT_EMPTY']);
      await withdrawAll(user);
      const refused = await erase(user, { password: user.password });
      expect([refused.status, refused.body.code]).toEqual([409, 'OPEN_AFTER_SALES']);
      await afterSale(user, `/after-sales/${request}/withdraw`);
      expect(await blockerCodes(user)).toEqual([]);
      expect((await erase(user, { password: user.password })).status).toBe(200);
    });

    it('a wrong password is counted like a failed login: the eleventh try within 15 minutes is 429', async () => {
      const user = await given.user(t, { viaSms: false });
      for (let i = 0; i < 10; i++) expect((await erase(user, { password: `wrong-${i}` })).body.code).toBe('BAD_PASSWORD');
      const limited = await erase(user, { password: user.password });
      expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect((await t.http.get('/me', { token: user.token })).status).toBe(200);
    });

    it('R4: three years after completion the purge strips the erased buyer’s order to amounts, items and dates; the ledger still balances', async () => {
      const { user, addressId } = await buyer('三年后清除');
      const keeper = await buyer('未注销的买家');
      const orderId = await placeAndPay(user, addressId);
      const keptId = await placeAndPay(keeper.user, keeper.addressId);
      await shipAndReceive(user, orderId);
      await shipAndReceive(keeper.user, keptId);
      const requests = await afterSalesOf(user, orderId);
      // A dispute on the same order, withdrawn: closed, so it is kept with the order (R16) and purged with it.
      const dispute = await t.http.post('/disputes', { orderId, category: 'quality', claim: { refund: PRICE }, description: '收到时外壳已碎' }, { token: user.token, headers: key() });
      expect(dispute.status, dispute.text).toBe(201);
      expect((await t.http.post(`/disputes/${dispute.body.dispute.id}/withdraw`, undefined, { token: user.token, headers: key() })).status).toBe(200);
      const keptRequests = await afterSalesOf(keeper.user, keptId);
      await completeAll();
      const completedAt = t.clock.now();
      user.token = await login(user);
      await withdrawAll(user);
      expect((await erase(user, { password: user.password })).status).toBe(200);
      // Erasure keeps the requests whole with the order's record (R4): they name the tombstone only.
      const whole = await afterSaleRows(requests);
      expect(whole.map((r) => [r.buyer_id, r.description, r.images.length, r.refuse_reason, r.return_tracking_number])).toEqual([
        [user.id, '外壳破裂，屏幕不亮', 1, null, SHIP.trackingNumber],
        [user.id, '外壳破裂，第二次', 1, '不退，外观完好', null],
      ]);
      expect(whole.flatMap((r) => r.events.map((e) => e.body)).filter(Boolean)).toEqual(['外壳破裂，屏幕不亮', '外壳破裂，第二次', '不退，外观完好']);
      const transfersBefore = await db().selectFrom('ledger_transfers').select(['id', 'amount']).where('reference', '=', orderId).orderBy('id').execute();
      expect(transfersBefore.length).toBeGreaterThan(0);

      // A day short of three years: nothing happens.
      t.clock.set(new Date(new Date(completedAt).setUTCFullYear(completedAt.getUTCFullYear() + 3) - DAY));
      await t.ctx.purge.purgeDue();
      expect((await db().selectFrom('orders').select('records_purged_at').where('id', '=', orderId).executeTakeFirstOrThrow()).records_purged_at).toBeNull();

      t.clock.advance(2 * DAY);
      const report = await t.ctx.purge.purgeDue();
      expect(report.orders).toBeGreaterThanOrEqual(1);
      const order = await db().selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
      expect(order).toMatchObject({ status: 'completed', total: PRICE, buyer_id: user.id, address_id: '', carrier: null, tracking_number: null, attribution: null });
      expect(order.records_purged_at).not.toBeNull();
      expect(await db().selectFrom('order_events').select('id').where('order_id', '=', orderId).execute()).toEqual([]);
      expect((await db().selectFrom('order_items').select('unit_price').where('order_id', '=', orderId).execute()).map((i) => i.unit_price)).toEqual([PRICE]);
      // The ledger keeps every line of it.
      expect(await db().selectFrom('ledger_transfers').select(['id', 'amount']).where('reference', '=', orderId).orderBy('id').execute()).toEqual(transfersBefore);
      // A buyer who was not erased keeps the whole record.
      const kept = await db().selectFrom('orders').select(['records_purged_at', 'tracking_number']).where('id', '=', keptId).executeTakeFirstOrThrow();
      expect(kept).toEqual({ records_purged_at: null, tracking_number: 'SF9988776655' });
      expect((await db().selectFrom('order_events').select('id').where('order_id', '=', keptId).execute()).length).toBeGreaterThan(0);
      // Its after-sales requests keep type, reason, amounts, statuses and dates; every free text, photo and courier goes.
      const purged = await afterSaleRows(requests);
      expect(purged.map((r) => [r.type, r.reason, r.amount, r.status, r.description, r.images, r.refuse_reason, r.return_carrier, r.return_tracking_number])).toEqual([
        ['return_refund', 'damaged', PRICE, 'withdrawn', null, [], null, null, null],
        ['refund_only', 'quality_problem', PRICE, 'refused', null, [], null, null, null],
      ]);
      const events = purged.flatMap((r) => r.events);
      expect(events.map((e) => e.type)).toEqual(['requested', 'approved', 'return_shipped', 'withdrawn', 'requested', 'refused']);
      expect(events.every((e) => e.body === null && e.images.length === 0 && !('trackingNumber' in e.detail) && !('carrier' in e.detail))).toBe(true);
      expect(events[0]?.detail).toMatchObject({ type: 'return_refund', reason: 'damaged', amount: PRICE });
      expect(JSON.stringify(purged)).not.toMatch(/外壳破裂|不退|SF5566778899/);
      const purgedCase = await db().selectFrom('disputes').select(['description', 'status']).where('id', '=', dispute.body.dispute.id).executeTakeFirstOrThrow();
      expect(purgedCase).toMatchObject({ description: '', status: 'withdrawn' });
      expect((await db().selectFrom('dispute_events').select('body').where('dispute_id', '=', dispute.body.dispute.id).execute()).every((e) => e.body === null)).toBe(true);
      // The timelines stay append-only for anything but the purge's own update.
      await expect(db().updateTable('dispute_events').set({ type: 'edited' }).where('dispute_id', '=', dispute.body.dispute.id).execute()).rejects.toThrow(/append-only/);
      await expect(db().updateTable('after_sale_events').set({ type: 'edited' }).where('after_sale_id', '=', requests[0]!).execute()).rejects.toThrow(/append-only/);
      await expect(db().deleteFrom('after_sale_events').where('after_sale_id', '=', requests[0]!).execute()).rejects.toThrow(/append-only/);
      // A buyer who was not erased keeps the whole request.
      expect((await afterSaleRows(keptRequests))[0]).toMatchObject({ description: '外壳破裂，屏幕不亮', return_tracking_number: SHIP.trackingNumber });
      // Three years after the erasure too: the consent history and access log about the person are gone.
      expect(report.subjects).toBeGreaterThanOrEqual(1);
      expect(await db().selectFrom('consents').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
      // A second run finds nothing more to do.
      expect((await t.ctx.purge.purgeDue()).orders).toBe(0);
    });
  });
}
