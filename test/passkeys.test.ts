/**
 * Passkeys as the payment step-up (D4), on both databases: registration, and
 * payment with an assertion whose challenge is bound to one order and amount,
 * good once, for five minutes, only with user verification. A software
 * authenticator makes real signatures, so the server's real checks run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../src/lib/clock.js';
import { SoftAuthenticator } from './support/authenticator.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 250_000; // over the ¥2,000 step-up threshold

for (const kind of DATABASE_KINDS) {
  describe(`passkeys on ${kind}`, () => {
    let t: TestApp;
    let skuId: string;
    let origin: string;

    beforeAll(async () => {
      t = await startTestApp(kind);
      origin = t.url.replace('127.0.0.1', 'localhost');
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      skuId = (await given.product(t, shop, { skus: [{ name: '整套', price: PRICE, stock: 50 }] })).skus[0].id;
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    type Buyer = GivenUser & { addressId: string };
    async function buyer(): Promise<Buyer> {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, user, 3 * PRICE);
      return { ...user, addressId: await given.address(t, user) };
    }
    async function order(b: Buyer): Promise<{ id: string; total: number }> {
      const res = await t.http.post('/orders', { addressId: b.addressId, items: [{ skuId, quantity: 1 }] }, { token: b.token, headers: { 'idempotency-key': randomUUID() } });
      expect(res.status).toBe(201);
      return res.body.order;
    }
    async function registerPasskey(b: Buyer, authenticator = new SoftAuthenticator(origin)): Promise<SoftAuthenticator> {
      const options = await t.http.post('/me/passkeys/options', undefined, { token: b.token });
      expect(options.status).toBe(200);
      const res = await t.http.post('/me/passkeys', { response: authenticator.register(options.body), name: '我的手机' }, { token: b.token });
      expect([res.status, res.body.passkey?.id]).toEqual([201, authenticator.id]);
      return authenticator;
    }
    const options = (b: Buyer, orderId: string) => t.http.post(`/orders/${orderId}/pay/passkey-options`, undefined, { token: b.token });
    const pay = (b: Buyer, orderId: string, body: Record<string, unknown>) =>
      t.http.post(`/orders/${orderId}/pay`, body, { token: b.token, headers: { 'idempotency-key': randomUUID() } });
    const statusOf = async (b: Buyer, orderId: string) => (await t.http.get(`/orders/${orderId}`, { token: b.token })).body.status;
    const wallet = async (b: Buyer) => (await t.http.get('/wallet', { token: b.token })).body;

    it('a registered passkey is offered as the step-up and pays an order with the PIN; the money is held in escrow', async () => {
      const b = await buyer();
      const o = await order(b);
      expect((await pay(b, o.id, { pin: PIN })).body.methods).toEqual([]);
      const key = await registerPasskey(b);
      expect((await t.http.get('/me/passkeys', { token: b.token })).body.items).toEqual([expect.objectContaining({ id: key.id, name: '我的手机', lastUsedAt: null })]);
      const noFactor = await pay(b, o.id, { pin: PIN });
      expect([noFactor.status, noFactor.body.code, noFactor.body.methods]).toEqual([401, 'STEP_UP_REQUIRED', ['passkey']]);

      const challenge = await options(b, o.id);
      expect(challenge.status).toBe(200);
      expect(challenge.body).toMatchObject({ rpId: 'localhost', userVerification: 'required', allowCredentials: [expect.objectContaining({ id: key.id })] });
      const paid = await pay(b, o.id, { pin: PIN, passkey: key.assert(challenge.body) });
      expect([paid.status, paid.body.order?.status]).toEqual([200, 'paid']);
      expect(await wallet(b)).toEqual({ balance: 2 * PRICE, held: PRICE, incoming: 0 });
      expect((await t.http.get('/me/passkeys', { token: b.token })).body.items[0].lastUsedAt).not.toBeNull();
    });

    it('a challenge is bound to its order and amount, good once and for five minutes; each refusal changes nothing', async () => {
      const b = await buyer();
      const key = await registerPasskey(b);
      const first = await order(b);
      const second = await order(b);

      // Signed for the first order, presented for the second (same amount): refused, and used up.
      const forFirst = key.assert((await options(b, first.id)).body);
      const swapped = await pay(b, second.id, { pin: PIN, passkey: forFirst });
      expect([swapped.status, swapped.body.code]).toEqual([401, 'PASSKEY_REJECTED']);
      const reused = await pay(b, first.id, { pin: PIN, passkey: forFirst });
      expect([reused.status, reused.body.code]).toEqual([401, 'PASSKEY_REJECTED']);

      const stale = (await options(b, first.id)).body;
      t.clock.advance(5 * MINUTE + 1_000);
      const late = await pay(b, first.id, { pin: PIN, passkey: key.assert(stale) });
      expect([late.status, late.body.code]).toEqual([401, 'PASSKEY_REJECTED']);

      // A wrong PIN fails first and leaves the challenge for the right one.
      const fresh = key.assert((await options(b, first.id)).body);
      expect((await pay(b, first.id, { pin: '111333', passkey: fresh })).body.code).toBe('BAD_PIN');
      expect((await pay(b, first.id, { pin: PIN, passkey: fresh })).body.order?.status).toBe('paid');
      const replay = await pay(b, second.id, { pin: PIN, passkey: fresh });
      expect([replay.status, replay.body.code]).toEqual([401, 'PASSKEY_REJECTED']);

      expect(await statusOf(b, second.id)).toBe('pending_payment');
      expect(await wallet(b)).toEqual({ balance: 2 * PRICE, held: PRICE, incoming: 0 });
    });

    it('refuses an assertion without user verification, another user’s passkey, and a forged signature', async () => {
      const b = await buyer();
      const key = await registerPasskey(b);
      const o = await order(b);

      key.userVerification = false;
      const unverified = await pay(b, o.id, { pin: PIN, passkey: key.assert((await options(b, o.id)).body) });
      expect([unverified.status, unverified.body.code, unverified.body.detail]).toEqual([401, 'PASSKEY_REJECTED', expect.stringMatching(/verif/i)]);
      key.userVerification = true;

      const other = await buyer();
      const otherKey = await registerPasskey(other);
      const foreign = await pay(b, o.id, { pin: PIN, passkey: otherKey.assert((await options(b, o.id)).body) });
      expect([foreign.status, foreign.body.code]).toEqual([401, 'PASSKEY_REJECTED']);

      const genuine = key.assert((await options(b, o.id)).body);
      const forged = { ...genuine, response: { ...genuine.response, signature: otherKey.assert((await options(other, (await order(other)).id)).body).response.signature } };
      expect((await pay(b, o.id, { pin: PIN, passkey: forged })).body.code).toBe('PASSKEY_REJECTED');

      expect(await statusOf(b, o.id)).toBe('pending_payment');
      expect(await wallet(b)).toEqual({ balance: 3 * PRICE, held: 0, incoming: 0 });
    });

    it('registration needs user verification and a fresh challenge; passkeys can be removed', async () => {
      const b = await buyer();
      const careless = new SoftAuthenticator(origin);
      careless.userVerification = false;
      const challenge = await t.http.post('/me/passkeys/options', undefined, { token: b.token });
      const refused = await t.http.post('/me/passkeys', { response: careless.register(challenge.body) }, { token: b.token });
      expect([refused.status, refused.body.code]).toEqual([400, 'PASSKEY_REGISTRATION_FAILED']);

      const wrongSite = new SoftAuthenticator('http://evil.localhost:9999');
      const phished = await t.http.post('/me/passkeys', { response: wrongSite.register((await t.http.post('/me/passkeys/options', undefined, { token: b.token })).body) }, { token: b.token });
      expect([phished.status, phished.body.code]).toEqual([400, 'PASSKEY_REGISTRATION_FAILED']);

      const key = new SoftAuthenticator(origin);
      const response = key.register((await t.http.post('/me/passkeys/options', undefined, { token: b.token })).body);
      expect((await t.http.post('/me/passkeys', { response }, { token: b.token })).status).toBe(201);
      const again = await t.http.post('/me/passkeys', { response }, { token: b.token });
      expect([again.status, again.body.code]).toEqual([400, 'PASSKEY_REGISTRATION_FAILED']);
      // The options exclude what is registered, so a browser will not register it twice.
      expect((await t.http.post('/me/passkeys/options', undefined, { token: b.token })).body.excludeCredentials).toEqual([expect.objectContaining({ id: key.id })]);

      const stranger = await buyer();
      expect((await t.http.delete(`/me/passkeys/${key.id}`, undefined, { token: stranger.token })).status).toBe(404);
      expect((await t.http.delete(`/me/passkeys/${key.id}`, undefined, { token: b.token })).status).toBe(204);
      expect((await t.http.get('/me/passkeys', { token: b.token })).body.items).toEqual([]);
      const o = await order(b);
      expect([(await options(b, o.id)).status, (await options(b, o.id)).body.code]).toEqual([409, 'NO_PASSKEY']);
    });

    it('payment options only for the buyer’s own order awaiting payment', async () => {
      const b = await buyer();
      const key = await registerPasskey(b);
      const o = await order(b);
      const stranger = await buyer();
      await registerPasskey(stranger);
      expect((await options(stranger, o.id)).status).toBe(404);
      expect((await pay(b, o.id, { pin: PIN, passkey: key.assert((await options(b, o.id)).body) })).status).toBe(200);
      const paidAlready = await options(b, o.id);
      expect([paidAlready.status, paidAlready.body.code]).toEqual([409, 'ORDER_NOT_PAYABLE']);
    });
  });
}
