import type { Insertable } from 'kysely';
import type { Executor } from '../../database.js';
import type { PersonalDataAccessLogTable } from './tables.js';

export interface PersonalDataRow {
  id: string;
  subject_id: string;
  kind: string;
  sealed: string;
  key_id: string;
  lookup_hash: string | null;
}

export const privacyRepo = {
  /** Inserts unless the lookup hash is taken; returns false on that conflict. */
  async insert(ex: Executor, row: PersonalDataRow, at: Date): Promise<boolean> {
    const inserted = await ex
      .insertInto('personal_data')
      .values({ ...row, created_at: at, updated_at: at })
      .onConflict((oc) => oc.columns(['kind', 'lookup_hash']).where('lookup_hash', 'is not', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  /** A new sealed value for one record of the subject's (its lookup hash unchanged: kinds re-sealed so have none). */
  async reseal(ex: Executor, r: { id: string; subjectId: string; kind: string; sealed: string; keyId: string }, at: Date): Promise<boolean> {
    const result = await ex
      .updateTable('personal_data')
      .set({ sealed: r.sealed, key_id: r.keyId, updated_at: at })
      .where('id', '=', r.id)
      .where('subject_id', '=', r.subjectId)
      .where('kind', '=', r.kind)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  },

  async deleteKind(ex: Executor, subjectId: string, kind: string): Promise<void> {
    await ex.deleteFrom('personal_data').where('subject_id', '=', subjectId).where('kind', '=', kind).execute();
  },

  async findByLookup(ex: Executor, kind: string, lookupHash: string): Promise<string | undefined> {
    const row = await ex
      .selectFrom('personal_data')
      .select('subject_id')
      .where('kind', '=', kind)
      .where('lookup_hash', '=', lookupHash)
      .executeTakeFirst();
    return row?.subject_id;
  },

  async exists(ex: Executor, subjectId: string, kind: string, id: string): Promise<boolean> {
    const row = await ex.selectFrom('personal_data').select('id').where('id', '=', id).where('subject_id', '=', subjectId).where('kind', '=', kind).executeTakeFirst();
    return row !== undefined;
  },

  /** The records of this kind among these ids, with whose they are (many holders checked at once). */
  holdersOf(ex: Executor, kind: string, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('personal_data').select(['id', 'subject_id']).where('kind', '=', kind).where('id', 'in', ids).execute();
  },

  async listForSubject(ex: Executor, subjectId: string, kinds: readonly string[]): Promise<PersonalDataRow[]> {
    if (kinds.length === 0) return [];
    return ex
      .selectFrom('personal_data')
      .select(['id', 'subject_id', 'kind', 'sealed', 'key_id', 'lookup_hash'])
      .where('subject_id', '=', subjectId)
      .where('kind', 'in', kinds)
      .orderBy('id')
      .execute();
  },

  async insertAccessLog(
    ex: Executor,
    row: Insertable<PersonalDataAccessLogTable>,
  ): Promise<void> {
    await ex.insertInto('personal_data_access_log').values(row).execute();
  },

  async listAccessLog(ex: Executor, subjectId: string, limit: number, before: string | undefined) {
    let query = ex
      .selectFrom('personal_data_access_log')
      .select(['id', 'actor_id', 'actor_role', 'actor_operator_id', 'fields', 'purpose', 'at'])
      .where('subject_id', '=', subjectId);
    if (before) query = query.where('id', '<', before);
    return query.orderBy('id', 'desc').limit(limit).execute();
  },

  async deleteKinds(ex: Executor, subjectId: string, kinds: readonly string[]): Promise<number> {
    const result = await ex.deleteFrom('personal_data').where('subject_id', '=', subjectId).where('kind', 'in', kinds).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  async deleteRecords(ex: Executor, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await ex.deleteFrom('personal_data').where('id', 'in', ids).execute();
  },

  async deleteSubject(ex: Executor, subjectId: string): Promise<void> {
    await ex.deleteFrom('personal_data').where('subject_id', '=', subjectId).execute();
  },

  async deleteAccessLogAbout(ex: Executor, subjectId: string): Promise<void> {
    await ex.deleteFrom('personal_data_access_log').where('subject_id', '=', subjectId).execute();
  },

  /** Key rotation: vault rows under another key than `keyId`, in id order after `after`. */
  notUnderKey(ex: Executor, keyId: string, after: string | null, limit: number) {
    let query = ex.selectFrom('personal_data').select(['id', 'kind', 'sealed']).where('key_id', '<>', keyId);
    if (after !== null) query = query.where('id', '>', after);
    return query.orderBy('id').limit(limit).execute();
  },

  async countNotUnderKey(ex: Executor, keyId: string): Promise<number> {
    const row = await ex.selectFrom('personal_data').select((eb) => eb.fn.countAll<string>().as('n')).where('key_id', '<>', keyId).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Compare-and-set: a value rewritten meanwhile (put() deletes and inserts) is left alone. */
  async replaceSealed(ex: Executor, id: string, from: string, to: string, keyId: string): Promise<boolean> {
    const result = await ex.updateTable('personal_data').set({ sealed: to, key_id: keyId }).where('id', '=', id).where('sealed', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
