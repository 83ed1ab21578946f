import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface UsersTable {
  id: string;
  display_name: string;
  /** `138****1234`: what every screen shows; the full number lives in the privacy vault. */
  phone_masked: string;
  password_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  phone_verified_at: Timestamp | null;
  identity_verified_at: Timestamp | null;
  payment_pin_hash: string | null;
  pin_failed_attempts: Generated<number>;
  pin_locked_until: Timestamp | null;
  /** AES-GCM sealed base32 secret; TOTP secrets are credentials, so never stored in the clear. */
  totp_secret_sealed: string | null;
  totp_enabled_at: Timestamp | null;
  /** Last accepted 30-second step: a code is good once. */
  totp_last_step: number | null;
  created_at: CreatedAt;
  /** Set when the account was erased (PIPL art. 47): the row is a pseudonymous tombstone from then on. */
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the bearer token: a database leak yields no usable sessions. */
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface PhoneCodesTable {
  id: string;
  /** Null for a sign-up code until its account exists (then the account adopts it). */
  user_id: string | null;
  /** A sign-up code's phone, as the vault's keyed lookup hash; null for an account's own code. */
  phone_key: ColumnType<string | null, string | null | undefined, string | null>;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  phone_codes: PhoneCodesTable;
}
