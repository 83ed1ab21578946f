/**
 * The one SMS code mechanism, for both of its uses: proving the phone of an existing account
 * (`POST /me/phone/code`) and proving a phone before its account exists (`POST /auth/phone-code`,
 * sign-up). Six digits, kept only as a hash salted with the code's id, good for 10 minutes, once,
 * and for five wrong tries; sending spends the budgets API.md states (a phone one code a minute and
 * ten a day, an IP 200 an hour: rate-limit.ts).
 */
import { createHash, randomInt } from 'node:crypto';
import { MINUTE, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Executor } from '../../database.js';
import type { SmsSender } from '../notifications/index.js';
import type { RateLimits } from './rate-limit.js';
import { accountsRepo } from './repo.js';

const CODE_TTL_MS = 10 * MINUTE;
const CODE_MAX_ATTEMPTS = 5;
/** What the sign-up screen counts down before it offers to send again (the per-phone minute budget). */
export const CODE_RESEND_SECONDS = 60;

/** Whose code: an account's, or a phone's (its vault lookup hash) before the account exists. */
export type CodeOwner = { userId: string } | { phoneKey: string };
/** The code used up (its id), or why not. */
export type Redeemed = { used: string } | 'wrong' | 'expired';

const hashCode = (id: string, code: string) => createHash('sha256').update(`${id}:${code}`).digest('base64url');

export function createPhoneCodes(deps: { limits: RateLimits; sms: SmsSender; clock: Clock }) {
  const { limits, sms, clock } = deps;
  return {
    /** Spends one of the IP's and one of the phone's budgets; 429 with Retry-After past either. */
    async spend(phoneKey: string, ip: string): Promise<void> {
      await limits.codesPerIp.consume(ip);
      await limits.codesPerPhoneMinute.consume(phoneKey);
      await limits.codesPerPhoneDay.consume(phoneKey);
    },

    /** A new code for `owner`, sent to `phone`; the budgets are spent by the caller first (spend). */
    async issue(ex: Executor, owner: CodeOwner, phone: string): Promise<{ expiresAt: Date }> {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const id = newId();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
      await accountsRepo.insertPhoneCode(ex, {
        id,
        user_id: 'userId' in owner ? owner.userId : null,
        phone_key: 'phoneKey' in owner ? owner.phoneKey : null,
        code_hash: hashCode(id, code),
        expires_at: expiresAt,
        created_at: now,
      });
      await sms.send(phone, `【Agora】您的验证码是 ${code}，10 分钟内有效。Your Agora code is ${code}.`);
      return { expiresAt };
    },

    /**
     * Checks `code` against the owner's newest code, inside the caller's transaction: a match is used
     * up; `wrong` counts a try, which the caller must commit before it answers, so that the try counts.
     */
    async redeem(tx: Executor, owner: CodeOwner, code: string): Promise<Redeemed> {
      const pending = await accountsRepo.latestPhoneCode(tx, owner);
      const now = clock.now();
      if (!pending || pending.expires_at <= now || pending.attempts >= CODE_MAX_ATTEMPTS) return 'expired';
      if (hashCode(pending.id, code) !== pending.code_hash) {
        await accountsRepo.countPhoneCodeAttempt(tx, pending.id);
        return 'wrong';
      }
      await accountsRepo.consumePhoneCode(tx, pending.id, now);
      return { used: pending.id };
    },

    /** A sign-up code passes to the account it created, so it is that user's data (export, erasure) like the rest. */
    adopt: (tx: Executor, codeId: string, userId: string) => accountsRepo.adoptPhoneCode(tx, codeId, userId),
  };
}

export type PhoneCodes = ReturnType<typeof createPhoneCodes>;
