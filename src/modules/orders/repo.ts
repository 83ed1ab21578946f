import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../database.js';
import type { OrderAddOnsTable, OrderEventsTable, OrderItemsTable, OrdersTable, OrderStatus } from './tables.js';

export type OrderRow = Selectable<OrdersTable>;
export type ItemRow = Selectable<OrderItemsTable>;
export type AddOnRow = Selectable<OrderAddOnsTable>;
export type EventRow = Selectable<OrderEventsTable>;

/** What a new order has not done yet, and the links only some orders have (a note, a campaign): spread it first. */
export const UNSET = {
  referral_note_id: null,
  referrer_id: null,
  referral_product_id: null,
  source_kind: null,
  source_id: null,
  awaiting_group: false,
  hold_transfer_id: null,
  carrier: null,
  tracking_number: null,
  paid_at: null,
  shipped_at: null,
  received_at: null,
  auto_receipt_at: null,
  return_requested_at: null,
  return_carrier: null,
  return_tracking_number: null,
  completed_at: null,
  refunded: 0,
  closed_at: null,
  records_purged_at: null,
} satisfies Partial<OrderRow>;

export const ordersRepo = {
  /** Orders as chat cards show them, with how many units they hold. */
  cards(ex: Executor, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return ex
      .selectFrom('orders')
      .select((eb) => [
        'orders.id',
        'orders.buyer_id',
        'orders.operator_id',
        'orders.number',
        'orders.status',
        'orders.total',
        eb.selectFrom('order_items').select((e) => e.fn.coalesce(e.fn.sum<number>('quantity'), e.lit(0)).as('n')).whereRef('order_items.order_id', '=', 'orders.id').as('item_count'),
      ])
      .where('orders.id', 'in', ids)
      .execute();
  },

  /**
   * `count` new order numbers dated `at` in Beijing, in ascending order: one
   * sequence, no lock held to commit (migration 0030), so a flash-sale batch takes
   * its hundreds in one statement and never waits on another checkout.
   */
  async nextNumbers(ex: Executor, at: Date, count: number): Promise<string[]> {
    if (count === 0) return [];
    const { rows } = await sql<{ number: string }>`
      select to_char(${at}::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(nextval('order_number_seq')::text, 6, '0') as number
      from generate_series(1, ${count}) as n order by n
    `.execute(ex);
    return rows.map((r) => r.number);
  },
  async insertEvent(ex: Executor, rows: Insertable<OrderEventsTable> | Insertable<OrderEventsTable>[]): Promise<void> {
    await ex.insertInto('order_events').values(rows).execute();
  },
  /** New orders' rows, each table in one multi-row statement (a flash-sale batch writes hundreds at once). */
  async insertPending(ex: Executor, placed: readonly { order: OrderRow; items: ItemRow[]; addOns: AddOnRow[]; created: EventRow }[]): Promise<void> {
    if (placed.length === 0) return;
    await ex.insertInto('orders').values(placed.map((p) => p.order)).execute();
    const items = placed.flatMap((p) => p.items);
    if (items.length > 0) await ex.insertInto('order_items').values(items).execute();
    const addOns = placed.flatMap((p) => p.addOns);
    if (addOns.length > 0) await ex.insertInto('order_add_ons').values(addOns).execute();
    await ex.insertInto('order_events').values(placed.map((p) => ({ ...p.created, detail: JSON.stringify(p.created.detail) }))).execute();
  },

  findOrder(ex: Executor, id: string): Promise<OrderRow | undefined> {
    return ex.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
  },
  /** Which of these order ids exist already (a batch of checkouts looks for its retries at once). */
  async existingIds(ex: Executor, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await ex.selectFrom('orders').select('id').where('id', 'in', ids).execute();
    return rows.map((r) => r.id);
  },
  /** The order locked for the rest of the transaction: payments, cancels and receipts of one order queue up. */
  findOrderForUpdate(ex: Executor, id: string): Promise<OrderRow | undefined> {
    return ex.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },
  async updateOrder(ex: Executor, id: string, patch: Updateable<OrdersTable>): Promise<void> {
    await ex.updateTable('orders').set(patch).where('id', '=', id).execute();
  },

  itemsOf(ex: Executor, orderIds: readonly string[]) {
    if (orderIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('id').execute();
  },
  addOnsOf(ex: Executor, orderIds: readonly string[]) {
    if (orderIds.length === 0) return Promise.resolve([]);
    return ex.selectFrom('order_add_ons').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('id').execute();
  },
  async hasEventWithKey(ex: Executor, orderId: string, requestKey: string): Promise<boolean> {
    const row = await ex.selectFrom('order_events').select('id').where('order_id', '=', orderId).where('request_key', '=', requestKey).executeTakeFirst();
    return row !== undefined;
  },
  eventsOf(ex: Executor, orderId: string) {
    return ex.selectFrom('order_events').selectAll().where('order_id', '=', orderId).orderBy('at').orderBy('id').execute();
  },

  ordersOfSource(ex: Executor, kind: string, id: string): Promise<OrderRow[]> {
    return ex.selectFrom('orders').selectAll().where('source_kind', '=', kind as never).where('source_id', '=', id).orderBy('id').execute();
  },

  /** Each address this buyer ordered to, with the time of the latest such order. */
  async addressesLastUsed(ex: Executor, buyerId: string): Promise<Map<string, Date>> {
    const rows = await ex
      .selectFrom('orders')
      .select(['address_id', (eb) => eb.fn.max('created_at').as('at')])
      .where('buyer_id', '=', buyerId)
      .groupBy('address_id')
      .execute();
    return new Map(rows.map((r) => [r.address_id, new Date(r.at)]));
  },

  listOrders(ex: Executor, filter: { buyerId?: string; operatorId?: string; number?: string | undefined; limit: number; before?: string | undefined }): Promise<OrderRow[]> {
    let query = ex.selectFrom('orders').selectAll();
    if (filter.buyerId) query = query.where('buyer_id', '=', filter.buyerId);
    if (filter.operatorId) query = query.where('operator_id', '=', filter.operatorId);
    if (filter.number) query = query.where('number', '=', filter.number);
    if (filter.before) query = query.where('id', '<', filter.before);
    return query.orderBy('id', 'desc').limit(filter.limit).execute();
  },

  /** (buyer, product) pairs among these where the buyer has an order for the product that reached receipt. */
  /** Everyone who ever paid an order of this shop. */
  async pastBuyers(ex: Executor, operatorId: string): Promise<string[]> {
    const rows = await ex.selectFrom('orders').select('buyer_id').distinct().where('operator_id', '=', operatorId).where('paid_at', 'is not', null).orderBy('buyer_id').execute();
    return rows.map((r) => r.buyer_id);
  },

  receivedProducts(ex: Executor, buyerIds: readonly string[], productIds: readonly string[]) {
    if (buyerIds.length === 0 || productIds.length === 0) return Promise.resolve([]);
    return ex
      .selectFrom('order_items')
      .innerJoin('orders', 'orders.id', 'order_items.order_id')
      .select(['orders.buyer_id', 'order_items.product_id'])
      .distinct()
      .where('orders.buyer_id', 'in', buyerIds)
      .where('orders.status', 'in', ['received', 'completed'])
      .where('order_items.product_id', 'in', productIds)
      .execute();
  },

  async openOrderCount(ex: Executor, operatorId: string): Promise<number> {
    const row = await ex
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('operator_id', '=', operatorId)
      .where('status', 'in', ['paid', 'shipped', 'received', 'returning'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Ids of orders in `status` whose `column` is at or before `before` (the timer sweeps). */
  async due(ex: Executor, status: OrderStatus, column: 'expires_at' | 'auto_receipt_at' | 'received_at' | 'return_requested_at', before: Date, limit = 200): Promise<string[]> {
    const rows = await ex.selectFrom('orders').select('id').where('status', '=', status).where(column, '<=', before).orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  },
};
