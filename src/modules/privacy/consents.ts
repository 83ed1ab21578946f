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
import type { DB, Executor } from '../../db/index.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { consentsRepo } from './consents-repo.js';
import type { ConsentPurpose } from './tables.js';

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['marketing', 'share_with_operator_marketing', 'personalised_feed'];
/** Bump when the wording of a consent changes, so a grant records which text it answered. */
export const CONSENT_TEXT_VERSION = '2026-01';

export interface ConsentView {
  purpose: ConsentPurpose;
  granted: boolean;
  /** The text version the user answered; null while they never did. */
  textVersion: string | null;
  at: string | null;
}

export function createConsentsService(deps: { db: Kysely<DB>; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Every purpose, with the user's latest answer (not granted when never asked). */
    async list(userId: string): Promise<ConsentView[]> {
      const latest = new Map((await consentsRepo.latest(db, userId)).map((r) => [r.purpose, r]));
      return CONSENT_PURPOSES.map((purpose) => {
        const row = latest.get(purpose);
        return { purpose, granted: row?.granted ?? false, textVersion: row?.text_version ?? null, at: row ? row.at.toISOString() : null };
      });
    },

    async set(userId: string, purpose: ConsentPurpose, granted: boolean): Promise<ConsentView> {
      const at = clock.now();
      await consentsRepo.insert(db, { id: newId(at.getTime()), user_id: userId, purpose, granted, text_version: CONSENT_TEXT_VERSION, at });
      return { purpose, granted, textVersion: CONSENT_TEXT_VERSION, at: at.toISOString() };
    },

    /** For other modules: has the user granted this purpose (latest answer)? */
    async granted(ex: Executor, userId: string, purpose: ConsentPurpose): Promise<boolean> {
      return (await consentsRepo.latestOf(ex, userId, purpose))?.granted ?? false;
    },
  };
}

export type ConsentsService = ReturnType<typeof createConsentsService>;
