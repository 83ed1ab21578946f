/**
 * Payment credentials (D4): the payment PIN, peppered and hashed (credentials.ts),
 * 5 wrong → locked 30 minutes; the authenticator (TOTP) for the step-up; and the
 * one authorisation of payments built on them (payment-authorisation.ts).
 */
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { DB, Executor } from '../../database.js';
import { MINUTE, type Clock } from '../../lib/clock.js';
import type { PrivacyService } from '../privacy/index.js';
import { hashPin, isLegacyPinHash, isTrivialPin, verifyPin } from './credentials.js';
import { accountsErrors as errors } from './errors.js';
import { parseIdNumber } from './identity.js';
import { createPaymentAuthorisation, type PasskeyStepUp } from './payment-authorisation.js';
import { accountsRepo, type UserRow } from './repo.js';

export const PIN_MAX_ATTEMPTS = 5;
export const PIN_LOCK_MS = 30 * MINUTE;
const TOTP_PERIOD_S = 30;

export interface PaymentCredentialsDeps {
  db: Kysely<DB>;
  privacy: PrivacyService;
  clock: Clock;
  /** Payments of this many fen or more need a second factor (payment-authorisation.ts). */
  stepUpThreshold: number;
  passkeys: PasskeyStepUp;
  requireUser: (ex: Executor, userId: string, forUpdate?: boolean) => Promise<UserRow>;
  view: (user: UserRow) => { identityVerified: boolean; totpEnabled: boolean };
}

export function createPaymentCredentials(deps: PaymentCredentialsDeps) {
  const { db, privacy, clock, requireUser, view } = deps;

  /** The PIN check shared by PIN change and payment (D4): 5 wrong → locked 30 minutes. */
  const pepper = (value: string) => privacy.pepper('payment_pin', value);

  async function checkPin(ex: Executor, user: UserRow, pin: string): Promise<void> {
    const now = clock.now();
    if (!user.payment_pin_hash) throw errors.pinNotSet();
    if (user.pin_locked_until && user.pin_locked_until > now) {
      throw errors.pinLocked((user.pin_locked_until.getTime() - now.getTime()) / 1000);
    }
    if (await verifyPin(pepper, user.id, pin, user.payment_pin_hash)) {
      // A PIN stored before peppering is upgraded the first time it is entered right.
      const legacy = isLegacyPinHash(user.payment_pin_hash);
      const upgrade = legacy ? { payment_pin_hash: await hashPin(pepper, user.id, pin) } : {};
      if (user.pin_failed_attempts > 0 || legacy) await accountsRepo.updateUser(ex, user.id, { ...upgrade, pin_failed_attempts: 0, pin_locked_until: null });
      return;
    }
    // A lock that has run out starts a fresh count.
    const failures = (user.pin_locked_until ? 0 : user.pin_failed_attempts) + 1;
    if (failures >= PIN_MAX_ATTEMPTS) {
      await accountsRepo.updateUser(ex, user.id, { pin_failed_attempts: 0, pin_locked_until: new Date(now.getTime() + PIN_LOCK_MS) });
      throw errors.pinLocked(PIN_LOCK_MS / 1000);
    }
    await accountsRepo.updateUser(ex, user.id, { pin_failed_attempts: failures, pin_locked_until: null });
    throw errors.badPin(PIN_MAX_ATTEMPTS - failures);
  }

  /** For payment: throws BAD_PIN / PIN_LOCKED, counting the failure. */
  async function verifyPaymentPin(ex: Executor, userId: string, pin: string): Promise<void> {
    await checkPin(ex, await requireUser(ex, userId, true), pin);
  }

  function totpFor(secret: string): OTPAuth.TOTP {
    return new OTPAuth.TOTP({ issuer: 'Agora', algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_S, secret: OTPAuth.Secret.fromBase32(secret) });
  }

  /** Accepts a code from the previous, current or next step, each at most once. */
  async function checkTotp(ex: Executor, user: UserRow, code: string): Promise<void> {
    if (!user.totp_secret_sealed) throw errors.totpNotEnrolled();
    const secret = privacy.openSecret('totp', user.totp_secret_sealed);
    const nowMs = clock.now().getTime();
    const delta = totpFor(secret).validate({ token: code, timestamp: nowMs, window: 1 });
    if (delta === null) throw errors.badTotp();
    const step = Math.floor(nowMs / 1000 / TOTP_PERIOD_S) + delta;
    if (user.totp_last_step !== null && step <= user.totp_last_step) throw errors.badTotp();
    await accountsRepo.updateUser(ex, user.id, { totp_last_step: step });
  }

  /** For payment step-up: a valid, unused code or INVALID_TOTP. */
  async function verifyTotp(ex: Executor, userId: string, code: string): Promise<void> {
    const user = await requireUser(ex, userId, true);
    if (!user.totp_enabled_at) throw errors.totpNotEnrolled();
    await checkTotp(ex, user, code);
  }

  const authorisePayment = createPaymentAuthorisation({
    db,
    stepUpThreshold: deps.stepUpThreshold,
    passkeys: deps.passkeys,
    user: async (ex, userId) => view(await requireUser(ex, userId)),
    verifyPin: verifyPaymentPin,
    verifyTotp,
  });

  return {
    /** Setting a PIN needs a verified identity (D4); changing one needs the current PIN. */
    async setPaymentPin(userId: string, input: { pin: string; currentPin?: string | undefined }): Promise<void> {
      const user = await requireUser(db, userId);
      if (!user.identity_verified_at) throw errors.identityRequired();
      const [idNumber] = await privacy.readOwn(db, userId, ['id_number']);
      const parsed = idNumber ? parseIdNumber(idNumber.value, clock.now()) : undefined;
      if (isTrivialPin(input.pin, parsed?.ok ? parsed.value.birthDate : undefined)) throw errors.weakPin();
      const pinHash = await hashPin(pepper, userId, input.pin);
      const failure = await db.transaction().execute(async (tx) => {
        const locked = await requireUser(tx, userId, true);
        if (locked.payment_pin_hash) {
          if (input.currentPin === undefined) throw errors.currentPinRequired();
          try {
            await checkPin(tx, locked, input.currentPin);
          } catch (error) {
            // Commit the counted failure, then report it.
            return error;
          }
        }
        await accountsRepo.updateUser(tx, userId, { payment_pin_hash: pinHash, pin_failed_attempts: 0, pin_locked_until: null });
        return null;
      });
      if (failure) throw failure;
    },

    verifyPaymentPin,
    /** D4: identity, PIN and step-up for every payment, failures committed (payment-authorisation.ts). */
    authorisePayment,

    async startTotpEnrolment(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
      return db.transaction().execute(async (tx) => {
        const user = await requireUser(tx, userId, true);
        if (user.totp_enabled_at) throw errors.totpAlreadyEnabled();
        const secret = new OTPAuth.Secret({ size: 20 }).base32;
        await accountsRepo.updateUser(tx, userId, { totp_secret_sealed: privacy.sealSecret('totp', secret), totp_last_step: null });
        const totp = totpFor(secret);
        totp.label = user.phone_masked;
        return { secret, otpauthUrl: totp.toString() };
      });
    },

    async confirmTotp(userId: string, code: string): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const user = await requireUser(tx, userId, true);
        if (user.totp_enabled_at) throw errors.totpAlreadyEnabled();
        await checkTotp(tx, user, code);
        await accountsRepo.updateUser(tx, userId, { totp_enabled_at: clock.now() });
      });
    },

    verifyTotp,
  };
}
