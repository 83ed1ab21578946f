/** SQL of the after-sales module: return addresses, requests, their items and timelines. */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { OrderItemRow } from '../orders/index.js';
import type { AfterSaleEventsTable, AfterSaleStatus, AfterSaleType, AfterSalesTable, ReturnAddressesTable } from './tables.js';

export type AfterSaleRow = Selectable<AfterSalesTable>;
export type AfterSaleEventRow = Selectable<AfterSaleEventsTable>;
export type ReturnAddressRow = Selectable<ReturnAddressesTable>;
/** A request's item as shown: the order item itself (read through the orders module). */
export type AfterSaleItemRow = Pick<OrderItemRow, 'id' | 'product_id' | 'sku_id' | 'title' | 'sku_name' | 'unit_price' | 'quantity'>;

/** Requests that hold their items: one open request per order item. */
export const OPEN_STATUSES: readonly AfterSaleStatus[] = ['requested', 'approved', 'returning', 'received'];

export const afterSalesRepo = {
  // Return addresses.
  async insertAddress(ex: Executor, row: Insertable<ReturnAddressesTable>): Promise<void> {
    await ex.insertInto('return_addresses').values(row).execute();
  },
  addressesOf(ex: Executor, operatorId: string): Promise<ReturnAddressRow[]> {
    return ex.selectFrom('return_addresses').selectAll().where('operator_id', '=', operatorId).where('removed_at', 'is', null).orderBy('is_default', 'desc').orderBy('id').execute();
  },
  findAddress(ex: Executor, operatorId: string, id: string): Promise<ReturnAddressRow | undefined> {
    return ex.selectFrom('return_addresses').selectAll().where('operator_id', '=', operatorId).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  },
  defaultAddress(ex: Executor, operatorId: string): Promise<ReturnAddressRow | undefined> {
    return ex.selectFrom('return_addresses').selectAll().where('operator_id', '=', operatorId).where('is_default', '=', true).where('removed_at', 'is', null).executeTakeFirst();
  },
  /** Any address at all, with or without removal: what a past return was sent to. */
  addressById(ex: Executor, id: string): Promise<ReturnAddressRow | undefined> {
    return ex.selectFrom('return_addresses').selectAll().where('id', '=', id).executeTakeFirst();
  },
  async clearDefault(ex: Executor, operatorId: string): Promise<void> {
    await ex.updateTable('return_addresses').set({ is_default: false }).where('operator_id', '=', operatorId).where('is_default', '=', true).execute();
  },
  async updateAddress(ex: Executor, id: string, patch: Updateable<ReturnAddressesTable>): Promise<void> {
    await ex.updateTable('return_addresses').set(patch).where('id', '=', id).execute();
  },
  async addressInUse(ex: Executor, id: string): Promise<boolean> {
    const row = await ex.selectFrom('after_sales').select('id').where('return_address_id', '=', id).where('status', 'in', ['approved', 'returning']).limit(1).executeTakeFirst();
    return row !== undefined;
  },
  /** These return addresses, removed ones too (the owner's export). */
  addressesByIds(ex: Executor, ids: readonly string[]): Promise<ReturnAddressRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return ex.selectFrom('return_addresses').selectAll().where('id', 'in', ids).orderBy('id').execute();
  },

  // Requests.
  async insert(ex: Executor, row: Insertable<AfterSalesTable>, orderItemIds: readonly string[]): Promise<void> {
    await ex.insertInto('after_sales').values(row).execute();
    await ex
      .insertInto('after_sale_items')
      .values(orderItemIds.map((order_item_id) => ({ after_sale_id: row.id, order_item_id })))
      .execute();
  },
  find(ex: Executor, id: string): Promise<AfterSaleRow | undefined> {
    return ex.selectFrom('after_sales').selectAll().where('id', '=', id).executeTakeFirst();
  },
  findForUpdate(ex: Executor, id: string): Promise<AfterSaleRow | undefined> {
    return ex.selectFrom('after_sales').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  async update(ex: Executor, id: string, patch: Updateable<AfterSalesTable>): Promise<void> {
    await ex.updateTable('after_sales').set(patch).where('id', '=', id).execute();
  },
  /** The request no longer holds its items (a new one may be asked for them). */
  async releaseItems(ex: Executor, id: string): Promise<void> {
    await ex.updateTable('after_sale_items').set({ open: false }).where('after_sale_id', '=', id).execute();
  },
  async itemIdsOf(ex: Executor, ids: readonly string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (ids.length === 0) return map;
    const rows = await ex.selectFrom('after_sale_items').select(['after_sale_id', 'order_item_id']).where('after_sale_id', 'in', ids).orderBy('order_item_id').execute();
    for (const r of rows) map.set(r.after_sale_id, [...(map.get(r.after_sale_id) ?? []), r.order_item_id]);
    return map;
  },
  /** The open request holding each of these order items. */
  async openRequestsOfItems(ex: Executor, orderItemIds: readonly string[]): Promise<Map<string, string>> {
    if (orderItemIds.length === 0) return new Map();
    const rows = await ex.selectFrom('after_sale_items').select(['order_item_id', 'after_sale_id']).where('order_item_id', 'in', orderItemIds).where('open', '=', true).execute();
    return new Map(rows.map((r) => [r.order_item_id, r.after_sale_id]));
  },
  async openOfOrder(ex: Executor, orderId: string): Promise<string | undefined> {
    const row = await ex.selectFrom('after_sales').select('id').where('order_id', '=', orderId).where('status', 'in', OPEN_STATUSES).limit(1).executeTakeFirst();
    return row?.id;
  },
  async returningOfOrder(ex: Executor, orderId: string): Promise<string | undefined> {
    const row = await ex.selectFrom('after_sales').select('id').where('order_id', '=', orderId).where('status', '=', 'returning').limit(1).executeTakeFirst();
    return row?.id;
  },
  ofOrders(ex: Executor, orderIds: readonly string[]): Promise<AfterSaleRow[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('after_sales').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute();
  },
  async insertEvent(ex: Executor, row: Insertable<AfterSaleEventsTable>): Promise<void> {
    await ex.insertInto('after_sale_events').values(row).execute();
  },
  eventsOf(ex: Executor, id: string): Promise<AfterSaleEventRow[]> {
    return ex.selectFrom('after_sale_events').selectAll().where('after_sale_id', '=', id).orderBy('id').execute();
  },
  ofBuyer(ex: Executor, buyerId: string, filter: { status?: AfterSaleStatus | undefined; limit: number; before?: string | undefined }): Promise<AfterSaleRow[]> {
    let query = ex.selectFrom('after_sales').selectAll().where('buyer_id', '=', buyerId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },
  /**
   * A shop's inbox, the soonest deadline first (those without one — over — last), then by
   * id; the cursor is `<deadline ISO or "~">|<id>`.
   */
  ofShop(ex: Executor, operatorId: string, filter: { status?: AfterSaleStatus | undefined; type?: AfterSaleType | undefined; limit: number; after?: { deadline: Date | null; id: string } | undefined }): Promise<AfterSaleRow[]> {
    let query = ex.selectFrom('after_sales').selectAll().where('operator_id', '=', operatorId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.type) query = query.where('type', '=', filter.type);
    const after = filter.after;
    if (after) {
      query = after.deadline
        ? query.where((eb) =>
            eb.or([eb('deadline', '>', after.deadline!), eb('deadline', 'is', null), eb.and([eb('deadline', '=', after.deadline!), eb('id', '>', after.id)])]),
          )
        : query.where('deadline', 'is', null).where('id', '>', after.id);
    }
    return query.orderBy('deadline', (ob) => ob.asc().nullsLast()).orderBy('id').limit(filter.limit).execute();
  },
  /** Requests in this state whose deadline has passed (the sweep re-reads each under lock). */
  async due(ex: Executor, status: AfterSaleStatus, now: Date, limit = 200): Promise<string[]> {
    const rows = await ex.selectFrom('after_sales').select('id').where('status', '=', status).where('deadline', '<=', now).orderBy('deadline').limit(limit).execute();
    return rows.map((r) => r.id);
  },
};
