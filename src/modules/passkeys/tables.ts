import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A WebAuthn credential (a passkey) a user registered as a payment second factor (D4). */
export interface PasskeysTable {
  /** The credential id, base64url, as the authenticator names it. */
  id: string;
  user_id: string;
  name: string;
  /** COSE public key, base64url. */
  public_key: string;
  /** Signature counter: an assertion with a counter that does not grow is a cloned authenticator. */
  counter: ColumnType<number, number, number>;
  transports: ColumnType<string[], string[], string[]>;
  device_type: string;
  backed_up: boolean;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

/**
 * A challenge handed to a browser, good once and for five minutes. A payment
 * challenge is bound to one order and amount: its bytes are a hash of them, so the
 * authenticator's signature covers what is being paid.
 */
export interface PasskeyChallengesTable {
  challenge: string;
  user_id: string;
  purpose: 'register' | 'payment';
  order_id: string | null;
  amount: ColumnType<number, number, number> | null;
  nonce: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PasskeysTables {
  passkeys: PasskeysTable;
  passkey_challenges: PasskeyChallengesTable;
}
