/**
 * Orders (API.md "Orders, payment, escrow"): the order's own rows — its states, its
 * timeline and the queries on them. The flows that move an order and its money
 * across modules (checkout, pay, ship, receipt, cancel, return, a dispute's refund,
 * the timers) are in src/workflows/; each calls these state changes inside its own
 * transaction, with the order row locked first, so parallel requests on one order
 * queue up and the second sees what the first did.
 */
import type { Kysely, Updateable } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { MINUTE, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { nextCursor } from '../../lib/paging.js';
import type { OperatorsService } from '../operators/index.js';
import type { AccessReason, PrivacyService } from '../privacy/index.js';
import type { PendingOrder } from './pending-order.js';
import { ordersRepo, type EventRow, type OrderRow } from './repo.js';
import { ADDRESS_OPEN_STATUSES, maskAddress, type ShippingAddress } from './shipping.js';
import { salesStats } from './stats-repo.js';
import type { OrderSourceKind, OrderStatus, OrdersTable } from './tables.js';
import { presentOrder, viewOrder, type OrderView } from './view.js';

/** Unpaid orders expire and their stock returns. */
export const PAYMENT_WINDOW_MS = 30 * MINUTE;

/** What a dispute learns of its order, read under the order's lock. */
export interface DisputedOrder {
  id: string;
  buyerId: string;
  operatorId: string;
  status: OrderStatus;
  total: number;
}

/** What a group buy or bargain learns of its order. */
export interface SourcedOrder {
  id: string;
  buyerId: string;
  status: OrderStatus;
  total: number;
  source: { kind: OrderSourceKind; id: string };
}

/** The order as escrow knows it (src/modules/ledger/escrow.ts). */
export const escrowOrder = (row: OrderRow) => ({ id: row.id, buyerId: row.buyer_id, operatorId: row.operator_id, total: row.total });

/** The campaign behind an order, if any. */
export const sourceOf = (row: OrderRow, status: OrderStatus = row.status): SourcedOrder | undefined =>
  row.source_kind && row.source_id ? { id: row.id, buyerId: row.buyer_id, status, total: row.total, source: { kind: row.source_kind, id: row.source_id } } : undefined;

export function createOrdersService(deps: { db: Kysely<DB>; operators: OperatorsService; privacy: PrivacyService; clock: Clock }) {
  const { db, operators, clock } = deps;

  async function event(ex: Executor, orderId: string, type: string, actorId: string | null, detail: Record<string, unknown> = {}, requestKey?: string): Promise<EventRow> {
    const row = { id: newId(clock.now().getTime()), order_id: orderId, type, actor_id: actorId, detail, at: clock.now(), request_key: requestKey ?? null };
    await ordersRepo.insertEvent(ex, { ...row, detail: JSON.stringify(detail) });
    return row;
  }

  /** A state change and its line on the timeline, together. */
  async function change(ex: Executor, orderId: string, patch: Updateable<OrdersTable>, type: string, actorId: string | null, detail: Record<string, unknown> = {}, requestKey?: string): Promise<void> {
    await ordersRepo.updateOrder(ex, orderId, patch);
    await event(ex, orderId, type, actorId, detail, requestKey);
  }

  return {
    event,
    change,
    view: viewOrder,
    present: presentOrder,

    /** The order as it is now, read after its transaction committed. */
    current: async (orderId: string) => viewOrder(db, (await ordersRepo.findOrder(db, orderId))!),

    find: (ex: Executor, orderId: string) => ordersRepo.findOrder(ex, orderId),
    /** The order locked for the rest of the transaction; undefined when there is none. */
    lock: (ex: Executor, orderId: string) => ordersRepo.findOrderForUpdate(ex, orderId),
    itemsOf: (ex: Executor, orderId: string) => ordersRepo.itemsOf(ex, [orderId]),
    eventsOf: (ex: Executor, orderId: string) => ordersRepo.eventsOf(ex, orderId),
    /** Which of these order ids exist already (a batch of checkouts looks for its retries at once). */
    existingIds: (ex: Executor, ids: readonly string[]) => ordersRepo.existingIds(ex, ids),
    /** Ids of orders in `status` whose `column` is at or before `before` (the timers). */
    due: (status: OrderStatus, column: Parameters<typeof ordersRepo.due>[2], before: Date) => ordersRepo.due(db, status, column, before),

    /** `count` new order numbers for orders created at `at`, taken inside the creating transaction. */
    nextNumbers: (ex: Executor, at: Date, count: number) => ordersRepo.nextNumbers(ex, at, count),
    /** New pending orders (pending-order.ts), in multi-row statements. */
    insertPending: (ex: Executor, placed: readonly PendingOrder[]) => ordersRepo.insertPending(ex, placed),

    /**
     * Whether this request already acted on the order: a retry whose first answer was
     * lost (a crash after commit) then gets the order as it is, instead of a conflict.
     */
    doneBefore: async (ex: Executor, orderId: string, requestKey: string | undefined) => requestKey !== undefined && ordersRepo.hasEventWithKey(ex, orderId, requestKey),

    /** The buyer's own order (others' look missing), locked. */
    async lockBuyersOrder(ex: Executor, buyerId: string, orderId: string): Promise<OrderRow> {
      const row = await ordersRepo.findOrderForUpdate(ex, orderId);
      if (!row || row.buyer_id !== buyerId) throw notFound('order');
      return row;
    },

    /** An order of a shop this user owns, locked. */
    async lockOperatorsOrder(ex: Executor, userId: string, orderId: string): Promise<OrderRow> {
      const row = await ordersRepo.findOrderForUpdate(ex, orderId);
      if (!row) throw notFound('order');
      await operators.requireOwnedShop(ex, userId, row.operator_id, 'order');
      return row;
    },

    /** A group is complete: its paid orders may ship (and their money may then reach the operator). */
    async releaseGroupOrders(ex: Executor, orderIds: readonly string[]): Promise<void> {
      for (const id of orderIds) {
        const row = await ordersRepo.findOrderForUpdate(ex, id);
        if (!row?.awaiting_group) continue;
        await change(ex, id, { awaiting_group: false }, 'group_completed', null);
      }
    },

    /** The order if this user is its buyer or owns its shop (else 404, as if missing). */
    async readable(ex: Executor, userId: string, orderId: string): Promise<OrderRow> {
      const row = await ordersRepo.findOrder(ex, orderId);
      if (!row) throw notFound('order');
      if (row.buyer_id !== userId) await operators.requireOwnedShop(ex, userId, row.operator_id, 'order');
      return row;
    },

    /** A carrier event moved (or paused: null) the automatic receipt of a shipped order (auto-receipt.ts). */
    setAutoReceipt: (ex: Executor, orderId: string, at: Date | null) => ordersRepo.updateOrder(ex, orderId, { auto_receipt_at: at }),

    async order(userId: string, orderId: string): Promise<OrderView> {
      const row = await ordersRepo.findOrder(db, orderId);
      if (!row) throw notFound('order');
      if (row.buyer_id !== userId) await operators.requireOwnedShop(db, userId, row.operator_id, 'order');
      return viewOrder(db, row);
    },

    /** For an admin reviewing a case (the arbitration console): the order as its parties see it; the caller checks the role. */
    async orderForAdmin(orderId: string): Promise<OrderView> {
      const row = await ordersRepo.findOrder(db, orderId);
      if (!row) throw notFound('order');
      return viewOrder(db, row);
    },

    /** The order a dispute is about, locked for the caller's transaction; undefined when there is none. */
    async lockForDispute(ex: Executor, orderId: string): Promise<DisputedOrder | undefined> {
      const row = await ordersRepo.findOrderForUpdate(ex, orderId);
      // What is still refundable is the claim's ceiling: an after-sales refund may have paid part already.
      return row && { id: row.id, buyerId: row.buyer_id, operatorId: row.operator_id, status: row.status, total: row.total - row.refunded };
    },

    /** Orders of this shop not yet settled for good (paid, shipped, received within the return window, returning). */
    openOrderCount: (operatorId: string, ex: Executor = db) => ordersRepo.openOrderCount(ex, operatorId),

    /** When the buyer last ordered to each address (GET /me/addresses `lastUsedAt`). */
    addressesLastUsed: (buyerId: string) => ordersRepo.addressesLastUsed(db, buyerId),

    async ordersOfBuyer(buyerId: string, page: { limit: number; cursor?: string | undefined; number?: string | undefined }) {
      const rows = await ordersRepo.listOrders(db, { buyerId, number: page.number, limit: page.limit, before: page.cursor });
      return { items: await Promise.all(rows.map((r) => viewOrder(db, r))), nextCursor: nextCursor(rows, page.limit) };
    },

    async ordersOfOperator(userId: string, operatorId: string, page: { limit: number; cursor?: string | undefined }) {
      await operators.requireOwnedShop(db, userId, operatorId);
      const rows = await ordersRepo.listOrders(db, { operatorId, limit: page.limit, before: page.cursor });
      return { items: await Promise.all(rows.map((r) => viewOrder(db, r))), nextCursor: nextCursor(rows, page.limit) };
    },

    /** For the reports module: sales per UTC day of payment and distinct buyers (aggregates only). */
    salesStats,

    /** The orders a group buy or bargain placed, oldest first (its live seats are those not closed). */
    async ordersOfSource(ex: Executor, source: { kind: OrderSourceKind; id: string }): Promise<SourcedOrder[]> {
      const rows = await ordersRepo.ordersOfSource(ex, source.kind, source.id);
      return rows.map((r) => ({ id: r.id, buyerId: r.buyer_id, status: r.status, total: r.total, source }));
    },

    /**
     * The operator's view of the buyer's address for one of its orders (D3): in full
     * while the order is to be shipped or delivered, masked before and after (see
     * shipping.ts for which statuses and why). Either way the one logged door, readAs,
     * opens it, so the buyer's access log shows each look.
     */
    async shippingAddress(userId: string, orderId: string): Promise<(ShippingAddress & { masked: boolean }) | null> {
      const row = await ordersRepo.findOrder(db, orderId);
      if (!row) throw notFound('order');
      await operators.requireOwnedShop(db, userId, row.operator_id, 'order');
      const open = ADDRESS_OPEN_STATUSES.has(row.status);
      const reason: AccessReason = open ? { code: 'ship_order', orderId: row.id } : { code: 'masked_order_view', orderId: row.id, orderStatus: row.status };
      const records = await deps.privacy.readAs(db, { actorId: userId, as: { role: 'operator', operatorId: row.operator_id }, subjectId: row.buyer_id, kinds: ['address'], reason });
      const record = records.find((r) => r.id === row.address_id);
      if (!record) return null;
      const address = JSON.parse(record.value) as ShippingAddress;
      return open ? { ...address, masked: false } : { ...maskAddress(address), masked: true };
    },

    /**
     * The users who paid this shop at least once: who its marketing may reach, through
     * the platform and with their consent (D3). For the marketing module only; never
     * answered to the shop itself.
     */
    /** Orders as chat cards show them, read afresh each time; the caller checks who may see each (conversations). */
    async cards(ex: Executor, orderIds: readonly string[]): Promise<Map<string, { id: string; buyerId: string; operatorId: string; number: string; status: OrderRow['status']; total: number; itemCount: number }>> {
      const rows = await ordersRepo.cards(ex, [...new Set(orderIds)]);
      return new Map(rows.map((r) => [r.id, { id: r.id, buyerId: r.buyer_id, operatorId: r.operator_id, number: r.number, status: r.status, total: Number(r.total), itemCount: Number(r.item_count ?? 0) }]));
    },

    pastBuyers: (ex: Executor, operatorId: string) => ordersRepo.pastBuyers(ex, operatorId),

    /**
     * R11: which of these buyers received which of these products (an order for it
     * is received or completed), as `buyerId:productId` keys, so a note's tag can
     * say "verified purchase".
     */
    async receivedProducts(ex: Executor, buyerIds: readonly string[], productIds: readonly string[]): Promise<Set<string>> {
      const rows = await ordersRepo.receivedProducts(ex, [...new Set(buyerIds)], [...new Set(productIds)]);
      return new Set(rows.map((r) => `${r.buyer_id}:${r.product_id}`));
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
export type { OrderView } from './view.js';
