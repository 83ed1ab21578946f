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

export interface PersonalDataAccessLogTable {
  id: string;
  actor_id: string;
  subject_id: string;
  fields: string[];
  purpose: string;
  at: CreatedAt;
}

export interface PrivacyTables {
  personal_data: PersonalDataTable;
  personal_data_access_log: PersonalDataAccessLogTable;
}
