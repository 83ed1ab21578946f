/**
 * Payment PINs are peppered with a key the database does not hold, then hashed
 * with a light scrypt; PINs stored before that are still accepted and are replaced
 * by the peppered form the first time they are entered right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { hashSecret, verifyPin } from '../src/modules/accounts/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given } from './support/given.js';

const PIN = '258036';

for (const kind of DATABASE_KINDS) {
  describe(`payment PIN storage on ${kind}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });
    const storedHash = async (userId: string) =>
      (await t.ctx.database.db.selectFrom('users').select('payment_pin_hash').where('id', '=', userId).executeTakeFirstOrThrow()).payment_pin_hash!;
    const verify = (userId: string, pin: string) => t.ctx.accounts.verifyPaymentPin(t.ctx.database.db, userId, pin);

    it('stores a peppered hash that another key cannot reproduce, and the same PIN of two users hashes apart', async () => {
      const [a, b] = [await given.user(t, { pin: PIN, viaSms: false }), await given.user(t, { pin: PIN, viaSms: false })];
      const [ha, hb] = [await storedHash(a.id), await storedHash(b.id)];
      expect(ha).toMatch(/^pin-scrypt\$1024\$8\$1\$/);
      expect(ha).not.toBe(hb);
      await expect(verify(a.id, PIN)).resolves.toBeUndefined();
      // Someone with the database but not the key cannot test a guess, even the right one.
      const otherKey = randomBytes(32);
      const wrongPepper = (value: string) => createHmac('sha256', otherKey).update(value).digest('base64url');
      expect(await verifyPin(wrongPepper, a.id, PIN, ha)).toBe(false);
      expect(await verifyPin((value) => t.ctx.privacy.pepper('payment_pin', value), a.id, PIN, ha)).toBe(true);
      await expect(verify(a.id, '147036')).rejects.toMatchObject({ code: 'BAD_PIN' });
    });

    it('accepts a PIN stored before peppering and upgrades it on the first right entry; a wrong one is still refused', async () => {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await t.ctx.database.db.updateTable('users').set({ payment_pin_hash: await hashSecret(PIN) }).where('id', '=', user.id).execute();
      await expect(verify(user.id, '147036')).rejects.toMatchObject({ code: 'BAD_PIN' });
      expect(await storedHash(user.id)).toMatch(/^scrypt\$16384\$/);
      await expect(verify(user.id, PIN)).resolves.toBeUndefined();
      expect(await storedHash(user.id)).toMatch(/^pin-scrypt\$/);
      await expect(verify(user.id, PIN)).resolves.toBeUndefined();
      // The wrong try before the upgrade was counted and the right one reset the count.
      const row = await t.ctx.database.db.selectFrom('users').select('pin_failed_attempts').where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.pin_failed_attempts).toBe(0);
    });
  });
}
