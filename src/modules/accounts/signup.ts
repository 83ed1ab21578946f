/**
 * Sign-up proves the phone (issue 16 item 9; API.md `POST /auth/phone-code`, `POST /auth/register`):
 * the account exists only with a valid code for its phone (the one code mechanism, phone-codes.ts),
 * and its phone is verified from the start.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { maskPhone } from '../../lib/phone.js';
import type { SmsSender } from '../notifications/index.js';
import type { PrivacyService } from '../privacy/index.js';
import type { PasswordHasher } from './credentials.js';
import { accountsErrors as errors } from './errors.js';
import { CODE_RESEND_SECONDS, type PhoneCodes } from './phone-codes.js';
import { accountsRepo, type UserRow } from './repo.js';
import type { MeView } from './service.js';

export interface SignUpDeps {
  db: Kysely<DB>;
  privacy: PrivacyService;
  sms: SmsSender;
  clock: Clock;
  passwords: PasswordHasher;
  codes: PhoneCodes;
  createSession: (ex: Executor, userId: string) => Promise<string>;
  view: (user: UserRow) => MeView;
  requireUser: (ex: Executor, userId: string) => Promise<UserRow>;
}

export function createSignUp(deps: SignUpDeps) {
  const { db, privacy, sms, clock, passwords, codes, createSession, view, requireUser } = deps;
  return {
    /**
     * Sign-up's first step (API.md `POST /auth/phone-code`). The answer is the same whether or not
     * the phone has an account, and so are the budgets spent: a stranger learns nothing. A free phone
     * gets a code; a taken one gets no code but a message telling its owner to sign in instead, so the
     * person who forgot the account learns it on their own phone, and only there.
     */
    async requestSignupCode(phone: string, ip: string): Promise<{ resendAfter: number }> {
      const phoneKey = privacy.lookupHash('phone', phone);
      await codes.spend(phoneKey, ip);
      if (await privacy.findSubject(db, 'phone', phone)) {
        await sms.send(phone, '【Agora】此号码已注册 Agora 账号，请直接登录；如非本人操作，请忽略。This number already has an Agora account: sign in instead.');
      } else {
        await codes.issue(db, { phoneKey }, phone);
      }
      return { resendAfter: CODE_RESEND_SECONDS };
    },

    /**
     * Sign-up (API.md `POST /auth/register`): the account exists only with a valid code for its phone,
     * and its phone is verified from the start. The code is checked before the phone's owner, so
     * PHONE_TAKEN is only ever said to someone holding a code sent to that phone.
     */
    async signUp(input: { phone: string; code: string; password: string; displayName: string }): Promise<{ token: string; user: MeView }> {
      const phoneKey = privacy.lookupHash('phone', input.phone);
      const passwordHash = await passwords.hash(input.password);
      const result = await db.transaction().execute(async (tx) => {
        const id = newId();
        const now = clock.now();
        const redeemed = await codes.redeem(tx, { phoneKey }, input.code);
        if (typeof redeemed === 'string') return redeemed;
        await accountsRepo.insertUser(tx, {
          id,
          display_name: input.displayName.trim(),
          phone_masked: maskPhone(input.phone),
          password_hash: passwordHash,
          phone_verified_at: now,
          created_at: now,
        });
        // The unique keyed hash decides a race between two registrations of one phone.
        if (!(await privacy.put(tx, id, 'phone', input.phone))) throw errors.phoneTaken();
        await codes.adopt(tx, redeemed.used, id);
        return { token: await createSession(tx, id), user: view(await requireUser(tx, id)) };
      });
      // A wrong try is committed before the error goes out, so it counts.
      if (typeof result === 'string') throw errors.signUpBadCode(result);
      return result;
    },
  };
}
