/**
 * Ship an order: the shop's owner, a paid order not waiting for its group, and a
 * parcel — either with an approved logistics provider (its name becomes the carrier;
 * its webhook then reports the parcel's events) or with a carrier typed as "other"
 * (no events). The parcel (logistics) and the order's first automatic-receipt time
 * (orders/auto-receipt.ts: 10 days) are written in one transaction; a sandbox carrier
 * learns of its parcel through `shipped`, in that transaction too.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { LiveEvents } from '../lib/live-events.js';
import { logisticsErrors, trackingTopic, type LogisticsService, type ParcelRow } from '../modules/logistics/index.js';
import { autoReceiptAt, ordersErrors as errors, type OrderRow, type OrdersService, type OrderView } from '../modules/orders/index.js';

export interface ShipInput {
  /** Required without `logisticsProviderId` ("other"); with it, the provider's name is used. */
  carrier?: string | undefined;
  trackingNumber: string;
  logisticsProviderId?: string | undefined;
}

/** Told of every parcel shipped with a logistics provider, inside the shipping transaction. */
export type ParcelShipped = (ex: Executor, shipped: { order: OrderRow; parcel: ParcelRow }) => Promise<void>;

export function createShipOrderWorkflow(deps: { db: Kysely<DB>; orders: OrdersService; logistics: LogisticsService; live: LiveEvents; clock: Clock; shipped?: ParcelShipped | undefined }) {
  const { db, orders, logistics, clock } = deps;
  return {
    async ship(userId: string, orderId: string, input: ShipInput, requestKey?: string): Promise<OrderView> {
      if (!input.logisticsProviderId && !input.carrier) throw logisticsErrors.carrierRequired();
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockOperatorsOrder(tx, userId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'paid') throw errors.wrongState('ship', row.status);
        if (row.awaiting_group) throw errors.groupNotComplete();
        const provider = input.logisticsProviderId ? await logistics.carrier(tx, input.logisticsProviderId) : undefined;
        const carrier = provider?.name ?? input.carrier!;
        const parcel = await logistics.addParcel(tx, { orderId: row.id, providerId: provider?.id ?? null, carrier, trackingNumber: input.trackingNumber });
        const now = clock.now();
        const shipping = { carrier, trackingNumber: input.trackingNumber, ...(provider ? { logisticsProviderId: provider.id } : {}) };
        const patch = { status: 'shipped' as const, shipped_at: now, carrier, tracking_number: input.trackingNumber, auto_receipt_at: autoReceiptAt(now, { status: parcel.status, deliveredAt: null }) };
        await orders.change(tx, row.id, patch, 'shipped', userId, shipping, requestKey);
        if (provider) await deps.shipped?.(tx, { order: { ...row, ...patch }, parcel });
        await deps.live.publish(tx, trackingTopic(row.id));
      });
      return orders.current(orderId);
    },
  };
}

export type ShipOrderWorkflow = ReturnType<typeof createShipOrderWorkflow>;
