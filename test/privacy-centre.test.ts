/**
 * The privacy centre on both databases: consents carry their
 * published text and version and the version answered; sensitive information has its
 * own consent before identity verification (PIPL art. 29); withdrawal acts at once —
 * the feed turns common, and a marketing SMS queued before the withdrawal is not sent
 * (the job asks again at send time); a shop reaches only its consenting past buyers,
 * through the platform; the access log says who read as a role and shop name.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs } from '../src/jobs/index.js';
import { registerWorkers } from '../src/jobs/timers.js';
import { MARKETING_DELIVERY_QUEUE } from '../src/modules/marketing/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, validIdNumber, type GivenUser } from './support/given.js';

const PIN = '258036';

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    value = await read();
  }
  return value;
}

for (const kind of DATABASE_KINDS) {
  describe(`privacy centre on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    const as = (user: GivenUser) => ({ token: user.token });
    const grant = async (user: GivenUser, purpose: string, granted = true) => {
      const res = await t.http.put(`/me/consents/${purpose}`, { granted }, as(user));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.consent;
    };
    const smsBodies = async (user: GivenUser) => ((await t.http.get(`/sandbox/sms?phone=${user.phone}`)).body.items as { body: string }[]).map((m) => m.body);
    const statuses = async (messageId: string) =>
      (await sql<{ status: string; user_id: string }>`select status, user_id from marketing_deliveries where message_id = ${messageId} order by user_id`.execute(t.ctx.database.db)).rows;

    let workerStarted = false;
    const startWorker = async () => {
      if (!workerStarted) await registerWorkers(t.ctx);
      workerStarted = true;
    };

    beforeAll(async () => {
      t = await startTestApp(kind);
      t.ctx.jobs = await startJobs(t.ctx.database, { onError: (e) => console.error(e), pollingIntervalSeconds: 0.5 });
      // The queue exists but nobody works it yet: a test decides when sending happens.
      await t.ctx.jobs.define(MARKETING_DELIVERY_QUEUE);
      admin = await given.admin(t);
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('each consent shows its published text (zh-CN and en) and version; a grant records the version seen; an older one is 409 CONSENT_TEXT_CHANGED', async () => {
      const user = await given.user(t);
      const list = (await t.http.get('/me/consents', as(user))).body.items as any[];
      expect(list.map((c) => c.purpose)).toEqual(['marketing', 'share_with_operator_marketing', 'personalised_feed', 'sensitive_identity', 'qa_invitations']);
      for (const c of list) {
        expect(c).toMatchObject({ granted: false, textVersion: null, at: null, version: expect.stringMatching(/^\d{4}-\d{2}$/) });
        expect(c.text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(c.text.en.length).toBeGreaterThan(20);
      }
      const marketing = list.find((c) => c.purpose === 'marketing');

      const stale = await t.http.put('/me/consents/marketing', { granted: true, textVersion: '2020-01' }, as(user));
      expect([stale.status, stale.body.code, stale.body.version]).toEqual([409, 'CONSENT_TEXT_CHANGED', marketing.version]);
      expect((await t.http.get('/me/consents', as(user))).body.items[0]).toMatchObject({ purpose: 'marketing', granted: false, at: null });

      const granted = await t.http.put('/me/consents/marketing', { granted: true, textVersion: marketing.version }, as(user));
      expect(granted.body.consent).toMatchObject({ purpose: 'marketing', granted: true, textVersion: marketing.version, at: t.clock.now().toISOString(), text: marketing.text });
      // Withdrawing never needs the current text.
      const withdrawn = await t.http.put('/me/consents/marketing', { granted: false, textVersion: '2020-01' }, as(user));
      expect(withdrawn.status).toBe(200);
      expect((await t.http.get('/me/consents', as(user))).body.items[0]).toMatchObject({ purpose: 'marketing', granted: false });
      const rows = await sql<{ granted: boolean; text_version: string }>`select granted, text_version from consents where user_id = ${user.id} order by id`.execute(t.ctx.database.db);
      expect(rows.rows).toEqual([
        { granted: true, text_version: marketing.version },
        { granted: false, text_version: '2020-01' },
      ]);
    });

    it('PIPL art. 29: identity verification needs the sensitive_identity consent first (403 CONSENT_REQUIRED), and stores nothing before it', async () => {
      const user = await given.user(t, { verify: 'phone' });
      const body = { realName: '王小明', idNumber: validIdNumber() };
      const refused = await t.http.post('/me/identity', body, as(user));
      expect([refused.status, refused.body.code]).toEqual([403, 'CONSENT_REQUIRED']);
      const vault = await sql<{ n: number }>`select count(*)::int as n from personal_data where subject_id = ${user.id} and kind in ('id_number', 'real_name')`.execute(t.ctx.database.db);
      expect(vault.rows[0]!.n).toBe(0);
      await grant(user, 'sensitive_identity');
      expect((await t.http.post('/me/identity', body, as(user))).status).toBe(200);
      expect((await t.http.get('/me', as(user))).body.identityVerified).toBe(true);
    });

    it('R6: the feed turns non-personalised at once after withdrawal', async () => {
      const viewer = await given.user(t);
      const feed = async () => (await t.http.get('/feed?tab=discover', as(viewer))).body.personalised;
      expect(await feed()).toBe(false);
      await grant(viewer, 'personalised_feed');
      expect(await feed()).toBe(true);
      await grant(viewer, 'personalised_feed', false);
      expect(await feed()).toBe(false);
    });

    it('marketing: granted → delivered; withdrawn after queueing but before sending → not delivered; never asked → not queued', async () => {
      const [keeps, withdraws, never] = [await given.user(t, { verify: 'phone', viaSms: false }), await given.user(t, { verify: 'phone', viaSms: false }), await given.user(t, { verify: 'phone', viaSms: false })];
      await grant(keeps, 'marketing');
      await grant(withdraws, 'marketing');
      const title = `春季上新 ${kind}`;
      const sent = await t.http.post('/admin/marketing-messages', { title, body: '全场满 200 减 30，仅限本周。' }, as(admin));
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      const messageId = sent.body.message.id as string;
      const queued = await statuses(messageId);
      expect(queued.filter((r) => [keeps.id, withdraws.id, never.id].includes(r.user_id)).map((r) => r.user_id).sort()).toEqual([keeps.id, withdraws.id].sort());
      expect(queued.every((r) => r.status === 'queued')).toBe(true);

      await grant(withdraws, 'marketing', false);
      await startWorker();
      const decided = await waitFor(() => statuses(messageId), (rows) => rows.every((r) => r.status === 'sent' || r.status === 'withheld'));
      const statusOf = (user: GivenUser) => decided.find((r) => r.user_id === user.id)?.status;
      expect([statusOf(keeps), statusOf(withdraws), statusOf(never)]).toEqual(['sent', 'withheld', undefined]);
      expect((await smsBodies(keeps)).some((b) => b.includes(title) && b.startsWith('【Agora】'))).toBe(true);
      expect((await smsBodies(withdraws)).some((b) => b.includes(title))).toBe(false);
      expect((await smsBodies(never)).some((b) => b.includes(title))).toBe(false);
      // A second run of the same job sends nothing twice.
      const delivery = (await sql<{ id: string }>`select id from marketing_deliveries where message_id = ${messageId} and user_id = ${keeps.id}`.execute(t.ctx.database.db)).rows[0]!;
      expect(await t.ctx.marketing.deliver(delivery.id)).toBe('skipped');
      expect((await smsBodies(keeps)).filter((b) => b.includes(title))).toHaveLength(1);
    });

    it("D3: a shop reaches, through the platform, only its past buyers who allow shops' marketing, and learns neither who nor their numbers", async () => {
      await startWorker();
      const shop = await given.operator(t, admin, { viaSms: false, shopName: '好物旗舰店' });
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: 5_000, stock: 20 }] });
      const buy = async (user: GivenUser) => {
        await given.funds(t, user, 10_000);
        const addressId = await given.address(t, user);
        const order = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, as(user));
        expect(order.status, JSON.stringify(order.body)).toBe(201);
        expect((await t.http.post(`/orders/${order.body.order.id}/pay`, { pin: PIN }, as(user))).status).toBe(200);
        return order.body.order.id as string;
      };
      const [allows, declines, stranger] = [await given.user(t, { pin: PIN, viaSms: false }), await given.user(t, { pin: PIN, viaSms: false }), await given.user(t, { pin: PIN, viaSms: false })];
      await buy(allows);
      await buy(declines);
      await grant(allows, 'share_with_operator_marketing');
      await grant(stranger, 'share_with_operator_marketing');

      const refused = await t.http.post(`/operators/${shop.id}/marketing-messages`, { title: '会员日', body: '老顾客专享 8 折' }, as(allows));
      expect([refused.status, refused.body.code]).toEqual([404, 'NOT_FOUND']);
      const sent = await t.http.post(`/operators/${shop.id}/marketing-messages`, { title: '会员日', body: '老顾客专享 8 折' }, as(shop.owner));
      expect(sent.status, JSON.stringify(sent.body)).toBe(202);
      expect(sent.body).toEqual({ message: { id: expect.any(String), recipients: 1, createdAt: expect.any(String) } });
      expect(JSON.stringify(sent.body)).not.toMatch(new RegExp(`${allows.phone}|${allows.id}`));

      const decided = await waitFor(() => statuses(sent.body.message.id), (rows) => rows.every((r) => r.status === 'sent'));
      expect(decided).toEqual([{ status: 'sent', user_id: allows.id }]);
      expect((await smsBodies(allows)).some((b) => b.startsWith('【好物旗舰店】会员日'))).toBe(true);
      expect((await smsBodies(declines)).some((b) => b.includes('会员日'))).toBe(false);
      expect((await smsBodies(stranger)).some((b) => b.includes('会员日'))).toBe(false);
    });

    it('GET /me/access-log names the reader as a role and shop name, never staff personal data', async () => {
      const shop = await given.operator(t, admin, { viaSms: false, shopName: '小李手作' });
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: 3_000, stock: 5 }] });
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, 10_000);
      const addressId = await given.address(t, buyer);
      const order = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, as(buyer));
      expect((await t.http.post(`/orders/${order.body.order.id}/pay`, { pin: PIN }, as(buyer))).status).toBe(200);
      expect((await t.http.get(`/orders/${order.body.order.id}/shipping-address`, as(shop.owner))).status).toBe(200);
      expect((await t.http.get(`/admin/users/${buyer.id}/personal-data?purpose=${encodeURIComponent('客服核实 ticket 42')}`, as(admin))).status).toBe(200);
      // Reading one's own export is no third-party read.
      expect((await t.http.get('/me/export', as(buyer))).status).toBe(200);

      const log = (await t.http.get('/me/access-log', as(buyer))).body.items as any[];
      expect(log).toEqual([
        { id: expect.any(String), actorId: 'platform', actorRole: 'admin', actorName: '平台工作人员', fields: ['phone', 'real_name', 'id_number'], purpose: '客服核实 ticket 42', reason: { code: 'staff_request', note: '客服核实 ticket 42' }, at: expect.any(String) },
        { id: expect.any(String), actorId: shop.owner.id, actorRole: 'operator', actorName: '小李手作', fields: ['address'], purpose: `ship order ${order.body.order.id}`, reason: { code: 'ship_order', orderId: order.body.order.id }, at: expect.any(String) },
      ]);
      expect(JSON.stringify(log)).not.toContain(admin.id);
    });
  });
}
