/**
 * The personal-data vault (PIPL; DESIGN "Data and money"). Phone numbers, real
 * names, identity numbers and addresses are stored sealed; a keyed hash sits beside
 * the kinds that are looked up or must be unique. Reading someone else's personal
 * data has exactly one door, `readAs`, and it always writes an access-log row.
 */
import type { Executor } from '../../database.js';
import { newId } from '../../lib/ids.js';
import type { Clock } from '../../lib/clock.js';
import { privacyRepo } from './repo.js';
import { purposeText, reasonOf, type AccessReason } from './purposes.js';
import type { Sealer } from './sealer.js';
import type { ActorRole } from './tables.js';

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
  | 'provider_address'
  /** A shop's return address (after-sales), kept under its owner like its contact. */
  | 'return_address'
  /** A chat message's text before masking (issue 18), kept under its sender for disputes. */
  | 'chat_message';

export const PERSONAL_KINDS: readonly PersonalKind[] = [
  'phone',
  'real_name',
  'id_number',
  'address',
  'operator_contact',
  'operator_address',
  'operator_legal_rep',
  'provider_contact',
  'provider_address',
  'return_address',
  'chat_message',
];

/** Kinds that are unique per person and looked up by value. */
const UNIQUE_KINDS: ReadonlySet<PersonalKind> = new Set(['phone', 'id_number']);

export interface PersonalRecord {
  id: string;
  kind: PersonalKind;
  value: string;
}

export interface AccessLogEntry {
  id: string;
  /** The reader's user id; for staff the role instead (`platform`, `regulator`), never who. */
  actorId: string;
  actorRole: ActorRole;
  /** The shop's name for an operator, 「平台工作人员」 for platform staff, 「监管部门」 for a regulator. */
  actorName: string | null;
  fields: string[];
  purpose: string;
  reason: AccessReason;
  at: Date;
}

/** Who reads: their role, and the shop they act for when an operator. */
export type Reader = { role: 'operator'; operatorId: string } | { role: Exclude<ActorRole, 'operator'> };

/** What the subject is told instead of a member of staff's identity. */
const STAFF: Partial<Record<ActorRole, { id: string; name: string }>> = {
  admin: { id: 'platform', name: '平台工作人员' },
  regulator: { id: 'regulator', name: '监管部门' },
};

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
  /** Re-seal one record the subject holds with a new value (a corrected return address); false when not held. */
  replace(ex: Executor, subjectId: string, kind: PersonalKind, id: string, value: string): Promise<boolean>;
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
    access: { actorId: string; as: Reader; subjectId: string; kinds: readonly PersonalKind[]; reason: AccessReason },
  ): Promise<PersonalRecord[]>;
  accessLog(ex: Executor, subjectId: string, page: { limit: number; before?: string | undefined }): Promise<AccessLogEntry[]>;
  /**
   * Everything the vault holds about the subject, opened, and every read of it by
   * others: the vault's part of their export (PIPL art. 45). Not itself logged as a
   * read by another: the subject is reading their own.
   */
  exportOwn(ex: Executor, subjectId: string): Promise<{ personalData: { id: string; kind: PersonalKind; value: unknown }[]; accessLog: AccessLogEntry[] }>;
  /** Seal a secret that is not personal data (a TOTP secret) with the same keys. */
  sealSecret(purpose: string, plaintext: string): string;
  openSecret(purpose: string, sealed: string): string;
  /**
   * A keyed hash (HMAC with the lookup key, which never rotates) of a credential
   * before it is stored: a stolen database without the key cannot test guesses.
   */
  pepper(purpose: 'payment_pin' | 'sandbox_carrier', value: string): string;
}

/** Addresses and contacts are stored as JSON text; the export shows them as objects. */
const structured = (value: string): unknown => {
  if (!value.startsWith('{')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

export function normalise(kind: PersonalKind, value: string): string {
  return kind === 'id_number' ? value.trim().toUpperCase() : value.trim();
}

export interface PrivacyDeps {
  sealer: Sealer;
  clock: Clock;
  /** Shop names by operator id, for the access log (operators/shop-names.ts). */
  shopNames?: (ex: Executor, operatorIds: readonly string[]) => Promise<Map<string, string>>;
}

export function createPrivacyService(deps: PrivacyDeps): PrivacyService {
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

    async replace(ex, subjectId, kind, id, value) {
      const { sealed, key_id } = row(subjectId, kind, value, id);
      return privacyRepo.reseal(ex, { id, subjectId, kind, sealed, keyId: key_id }, clock.now());
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

    async readAs(ex, { actorId, as, subjectId, kinds, reason }) {
      const records = open(await privacyRepo.listForSubject(ex, subjectId, kinds));
      if (actorId !== subjectId) {
        await privacyRepo.insertAccessLog(ex, {
          id: newId(),
          actor_id: actorId,
          actor_role: as.role,
          actor_operator_id: as.role === 'operator' ? as.operatorId : null,
          subject_id: subjectId,
          fields: [...kinds],
          purpose: purposeText(reason),
          at: clock.now(),
        });
      }
      return records;
    },

    async accessLog(ex, subjectId, page) {
      const rows = await privacyRepo.listAccessLog(ex, subjectId, page.limit, page.before);
      const operatorIds = rows.flatMap((r) => (r.actor_operator_id ? [r.actor_operator_id] : []));
      const shops = operatorIds.length > 0 && deps.shopNames ? await deps.shopNames(ex, operatorIds) : new Map<string, string>();
      return rows.map((r) => {
        const staff = STAFF[r.actor_role];
        const actorName = staff?.name ?? (r.actor_operator_id ? (shops.get(r.actor_operator_id) ?? null) : null);
        return { id: r.id, actorId: staff?.id ?? r.actor_id, actorRole: r.actor_role, actorName, fields: r.fields, purpose: r.purpose, reason: reasonOf(r.purpose), at: r.at };
      });
    },

    async exportOwn(ex, subjectId) {
      const personalData = open(await privacyRepo.listForSubject(ex, subjectId, PERSONAL_KINDS)).map((r) => ({ ...r, value: structured(r.value) }));
      const accessLog: AccessLogEntry[] = [];
      for (let page = await this.accessLog(ex, subjectId, { limit: 100 }); page.length > 0; page = await this.accessLog(ex, subjectId, { limit: 100, before: page.at(-1)!.id })) {
        accessLog.push(...page);
      }
      return { personalData, accessLog };
    },

    sealSecret: (purpose, plaintext) => sealer.seal(plaintext, purpose).sealed,
    openSecret: (purpose, sealed) => sealer.open(sealed, purpose),
    pepper: (purpose, value) => sealer.lookupHash(`credential:${purpose}`, value),
  };
}
