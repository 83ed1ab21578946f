/**
 * The orders module's part of the user's export (PIPL art. 45): the user's orders
 * with their items, add-ons and history; orders others placed through the user's
 * referral (id, status and time only: the buyer is someone else); and what the user
 * did to other people's orders as a shop (which order, what, when, never the buyer's data).
 */
import type { Executor } from '../../database.js';
import { camelRows } from '../../lib/export-rows.js';

export const ordersExport = {
  async of(ex: Executor, userId: string) {
    const orders = await ex
      .selectFrom('orders')
      .select([
        'id', 'number', 'operator_id', 'status', 'total', 'address_id', 'carrier', 'tracking_number', 'source_kind', 'source_id', 'referral_note_id',
        'created_at', 'paid_at', 'shipped_at', 'received_at', 'return_requested_at', 'completed_at', 'closed_at',
      ])
      .where('buyer_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const ids = orders.map((o) => o.id);
    const items = ids.length === 0 ? [] : await ex.selectFrom('order_items').select(['id', 'order_id', 'product_id', 'sku_id', 'title', 'sku_name', 'unit_price', 'quantity']).where('order_id', 'in', ids).orderBy('id').execute();
    const addOns = ids.length === 0 ? [] : await ex.selectFrom('order_add_ons').select(['id', 'order_id', 'title', 'price']).where('order_id', 'in', ids).orderBy('id').execute();
    const events = ids.length === 0 ? [] : await ex.selectFrom('order_events').select(['id', 'order_id', 'type', 'detail', 'at']).where('order_id', 'in', ids).orderBy('at').execute();
    const referred = await ex.selectFrom('orders').select(['id', 'status', 'referral_product_id', 'created_at']).where('referrer_id', '=', userId).orderBy('created_at').execute();
    const actionsOnOthers = await ex
      .selectFrom('order_events')
      .select(['id', 'order_id', 'type', 'at'])
      .where('actor_id', '=', userId)
      .where((eb) => (ids.length > 0 ? eb('order_id', 'not in', ids) : eb.lit(true)))
      .orderBy('at')
      .execute();
    return {
      orders: camelRows(orders),
      items: camelRows(items),
      addOns: camelRows(addOns),
      events: camelRows(events),
      referredOrders: camelRows(referred),
      actionsOnOthersOrders: camelRows(actionsOnOthers),
    };
  },
};
