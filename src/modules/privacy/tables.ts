import type { ColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface PersonalDataTable {
  id: string;
  subject_id: string;
  /** phone | real_name | id_number | address … */
  kind: string;
  /** `v1.<keyId>.<iv>.<ciphertext+tag>`, AES-256-GCM, base64url parts. */
  sealed: string;
  key_id: string;
  /** HMAC of the normalised value, for kinds that are looked up or must be unique. */
  lookup_hash: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Who read, as the subject is told it (PIPL art. 45): a role, never staff personal data. */
export type ActorRole = 'operator' | 'admin' | 'service_provider' | 'regulator' | 'user';

export interface PersonalDataAccessLogTable {
  id: string;
  actor_id: string;
  actor_role: ActorRole;
  /** The shop the reader acted for, when the role is operator. */
  actor_operator_id: string | null;
  subject_id: string;
  fields: string[];
  purpose: string;
  at: CreatedAt;
}

export type ConsentPurpose = 'marketing' | 'share_with_operator_marketing' | 'personalised_feed' | 'sensitive_identity' | 'qa_invitations';

/** One row per change of mind; the latest row of a (user, purpose) is what holds. */
export interface ConsentsTable {
  id: string;
  user_id: string;
  purpose: ConsentPurpose;
  granted: boolean;
  /** The version of the consent text the user saw. */
  text_version: string;
  at: ColumnType<Date, Date | string, never>;
}

export interface PrivacyTables {
  personal_data: PersonalDataTable;
  personal_data_access_log: PersonalDataAccessLogTable;
  consents: ConsentsTable;
}
