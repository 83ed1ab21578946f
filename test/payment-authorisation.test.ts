/**
 * accounts.authorisePayment, the one D4 authorisation behind paying an order and
 * withdrawing from a wallet: identity first, then the PIN whose failures are
 * committed whatever the caller does next, a lock after five, and above the
 * step-up threshold a second factor for orders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { PIN_LOCK_MS, PIN_MAX_ATTEMPTS, type PaymentCredentials } from '../src/modules/accounts/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { SoftAuthenticator } from './support/authenticator.js';
import { given } from './support/given.js';

const PIN = '258036';
const WRONG = '147036';

for (const kind of DATABASE_KINDS) {
  describe(`payment authorisation on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    const authorise = (userId: string, amount: number, credentials: PaymentCredentials, orderId = 'order-1') =>
      t.ctx.accounts.authorisePayment(userId, { kind: 'order', orderId, amount }, credentials);
    const failures = async (userId: string) =>
      (await t.ctx.database.db.selectFrom('users').select(['pin_failed_attempts', 'pin_locked_until']).where('id', '=', userId).executeTakeFirstOrThrow());
    /** A caller's flow: authorise, then a transaction of its own that writes and rolls back. */
    const payThenRollBack = async (userId: string, pin: string) => {
      await authorise(userId, 100, { pin });
      await t.ctx.database.db.transaction().execute(async (tx) => {
        await tx.updateTable('users').set({ display_name: 'rolled back' }).where('id', '=', userId).execute();
        throw new Error('the money leg failed');
      });
    };

    it('needs a verified identity before anything else, in the words of each payment, and counts nothing', async () => {
      const user = await given.user(t, { verify: 'phone', viaSms: false });
      await expect(authorise(user.id, 100, { pin: PIN })).rejects.toMatchObject({ code: 'IDENTITY_REQUIRED', kind: 'forbidden', detail: 'Verify your identity before paying (D4)' });
      await expect(t.ctx.accounts.authorisePayment(user.id, { kind: 'withdrawal', amount: 100 }, { pin: PIN })).rejects.toMatchObject({
        code: 'IDENTITY_REQUIRED',
        detail: 'Verify your identity first',
      });
      expect((await failures(user.id)).pin_failed_attempts).toBe(0);
    });

    it('commits a wrong PIN’s count though the caller’s transaction rolls back, and a right PIN’s reset likewise', async () => {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await expect(payThenRollBack(user.id, WRONG)).rejects.toMatchObject({ code: 'BAD_PIN', extra: { remainingTries: PIN_MAX_ATTEMPTS - 1 } });
      await expect(payThenRollBack(user.id, WRONG)).rejects.toMatchObject({ code: 'BAD_PIN', extra: { remainingTries: PIN_MAX_ATTEMPTS - 2 } });
      expect((await failures(user.id)).pin_failed_attempts).toBe(2);
      // The right PIN passes; the caller's own write rolls back, the reset of the count does not.
      await expect(payThenRollBack(user.id, PIN)).rejects.toThrow('the money leg failed');
      expect((await failures(user.id)).pin_failed_attempts).toBe(0);
      expect((await t.ctx.accounts.me(user.id)).displayName).not.toBe('rolled back');
    });

    it('locks payment for 30 minutes after five wrong PINs, even against the right one, then lets it through', async () => {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      for (let i = 1; i < PIN_MAX_ATTEMPTS; i++) {
        await expect(authorise(user.id, 100, { pin: WRONG })).rejects.toMatchObject({ code: 'BAD_PIN', extra: { remainingTries: PIN_MAX_ATTEMPTS - i } });
      }
      await expect(authorise(user.id, 100, { pin: WRONG })).rejects.toMatchObject({ code: 'PIN_LOCKED', kind: 'locked', retryAfter: PIN_LOCK_MS / 1000 });
      expect((await failures(user.id)).pin_locked_until).not.toBeNull();
      await expect(authorise(user.id, 100, { pin: PIN })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
      await expect(t.ctx.accounts.authorisePayment(user.id, { kind: 'withdrawal', amount: 100 }, { pin: PIN })).rejects.toMatchObject({ code: 'PIN_LOCKED' });
      t.clock.advance(PIN_LOCK_MS + 1000);
      await expect(authorise(user.id, 100, { pin: PIN })).resolves.toBeUndefined();
      // A lock that has run out starts a fresh count.
      await expect(authorise(user.id, 100, { pin: WRONG })).rejects.toMatchObject({ code: 'BAD_PIN', extra: { remainingTries: PIN_MAX_ATTEMPTS - 1 } });
    });

    it('asks an order at or above the step-up threshold for a second factor, naming the ones the user has', async () => {
      const threshold = t.ctx.config.stepUpThreshold;
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await expect(authorise(user.id, threshold - 1, { pin: PIN })).resolves.toBeUndefined();
      await expect(authorise(user.id, threshold, { pin: PIN })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED', kind: 'unauthenticated', extra: { methods: [] } });
      // The PIN is checked first: a wrong one counts and the step-up is not reached.
      await expect(authorise(user.id, threshold, { pin: WRONG })).rejects.toMatchObject({ code: 'BAD_PIN' });
      // A withdrawal takes the PIN alone (API.md "Wallet"), whatever the amount.
      await expect(t.ctx.accounts.authorisePayment(user.id, { kind: 'withdrawal', amount: threshold * 2 }, { pin: PIN })).resolves.toBeUndefined();

      const { secret } = await t.ctx.accounts.startTotpEnrolment(user.id);
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
      const code = () => totp.generate({ timestamp: t.clock.now().getTime() });
      await t.ctx.accounts.confirmTotp(user.id, code());
      t.clock.advance(30_000);
      await expect(authorise(user.id, threshold, { pin: PIN })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED', extra: { methods: ['totp'] } });
      await expect(authorise(user.id, threshold, { pin: PIN, totp: '000000' })).rejects.toMatchObject({ code: 'INVALID_TOTP' });
      const good = code();
      await expect(authorise(user.id, threshold, { pin: PIN, totp: good })).resolves.toBeUndefined();
      // A code is good once: its step was committed with the authorisation.
      await expect(authorise(user.id, threshold, { pin: PIN, totp: good })).rejects.toMatchObject({ code: 'INVALID_TOTP' });
    });

    it('takes a passkey assertion over this order and amount as the second factor; a refused one uses its challenge up', async () => {
      const threshold = t.ctx.config.stepUpThreshold;
      const user = await given.user(t, { pin: PIN, viaSms: false });
      const key = new SoftAuthenticator(t.url.replace('127.0.0.1', 'localhost'));
      const registration = await t.http.post('/me/passkeys/options', undefined, { token: user.token });
      expect((await t.http.post('/me/passkeys', { response: key.register(registration.body) }, { token: user.token })).status).toBe(201);
      await expect(authorise(user.id, threshold, { pin: PIN })).rejects.toMatchObject({ code: 'STEP_UP_REQUIRED', extra: { methods: ['passkey'] } });

      const signed = key.assert(await t.ctx.passkeys.paymentOptions(user.id, { orderId: 'order-2', amount: threshold }));
      // Signed for another amount: refused, and the challenge is used up by the committed attempt.
      await expect(authorise(user.id, threshold + 1, { pin: PIN, passkey: signed }, 'order-2')).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
      await expect(authorise(user.id, threshold, { pin: PIN, passkey: signed }, 'order-2')).rejects.toMatchObject({ code: 'PASSKEY_REJECTED' });
      const fresh = key.assert(await t.ctx.passkeys.paymentOptions(user.id, { orderId: 'order-2', amount: threshold }));
      await expect(authorise(user.id, threshold, { pin: PIN, passkey: fresh }, 'order-2')).resolves.toBeUndefined();
    });
  });
}
