/**
 * One authorisation for every payment that moves a user's money (D4: identity
 * confirmation and payment authorisation must be safe and credible):
 *
 * 1. the identity is verified (IDENTITY_REQUIRED);
 * 2. the payment PIN is right (BAD_PIN with `remainingTries`, PIN_LOCKED after 5);
 * 3. an order at or above the step-up threshold also needs a second factor: an
 *    authenticator code, or a passkey assertion over this order and amount
 *    (STEP_UP_REQUIRED with the `methods` the user has).
 *
 * The checks run in a transaction of their own that commits even when they refuse:
 * a wrong PIN counts and a passkey challenge is used up whatever the caller does
 * next. So call it before, never inside, the transaction that moves the money.
 * A wallet withdrawal takes the PIN alone (API.md "Wallet": `{ amount, pin }`).
 *
 * @example
 *   await accounts.authorisePayment(buyerId, { kind: 'order', orderId, amount: total }, { pin, totp, passkey });
 *   await accounts.authorisePayment(userId, { kind: 'withdrawal', amount }, { pin });
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { accountsErrors as errors } from './errors.js';

export interface PaymentCredentials {
  pin: string;
  totp?: string | undefined;
  /** A WebAuthn assertion over the challenge issued for this order and amount. */
  passkey?: AuthenticationResponseJSON | undefined;
}

/** What is paid: an order (its id and amount bind a passkey's signature) or a wallet withdrawal. */
export type PaymentToAuthorise = { kind: 'order'; orderId: string; amount: number } | { kind: 'withdrawal'; amount: number };

/**
 * The passkey side of the step-up, as the passkeys module offers it. Declared here
 * so accounts does not import passkeys (whose routes read accounts).
 */
export interface PasskeyStepUp {
  hasPasskeys(userId: string, ex: Executor): Promise<boolean>;
  verifyPayment(ex: Executor, userId: string, binding: { orderId: string; amount: number }, response: AuthenticationResponseJSON): Promise<void>;
}

export interface PaymentAuthorisationDeps {
  db: Kysely<DB>;
  /** Orders of this many fen or more need a second factor. */
  stepUpThreshold: number;
  passkeys: PasskeyStepUp;
  user: (ex: Executor, userId: string) => Promise<{ identityVerified: boolean; totpEnabled: boolean }>;
  verifyPin: (ex: Executor, userId: string, pin: string) => Promise<void>;
  verifyTotp: (ex: Executor, userId: string, code: string) => Promise<void>;
}

/** The identity error in the words each payment has always used. */
const IDENTITY_DETAIL = { order: 'Verify your identity before paying (D4)', withdrawal: 'Verify your identity first' } as const;

export function createPaymentAuthorisation(deps: PaymentAuthorisationDeps) {
  const { db, passkeys } = deps;

  /** Resolves when the payment may go ahead; otherwise throws, after committing what the attempt used up. */
  return async function authorisePayment(userId: string, payment: PaymentToAuthorise, credentials: PaymentCredentials): Promise<void> {
    const me = await deps.user(db, userId);
    if (!me.identityVerified) throw errors.identityRequired(IDENTITY_DETAIL[payment.kind]);
    const stepUp = payment.kind === 'order' && payment.amount >= deps.stepUpThreshold ? payment : undefined;
    // Failures are committed (a wrong PIN counts, a passkey challenge is used up) though the payment is refused.
    const failure = await db.transaction().execute(async (tx) => {
      try {
        await deps.verifyPin(tx, userId, credentials.pin);
        if (stepUp && !credentials.totp && !credentials.passkey) {
          throw errors.stepUpRequired([...(me.totpEnabled ? ['totp'] : []), ...((await passkeys.hasPasskeys(userId, tx)) ? ['passkey'] : [])]);
        }
        if (stepUp && credentials.passkey) await passkeys.verifyPayment(tx, userId, { orderId: stepUp.orderId, amount: stepUp.amount }, credentials.passkey);
        else if (stepUp && credentials.totp) await deps.verifyTotp(tx, userId, credentials.totp);
        return null;
      } catch (error) {
        return error;
      }
    });
    if (failure) throw failure;
  };
}

