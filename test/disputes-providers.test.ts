/**
 * D7 on both databases: a dispute may name an approved service provider (at opening,
 * or an admin adds it later), which is then a party with the same duties and
 * deadlines: it reads the case and its record, posts messages, must answer within
 * 48 h (reminded 12 h before, once) or the case goes to arbitration, and a ruling may
 * charge it compensation, paid by the platform at once and recorded as the
 * provider's debt. A stranger gets 404. The books are checked after each test.
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../src/lib/clock.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeSuite, PRICE } from './support/disputes.js';
import { given, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`service providers as dispute parties (D7) on ${kind}`, () => {
    const { t, admin, db, key, login, newShop, order, open, opened, act, rule, wallet } = disputeSuite(kind);
    const provider = () => given.serviceProvider(t(), admin());
    const get = async (user: GivenUser, id: string) => t().http.get(`/disputes/${id}`, { token: await login(user) });
    const addParty = async (id: string, serviceProviderId: string) => t().http.post(`/admin/disputes/${id}/parties`, { serviceProviderId }, { token: await login(admin()), headers: key() });
    const notesOf = async (user: GivenUser, id: string) =>
      ((await t().http.get('/me/notifications?limit=100', { token: await login(user) })).body.items as { kind: string; link: string; dueAt: string | null }[]).filter((n) => n.link === `/disputes/${id}`);

    it('named at opening, the provider is a party: it is told to answer by the deadline, reads the case and record, posts messages; a stranger gets 404', async () => {
      const shop = await newShop();
      const logistics = await provider();
      const { buyer, orderId } = await order(shop);
      const pending = await given.serviceProvider(t(), admin(), { approve: false });
      const refused = await open(buyer, { orderId, category: 'not_received', claim: { refund: PRICE }, serviceProviderId: pending.id });
      expect([refused.status, refused.body.errors?.[0]?.path]).toEqual([400, '/body/serviceProviderId']);

      const dispute = await opened(buyer, orderId, { category: 'not_received', serviceProviderId: logistics.id });
      expect(dispute.serviceProvider).toEqual({ id: logistics.id, answer: null, share: null, deadline: dispute.deadline });
      expect(dispute.timeline[0].detail).toMatchObject({ serviceProviderId: logistics.id });
      expect(await notesOf(logistics.owner, dispute.id)).toEqual([expect.objectContaining({ kind: 'dispute.answer_due', dueAt: dispute.deadline })]);

      expect((await get(logistics.owner, dispute.id)).body.id).toBe(dispute.id);
      expect((await t().http.get(`/disputes/${dispute.id}/record`, { token: await login(logistics.owner) })).text).toContain(`Service provider ${logistics.id} is a party`);
      const said = await act(logistics.owner, dispute.id, 'messages', { body: '包裹已于 11 月 28 日签收，附签收记录' });
      expect(said.body.dispute.messages.at(-1)).toMatchObject({ authorId: logistics.owner.id });
      const inbox = (await t().http.get('/disputes?role=provider', { token: await login(logistics.owner) })).body.items.map((d: { id: string }) => d.id);
      expect(inbox).toEqual([dispute.id]);
      expect((await t().http.get('/disputes?role=operator', { token: await login(logistics.owner) })).body.items).toEqual([]);

      const stranger = await given.user(t(), { viaSms: false });
      expect((await get(stranger, dispute.id)).status).toBe(404);
      expect((await act(stranger, dispute.id, 'respond', { accept: true })).status).toBe(404);
      expect((await act(logistics.owner, dispute.id, 'withdraw')).status).toBe(404);
    });

    it('the provider answers once: accepting records its share (at most the claim), refusing needs a reason; the others are told', async () => {
      const shop = await newShop();
      const logistics = await provider();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { category: 'not_received', claim: { refund: 6_000 }, serviceProviderId: logistics.id });
      expect((await act(logistics.owner, dispute.id, 'respond', { accept: false })).body.code).toBe('VALIDATION_FAILED');
      const over = await act(logistics.owner, dispute.id, 'respond', { accept: true, share: 6_001 });
      expect([over.status, over.body.errors[0].path]).toEqual([400, '/body/share']);
      const accepted = await act(logistics.owner, dispute.id, 'respond', { accept: true, share: 4_000 });
      expect(accepted.status, accepted.text).toBe(200);
      // Its word is recorded; no money moves until the operator accepts or the platform rules.
      expect(accepted.body.dispute).toMatchObject({ status: 'open', serviceProvider: { answer: 'accepted', share: 4_000 } });
      expect(accepted.body.dispute.timeline.at(-1)).toMatchObject({ type: 'provider_accepted', actorId: logistics.owner.id, detail: { share: 4_000 } });
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 - PRICE, held: PRICE });
      expect((await act(logistics.owner, dispute.id, 'respond', { accept: false, reason: '改主意' })).body.code).toBe('DISPUTE_STATE_CONFLICT');
      for (const party of [buyer, shop.shop.owner]) expect((await notesOf(party, dispute.id)).map((n) => n.kind)).toContain('dispute.provider_answered');

      // The operator's acceptance settles the case; the provider learns the outcome.
      expect((await act(shop.shop.owner, dispute.id, 'respond', { accept: true })).body.dispute.status).toBe('resolved');
      expect((await notesOf(logistics.owner, dispute.id)).map((n) => n.kind)).toContain('dispute.outcome');
    });

    it('a provider that does not answer is reminded 12 h before and, after 48 h, the case goes to arbitration even though the operator answered', async () => {
      const shop = await newShop();
      const logistics = await provider();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { category: 'not_received', serviceProviderId: logistics.id });
      await act(shop.shop.owner, dispute.id, 'respond', { accept: false, reason: '已按时发货' });
      const reminders = async () => (await notesOf(logistics.owner, dispute.id)).filter((n) => n.kind === 'dispute.answer_reminder');

      t().clock.advance(36 * HOUR);
      await t().ctx.disputes.sweep();
      await t().ctx.disputes.sweep();
      expect(await reminders()).toEqual([expect.objectContaining({ dueAt: dispute.deadline })]);
      // The operator has answered: it is not reminded.
      expect((await notesOf(shop.shop.owner, dispute.id)).filter((n) => n.kind === 'dispute.answer_reminder')).toEqual([]);

      t().clock.advance(12 * HOUR - 1);
      await t().ctx.disputes.sweep();
      expect((await get(buyer, dispute.id)).body.status).toBe('responded');
      t().clock.advance(1);
      await t().ctx.disputes.sweep();
      const escalated = (await get(buyer, dispute.id)).body;
      expect(escalated).toMatchObject({ status: 'arbitration', deadline: new Date(new Date(dispute.deadline).getTime() + 5 * DAY).toISOString() });
      expect(escalated.timeline.at(-1)).toMatchObject({ type: 'escalated_automatically', actorId: null, detail: { reason: 'the service provider did not answer within 48 hours' } });
      expect((await notesOf(logistics.owner, dispute.id)).map((n) => n.kind)).toContain('dispute.ruling_due');
      // Still a party: it may answer for the record while the platform decides.
      expect((await act(logistics.owner, dispute.id, 'respond', { accept: false, reason: '包裹已签收' })).body.dispute.serviceProvider.answer).toBe('refused');
    });

    it('an admin names a provider later: 48 h from then to answer; the same again changes nothing, another is 409', async () => {
      const shop = await newShop();
      const logistics = await provider();
      const other = await provider();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { category: 'not_received' });
      expect(dispute.serviceProvider).toBeNull();
      expect((await get(logistics.owner, dispute.id)).status).toBe(404);
      t().clock.advance(3 * HOUR);
      expect((await t().http.post(`/admin/disputes/${dispute.id}/parties`, { serviceProviderId: logistics.id }, { token: await login(buyer), headers: key() })).status).toBe(403);
      const added = await addParty(dispute.id, logistics.id);
      expect(added.status, added.text).toBe(200);
      const due = new Date(t().clock.now().getTime() + 48 * HOUR).toISOString();
      expect(added.body.dispute.serviceProvider).toEqual({ id: logistics.id, answer: null, share: null, deadline: due });
      expect(added.body.dispute.timeline.at(-1)).toMatchObject({ type: 'party_added', detail: { serviceProviderId: logistics.id } });
      expect(await notesOf(logistics.owner, dispute.id)).toEqual([expect.objectContaining({ kind: 'dispute.answer_due', dueAt: due })]);
      expect((await notesOf(buyer, dispute.id)).map((n) => n.kind)).toContain('dispute.party_added');
      expect((await get(logistics.owner, dispute.id)).body.id).toBe(dispute.id);

      expect((await addParty(dispute.id, logistics.id)).body.dispute.timeline.filter((e: { type: string }) => e.type === 'party_added')).toHaveLength(1);
      expect((await addParty(dispute.id, other.id)).body.code).toBe('DISPUTE_PROVIDER_ALREADY_NAMED');
    });

    it('a ruling charges the provider compensation: the buyer is paid at once, the provider’s debt recorded, the record shows it', async () => {
      const shop = await newShop(3_000);
      const logistics = await provider();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { category: 'personal_injury', claim: { refund: PRICE, compensation: 20_000 }, serviceProviderId: logistics.id });
      await act(logistics.owner, dispute.id, 'escalate');
      const ruled = await rule(dispute.id, { refund: PRICE, compensation: 3_000, providerCompensation: 12_000, reason: '运输途中挤压致伤，物流承担主要责任' });
      expect(ruled.status, ruled.text).toBe(200);
      expect(ruled.body.dispute.ruling).toMatchObject({ by: 'platform', refund: PRICE, compensation: 3_000, providerCompensation: 12_000 });
      expect(ruled.body.dispute.timeline.at(-1).detail).toMatchObject({ providerCompensation: 12_000, providerCompensationFrom: { provider_debt: 12_000 }, compensationFrom: { operator_deposit: 3_000 } });
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000 + 3_000 + 12_000, held: 0 });
      const debt = await t().ctx.ledger.balanceOf(db(), 'provider_debt', logistics.id);
      expect(debt.debitsPosted - debt.creditsPosted).toBe(12_000);
      const record = (await t().http.get(`/disputes/${dispute.id}/record`, { token: await login(logistics.owner) })).text;
      expect(record).toContain('compensation charged to the service provider ¥120.00');
      expect(record).toContain(`dispute:${dispute.id}:provider_compensation:advance`);
      const arbitration = (await t().http.get(`/admin/disputes/${dispute.id}/case`, { token: await login(admin()) })).body;
      expect(arbitration.ledger).toContainEqual(expect.objectContaining({ debitAccount: 'provider_debt', debitOwnerId: logistics.id, creditAccount: 'user_wallet', amount: 12_000, status: 'posted' }));
    });
  });
}
