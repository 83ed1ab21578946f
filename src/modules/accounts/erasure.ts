/**
 * Closing and erasing an account (PIPL art. 47; R15). The user row stays as a
 * pseudonymous tombstone — orders and ledger accounts must keep naming a buyer for
 * three years (R4, E-Commerce Law art. 31) — but nothing in it leads back to the
 * person: the nickname becomes 「已注销用户 8F3K」, the masked phone, password hash,
 * PIN, TOTP secret and roles go, every session is revoked and pending phone codes
 * are deleted. The personal data itself lives in the vault and is erased there.
 *
 * @example
 *   await erasure.verifyPassword(userId, password, ip); // 403 BAD_PASSWORD, counted like a failed login
 *   await db.transaction().execute(async (tx) => {
 *     await erasure.lock(tx, userId);
 *     const { pseudonym } = await erasure.erase(tx, userId);
 *   });
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { AppError, notFound } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { PrivacyService } from '../privacy/index.js';
import type { PasswordHasher } from './credentials.js';
import type { LoginThrottle } from './login-throttle.js';
import { accountsRepo } from './repo.js';

/** No I, L, O, 0, 1: a pseudonym is read aloud and copied by hand. */
const PSEUDONYM_CHARS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PSEUDONYM_PREFIX = '已注销用户';

/** 「已注销用户 8F3K」: random, so it says nothing about who the account was. */
export function pseudonym(): string {
  let tail = '';
  for (let i = 0; i < 4; i++) tail += PSEUDONYM_CHARS[randomInt(PSEUDONYM_CHARS.length)];
  return `${PSEUDONYM_PREFIX} ${tail}`;
}

/** Never a valid scrypt string: no password can match an erased account. */
const ERASED_PASSWORD_HASH = 'erased';

export const erasureErrors = {
  badPassword: () => new AppError('forbidden', 'BAD_PASSWORD', 'The password is wrong'),
};

export function createAccountErasure(deps: { db: Kysely<DB>; privacy: PrivacyService; loginThrottle: LoginThrottle; clock: Clock; passwords: PasswordHasher }) {
  const { db, privacy, loginThrottle, clock, passwords } = deps;
  return {
    /**
     * Deleting an account asks for the password again. A wrong one is counted against
     * the same budgets as a failed login (login-throttle.ts), so this door cannot be
     * used to guess passwords faster than the login form.
     */
    async verifyPassword(userId: string, password: string, ip: string): Promise<void> {
      const user = await accountsRepo.findUser(db, userId);
      if (!user || user.erased_at) throw notFound('user');
      const [phone] = await privacy.readOwn(db, userId, ['phone']);
      const phoneKey = phone ? privacy.lookupHash('phone', phone.value) : `user:${userId}`;
      await loginThrottle.beforeCheck(phoneKey, ip);
      if (await passwords.verify(password, user.password_hash ?? passwords.dummyHash)) return;
      await loginThrottle.failed(phoneKey, ip);
      throw erasureErrors.badPassword();
    },

    /** Lock the user row for the erasing transaction: a second DELETE /me waits, then finds it gone. */
    async lock(ex: Executor, userId: string): Promise<void> {
      const user = await accountsRepo.findUserForUpdate(ex, userId);
      if (!user || user.erased_at) throw notFound('user');
    },

    /** Turn the row into a tombstone, revoke every session; returns the pseudonym shown from now on. */
    async erase(ex: Executor, userId: string): Promise<{ pseudonym: string; erasedAt: Date }> {
      const now = clock.now();
      const name = pseudonym();
      await accountsRepo.updateUser(ex, userId, {
        display_name: name,
        phone_masked: '',
        password_hash: ERASED_PASSWORD_HASH,
        roles: [],
        payment_pin_hash: null,
        pin_failed_attempts: 0,
        pin_locked_until: null,
        totp_secret_sealed: null,
        totp_enabled_at: null,
        totp_last_step: null,
        erased_at: now,
      });
      await accountsRepo.revokeAllSessions(ex, userId, now);
      await accountsRepo.deletePhoneCodes(ex, userId);
      return { pseudonym: name, erasedAt: now };
    },

    /** Erased accounts and when, oldest first (for the R4 purge). */
    erased: (ex: Executor) => accountsRepo.erasedUsers(ex),
  };
}

export type AccountErasure = ReturnType<typeof createAccountErasure>;
