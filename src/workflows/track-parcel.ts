/**
 * A carrier's event reaches an order (issue 17 item 6): the logistics module stores it
 * on the parcel (once per event id), then, in the same transaction, the order's
 * automatic receipt follows the parcel (orders/auto-receipt.ts: delivered + 7 days,
 * paused while the latest event is an exception), the buyer hears of the delivery,
 * both sides of an exception, and every process's live streams of the order's
 * tracking are told on commit.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { LiveEvents } from '../lib/live-events.js';
import { logisticsErrors, trackingTopic, trackingView, type CarrierEvent, type LogisticsService, type RecordedEvent } from '../modules/logistics/index.js';
import { formatDueZh, type NotificationsService } from '../modules/notifications/index.js';
import type { OperatorsService } from '../modules/operators/index.js';
import { autoReceiptAt, type OrderRow, type OrdersService } from '../modules/orders/index.js';

export function createTrackParcelWorkflow(deps: { db: Kysely<DB>; logistics: LogisticsService; orders: OrdersService; operators: OperatorsService; notifications: NotificationsService; live: LiveEvents; clock: Clock }) {
  const { db, logistics, orders, operators, notifications, live } = deps;

  async function tell(ex: Executor, order: OrderRow, recorded: RecordedEvent, due: Date | null): Promise<void> {
    const { before, after } = recorded;
    const link = `/orders/${order.id}`;
    if (after.deliveredAt && !before.deliveredAt) {
      const body = due ? `订单 ${order.number} 的包裹已签收，请确认收货；${formatDueZh(due)} 将自动确认收货。` : `订单 ${order.number} 的包裹已签收，请确认收货。`;
      await notifications.notify(ex, { userId: order.buyer_id, kind: 'parcel.delivered', title: '包裹已签收', body, link, dueAt: due });
    }
    if (after.status === 'exception' && before.status !== 'exception') {
      const shopOwner = (await operators.sellingStatus(ex, order.operator_id))?.ownerId;
      const notice = { kind: 'parcel.exception' as const, title: '包裹运输异常', body: `订单 ${order.number} 的包裹出现异常，请查看物流详情；异常期间不会自动确认收货。`, link };
      for (const userId of new Set([order.buyer_id, shopOwner])) if (userId) await notifications.notify(ex, { userId, ...notice });
    }
  }

  return {
    async carrierEvent(providerId: string, event: CarrierEvent): Promise<{ received: boolean; duplicate: boolean }> {
      return db.transaction().execute(async (tx) => {
        const recorded = await logistics.recordEvent(tx, providerId, event);
        if (recorded.duplicate) return { received: true, duplicate: true };
        const order = await orders.lock(tx, recorded.parcel.order_id);
        // Only a shipped order waits for receipt: once received (the buyer confirmed first), events are kept and change nothing.
        if (order?.status === 'shipped' && order.shipped_at) {
          const due = autoReceiptAt(order.shipped_at, recorded.after);
          if (due?.getTime() !== order.auto_receipt_at?.getTime()) await orders.setAutoReceipt(tx, order.id, due);
          await tell(tx, order, recorded, due);
        }
        await live.publish(tx, trackingTopic(recorded.parcel.order_id));
        return { received: true, duplicate: false };
      });
    },

    async tracking(userId: string, orderId: string) {
      const order = await orders.readable(db, userId, orderId);
      const found = await logistics.parcelOf(db, order.id);
      if (!found) throw logisticsErrors.notShipped();
      return trackingView(found.parcel, found.events, order.status === 'shipped' ? order.auto_receipt_at : null);
    },
  };
}

export type TrackParcelWorkflow = ReturnType<typeof createTrackParcelWorkflow>;
