/**
 * Accounts: users, sessions, phone verification, real-name identity (R15, D4) and
 * payment credentials (PIN, TOTP: payment-credentials.ts). Personal data lives in the privacy vault; this
 * module keeps only what it needs to act (hashes, masked phone, timestamps).
 *
 * @example
 *   const accounts = createAccountsService({ db, privacy, consents, audit, sms, limits, loginThrottle, clock, passwords: passwordHasher(config.passwordHashCost), stepUpThreshold, passkeys });
 *   const { token } = await accounts.login({ phone: '13800000001', password: 'secret-123' }, '127.0.0.1');
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import type { RateLimits } from './rate-limit.js';
import { DAY, MINUTE, type Clock } from '../../lib/clock.js';
import { coalesce } from '../../lib/coalesce.js';
import { createReadThrough } from '../../lib/read-through.js';
import { newId } from '../../lib/ids.js';
import { isRealName } from '../../lib/names.js';
import { maskPhone } from '../../lib/phone.js';
import type { AuditService } from '../audit/index.js';
import type { SmsSender } from '../notifications/index.js';
import type { ConsentsService, PrivacyService } from '../privacy/index.js';
import type { PasswordHasher } from './credentials.js';
import { accountsErrors as errors } from './errors.js';
import type { LoginThrottle } from './login-throttle.js';
import { ageOn, maskIdNumber, maskRealName, parseIdNumber } from './identity.js';
import type { PasskeyStepUp } from './payment-authorisation.js';
import { createPaymentCredentials } from './payment-credentials.js';
import { createPhoneCodes } from './phone-codes.js';
import { createSignUp } from './signup.js';
import { accountsRepo, type UserRow } from './repo.js';

export type Role = 'admin' | 'regulator';

/** What `GET /me` shows (API.md). */
export interface MeView {
  id: string;
  displayName: string;
  phoneMasked: string;
  phoneVerified: boolean;
  identityVerified: boolean;
  roles: string[];
  paymentPinSet: boolean;
  totpEnabled: boolean;
  createdAt: string;
}

export interface AuthContext {
  userId: string;
  sessionId: string;
  roles: string[];
}

export interface Address {
  id: string;
  recipient: string;
  phone: string;
  region: string;
  line: string;
}

export const SESSION_IDLE_MS = 7 * DAY;
export const SESSION_ABSOLUTE_MS = 30 * DAY;
const SESSION_TOUCH_MS = 5 * MINUTE;
const ADULT_AGE = 18;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export interface AccountsDeps {
  db: Kysely<DB>;
  privacy: PrivacyService;
  consents: ConsentsService;
  audit: AuditService;
  sms: SmsSender;
  limits: RateLimits;
  /** Failed-password budgets per (phone, IP) and phone, and the per-IP slowdown. */
  loginThrottle: LoginThrottle;
  clock: Clock;
  passwords: PasswordHasher;
  /** Payments of this many fen or more need a second factor (payment-authorisation.ts). */
  stepUpThreshold: number;
  /** The passkey step-up (the passkeys module, built before accounts). */
  passkeys: PasskeyStepUp;
}

export function createAccountsService(deps: AccountsDeps) {
  const { db, privacy, consents, audit, sms, limits, loginThrottle, clock, passwords } = deps;
  /** Every note view names its authors: cached, a name changes only at erasure (lib/read-through.ts). */
  const names = createReadThrough<string>({ max: 100_000, ttlMs: 10_000 });

  const view = (user: UserRow): MeView => ({
    id: user.id,
    displayName: user.display_name,
    phoneMasked: user.phone_masked,
    phoneVerified: user.phone_verified_at !== null,
    identityVerified: user.identity_verified_at !== null,
    roles: user.roles,
    paymentPinSet: user.payment_pin_hash !== null,
    totpEnabled: user.totp_enabled_at !== null,
    createdAt: user.created_at.toISOString(),
  });

  const requireUser = async (ex: Executor, userId: string, forUpdate = false): Promise<UserRow> => {
    const user = forUpdate ? await accountsRepo.findUserForUpdate(ex, userId) : await accountsRepo.findUser(ex, userId);
    if (!user) throw notFound('user');
    return user;
  };

  /**
   * Every request looks up its session: concurrent lookups go in one statement
   * (lib/coalesce.ts), so a rush of buyers costs one round trip, not one each.
   */
  const findLiveSession = coalesce(async (tokenHashes: readonly string[]) => {
    const now = clock.now();
    const rows = await accountsRepo.findLiveSessions(db, [...new Set(tokenHashes)], now, new Date(now.getTime() - SESSION_IDLE_MS));
    const byHash = new Map(rows.map((r) => [r.token_hash, r]));
    return tokenHashes.map((hash) => byHash.get(hash));
  });

  async function createSession(ex: Executor, userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    await accountsRepo.insertSession(ex, {
      id: newId(),
      token_hash: sha256(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    });
    return token;
  }

  /** PIN, authenticator and the payment authorisation (payment-credentials.ts). */
  const paymentCredentials = createPaymentCredentials({ db, privacy, clock, stepUpThreshold: deps.stepUpThreshold, passkeys: deps.passkeys, requireUser, view });
  const codes = createPhoneCodes({ limits, sms, clock });
  /** Sign-up proves the phone (signup.ts). */
  const signUp = createSignUp({ db, privacy, sms, clock, passwords, codes, createSession, view, requireUser });

  return {
    ...signUp,

    /** For trusted internal callers only (demo seed, bench): an account without the SMS round trip, its phone unverified. */
    async register(input: { phone: string; password: string; displayName: string }): Promise<MeView> {
      const passwordHash = await passwords.hash(input.password);
      return db.transaction().execute(async (tx) => {
        const id = newId();
        await accountsRepo.insertUser(tx, {
          id,
          display_name: input.displayName.trim(),
          phone_masked: maskPhone(input.phone),
          password_hash: passwordHash,
          created_at: clock.now(),
        });
        // The unique keyed hash decides a race between two registrations of one phone.
        if (!(await privacy.put(tx, id, 'phone', input.phone))) throw errors.phoneTaken();
        return view(await requireUser(tx, id));
      });
    },

    /**
     * Failed logins are counted per (phone, IP), per phone and per IP (login-throttle.ts); a
     * success clears the (phone, IP) count. Many failures from an IP slow it, never refuse it.
     */
    async login(input: { phone: string; password: string }, ip: string): Promise<{ token: string; user: MeView }> {
      const phoneKey = privacy.lookupHash('phone', input.phone);
      await loginThrottle.beforeCheck(phoneKey, ip);
      const userId = await privacy.findSubject(db, 'phone', input.phone);
      const user = userId ? await accountsRepo.findUser(db, userId) : undefined;
      // Hash even for an unknown phone, so the answer takes as long either way.
      const ok = await passwords.verify(input.password, user?.password_hash ?? passwords.dummyHash);
      if (!user || !ok) {
        await loginThrottle.failed(phoneKey, ip);
        throw errors.badCredentials();
      }
      await loginThrottle.succeeded(phoneKey, ip);
      const token = await createSession(db, user.id);
      return { token, user: view(user) };
    },

    async logout(token: string): Promise<void> {
      await accountsRepo.revokeSession(db, sha256(token), clock.now());
    },

    /** The session behind a token, or null: revoked, idle 7 days, or 30 days old → null. */
    async authenticate(token: string): Promise<AuthContext | null> {
      const session = await findLiveSession(sha256(token));
      if (!session) return null;
      const now = clock.now();
      // Sliding idle expiry without a write on every request.
      if (now.getTime() - session.last_seen_at.getTime() > SESSION_TOUCH_MS) await accountsRepo.touchSession(db, session.id, now);
      return { userId: session.user_id, sessionId: session.id, roles: session.roles };
    },

    /** True before the first account exists: the demo seed's "first start". */
    async isEmpty(): Promise<boolean> {
      return !(await accountsRepo.anyUser(db));
    },

    async me(userId: string): Promise<MeView> {
      return view(await requireUser(db, userId));
    },

    async sendPhoneCode(userId: string, ip: string): Promise<{ expiresAt: string }> {
      const user = await requireUser(db, userId);
      if (user.phone_verified_at) throw errors.phoneAlreadyVerified();
      const [phone] = await privacy.readOwn(db, userId, ['phone']);
      if (!phone) throw notFound('phone');
      await codes.spend(privacy.lookupHash('phone', phone.value), ip);
      const { expiresAt } = await codes.issue(db, { userId }, phone.value);
      return { expiresAt: expiresAt.toISOString() };
    },

    async verifyPhone(userId: string, code: string): Promise<MeView> {
      return db.transaction().execute(async (tx) => {
        const user = await requireUser(tx, userId, true);
        if (user.phone_verified_at) throw errors.phoneAlreadyVerified();
        const redeemed = await codes.redeem(tx, { userId }, code);
        if (redeemed === 'expired') throw errors.codeExpired();
        if (redeemed === 'wrong') return null;
        await accountsRepo.updateUser(tx, userId, { phone_verified_at: clock.now() });
        return view(await requireUser(tx, userId));
      }).then((result) => {
        // The failed attempt is committed before the error goes out, so it counts.
        if (result === null) throw errors.badCode();
        return result;
      });
    },

    /**
     * R15, D4: real-name verification; adults only; one identity per account. An
     * identity number is sensitive personal information: nothing of it is processed,
     * not even checked, before its own consent is granted (PIPL arts. 28, 29).
     */
    async verifyIdentity(userId: string, input: { realName: string; idNumber: string }): Promise<MeView> {
      if (!(await consents.granted(db, userId, 'sensitive_identity'))) throw errors.consentRequired('sensitive_identity');
      const now = clock.now();
      const parsed = parseIdNumber(input.idNumber, now);
      if (!parsed.ok) {
        const detail = {
          format: 'An identity number is 17 digits and a check character',
          checksum: 'The check character does not match',
          birth_date: 'The birth date in the identity number is not a real date',
          future_birth_date: 'The birth date in the identity number is in the future',
        }[parsed.problem];
        throw errors.invalidIdNumber(detail);
      }
      const realName = input.realName.trim();
      if (!isRealName(realName)) throw errors.invalidRealName();
      if (ageOn(parsed.value.birthDate, now) < ADULT_AGE) throw errors.underage();
      return db.transaction().execute(async (tx) => {
        const user = await requireUser(tx, userId, true);
        if (!user.phone_verified_at) throw errors.phoneNotVerified();
        if (user.identity_verified_at) throw errors.alreadyVerified();
        if (!(await privacy.put(tx, userId, 'id_number', parsed.value.idNumber))) throw errors.identityTaken();
        await privacy.put(tx, userId, 'real_name', realName);
        await accountsRepo.updateUser(tx, userId, { identity_verified_at: now });
        return view(await requireUser(tx, userId));
      });
    },

    /** The user's own verified identity, masked (`GET /me/identity`): forms show it instead of asking again. */
    async ownIdentity(userId: string): Promise<{ verified: boolean; realNameMasked: string | null; idNumberMasked: string | null }> {
      const user = await requireUser(db, userId);
      if (!user.identity_verified_at) return { verified: false, realNameMasked: null, idNumberMasked: null };
      const records = await privacy.readOwn(db, userId, ['real_name', 'id_number']);
      const value = (kind: string) => records.find((r) => r.kind === kind)?.value;
      const [name, id] = [value('real_name'), value('id_number')];
      return { verified: true, realNameMasked: name ? maskRealName(name) : null, idNumberMasked: id ? maskIdNumber(id) : null };
    },

    ...paymentCredentials,

    async addAddress(userId: string, input: Omit<Address, 'id'>): Promise<Address> {
      const id = await privacy.add(db, userId, 'address', JSON.stringify(input));
      return { id, ...input };
    },

    /** Whether this address is in the user's book (checkout needs no more than that). */
    hasAddress: (userId: string, addressId: string, ex: Executor = db) => privacy.holds(ex, userId, 'address', addressId),
    /**
     * For a transaction that places orders: which of these buyers still exist, each row
     * held until it ends. Erasure (DELETE /me) locks the row FOR UPDATE before it looks
     * for open orders, so the two take turns: an order committed first blocks the
     * erasure (OPEN_ORDERS); an erasure committed first leaves the buyer out here.
     */
    async holdLiveUsers(ex: Executor, userIds: readonly string[]): Promise<Set<string>> {
      return new Set(await accountsRepo.holdLiveUsers(ex, userIds));
    },
    /** Which of these users' addresses are in their own address books, as `userId:addressId`. */
    addressesHeld: (ex: Executor, pairs: readonly { userId: string; addressId: string }[]) =>
      privacy.holdsMany(ex, 'address', pairs.map((p) => ({ subjectId: p.userId, id: p.addressId }))),

    async listAddresses(userId: string): Promise<Address[]> {
      const records = await privacy.readOwn(db, userId, ['address']);
      return records.map((r) => ({ id: r.id, ...(JSON.parse(r.value) as Omit<Address, 'id'>) }));
    },

    /** An admin reads a user's personal data for a stated purpose; the read is logged (PIPL). */
    async personalDataForAdmin(adminId: string, userId: string, purpose: string) {
      const kinds = ['phone', 'real_name', 'id_number'] as const;
      const records = await db.transaction().execute(async (tx) => {
        await requireUser(tx, userId);
        await audit.record(tx, { actorId: adminId, action: 'personal_data.read', targetType: 'user', targetId: userId, detail: { fields: kinds, purpose } });
        return privacy.readAs(tx, { actorId: adminId, as: { role: 'admin' }, subjectId: userId, kinds, reason: { code: 'staff_request', note: purpose } });
      });
      const value = (kind: string) => records.find((r) => r.kind === kind)?.value ?? null;
      return { userId, phone: value('phone'), realName: value('real_name'), idNumber: value('id_number') };
    },

    async setRole(adminId: string, userId: string, role: Role, granted: boolean): Promise<MeView> {
      return db.transaction().execute(async (tx) => {
        await requireUser(tx, userId, true);
        await accountsRepo.setRole(tx, userId, role, granted);
        await audit.record(tx, { actorId: adminId, action: granted ? 'role.grant' : 'role.revoke', targetType: 'user', targetId: userId, detail: { role } });
        return view(await requireUser(tx, userId));
      });
    },

    /** For other modules: the public name of each user that exists (nothing personal). */
    async displayNames(ex: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
      return names.getMany(userIds, async (missing) => new Map((await accountsRepo.displayNames(ex, missing)).map((r) => [r.id, r.display_name])));
    },

    /** After a commit that renamed them (erasure's pseudonym): this process shows the new names at once. */
    forgetDisplayNames(userIds: readonly string[]): void {
      names.forget(userIds);
    },

    /**
     * A shop owner adds staff by phone: the live account that proved this phone, else
     * undefined (unknown, unverified and erased alike, so the owner learns nothing more).
     */
    async verifiedUserByPhone(ex: Executor, phone: string): Promise<string | undefined> {
      const userId = await privacy.findSubject(ex, 'phone', phone);
      const user = userId === undefined ? undefined : await accountsRepo.findUser(ex, userId);
      return user?.phone_verified_at && !user.erased_at ? user.id : undefined;
    },

    /** A shop's staff list: each user's name and masked phone (`138****1234`), nothing from the vault. */
    async staffCards(ex: Executor, userIds: readonly string[]): Promise<Map<string, { displayName: string; phoneMasked: string }>> {
      const rows = await accountsRepo.staffCards(ex, [...new Set(userIds)]);
      return new Map(rows.map((r) => [r.id, { displayName: r.display_name, phoneMasked: r.phone_masked }]));
    },

    /** For other modules: refuse a user whose phone is not verified (bargain helpers, RULES.md "Bargain"). */
    async requireVerifiedPhone(ex: Executor, userId: string): Promise<void> {
      if (!(await requireUser(ex, userId)).phone_verified_at) throw errors.phoneNotVerified();
    },

    /**
     * For notifications: the user's phone when it is verified, read from the vault
     * only to send the user a message of its own (like its sign-in codes); else undefined.
     */
    async verifiedPhone(ex: Executor, userId: string): Promise<string | undefined> {
      const user = await accountsRepo.findUser(ex, userId);
      if (!user?.phone_verified_at) return undefined;
      const [phone] = await privacy.readOwn(ex, userId, ['phone']);
      return phone?.value;
    },

    /** For trusted start-up callers only (admin bootstrap, demo seed): no SMS round trip. */
    async markPhoneVerified(userId: string): Promise<void> {
      await accountsRepo.updateUser(db, userId, { phone_verified_at: clock.now() });
    },

    /**
     * Creates the admin from AGORA_ADMIN_PHONE / AGORA_ADMIN_PASSWORD, or resets its
     * password and role if the phone is already registered.
     */
    async ensureAdmin(phone: string, password: string): Promise<string> {
      const passwordHash = await passwords.hash(password);
      return db.transaction().execute(async (tx) => {
        const now = clock.now();
        let id = await privacy.findSubject(tx, 'phone', phone);
        if (!id) {
          id = newId();
          await accountsRepo.insertUser(tx, { id, display_name: 'Agora 管理员', phone_masked: maskPhone(phone), password_hash: passwordHash, created_at: now });
          await privacy.put(tx, id, 'phone', phone);
        }
        await accountsRepo.updateUser(tx, id, { password_hash: passwordHash, phone_verified_at: now });
        await accountsRepo.setRole(tx, id, 'admin', true);
        return id;
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
