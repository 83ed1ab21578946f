/** Wallets: top-ups through the signed sandbox provider, withdrawals with the PIN, deposits (R16); books checked after each test. */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { signWebhook } from '../src/modules/payments/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`wallet on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    async function topUp(user: GivenUser, amount: number): Promise<string> {
      const created = await t.http.post('/wallet/top-ups', { amount }, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
      expect(created.status).toBe(201);
      const paid = await t.http.post(`/sandbox/top-ups/${created.body.topUp.id}/complete`);
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      return created.body.topUp.id;
    }

    /** What a provider would send, signed with the configured secret at `at`. */
    function webhook(event: object, at = t.clock.now(), secret = t.ctx.config.paymentWebhookSecret) {
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(at.getTime() / 1000));
      return t.http.post('/payments/webhook', undefined, {
        raw: body,
        headers: { 'content-type': 'application/json', 'x-provider-timestamp': timestamp, 'x-provider-signature': signWebhook(secret, timestamp, body) },
      });
    }

    it('a top-up is pending until the provider pays; then the wallet is credited once, however often the webhook comes', async () => {
      const user = await given.user(t);
      expect((await t.http.get('/wallet', { token: user.token })).body).toEqual({ balance: 0, held: 0, incoming: 0 });
      const created = await t.http.post('/wallet/top-ups', { amount: 50_000 }, { token: user.token });
      expect(created.body.topUp).toMatchObject({ amount: 50_000, status: 'pending', completedAt: null });
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(0);

      const id = created.body.topUp.id;
      expect((await t.http.post(`/sandbox/top-ups/${id}/complete`)).body.topUp.status).toBe('succeeded');
      expect((await t.http.post(`/sandbox/top-ups/${id}/complete`)).status).toBe(200);
      const event = { type: 'top_up.succeeded', topUpId: id, amount: 50_000, providerRef: `sandbox-${id}` };
      expect((await webhook(event)).status).toBe(200);
      expect((await t.http.get('/wallet', { token: user.token })).body).toEqual({ balance: 50_000, held: 0, incoming: 0 });

      const lines = await t.http.get('/wallet/transfers', { token: user.token });
      expect(lines.body.items).toHaveLength(1);
      expect(lines.body.items[0]).toMatchObject({ code: 'top_up', amount: 50_000, state: 'posted', reference: id });
      expect((await t.http.get(`/wallet/top-ups/${id}`, { token: user.token })).body.topUp.status).toBe('succeeded');
    });

    it('the webhook refuses bad signatures, other secrets, stale timestamps and wrong amounts, and credits nothing', async () => {
      const user = await given.user(t);
      const id = (await t.http.post('/wallet/top-ups', { amount: 8_800 }, { token: user.token })).body.topUp.id;
      const event = { type: 'top_up.succeeded', topUpId: id, amount: 8_800, providerRef: 'x' };
      const forged = await webhook(event, t.clock.now(), 'not-the-secret');
      expect([forged.status, forged.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      const stale = await webhook(event, new Date(t.clock.now().getTime() - 6 * 60_000));
      expect([stale.status, stale.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      const unsigned = await t.http.post('/payments/webhook', undefined, { raw: JSON.stringify(event), headers: { 'content-type': 'application/json' } });
      expect(unsigned.status).toBe(401);
      const wrongAmount = await webhook({ ...event, amount: 88_000 });
      expect([wrongAmount.status, wrongAmount.body.code]).toEqual([400, 'AMOUNT_MISMATCH']);
      expect((await webhook({ ...event, topUpId: 'no-such-top-up' })).status).toBe(404);
      expect((await webhook({ type: 'refund.succeeded' })).status).toBe(400);
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(0);
      expect((await t.http.get(`/wallet/top-ups/${id}`, { token: user.token })).body.topUp.status).toBe('pending');
      // Signed correctly at the edge of the window: accepted.
      expect((await webhook(event, new Date(t.clock.now().getTime() - 4 * 60_000))).status).toBe(200);
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(8_800);
    });

    it('another user cannot see a top-up', async () => {
      const owner = await given.user(t);
      const id = (await t.http.post('/wallet/top-ups', { amount: 100 }, { token: owner.token })).body.topUp.id;
      const stranger = await given.user(t);
      expect((await t.http.get(`/wallet/top-ups/${id}`, { token: stranger.token })).status).toBe(404);
    });

    it('withdrawals need a verified identity and the PIN; wrong PINs count down and lock (D4)', async () => {
      const plain = await given.user(t);
      await topUp(plain, 1_000);
      const noIdentity = await t.http.post('/wallet/withdrawals', { amount: 100, pin: '258036' }, { token: plain.token });
      expect([noIdentity.status, noIdentity.body.code]).toEqual([403, 'IDENTITY_REQUIRED']);

      const user = await given.user(t, { pin: '258036' });
      await topUp(user, 20_000);
      const wrong = await t.http.post('/wallet/withdrawals', { amount: 5_000, pin: '999111' }, { token: user.token });
      expect([wrong.status, wrong.body.code, wrong.body.remainingTries]).toEqual([401, 'BAD_PIN', 4]);
      const key = randomUUID();
      const ok = await t.http.post('/wallet/withdrawals', { amount: 5_000, pin: '258036' }, { token: user.token, headers: { 'idempotency-key': key } });
      expect(ok.status).toBe(201);
      const replay = await t.http.post('/wallet/withdrawals', { amount: 5_000, pin: '258036' }, { token: user.token, headers: { 'idempotency-key': key } });
      expect(replay.body).toEqual(ok.body);
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(15_000);
      const tooMuch = await t.http.post('/wallet/withdrawals', { amount: 15_001, pin: '258036' }, { token: user.token });
      expect([tooMuch.status, tooMuch.body.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);

      // A right PIN resets the count; five wrong in a row lock payment for 30 minutes.
      for (let i = 0; i < 4; i++) expect((await t.http.post('/wallet/withdrawals', { amount: 100, pin: '999111' }, { token: user.token })).body.code).toBe('BAD_PIN');
      expect((await t.http.post('/wallet/withdrawals', { amount: 100, pin: '999111' }, { token: user.token })).body.code).toBe('PIN_LOCKED');
      const locked = await t.http.post('/wallet/withdrawals', { amount: 100, pin: '258036' }, { token: user.token });
      expect([locked.status, locked.body.code]).toEqual([423, 'PIN_LOCKED']);
      expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(15_000);
    });

    it('R16: an operator pays its deposit from the owner’s wallet', async () => {
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      await topUp(shop.owner, 150_000);
      const paid = await t.http.post(`/operators/${shop.id}/deposit`, { amount: 120_000 }, { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ required: 200_000, paid: 120_000, balance: 120_000 });
      expect((await t.http.get('/wallet', { token: shop.owner.token })).body.balance).toBe(30_000);
      const short = await t.http.post(`/operators/${shop.id}/deposit`, { amount: 80_000 }, { token: shop.owner.token });
      expect([short.status, short.body.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
      const stranger = await given.user(t);
      expect((await t.http.post(`/operators/${shop.id}/deposit`, { amount: 1 }, { token: stranger.token })).status).toBe(404);
      expect((await t.http.get(`/operators/${shop.id}/deposit`, { token: admin.token })).body).toMatchObject({ paid: 120_000, balance: 120_000 });
    });

    it('R16: the deposit returns to the owner only after the closure takes effect', async () => {
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      await topUp(shop.owner, 200_000);
      await t.http.post(`/operators/${shop.id}/deposit`, { amount: 200_000 }, { token: shop.owner.token });
      const early = await t.http.post(`/operators/${shop.id}/deposit/refund`, undefined, { token: shop.owner.token });
      expect([early.status, early.body.code]).toEqual([409, 'DEPOSIT_LOCKED']);
      const effectiveAt = new Date(t.clock.now().getTime() + 31 * DAY).toISOString();
      expect((await t.http.post(`/operators/${shop.id}/closure`, { effectiveAt }, { token: shop.owner.token })).status).toBe(200);
      t.clock.advance(32 * DAY);
      const token = (await t.http.post('/auth/login', { phone: shop.owner.phone, password: shop.owner.password })).body.token;
      const refunded = await t.http.post(`/operators/${shop.id}/deposit/refund`, undefined, { token });
      expect(refunded.body).toMatchObject({ paid: 200_000, balance: 0 });
      expect((await t.http.get('/wallet', { token })).body.balance).toBe(200_000);
    });

    if (kind === 'postgres') {
      it('race: 10 parallel withdrawals of 3,000 from 20,000 with different keys → 6 succeed, never below zero', async () => {
        const user = await given.user(t, { pin: '258036' });
        await topUp(user, 20_000);
        const results = await Promise.all(
          Array.from({ length: 10 }, () => t.http.post('/wallet/withdrawals', { amount: 3_000, pin: '258036' }, { token: user.token, headers: { 'idempotency-key': randomUUID() } })),
        );
        expect(results.filter((r) => r.status === 201)).toHaveLength(6);
        for (const r of results.filter((x) => x.status !== 201)) expect(r.body.code).toBe('INSUFFICIENT_FUNDS');
        expect((await t.http.get('/wallet', { token: user.token })).body.balance).toBe(2_000);
      });
    }
  });
}
