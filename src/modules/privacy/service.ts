/**
 * The personal-data vault (PIPL; DESIGN "Data and money"). Phone numbers, real
 * names, identity numbers and addresses are stored sealed; a keyed hash sits beside
 * the kinds that are looked up or must be unique. Reading someone else's personal
 * data has exactly one door, `readAs`, and it always writes an access-log row.
 */
import type { Executor } from '../../db/index.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/clock.js';
import { privacyRepo } from './repo.js';
import type { Sealer } from './sealer.js';

/**
 * Kinds of personal information the vault holds. An operator's or service
 * provider's contact and address are kept under its owner, like the owner's own.
 */
export type PersonalKind =
  | 'phone'
  | 'real_name'
  | 'id_number'
  | 'address'
  | 'operator_contact'
  | 'operator_address'
  | 'operator_legal_rep'
  | 'provider_contact'
  | 'provider_address';

/** Kinds that are unique per person and looked up by value. */
const UNIQUE_KINDS: ReadonlySet<PersonalKind> = new Set(['phone', 'id_number']);

export interface PersonalRecord {
  id: string;
  kind: PersonalKind;
  value: string;
}

export interface AccessLogEntry {
  id: string;
  actorId: string;
  fields: string[];
  purpose: string;
  at: Date;
}

export interface PrivacyService {
  /** Normalised value's lookup hash, for callers that need to key on a phone without holding it. */
  lookupHash(kind: PersonalKind, value: string): string;
  /**
   * Store `value` for `subjectId`, replacing the subject's earlier value of a unique kind.
   * Returns false when another subject already holds the same unique value.
   */
  put(ex: Executor, subjectId: string, kind: PersonalKind, value: string, id?: string): Promise<boolean>;
  /** Add one more value of a kind a subject may hold many of (addresses). */
  add(ex: Executor, subjectId: string, kind: PersonalKind, value: string, id?: string): Promise<string>;
  findSubject(ex: Executor, kind: PersonalKind, value: string): Promise<string | undefined>;
  /** The subject reading their own data: no log row, since no one else saw it. */
  readOwn(ex: Executor, subjectId: string, kinds: readonly PersonalKind[]): Promise<PersonalRecord[]>;
  /** Whether the subject holds this record, without opening it (nothing is decrypted or logged). */
  holds(ex: Executor, subjectId: string, kind: PersonalKind, id: string): Promise<boolean>;
  /** The same for many subjects at once (a batch of checkouts): which `subjectId:id` pairs are held. */
  holdsMany(ex: Executor, kind: PersonalKind, records: readonly { subjectId: string; id: string }[]): Promise<Set<string>>;
  /**
   * Someone reading another person's data, for a stated purpose. Always logged
   * (who, whose, which fields, why), in the same transaction as the read.
   */
  readAs(
    ex: Executor,
    access: { actorId: string; subjectId: string; kinds: readonly PersonalKind[]; purpose: string },
  ): Promise<PersonalRecord[]>;
  accessLog(ex: Executor, subjectId: string, page: { limit: number; before?: string | undefined }): Promise<AccessLogEntry[]>;
  /** Seal a secret that is not personal data (a TOTP secret) with the same keys. */
  sealSecret(purpose: string, plaintext: string): string;
  openSecret(purpose: string, sealed: string): string;
  /**
   * A keyed hash (HMAC with the lookup key, which never rotates) of a credential
   * before it is stored: a stolen database without the key cannot test guesses.
   */
  pepper(purpose: 'payment_pin', value: string): string;
}

export function normalise(kind: PersonalKind, value: string): string {
  return kind === 'id_number' ? value.trim().toUpperCase() : value.trim();
}

export function createPrivacyService(deps: { sealer: Sealer; clock: Clock }): PrivacyService {
  const { sealer, clock } = deps;

  const row = (subjectId: string, kind: PersonalKind, value: string, id: string) => {
    const { sealed, keyId } = sealer.seal(value, kind);
    return {
      id,
      subject_id: subjectId,
      kind,
      sealed,
      key_id: keyId,
      lookup_hash: UNIQUE_KINDS.has(kind) ? sealer.lookupHash(kind, normalise(kind, value)) : null,
    };
  };

  const open = (rows: Awaited<ReturnType<typeof privacyRepo.listForSubject>>): PersonalRecord[] =>
    rows.map((r) => ({ id: r.id, kind: r.kind as PersonalKind, value: sealer.open(r.sealed, r.kind) }));

  return {
    lookupHash: (kind, value) => sealer.lookupHash(kind, normalise(kind, value)),

    async put(ex, subjectId, kind, value, id = newId()) {
      await privacyRepo.deleteKind(ex, subjectId, kind);
      return privacyRepo.insert(ex, row(subjectId, kind, value, id), clock.now());
    },

    async add(ex, subjectId, kind, value, id = newId()) {
      await privacyRepo.insert(ex, row(subjectId, kind, value, id), clock.now());
      return id;
    },

    findSubject: (ex, kind, value) => privacyRepo.findByLookup(ex, kind, sealer.lookupHash(kind, normalise(kind, value))),

    holds: (ex, subjectId, kind, id) => privacyRepo.exists(ex, subjectId, kind, id),
    async holdsMany(ex, kind, records) {
      const rows = await privacyRepo.holdersOf(ex, kind, [...new Set(records.map((r) => r.id))]);
      return new Set(rows.map((r) => `${r.subject_id}:${r.id}`));
    },

    async readOwn(ex, subjectId, kinds) {
      return open(await privacyRepo.listForSubject(ex, subjectId, kinds));
    },

    async readAs(ex, { actorId, subjectId, kinds, purpose }) {
      const records = open(await privacyRepo.listForSubject(ex, subjectId, kinds));
      if (actorId !== subjectId) {
        await privacyRepo.insertAccessLog(ex, {
          id: newId(),
          actor_id: actorId,
          subject_id: subjectId,
          fields: [...kinds],
          purpose,
          at: clock.now(),
        });
      }
      return records;
    },

    async accessLog(ex, subjectId, page) {
      const rows = await privacyRepo.listAccessLog(ex, subjectId, page.limit, page.before);
      return rows.map((r) => ({ id: r.id, actorId: r.actor_id, fields: r.fields, purpose: r.purpose, at: r.at }));
    },

    sealSecret: (purpose, plaintext) => sealer.seal(plaintext, purpose).sealed,
    openSecret: (purpose, sealed) => sealer.open(sealed, purpose),
    pepper: (purpose, value) => sealer.lookupHash(`credential:${purpose}`, value),
  };
}
