/**
 * Passkeys (WebAuthn) as the payment step-up (D4: payment authorisation must be
 * safe and credible). A user registers passkeys on their account; paying above
 * the step-up threshold, they sign a challenge that is a hash of the order id,
 * the amount and a nonce, so the signature covers exactly what is paid. Every
 * challenge is good once, for five minutes, for the user it was issued to, and
 * user verification (the authenticator's PIN or biometric) is required.
 *
 * @example
 *   const options = await passkeys.paymentOptions(userId, { orderId, amount });
 *   // …browser: startAuthentication({ optionsJSON: options })…
 *   await passkeys.verifyPayment(tx, userId, { orderId, amount }, response);
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { MINUTE, type Clock } from '../../lib/clock.js';
import { passkeysErrors as errors } from './errors.js';
import { passkeysRepo, type PasskeyRow } from './repo.js';

export const CHALLENGE_TTL_MS = 5 * MINUTE;

/** Who the browser must believe it is talking to: the RP id (a domain) and the page origins allowed. */
export interface RelyingParty {
  name: string;
  id: string;
  origins: string[];
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PaymentBinding {
  orderId: string;
  amount: number;
}

export interface PasskeysDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** Read when needed: in development the origin follows the port the server listens on. */
  relyingParty: () => RelyingParty;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');
/** The challenge bytes commit to what they are for: signing them is signing the payment. */
const bindChallenge = (parts: (string | number)[]) => b64url(createHash('sha256').update(['agora-webauthn', ...parts].join('\n')).digest());
const paymentChallenge = (userId: string, binding: PaymentBinding, nonce: string) => bindChallenge(['payment', userId, binding.orderId, binding.amount, nonce]);
const registrationChallenge = (userId: string, nonce: string) => bindChallenge(['register', userId, nonce]);

/** The challenge the browser says it signed; the signature check below proves it. */
function claimedChallenge(response: { response: { clientDataJSON: string } }): string | undefined {
  try {
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof clientData.challenge === 'string' ? clientData.challenge : undefined;
  } catch {
    return undefined;
  }
}

const view = (row: PasskeyRow): PasskeyView => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at ? row.last_used_at.toISOString() : null,
});

export function createPasskeysService(deps: PasskeysDeps) {
  const { db, clock } = deps;
  const expiresAt = () => new Date(clock.now().getTime() + CHALLENGE_TTL_MS);

  return {
    async list(userId: string, ex: Executor = db): Promise<PasskeyView[]> {
      return (await passkeysRepo.listForUser(ex, userId)).map(view);
    },

    async registrationOptions(userId: string, user: { displayName: string; phoneMasked: string }): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const rp = deps.relyingParty();
      const nonce = b64url(randomBytes(16));
      const challenge = registrationChallenge(userId, nonce);
      const existing = await passkeysRepo.listForUser(db, userId);
      const options = await generateRegistrationOptions({
        rpName: rp.name,
        rpID: rp.id,
        userName: user.phoneMasked,
        userDisplayName: user.displayName,
        userID: new TextEncoder().encode(userId),
        challenge: Buffer.from(challenge, 'base64url'),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        timeout: CHALLENGE_TTL_MS,
      });
      await passkeysRepo.insertChallenge(db, { challenge, user_id: userId, purpose: 'register', order_id: null, amount: null, nonce, expires_at: expiresAt(), used_at: null });
      return options;
    },

    async register(userId: string, input: { response: RegistrationResponseJSON; name?: string | undefined }): Promise<PasskeyView> {
      const rp = deps.relyingParty();
      return db.transaction().execute(async (tx) => {
        const challenge = claimedChallenge(input.response);
        const issued = challenge ? await passkeysRepo.consumeChallenge(tx, challenge, userId, 'register', clock.now()) : undefined;
        if (!issued || registrationChallenge(userId, issued.nonce) !== challenge) throw errors.registrationRejected('The registration challenge is unknown, expired or already used; start again');
        let verified;
        try {
          verified = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge!, expectedOrigin: rp.origins, expectedRPID: rp.id, requireUserVerification: true });
        } catch (error) {
          throw errors.registrationRejected((error as Error).message);
        }
        if (!verified.verified) throw errors.registrationRejected('The authenticator response could not be verified');
        const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
        if (await passkeysRepo.exists(tx, credential.id)) throw errors.alreadyRegistered();
        const row = {
          id: credential.id,
          user_id: userId,
          name: input.name ?? 'Passkey',
          public_key: b64url(Buffer.from(credential.publicKey)),
          counter: credential.counter,
          transports: credential.transports ?? [],
          device_type: credentialDeviceType,
          backed_up: credentialBackedUp,
          created_at: clock.now(),
          last_used_at: null,
        };
        await passkeysRepo.insert(tx, row);
        return view(row);
      });
    },

    async remove(userId: string, id: string): Promise<void> {
      if (!(await passkeysRepo.remove(db, userId, id))) throw notFound('passkey');
    },

    /** Options to sign one payment: the challenge is a hash of the order id, the amount and a nonce. */
    async paymentOptions(userId: string, binding: PaymentBinding): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const rp = deps.relyingParty();
      const passkeys = await passkeysRepo.listForUser(db, userId);
      if (passkeys.length === 0) throw errors.noPasskey();
      const nonce = b64url(randomBytes(16));
      const challenge = paymentChallenge(userId, binding, nonce);
      const options = await generateAuthenticationOptions({
        rpID: rp.id,
        challenge: Buffer.from(challenge, 'base64url'),
        allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
        userVerification: 'required',
        timeout: CHALLENGE_TTL_MS,
      });
      await passkeysRepo.insertChallenge(db, {
        challenge,
        user_id: userId,
        purpose: 'payment',
        order_id: binding.orderId,
        amount: binding.amount,
        nonce,
        expires_at: expiresAt(),
        used_at: null,
      });
      return options;
    },

    /**
     * D4 step-up: the assertion must answer a live challenge issued to this user for
     * this order and amount, be signed by one of their passkeys, with user
     * verification. The challenge is used up whatever the outcome.
     */
    async verifyPayment(ex: Executor, userId: string, binding: PaymentBinding, response: AuthenticationResponseJSON): Promise<void> {
      const rp = deps.relyingParty();
      const challenge = claimedChallenge(response);
      const issued = challenge ? await passkeysRepo.consumeChallenge(ex, challenge, userId, 'payment', clock.now()) : undefined;
      if (!issued) throw errors.rejected('The passkey challenge is unknown, expired or already used; ask for a new one');
      if (paymentChallenge(userId, binding, issued.nonce) !== challenge) throw errors.rejected('The passkey signed a different order or amount');
      const passkey = await passkeysRepo.find(ex, userId, response.id);
      if (!passkey) throw errors.rejected('This passkey is not registered to you');
      let verified;
      try {
        verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: challenge!,
          expectedOrigin: rp.origins,
          expectedRPID: rp.id,
          credential: { id: passkey.id, publicKey: Buffer.from(passkey.public_key, 'base64url'), counter: passkey.counter, transports: passkey.transports },
          requireUserVerification: true,
        });
      } catch (error) {
        throw errors.rejected((error as Error).message);
      }
      if (!verified.verified) throw errors.rejected('The passkey signature could not be verified');
      await passkeysRepo.recordUse(ex, passkey.id, verified.authenticationInfo.newCounter, clock.now());
    },

    async hasPasskeys(userId: string, ex: Executor = db): Promise<boolean> {
      return (await passkeysRepo.listForUser(ex, userId)).length > 0;
    },

    /** Challenges are kept a day past expiry for the record, then dropped (an hourly job). */
    purgeChallenges: () => passkeysRepo.deleteChallengesBefore(db, new Date(clock.now().getTime() - 24 * 60 * MINUTE)),

    /** Account erasure: every passkey and challenge of the user goes (a device name may be personal). */
    async removeAll(ex: Executor, userId: string): Promise<void> {
      await passkeysRepo.removeAllOf(ex, userId);
    },
  };
}

export type PasskeysService = ReturnType<typeof createPasskeysService>;
