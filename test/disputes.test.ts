/**
 * Disputes (API.md "Disputes"; RULES.md "Disputes", D5–D7) through the HTTP
 * API on both databases: opening a case and every refusal, the state machine with
 * its deadlines on an injected clock, messages and the append-only timeline, and
 * the money of an operator's acceptance and a platform ruling (escrow void or
 * partial post, settled refunds, compensation from deposit → receivable → platform
 * advance). The books are checked after each test.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../src/lib/clock.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeSuite, PRICE } from './support/disputes.js';
import { given, pngImage, upload, type GivenOperator, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`disputes on ${kind}`, () => {
    const { t, admin, db, key, login, newShop, order, open, opened, act, rule, wallet } = disputeSuite(kind);
    const balance = async (code: 'operator_deposit' | 'operator_receivable' | 'operator_debt', shop: GivenOperator) => (await t().ctx.ledger.balanceOf(db(), code, shop.id)).available;
    /** What the operator still owes the platform for compensation it advanced. */
    const debt = async (shop: GivenOperator) => {
      const account = await t().ctx.ledger.balanceOf(db(), 'operator_debt', shop.id);
      return account.debitsPosted - account.creditsPosted;
    };
    const orderStatus = async (buyer: GivenUser, orderId: string) => (await t().http.get(`/orders/${orderId}`, { token: await login(buyer) })).body.status;

    it('R16: the dispute rules and the complaint channel are published', async () => {
      const rules = await t().http.get('/dispute-rules');
      expect(rules.status).toBe(200);
      expect(rules.body).toMatchObject({ operatorResponseHours: 48, buyerEscalationDays: 7, platformRulingDays: 5, categories: ['not_received', 'not_as_described', 'quality', 'personal_injury', 'forced_sale', 'privacy'] });
      expect(rules.body.channel.en).toContain('POST /disputes');
      expect(rules.body.steps.map((s: { zh: string }) => s.zh).join('')).toMatch(/48 小时.*7 日内.*5 日内.*保证金/s);
    });

    it('the buyer opens a case on its own order; a stranger’s order is 404, a second open case 409, a claim over the paid amount 400', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop);
      const stranger = await given.user(t(), { viaSms: false });

      expect((await open(stranger, { orderId, claim: { refund: 1 } })).status).toBe(404);
      expect((await open(buyer, { orderId: 'no-such-order', claim: { refund: 1 } })).status).toBe(404);
      const over = await open(buyer, { orderId, claim: { refund: PRICE + 1 } });
      expect([over.status, over.body.code, over.body.errors[0].path]).toEqual([400, 'VALIDATION_FAILED', '/body/claim/refund']);
      // D6: only personal_injury and forced_sale may claim beyond the price.
      const beyond = await open(buyer, { orderId, claim: { refund: PRICE, compensation: 1 } });
      expect([beyond.status, beyond.body.errors[0].path]).toEqual([400, '/body/claim/compensation']);
      const notMine = await open(buyer, { orderId, claim: { refund: 1 }, evidence: ['/uploads/not-mine.png'] });
      expect([notMine.status, notMine.body.errors[0].path]).toEqual([400, '/body/evidence/0']);
      expect(await db().selectFrom('disputes').select('id').where('order_id', '=', orderId).execute()).toEqual([]);

      const photo = await upload(t(), buyer.token, await pngImage());
      const dispute = await opened(buyer, orderId, { category: 'personal_injury', claim: { refund: PRICE, compensation: 30_000 }, evidence: [photo.body.url] });
      expect(dispute).toMatchObject({ orderId, status: 'open', category: 'personal_injury', paid: PRICE, claim: { refund: PRICE, compensation: 30_000 }, evidence: [photo.body.url], ruling: null, overdue: false });
      expect(new Date(dispute.deadline).getTime() - t().clock.now().getTime()).toBe(48 * HOUR);
      expect(dispute.timeline.map((e: { type: string }) => e.type)).toEqual(['opened']);

      const second = await open(buyer, { orderId, claim: { refund: 1 } });
      expect([second.status, second.body.code]).toEqual([409, 'DISPUTE_ALREADY_OPEN']);
      // Unpaid orders have nothing to dispute.
      const unpaid = await t().http.post('/orders', { addressId: await given.address(t(), buyer), items: [{ skuId: shop.skuId, quantity: 1 }] }, { token: buyer.token, headers: key() });
      expect((await open(buyer, { orderId: unpaid.body.order.id, claim: { refund: 1 } })).body.code).toBe('ORDER_NOT_DISPUTABLE');

      // Only the parties (and admins) see the case.
      expect((await t().http.get(`/disputes/${dispute.id}`, { token: stranger.token })).status).toBe(404);
      expect((await t().http.get(`/disputes/${dispute.id}`, { token: shop.shop.owner.token })).body.id).toBe(dispute.id);
      expect((await t().http.get(`/disputes/${dispute.id}`, { token: admin().token })).body.id).toBe(dispute.id);
    });

    it('an open case stops automatic receipt and keeps the escrow held; withdrawn, receipt resumes', async () => {
      const { buyer, orderId } = await order(await newShop());
      const dispute = await opened(buyer, orderId, { claim: { refund: 2_000 } });
      t().clock.advance(11 * DAY);
      await t().ctx.orderTimers.sweep();
      expect(await orderStatus(buyer, orderId)).toBe('shipped');
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 - PRICE, held: PRICE });

      const withdrawn = await act(buyer, dispute.id, 'withdraw');
      expect(withdrawn.body.dispute).toMatchObject({ status: 'withdrawn', deadline: null });
      expect((await act(buyer, dispute.id, 'withdraw')).body.code).toBe('DISPUTE_STATE_CONFLICT');
      await t().ctx.orderTimers.sweep();
      expect(await orderStatus(buyer, orderId)).toBe('received');
    });

    it('the operator accepts a partial refund: paid at once from escrow, the rest settled, the order received', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { claim: { refund: 3_000 } });
      expect((await act(buyer, dispute.id, 'respond', { accept: true })).status).toBe(404);
      const accepted = await act(shop.shop.owner, dispute.id, 'respond', { accept: true });
      expect(accepted.status, accepted.text).toBe(200);
      expect(accepted.body.dispute).toMatchObject({ status: 'resolved', deadline: null, ruling: { by: 'operator', refund: 3_000, compensation: 0, reason: null } });
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 - PRICE + 3_000, held: 0 });
      const fee = Math.floor(((PRICE - 3_000) * t().ctx.config.platformFeeBps) / 10_000);
      expect(await balance('operator_receivable', shop.shop)).toBe(PRICE - 3_000 - fee);
      expect(await orderStatus(buyer, orderId)).toBe('received');
      // Answered once: a second answer is refused and nothing moves again.
      expect((await act(shop.shop.owner, dispute.id, 'respond', { accept: true })).body.code).toBe('DISPUTE_STATE_CONFLICT');
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 - PRICE + 3_000 });
    });

    it('the operator accepts a full refund of an unshipped order: the hold is voided and the order refunded', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'paid');
      const dispute = await opened(buyer, orderId, { category: 'forced_sale', claim: { refund: PRICE, compensation: 500 } });
      await act(shop.shop.owner, dispute.id, 'respond', { accept: true });
      // No deposit and no receivable: the platform advances the compensation and records the debt.
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 + 500, held: 0 });
      expect(await orderStatus(buyer, orderId)).toBe('refunded');
      expect(await debt(shop.shop)).toBe(500);
    });

    it('refused, escalated by the buyer, ruled: refund from escrow and compensation from the deposit, then receivables, then advanced (D6)', async () => {
      const shop = await newShop(5_000);
      // Another order already settled gives the shop 9,500 fen of receivables.
      await order(shop, 'received');
      const receivable = await balance('operator_receivable', shop.shop);
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { category: 'personal_injury', claim: { refund: PRICE, compensation: 50_000 } });
      expect((await act(shop.shop.owner, dispute.id, 'respond', { accept: false })).body.code).toBe('VALIDATION_FAILED');
      const refused = await act(shop.shop.owner, dispute.id, 'respond', { accept: false, reason: '产品无质量问题' });
      expect(refused.body.dispute.status).toBe('responded');
      expect(new Date(refused.body.dispute.deadline).getTime() - t().clock.now().getTime()).toBe(7 * DAY);
      expect((await rule(dispute.id, { refund: PRICE, compensation: 1, reason: '尚未升级' })).body.code).toBe('DISPUTE_STATE_CONFLICT');

      t().clock.advance(6 * DAY);
      const escalated = await act(buyer, dispute.id, 'escalate');
      expect(escalated.body.dispute).toMatchObject({ status: 'arbitration' });
      expect(new Date(escalated.body.dispute.deadline).getTime() - t().clock.now().getTime()).toBe(5 * DAY);
      expect((await t().http.post(`/admin/disputes/${dispute.id}/rule`, { refund: 1, compensation: 0, reason: 'x' }, { token: await login(buyer), headers: key() })).status).toBe(403);
      const over = await rule(dispute.id, { refund: PRICE + 1, compensation: 0, reason: '超额' });
      expect([over.status, over.body.errors[0].path]).toEqual([400, '/body/refund']);

      const compensation = 20_000;
      const ruled = await rule(dispute.id, { refund: PRICE, compensation, reason: '产品造成人身伤害，全额退款并赔偿' });
      expect(ruled.status, ruled.text).toBe(200);
      expect(ruled.body.dispute).toMatchObject({ status: 'resolved', ruling: { by: 'platform', refund: PRICE, compensation, reason: '产品造成人身伤害，全额退款并赔偿' } });
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 + compensation, held: 0 });
      expect(await balance('operator_deposit', shop.shop)).toBe(0);
      expect(await balance('operator_receivable', shop.shop)).toBe(0);
      expect(await debt(shop.shop)).toBe(compensation - 5_000 - receivable);
      expect(await orderStatus(buyer, orderId)).toBe('refunded');
      const types = ruled.body.dispute.timeline.map((e: { type: string }) => e.type);
      expect(types).toEqual(['opened', 'refused', 'escalated', 'ruled']);
      expect(ruled.body.dispute.timeline[3].detail).toMatchObject({ compensationFrom: { operator_deposit: 5_000, operator_receivable: receivable, platform_advance: compensation - 5_000 - receivable } });
      // The ruling's transfers derive from the case: each exists once.
      const ids = (await t().ctx.ledger.transfersFor(db(), dispute.id)).map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect((await rule(dispute.id, { refund: PRICE, compensation, reason: '再次' })).body.code).toBe('DISPUTE_STATE_CONFLICT');

      // R16: each party can print the whole record, the money it moved included.
      for (const party of [buyer, shop.shop.owner, admin()]) {
        const record = await t().http.get(`/disputes/${dispute.id}/record`, { token: await login(party) });
        expect([record.status, record.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
        expect(record.text).toContain('产品造成人身伤害，全额退款并赔偿');
        expect(record.text).toContain(`dispute:${dispute.id}:compensation:operator_deposit`);
        expect(record.text).toContain(`dispute:${dispute.id}:refund:void`);
        expect(record.text).toContain('¥200.00');
      }
      expect((await t().http.get(`/disputes/${dispute.id}/record`, { token: (await given.user(t(), { viaSms: false })).token })).status).toBe(404);

      // The debt is recovered from the shop's next receivables.
      const owed = await debt(shop.shop);
      await order(shop, 'received');
      const fee = Math.floor((PRICE * t().ctx.config.platformFeeBps) / 10_000);
      expect(owed).toBeLessThan(PRICE - fee);
      expect(await debt(shop.shop)).toBe(0);
      expect(await balance('operator_receivable', shop.shop)).toBe(PRICE - fee - owed);
    });

    it('a ruling on an order already settled refunds from the operator’s receivable, the platform giving back its fee’s share', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'received');
      const dispute = await opened(buyer, orderId, { claim: { refund: PRICE } });
      await act(buyer, dispute.id, 'escalate');
      const ruled = await rule(dispute.id, { refund: PRICE, compensation: 0, reason: '与描述不符' });
      expect(ruled.status, ruled.text).toBe(200);
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000, held: 0 });
      expect(await balance('operator_receivable', shop.shop)).toBe(0);
      expect(await debt(shop.shop)).toBe(0);
      expect(await orderStatus(buyer, orderId)).toBe('refunded');
    });

    it('deadlines: unanswered in 48 h → arbitration; not ruled in 5 days → flagged overdue; a refusal not escalated in 7 days → closed', async () => {
      const shop = await newShop();
      const first = await order(shop);
      const second = await order(shop);
      const silent = await opened(first.buyer, first.orderId, { claim: { refund: 1_000 } });
      const refusedCase = await opened(second.buyer, second.orderId, { claim: { refund: 1_000 } });
      await act(shop.shop.owner, refusedCase.id, 'respond', { accept: false, reason: '不同意' });

      t().clock.advance(48 * HOUR - 1);
      await t().ctx.disputes.sweep();
      expect((await t().http.get(`/disputes/${silent.id}`, { token: await login(first.buyer) })).body.status).toBe('open');
      t().clock.advance(1);
      await t().ctx.disputes.sweep();
      const escalated = (await t().http.get(`/disputes/${silent.id}`, { token: await login(first.buyer) })).body;
      expect(escalated).toMatchObject({ status: 'arbitration', overdue: false });
      expect(escalated.timeline.at(-1)).toMatchObject({ type: 'escalated_automatically', actorId: null });
      expect((await act(shop.shop.owner, silent.id, 'respond', { accept: true })).body.code).toBe('DISPUTE_STATE_CONFLICT');

      t().clock.advance(5 * DAY);
      // The refusal was 7 days ago: too late to escalate, even before the timer closes the case.
      expect((await act(second.buyer, refusedCase.id, 'escalate')).body.code).toBe('ESCALATION_WINDOW_CLOSED');
      await t().ctx.disputes.sweep();
      expect((await t().http.get(`/disputes/${silent.id}`, { token: await login(admin()) })).body).toMatchObject({ status: 'arbitration', overdue: true });
      const dashboard = (await t().http.get('/admin/disputes?overdue=true&status=arbitration', { token: await login(admin()) })).body;
      expect(dashboard.items.map((d: { id: string }) => d.id)).toContain(silent.id);
      expect(dashboard.items.every((d: { overdue: boolean }) => d.overdue)).toBe(true);
      // The refusal was 7 days ago and was not escalated.
      const closed = (await t().http.get(`/disputes/${refusedCase.id}`, { token: await login(second.buyer) })).body;
      expect(closed).toMatchObject({ status: 'closed', deadline: null });
      expect((await act(second.buyer, refusedCase.id, 'escalate')).body.code).toBe('DISPUTE_STATE_CONFLICT');
      // Flagged once: another sweep adds nothing to the case.
      await t().ctx.disputes.sweep();
      const timeline = (await t().http.get(`/disputes/${silent.id}`, { token: await login(admin()) })).body.timeline;
      expect(timeline.filter((e: { type: string }) => e.type === 'ruling_overdue')).toHaveLength(1);
      // With the case closed, the 10-day automatic receipt applies again (7 days have passed since shipping).
      t().clock.advance(3 * DAY);
      await t().ctx.orderTimers.sweep();
      expect(await orderStatus(second.buyer, second.orderId)).toBe('received');
      expect(await orderStatus(first.buyer, first.orderId)).toBe('shipped');
    });

    it('while a case is open the buyer can neither cancel nor return the order: the case settles what is refunded', async () => {
      const shop = await newShop();
      const paid = await order(shop, 'paid');
      await opened(paid.buyer, paid.orderId, { category: 'forced_sale', claim: { refund: PRICE } });
      const cancel = await t().http.post(`/orders/${paid.orderId}/cancel`, undefined, { token: paid.buyer.token, headers: key() });
      expect([cancel.status, cancel.body.code]).toEqual([409, 'DISPUTE_OPEN']);
      const received = await order(shop, 'received');
      await opened(received.buyer, received.orderId, { claim: { refund: 1_000 } });
      const sent = await t().http.post(`/orders/${received.orderId}/return`, { carrier: '京东快递', trackingNumber: 'JD0001112223' }, { token: received.buyer.token, headers: key() });
      expect([sent.status, sent.body.code]).toEqual([409, 'DISPUTE_OPEN']);
      expect([await orderStatus(paid.buyer, paid.orderId), await orderStatus(received.buyer, received.orderId)]).toEqual(['paid', 'received']);

      // Once a dispute has refunded part of the order, a no-reason return would refund it twice.
      const partial = await order(shop);
      const settled = await opened(partial.buyer, partial.orderId, { claim: { refund: 1_000 } });
      await act(shop.shop.owner, settled.id, 'respond', { accept: true });
      expect(await orderStatus(partial.buyer, partial.orderId)).toBe('received');
      const again = await t().http.post(`/orders/${partial.orderId}/return`, { carrier: '京东快递', trackingNumber: 'JD0001112224' }, { token: partial.buyer.token, headers: key() });
      expect([again.status, again.body.code]).toEqual([409, 'RETURN_NOT_ALLOWED']);
    });

    it('R16: a closed shop’s deposit is not returned while a dispute is open; a ruling’s compensation comes out of it first', async () => {
      const shop = await newShop(8_000);
      const { buyer, orderId } = await order(shop, 'received');
      // Past the return window the order is completed: only the dispute keeps the shop answerable.
      t().clock.advance(9 * DAY);
      await t().ctx.orderTimers.sweep();
      expect(await orderStatus(buyer, orderId)).toBe('completed');
      const dispute = await opened({ ...buyer, token: await login(buyer) }, orderId, { category: 'personal_injury', claim: { refund: 0, compensation: 3_000 } });
      const effectiveAt = new Date(t().clock.now().getTime() + 31 * DAY).toISOString();
      expect((await t().http.post(`/operators/${shop.shop.id}/closure`, { effectiveAt }, { token: await login(shop.shop.owner) })).status).toBe(200);
      t().clock.advance(32 * DAY);
      await t().ctx.disputes.sweep();
      const owner = await login(shop.shop.owner);
      const locked = await t().http.post(`/operators/${shop.shop.id}/deposit/refund`, undefined, { token: owner, headers: key() });
      expect([locked.status, locked.body.code, locked.body.detail]).toEqual([409, 'DEPOSIT_LOCKED', 'The shop still has open disputes']);
      expect((await rule(dispute.id, { refund: 0, compensation: 3_000, reason: '过敏就医' })).status).toBe(200);
      expect(await balance('operator_deposit', shop.shop)).toBe(5_000);
      const refunded = await t().http.post(`/operators/${shop.shop.id}/deposit/refund`, undefined, { token: owner, headers: key() });
      expect(refunded.body).toMatchObject({ paid: 8_000, balance: 0 });
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 - PRICE + 3_000 });
    });

    it('both parties exchange messages with evidence; the timeline is append-only', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId);
      const photo = await upload(t(), shop.shop.owner.token, await pngImage('#3a3'));
      await act(buyer, dispute.id, 'messages', { body: '<script>alert(1)</script>' });
      const replied = await act(shop.shop.owner, dispute.id, 'messages', { body: '这是发货前的照片', evidence: [photo.body.url] });
      expect(replied.body.dispute.messages).toEqual([
        expect.objectContaining({ authorId: buyer.id, body: '<script>alert(1)</script>', evidence: [] }),
        expect.objectContaining({ authorId: shop.shop.owner.id, body: '这是发货前的照片', evidence: [photo.body.url] }),
      ]);
      const record = (await t().http.get(`/disputes/${dispute.id}/record`, { token: buyer.token })).text;
      expect(record).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(record).not.toContain('<script>');
      expect(record).toContain(photo.body.url);
      const stolen = await act(buyer, dispute.id, 'messages', { body: '盗图', evidence: [photo.body.url] });
      expect([stolen.status, stolen.body.errors[0].path]).toEqual([400, '/body/evidence/0']);
      const stranger = await given.user(t(), { viaSms: false });
      expect((await t().http.post(`/disputes/${dispute.id}/messages`, { body: '路过' }, { token: stranger.token, headers: key() })).status).toBe(404);

      await expect(sql`update dispute_events set body = 'rewritten' where dispute_id = ${dispute.id}`.execute(db())).rejects.toThrow(/append-only/);
      await expect(sql`delete from dispute_events where dispute_id = ${dispute.id}`.execute(db())).rejects.toThrow(/append-only/);
      expect((await t().http.get(`/disputes/${dispute.id}`, { token: buyer.token })).body.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'message', 'message']);
      // The operator may also hand the case to the platform.
      expect((await act(shop.shop.owner, dispute.id, 'escalate')).body.dispute.timeline.at(-1)).toMatchObject({ type: 'escalated', detail: { by: 'operator' } });
    });
  });
}
