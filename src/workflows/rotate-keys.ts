/**
 * Key rotation across every sealed column. Each module that stores
 * sealed values describes its column (`SealedColumn`); the privacy module's rotation
 * re-encrypts them under the current key, batch by batch, each batch its own short
 * transaction, while the server keeps serving. See README "Personal-data keys".
 */
import type { Kysely } from 'kysely';
import type { DB } from '../database.js';
import { idempotencyResponsesColumn } from '../modules/idempotency/index.js';
import { totpSecretsColumn } from '../modules/accounts/index.js';
import { sandboxSmsColumn } from '../modules/notifications/index.js';
import { logisticsSecretsColumn } from '../modules/logistics/index.js';
import { createKeyRotation, createSealer, vaultColumn, type KeyRing, type RotationReport, type SealedColumn } from '../modules/privacy/index.js';

/** Every column holding values sealed with the data keys. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [vaultColumn, totpSecretsColumn, idempotencyResponsesColumn, sandboxSmsColumn, logisticsSecretsColumn];

export async function rotateKeys(deps: { db: Kysely<DB>; keys: KeyRing; batchSize?: number; onProgress?: (column: string, done: number) => void }): Promise<{ keyId: string; reports: RotationReport[] }> {
  const rotation = createKeyRotation({ db: deps.db, keys: deps.keys, sealer: createSealer(deps.keys) });
  const reports: RotationReport[] = [];
  for (const column of SEALED_COLUMNS) {
    reports.push(await rotation.rotate(column, { batchSize: deps.batchSize ?? 500, onBatch: (done) => deps.onProgress?.(column.name, done) }));
  }
  return { keyId: rotation.currentKeyId, reports };
}

/** Values under any key but the current one, per column: all zero means old keys may go. */
export async function keysStillInUse(deps: { db: Kysely<DB>; keys: KeyRing }): Promise<Record<string, number>> {
  const rotation = createKeyRotation({ db: deps.db, keys: deps.keys, sealer: createSealer(deps.keys) });
  const out: Record<string, number> = {};
  for (const column of SEALED_COLUMNS) out[column.name] = await rotation.remaining(column);
  return out;
}
