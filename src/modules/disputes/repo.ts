/** SQL of the disputes module: cases and their append-only timelines. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../database.js';
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
  /** The provider's 48 h ran out without an answer while the case still waits on the parties. */
  async providerDue(ex: Executor, now: Date, limit = 200): Promise<string[]> {
    const rows = await ex
      .selectFrom('disputes')
      .select('id')
      .where('status', 'in', ['open', 'responded'])
      .where('provider_answer', 'is', null)
      .where('provider_deadline', '<=', now)
      .orderBy('provider_deadline')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
  /** Cases whose operator (or provider) answer is due within `before` and was not yet reminded. */
  async remindersDue(ex: Executor, party: 'operator' | 'provider', now: Date, before: Date, limit = 200): Promise<string[]> {
    let query = ex.selectFrom('disputes').select('id');
    query =
      party === 'operator'
        ? query.where('status', '=', 'open').where('reminded_at', 'is', null).where('deadline', '>', now).where('deadline', '<=', before)
        : query
            .where('status', 'in', ['open', 'responded'])
            .where('provider_answer', 'is', null)
            .where('provider_reminded_at', 'is', null)
            .where('provider_deadline', '>', now)
            .where('provider_deadline', '<=', before);
    return (await query.orderBy('id').limit(limit).execute()).map((r) => r.id);
  },
  /** A user's cases as buyer, as owner of operators, as owner of service providers (any that are given). */
  inbox(
    ex: Executor,
    filter: { buyerId?: string | undefined; operatorIds: readonly string[]; providerIds: readonly string[]; status?: DisputeStatus | undefined; limit: number; before?: string | undefined },
  ): Promise<DisputeRow[]> {
    const { buyerId, operatorIds, providerIds } = filter;
    if (!buyerId && operatorIds.length === 0 && providerIds.length === 0) return Promise.resolve([]);
    let query = ex.selectFrom('disputes').selectAll();
    query = query.where((eb) =>
      eb.or([
        ...(buyerId ? [eb('buyer_id', '=', buyerId)] : []),
        ...(operatorIds.length > 0 ? [eb('operator_id', 'in', operatorIds)] : []),
        ...(providerIds.length > 0 ? [eb('service_provider_id', 'in', providerIds)] : []),
      ]),
    );
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },
  list(ex: Executor, filter: { status?: DisputeStatus | undefined; overdue?: boolean | undefined; limit: number; before?: string | undefined }): Promise<DisputeRow[]> {
    let query = ex.selectFrom('disputes').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.overdue !== undefined) query = query.where('overdue', '=', filter.overdue);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },
};
