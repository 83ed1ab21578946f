import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
import type { UploadsTable } from './tables.js';

export const mediaRepo = {
  async insert(ex: Executor, row: Insertable<UploadsTable>): Promise<void> {
    await ex.insertInto('uploads').values(row).execute();
  },

  listOwned(ex: Executor, ownerId: string) {
    return ex.selectFrom('uploads').select(['id', 'key', 'content_type', 'width', 'height', 'bytes', 'created_at']).where('owner_id', '=', ownerId).orderBy('id').execute();
  },

  /** The keys among `keys` that this owner uploaded. */
  async ownedKeys(ex: Executor, ownerId: string, keys: string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await ex.selectFrom('uploads').select('key').where('owner_id', '=', ownerId).where('key', 'in', keys).execute();
    return rows.map((r) => r.key);
  },

  findByKey(ex: Executor, key: string) {
    return ex.selectFrom('uploads').select(['key', 'thumbnail_key', 'content_type']).where((eb) => eb.or([eb('key', '=', key), eb('thumbnail_key', '=', key)])).executeTakeFirst();
  },
};
