/**
 * The vault's part in erasing an account (PIPL art. 47; R4, R15).
 *
 * - At erasure the person's own phone, real name, identity number and address book
 *   are deleted, sealed values and lookup hashes together: the phone and identity
 *   number are free to register again, and no key can bring them back. Orders keep
 *   only the id of the address they shipped to, which now opens nothing.
 * - A closed shop's or service provider's registration details (contact, address,
 *   legal representative) are business records the platform keeps for three years
 *   (E-Commerce Law arts. 27, 31); they stay sealed and the R4 purge deletes them.
 * - Consents: every purpose still granted is withdrawn at once, by appending a row,
 *   so no marketing or sharing can follow. The history itself is kept, pseudonymous,
 *   because it is the evidence that what was done before the erasure had consent
 *   (PIPL arts. 14, 69: the processor bears the burden of proof); the purge deletes it
 *   three years after the erasure, when the general limitation period for claims has
 *   run (Civil Code art. 188). The access log about the person goes at the same time.
 *
 * @example
 *   await vaultErasure.erase(tx, userId);           // at DELETE /me
 *   await vaultErasure.purge(tx, userId);           // three years later, by the purge job
 */
import type { Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { CONSENT_TEXT_VERSION } from './consents.js';
import { consentsRepo } from './consents-repo.js';
import { privacyRepo } from './repo.js';

/** The person's own data, erased at once. */
const PERSONAL_KINDS = ['phone', 'real_name', 'id_number', 'address'] as const;

export function createVaultErasure(deps: { clock: Clock }) {
  const { clock } = deps;
  return {
    /** Erase the person's own data and withdraw every consent; returns how many sealed values went. */
    async erase(ex: Executor, subjectId: string): Promise<{ erased: number }> {
      const erased = await privacyRepo.deleteKinds(ex, subjectId, PERSONAL_KINDS);
      const at = clock.now();
      for (const row of await consentsRepo.latest(ex, subjectId)) {
        if (!row.granted) continue;
        await consentsRepo.insert(ex, { id: newId(at.getTime()), user_id: subjectId, purpose: row.purpose, granted: false, text_version: CONSENT_TEXT_VERSION, at });
      }
      return { erased };
    },

    /** These sealed records, whoever holds them: the originals of chat messages whose conversation is emptied (issue 18). */
    forgetRecords: (ex: Executor, ids: readonly string[]) => privacyRepo.deleteRecords(ex, ids),

    /** Three years on: whatever is left about the subject (business registration, consent history, access log). */
    async purge(ex: Executor, subjectId: string): Promise<void> {
      await privacyRepo.deleteSubject(ex, subjectId);
      await privacyRepo.deleteAccessLogAbout(ex, subjectId);
      await consentsRepo.deleteFor(ex, subjectId);
    },
  };
}

export type VaultErasure = ReturnType<typeof createVaultErasure>;
