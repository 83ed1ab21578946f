/** SQL of the disputes module: cases and their append-only timelines. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/index.js';
import type { DisputeEventsTable, DisputeStatus, DisputesTable } from './tables.js';

export type DisputeRow = Selectable<DisputesTable>;
export type DisputeEventRow = Selectable<DisputeEventsTable>;

export const OPEN_STATUSES: readonly DisputeStatus[] = ['open', 'responded', 'arbitration'];

export const disputesRepo = {
  async insert(ex: Executor, row: Insertable<DisputesTable>): Promise<void> {
    await ex.insertInto('disputes').values(row).execute();
  },
  find(ex: Executor, id: string): Promise<DisputeRow | undefined> {
    return ex.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
  },
  findForUpdate(ex: Executor, id: string): Promise<DisputeRow | undefined> {
    return ex.selectFrom('disputes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  async openOfOrder(ex: Executor, orderId: string): Promise<string | undefined> {
    const row = await ex.selectFrom('disputes').select('id').where('order_id', '=', orderId).where('status', 'in', OPEN_STATUSES).executeTakeFirst();
    return row?.id;
  },
  async operatorHasOpen(ex: Executor, operatorId: string): Promise<boolean> {
    const row = await ex.selectFrom('disputes').select('id').where('operator_id', '=', operatorId).where('status', 'in', OPEN_STATUSES).limit(1).executeTakeFirst();
    return row !== undefined;
  },
  async update(ex: Executor, id: string, patch: Updateable<DisputesTable>): Promise<void> {
    await ex.updateTable('disputes').set(patch).where('id', '=', id).execute();
  },
  async insertEvent(ex: Executor, row: Insertable<DisputeEventsTable>): Promise<void> {
    await ex.insertInto('dispute_events').values(row).execute();
  },
  eventsOf(ex: Executor, disputeId: string): Promise<DisputeEventRow[]> {
    return ex.selectFrom('dispute_events').selectAll().where('dispute_id', '=', disputeId).orderBy('id').execute();
  },
  /** Cases in this state whose deadline has passed (the sweep re-reads each under lock). */
  async due(ex: Executor, status: DisputeStatus, now: Date, limit = 200): Promise<string[]> {
    let query = ex.selectFrom('disputes').select('id').where('status', '=', status).where('deadline', '<=', now);
    if (status === 'arbitration') query = query.where('overdue', '=', false);
    return (await query.orderBy('deadline').limit(limit).execute()).map((r) => r.id);
  },
  list(ex: Executor, filter: { status?: DisputeStatus | undefined; overdue?: boolean | undefined; limit: number; before?: string | undefined }): Promise<DisputeRow[]> {
    let query = ex.selectFrom('disputes').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.overdue !== undefined) query = query.where('overdue', '=', filter.overdue);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },
};
