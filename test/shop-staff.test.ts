/**
 * A shop's staff (issue 18 item 3) on both databases: the owner adds staff by the phone a
 * registered user verified (an unknown, unverified or erased phone is one 404), lists and
 * removes them (never the owner), at most 20; the added user is notified in the app; every
 * change is in the audit log with the owner as actor. A staff member answers the shop's
 * conversations and uses its quick replies, and the shop sees who answered; staff get
 * the stranger's 404 on everything else of the shop (orders, deposit, products, staff,
 * the owner's view), and non-members get 404 on the shop's conversations.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, type GivenOperator, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`shop staff on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let staff: GivenUser;
    let stranger: GivenUser;
    let buyer: GivenUser;
    let product: { id: string };

    const as = (user: GivenUser) => ({ token: user.token });
    const staffPath = () => `/operators/${shop.id}/staff`;
    const addStaff = (phone: string, by: GivenUser = shop.owner) => t.http.post(staffPath(), { phone }, as(by));

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
      shop = await given.operator(t, admin, { shopName: '好物客服店' });
      product = await given.product(t, shop);
      staff = await given.user(t, { displayName: '客服小王' });
      stranger = await given.user(t, { displayName: '路人' });
      buyer = await given.user(t, { displayName: '买家小张' });
    }, 120_000);
    afterAll(async () => t?.close());

    it('the owner alone lists the staff: at first only the owner', async () => {
      const list = await t.http.get(staffPath(), as(shop.owner));
      expect(list.status, list.text).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ userId: shop.owner.id, role: 'owner', phoneMasked: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) })]);
      expect((await t.http.get(staffPath(), as(stranger))).status).toBe(404);
      expect((await t.http.get(staffPath())).status).toBe(401);
    });

    it('an unknown, an unverified and an erased phone answer the same 404; a stranger cannot add', async () => {
      const unknown = await addStaff(uniquePhone());
      expect([unknown.status, unknown.body.code]).toEqual([404, 'STAFF_USER_NOT_FOUND']);
      const legacy = await given.user(t, { legacy: true });
      const unverified = await addStaff(legacy.phone);
      expect([unverified.status, unverified.body.code, unverified.body.detail]).toEqual([404, 'STAFF_USER_NOT_FOUND', unknown.body.detail]);
      const leaving = await given.user(t);
      expect((await t.http.delete('/me', { password: leaving.password }, as(leaving))).status).toBe(200);
      expect((await addStaff(leaving.phone)).body.code).toBe('STAFF_USER_NOT_FOUND');
      const byStranger = await addStaff(staff.phone, stranger);
      expect([byStranger.status, byStranger.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('the owner adds staff: 201, notified in the app, audited, the shop in their GET /me/shops; twice → 409', async () => {
      const added = await addStaff(staff.phone);
      expect(added.status, added.text).toBe(201);
      expect(added.body.member).toMatchObject({ userId: staff.id, displayName: '客服小王', role: 'staff' });
      expect(added.body.member.phoneMasked).not.toContain(staff.phone);
      expect((await addStaff(staff.phone)).body.code).toBe('ALREADY_A_MEMBER');
      expect((await addStaff(shop.owner.phone)).body.code).toBe('ALREADY_A_MEMBER');

      const notices = await t.http.get('/me/notifications', as(staff));
      expect(notices.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'shop_staff.added', link: '/shop/inbox' })]));
      const mine = await t.http.get('/me/shops', as(staff));
      expect(mine.body.items).toEqual([{ operatorId: shop.id, shopName: '好物客服店', status: 'approved', role: 'staff' }]);
      expect((await t.http.get('/me/shops', as(shop.owner))).body.items).toEqual([expect.objectContaining({ operatorId: shop.id, role: 'owner' })]);
      expect((await t.http.get('/me/shops', as(stranger))).body.items).toEqual([]);

      const audit = await t.http.get('/admin/audit-log?action=shop_staff.add', as(admin));
      expect(audit.body.items).toEqual([expect.objectContaining({ actorId: shop.owner.id, actorRole: 'operator', targetType: 'operator', targetId: shop.id, detail: { userId: staff.id } })]);
      const list = await t.http.get(staffPath(), as(shop.owner));
      expect(list.body.items.map((m: { role: string }) => m.role)).toEqual(['owner', 'staff']);
    });

    it('staff get 404 on the shop’s orders, deposit, after-sales, return addresses, products, staff and owner view, like a stranger', async () => {
      for (const user of [staff, stranger]) {
        expect((await t.http.get(`/operators/${shop.id}/orders`, as(user))).status).toBe(404);
        expect((await t.http.get(`/operators/${shop.id}/deposit`, as(user))).status).toBe(404);
        expect((await t.http.get(`/operators/${shop.id}/manage`, as(user))).status).toBe(404);
        expect((await t.http.get(staffPath(), as(user))).status).toBe(404);
        expect((await t.http.get(`/operators/${shop.id}/after-sales`, as(user))).status).toBe(404);
        expect((await t.http.get(`/operators/${shop.id}/return-addresses`, as(user))).status).toBe(404);
        expect((await t.http.request('PATCH', `/products/${product.id}`, { title: '客服改的标题' }, as(user))).status).toBe(404);
      }
      expect((await addStaff(stranger.phone, staff)).status).toBe(404);
    });

    it('staff answer the shop’s conversation and use its quick replies; the shop sees who answered, the buyer does not; non-members 404', async () => {
      const opened = await t.http.post(`/operators/${shop.id}/conversations`, undefined, as(buyer));
      expect(opened.status, opened.text).toBe(200);
      const conversationId = opened.body.conversation.id as string;
      const asked = await t.http.post(`/conversations/${conversationId}/messages`, { kind: 'product', productId: product.id }, { ...as(buyer), headers: { 'idempotency-key': randomUUID() } });
      expect(asked.status, asked.text).toBe(201);

      const inbox = await t.http.get(`/operators/${shop.id}/conversations`, as(staff));
      expect(inbox.status, inbox.text).toBe(200);
      expect(inbox.body.items.map((c: { id: string }) => c.id)).toContain(conversationId);

      const saved = await t.http.post(`/operators/${shop.id}/quick-replies`, { text: '亲，现货，今天下单明天发货。' }, as(shop.owner));
      expect(saved.status, saved.text).toBe(201);
      const replies = await t.http.get(`/operators/${shop.id}/quick-replies`, as(staff));
      expect(replies.status).toBe(200);
      const text = replies.body.items[0].text as string;

      const answer = await t.http.post(`/conversations/${conversationId}/messages`, { kind: 'text', text }, { ...as(staff), headers: { 'idempotency-key': randomUUID() } });
      expect(answer.status, answer.text).toBe(201);
      expect(answer.body.message).toMatchObject({ from: 'shop', text });

      const shopSide = await t.http.get(`/conversations/${conversationId}/messages`, as(shop.owner));
      const fromStaff = shopSide.body.items.find((m: { from: string }) => m.from === 'shop');
      expect(fromStaff.staff).toEqual({ id: staff.id, displayName: '客服小王' });
      const buyerSide = await t.http.get(`/conversations/${conversationId}/messages`, as(buyer));
      const seenByBuyer = buyerSide.body.items.find((m: { from: string }) => m.from === 'shop');
      expect(seenByBuyer.text).toBe(text);
      expect(seenByBuyer.staff).toBeUndefined();

      for (const path of [`/operators/${shop.id}/conversations`, `/operators/${shop.id}/quick-replies`, `/conversations/${conversationId}/messages`]) {
        expect((await t.http.get(path, as(stranger))).status, path).toBe(404);
      }
    });

    it('the owner removes staff (audited), never the owner; removed staff lose the inbox', async () => {
      const owner = await t.http.delete(`${staffPath()}/${shop.owner.id}`, undefined, as(shop.owner));
      expect([owner.status, owner.body.code]).toEqual([409, 'OWNER_NOT_REMOVABLE']);
      expect((await t.http.delete(`${staffPath()}/${staff.id}`, undefined, as(staff))).status).toBe(404);
      expect((await t.http.delete(`${staffPath()}/${staff.id}`, undefined, as(shop.owner))).status).toBe(204);
      expect((await t.http.delete(`${staffPath()}/${staff.id}`, undefined, as(shop.owner))).status).toBe(404);
      expect((await t.http.get(`/operators/${shop.id}/conversations`, as(staff))).status).toBe(404);
      expect((await t.http.get('/me/shops', as(staff))).body.items).toEqual([]);
      const audit = await t.http.get('/admin/audit-log?action=shop_staff.remove', as(admin));
      expect(audit.body.items).toEqual([expect.objectContaining({ actorId: shop.owner.id, actorRole: 'operator', targetId: shop.id, detail: { userId: staff.id } })]);
    });

    it('at most 20 staff: the 21st → 409 STAFF_LIMIT', async () => {
      const other = await given.operator(t, admin, { shopName: '满员小店' });
      const add = (phone: string) => t.http.post(`/operators/${other.id}/staff`, { phone }, as(other.owner));
      for (let i = 0; i < 20; i += 1) {
        const phone = uniquePhone();
        const created = await t.ctx.accounts.register({ phone, password: 'correct-horse-9', displayName: `客服${i}` });
        await t.ctx.accounts.markPhoneVerified(created.id);
        expect((await add(phone)).status).toBe(201);
      }
      const over = await add(stranger.phone);
      expect([over.status, over.body.code]).toEqual([409, 'STAFF_LIMIT']);
      expect((await t.http.get(`/operators/${other.id}/staff`, as(other.owner))).body.items).toHaveLength(21);
    }, 120_000);
  });
}
