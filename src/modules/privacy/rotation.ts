/**
 * Key rotation (DESIGN "Data and money"): every sealed value is
 * opened with the key it names and sealed again under the current key, online.
 *
 * How it stays online: the operator first puts the new key *first* in
 * AGORA_DATA_KEYS (or keys.json) and restarts the servers one by one — from then on
 * new writes use it and every process still opens values under the old keys. The
 * rotation then walks each sealed column in key order, one short transaction per
 * batch; each value is replaced only if it is still the one read (compare-and-set),
 * so a value a user changed meanwhile is left as the user wrote it (already under
 * the new key). When `remaining` is 0 everywhere the old key can be removed.
 *
 * @example
 *   const rotation = createKeyRotation({ db, keys, sealer });
 *   const report = await rotation.rotate(vaultColumn, { batchSize: 500 });
 *   // { column: 'personal_data', rotated: 1204, changedMeanwhile: 0, remaining: 0 }
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { KeyRing } from './keys.js';
import { privacyRepo } from './repo.js';
import type { Sealer } from './sealer.js';

/** One column of sealed values, described by the module that owns it. */
export interface SealedColumn {
  name: string;
  /** Up to `limit` values after `after` (in the column's key order) that are not sealed under `keyId`. */
  batch(ex: Executor, keyId: string, after: string | null, limit: number): Promise<{ key: string; sealed: string; purpose: string }[]>;
  /** Replace `from` by `to` (with its key id) only if the stored value is still `from`. */
  replace(ex: Executor, key: string, from: string, to: { sealed: string; keyId: string }): Promise<boolean>;
  /** How many values are not sealed under `keyId`. */
  remaining(ex: Executor, keyId: string): Promise<number>;
}

export interface RotationReport {
  column: string;
  rotated: number;
  /** Values changed by someone else between read and write: they were left as written. */
  changedMeanwhile: number;
  remaining: number;
}

/** The key id a sealed value names (`v1.<keyId>.<iv>.<body>`). */
export const keyIdOf = (sealed: string): string | undefined => sealed.split('.')[1];

/** The vault's own column: personal_data, whose purpose is its kind. */
export const vaultColumn: SealedColumn = {
  name: 'personal_data',
  batch: async (ex, keyId, after, limit) => (await privacyRepo.notUnderKey(ex, keyId, after, limit)).map((r) => ({ key: r.id, sealed: r.sealed, purpose: r.kind })),
  replace: (ex, key, from, to) => privacyRepo.replaceSealed(ex, key, from, to.sealed, to.keyId),
  remaining: (ex, keyId) => privacyRepo.countNotUnderKey(ex, keyId),
};

export function createKeyRotation(deps: { db: Kysely<DB>; keys: KeyRing; sealer: Sealer }) {
  const { db, keys, sealer } = deps;
  const currentKeyId = keys.current.id;
  return {
    currentKeyId,

    /** Re-encrypt one column, batch by batch, each batch its own transaction. */
    async rotate(column: SealedColumn, options: { batchSize?: number; onBatch?: (done: number) => void } = {}): Promise<RotationReport> {
      const batchSize = options.batchSize ?? 500;
      let after: string | null = null;
      let rotated = 0;
      let changedMeanwhile = 0;
      for (;;) {
        const rows = await column.batch(db, currentKeyId, after, batchSize);
        if (rows.length === 0) break;
        const outcome = await db.transaction().execute(async (tx) => {
          let ok = 0;
          for (const row of rows) {
            const plaintext = sealer.open(row.sealed, row.purpose);
            if (await column.replace(tx, row.key, row.sealed, sealer.seal(plaintext, row.purpose))) ok++;
          }
          return ok;
        });
        rotated += outcome;
        changedMeanwhile += rows.length - outcome;
        after = rows[rows.length - 1]!.key;
        options.onBatch?.(rotated);
      }
      return { column: column.name, rotated, changedMeanwhile, remaining: await column.remaining(db, currentKeyId) };
    },

    /** Values still sealed under any key but the current one. */
    remaining: (column: SealedColumn) => column.remaining(db, currentKeyId),
  };
}

export type KeyRotation = ReturnType<typeof createKeyRotation>;
