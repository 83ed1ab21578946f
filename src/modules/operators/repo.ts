import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { OperatorsTable, ReviewStatus, ServiceProvidersTable } from './tables.js';

export type OperatorRow = Selectable<OperatorsTable>;
export type ServiceProviderRow = Selectable<ServiceProvidersTable>;

export const operatorsRepo = {
  /** False when another live registration holds the credit code. */
  async insertOperator(ex: Executor, row: Insertable<OperatorsTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('operators')
      .values(row)
      .onConflict((oc) => oc.column('credit_code').where('status', '<>', 'rejected').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  findOperator(ex: Executor, id: string): Promise<OperatorRow | undefined> {
    return ex.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findOperatorForUpdate(ex: Executor, id: string): Promise<OperatorRow | undefined> {
    return ex.selectFrom('operators').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  findOperators(ex: Executor, ids: readonly string[]): Promise<OperatorRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('operators').selectAll().where('id', 'in', ids).execute();
  },

  operatorsOf(ex: Executor, ownerId: string): Promise<OperatorRow[]> {
    return ex.selectFrom('operators').selectAll().where('owner_id', '=', ownerId).orderBy('id', 'desc').execute();
  },

  /** The owner's registration that is pending or approved, if any. */
  liveOperatorOf(ex: Executor, ownerId: string): Promise<OperatorRow | undefined> {
    return ex.selectFrom('operators').selectAll().where('owner_id', '=', ownerId).where('status', '<>', 'rejected').executeTakeFirst();
  },

  listOperators(ex: Executor, filter: { status?: ReviewStatus | undefined; limit: number; after?: string | undefined }): Promise<OperatorRow[]> {
    let query = ex.selectFrom('operators').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    // Oldest first: a review queue is worked in the order it was filed.
    if (filter.after) query = query.where('id', '>', filter.after);
    return query.orderBy('id', 'asc').limit(filter.limit).execute();
  },

  allOperators(ex: Executor): Promise<OperatorRow[]> {
    return ex.selectFrom('operators').selectAll().orderBy('id').execute();
  },

  async updateOperator(ex: Executor, id: string, patch: Updateable<OperatorsTable>): Promise<void> {
    await ex.updateTable('operators').set(patch).where('id', '=', id).execute();
  },

  /** R3: approved operators 30 days past their re-verification date stop selling. Returns their ids. */
  async suspendOverdue(ex: Executor, dueBefore: Date, at: Date): Promise<string[]> {
    const rows = await ex
      .updateTable('operators')
      .set({ sales_suspended_at: at })
      .where('status', '=', 'approved')
      .where('sales_suspended_at', 'is', null)
      .where('reverification_due_at', '<=', dueBefore)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  async insertServiceProvider(ex: Executor, row: Insertable<ServiceProvidersTable>): Promise<boolean> {
    const inserted = await ex
      .insertInto('service_providers')
      .values(row)
      .onConflict((oc) => oc.column('credit_code').where('status', '<>', 'rejected').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  },

  findServiceProvider(ex: Executor, id: string): Promise<ServiceProviderRow | undefined> {
    return ex.selectFrom('service_providers').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findServiceProviderForUpdate(ex: Executor, id: string): Promise<ServiceProviderRow | undefined> {
    return ex.selectFrom('service_providers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  serviceProvidersOf(ex: Executor, ownerId: string): Promise<ServiceProviderRow[]> {
    return ex.selectFrom('service_providers').selectAll().where('owner_id', '=', ownerId).orderBy('id', 'desc').execute();
  },

  liveServiceProviderOf(ex: Executor, ownerId: string): Promise<ServiceProviderRow | undefined> {
    return ex.selectFrom('service_providers').selectAll().where('owner_id', '=', ownerId).where('status', '<>', 'rejected').executeTakeFirst();
  },

  listServiceProviders(ex: Executor, filter: { status?: ReviewStatus | undefined; limit: number; after?: string | undefined }): Promise<ServiceProviderRow[]> {
    let query = ex.selectFrom('service_providers').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.after) query = query.where('id', '>', filter.after);
    return query.orderBy('id', 'asc').limit(filter.limit).execute();
  },

  allServiceProviders(ex: Executor): Promise<ServiceProviderRow[]> {
    return ex.selectFrom('service_providers').selectAll().orderBy('id').execute();
  },

  async updateServiceProvider(ex: Executor, id: string, patch: Updateable<ServiceProvidersTable>): Promise<void> {
    await ex.updateTable('service_providers').set(patch).where('id', '=', id).execute();
  },
};
