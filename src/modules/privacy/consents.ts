/**
 * Consents (PIPL arts. 14, 23; R6, R15): what each user agreed to, purpose by
 * purpose, with the version of the text they were shown. Nothing is granted until
 * the user says so; withdrawing is as easy as granting (the same call).
 *
 * @example
 *   const consents = createConsentsService({ db, clock });
 *   await consents.set(userId, 'personalised_feed', true);
 *   await consents.granted(db, userId, 'personalised_feed'); // true
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { CONSENT_TEXTS } from './consent-texts.js';
import { consentsRepo } from './consents-repo.js';
import { privacyErrors } from './errors.js';
import type { ConsentPurpose } from './tables.js';

/** `sensitive_identity` is asked for on its own, before identity verification (PIPL art. 29). */
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['marketing', 'share_with_operator_marketing', 'personalised_feed', 'sensitive_identity', 'qa_invitations'];
/** The version of the texts first published (every purpose but sensitive_identity is still on it). */
export const CONSENT_TEXT_VERSION = '2026-01';

export interface ConsentView {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The text version the user answered; null while they never did. */
  textVersion: string | null;
  at: string | null;
  /** The text published now, and its version: what a grant made today answers. */
  version: string;
  text: { 'zh-CN': string; en: string };
}

/** One answer as stored, for the user's export. */
export interface ConsentAnswer {
  id: string;
  purpose: ConsentPurpose;
  granted: boolean;
  textVersion: string;
  at: Date;
}

const published = (purpose: ConsentPurpose) => {
  const { version, ...text } = CONSENT_TEXTS[purpose];
  return { version, text };
};

export function createConsentsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Every purpose, with the user's latest answer (not granted when never asked). */
    async list(userId: string): Promise<ConsentView[]> {
      const latest = new Map((await consentsRepo.latest(db, userId)).map((r) => [r.purpose, r]));
      return CONSENT_PURPOSES.map((purpose) => {
        const row = latest.get(purpose);
        return { purpose, granted: row?.granted ?? false, textVersion: row?.text_version ?? null, at: row ? row.at.toISOString() : null, ...published(purpose) };
      });
    },

    /**
     * Grant or withdraw, effective at once. A grant records the version the user saw
     * (`textVersion`, default the published one); a grant against an older text is
     * refused. Withdrawing never is: it must stay as easy as granting (PIPL art. 15).
     */
    async set(userId: string, purpose: ConsentPurpose, granted: boolean, textVersion?: string): Promise<ConsentView> {
      const current = published(purpose);
      if (granted && textVersion !== undefined && textVersion !== current.version) throw privacyErrors.consentTextChanged(current.version);
      const at = clock.now();
      const version = textVersion ?? current.version;
      await consentsRepo.insert(db, { id: newId(at.getTime()), user_id: userId, purpose, granted, text_version: version, at });
      return { purpose, granted, textVersion: version, at: at.toISOString(), ...current };
    },

    /** Every answer the user ever gave, oldest first (their export). */
    async history(ex: Executor, userId: string): Promise<ConsentAnswer[]> {
      const rows = await consentsRepo.history(ex, userId);
      return rows.map((r) => ({ id: r.id, purpose: r.purpose, granted: r.granted, textVersion: r.text_version, at: r.at }));
    },

    /** For other modules: who has granted this purpose now (optionally among some users). */
    grantedUsers: (ex: Executor, purpose: ConsentPurpose, among?: readonly string[]) => consentsRepo.grantedUsers(ex, purpose, among),

    /** For other modules: has the user granted this purpose (latest answer)? */
    async granted(ex: Executor, userId: string, purpose: ConsentPurpose): Promise<boolean> {
      return (await consentsRepo.latestOf(ex, userId, purpose))?.granted ?? false;
    },
  };
}

export type ConsentsService = ReturnType<typeof createConsentsService>;
