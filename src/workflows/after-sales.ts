/**
 * After-sales (售后; issue 17; R9, R10, D7): the buyer's request on its order, the shop's
 * answer, the return and the refund or the replacement, and escalation to a dispute.
 * Each step locks the order first, then the request (every path takes them in that
 * order), so the shop's answer and the timer's automatic one queue up and the second
 * sees what the first did; money moves only through escrow, in the step's transaction:
 * - a return of the whole order is refunded as R9/R10 returns always were
 *   (return-order.ts: the total back, stock back, referral reward withdrawn);
 * - any other refund goes through refund-order.ts (shared with disputes): before
 *   receipt from the hold, after settlement the fee's share from the platform and the
 *   rest from the shop (receivable, deposit, then advanced as its debt);
 * - a fault return's postage is a fee on the shop (`after_sale_return_shipping`).
 * A provider-paid order's refund is asked of the provider after commit.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import { AppError, notFound } from '../lib/errors.js';
import type { Clock } from '../lib/clock.js';
import type { AccountsService } from '../modules/accounts/index.js';
import { afterSalesErrors as errors, BUYER_SHIP_MS, ESCALATE_AFTER_REFUSAL_MS, SHOP_CONFIRM_RETURN_MS, SHOP_SHIP_EXCHANGE_MS, type AfterSaleRow, type AfterSalesService, type AfterSaleView, type CreateInput } from '../modules/aftersales/index.js';
import type { AuditService } from '../modules/audit/index.js';
import type { DisputesService } from '../modules/disputes/index.js';
import type { Escrow } from '../modules/ledger/index.js';
import type { OperatorsService } from '../modules/operators/index.js';
import { ordersErrors, returnBlocker, returnDeadline, type OrderRow, type OrdersService, type OrderView } from '../modules/orders/index.js';
import type { OrderPaymentsService } from '../modules/payments/index.js';
import { afterSalesNotices as notices, historyText } from '../modules/aftersales/index.js';
import type { RefundOrderWorkflow } from './refund-order.js';
import type { ReturnOrderWorkflow } from './return-order.js';

type Actor = { actor: 'buyer' | 'shop' | 'platform'; actorId: string | null };
const PLATFORM: Actor = { actor: 'platform', actorId: null };
/** Who the platform's automatic steps are audited as. */
const SYSTEM = 'platform';

/** The dispute category an escalated request becomes. */
const CATEGORY = {
  not_received: 'not_received',
  quality_problem: 'quality',
  damaged: 'quality',
  missing_parts: 'quality',
  not_as_described: 'not_as_described',
  wrong_item: 'not_as_described',
  no_reason: 'not_as_described',
  other: 'not_as_described',
} as const;

export function createAfterSalesWorkflow(deps: {
  db: Kysely<DB>;
  afterSales: AfterSalesService;
  orders: OrdersService;
  /** Holds the buyer's row while a request is opened (erase-account.ts checks OPEN_AFTER_SALES under its lock). */
  accounts: Pick<AccountsService, 'holdLiveUsers'>;
  operators: OperatorsService;
  disputes: DisputesService;
  escrow: Escrow;
  orderPayments: OrderPaymentsService;
  refunds: RefundOrderWorkflow;
  returnOrder: ReturnOrderWorkflow;
  audit: AuditService;
  clock: Clock;
}) {
  const { db, afterSales, orders, disputes, escrow, orderPayments, audit, clock } = deps;

  /**
   * A step on a request by one of its parties: the order locked, then the request; `run`
   * gets both and returns a provider refund to ask for after commit, if any.
   */
  async function step(userId: string, id: string, role: 'buyer' | 'shop' | 'either', run: (tx: Executor, order: OrderRow, r: AfterSaleRow, who: 'buyer' | 'shop') => Promise<string | null | void>): Promise<AfterSaleView> {
    const providerRefund = await db.transaction().execute(async (tx) => {
      const { r: found } = await afterSales.party(tx, userId, id, false);
      const order = (await orders.lock(tx, found.order_id))!;
      const { r, role: who } = await afterSales.party(tx, userId, id);
      if (role !== 'either' && who !== role) throw notFound('after-sales request');
      return (await run(tx, order, r, who)) ?? null;
    });
    await orderPayments.trySendRefunds([providerRefund]);
    return afterSales.get(userId, id);
  }

  /** The request covers everything still refundable of the order: its goods coming back make the order `returning`. */
  const wholeOrder = (order: OrderRow, r: AfterSaleRow) => r.type === 'return_refund' && order.refunded === 0 && r.amount === order.total;

  /** The refund of an approved request (and a fault return's postage), then the request is `refunded`. */
  async function refund(tx: Executor, order: OrderRow, r: AfterSaleRow, by: Actor, automatic: boolean, requestKey?: string): Promise<string | null> {
    let providerRefund: string | null = null;
    const amount = Math.min(r.amount, order.total - order.refunded);
    if (wholeOrder(order, r) && (order.status === 'returning' || order.status === 'received' || order.status === 'completed')) {
      // R9/R10's own refund of a whole return, as it always was.
      // The request's key on the order's event: a rerun of POST /orders/:id/return/received after a lost answer finds it done.
      await deps.returnOrder.refund(tx, order, by.actorId, automatic, requestKey);
    } else if (amount > 0) {
      // Goods that come back (or never left) return to stock when the whole order is refunded.
      const returnStock = r.type === 'return_refund' || order.status === 'paid';
      const moved = await deps.refunds.refundOrder(tx, order.id, { refund: amount, idPrefix: `after-sale:${r.id}:refund`, actorId: by.actorId, event: 'after_sale_refunded', voidCode: 'after_sale_refund', returnStock });
      await escrow.collectRefund(tx, { id: r.id, buyerId: r.buyer_id, operatorId: r.operator_id, kind: 'after_sale' }, moved.owedByOperator, moved.payer);
      providerRefund = moved.providerRefund ?? null;
    }
    const fee = r.return_shipping_fee;
    if (fee > 0) await escrow.collectReturnShipping(tx, { id: r.id, buyerId: r.buyer_id, operatorId: r.operator_id }, fee);
    const done = await afterSales.change(tx, r, { status: 'refunded', refunded: amount + fee, deadline: null }, { type: automatic ? 'refunded_automatically' : 'refunded', ...by, detail: { amount, returnShippingFee: fee } });
    await afterSales.tell(tx, done, 'buyer', notices.refunded(r.id, amount + fee, automatic));
    return providerRefund;
  }

  /** The shop (or its silence) approves: a refund is paid at once; a return waits for the goods at the shop's address. */
  async function approve(tx: Executor, order: OrderRow, r: AfterSaleRow, by: Actor, returnAddressId?: string): Promise<string | null> {
    if (r.status !== 'requested') throw errors.wrongState('approve', r.status);
    const automatic = by.actor === 'platform';
    // A named address must be the shop's, whatever the request (a refund needs none).
    if (returnAddressId) await afterSales.returnAddressFor(tx, r.operator_id, returnAddressId);
    if (r.type === 'refund_only') {
      const approved = await afterSales.change(tx, r, { status: 'approved', deadline: null }, { type: automatic ? 'approved_automatically' : 'approved', ...by });
      return refund(tx, order, approved, by, false);
    }
    const addressId = await afterSales.returnAddressFor(tx, r.operator_id, returnAddressId);
    // The shop must say where the goods go; its silence approves anyway (the buyer may then escalate).
    if (!addressId && !automatic) throw errors.noReturnAddress();
    const shipBy = afterSales.later(BUYER_SHIP_MS);
    const approved = await afterSales.change(tx, r, { status: 'approved', deadline: shipBy, return_address_id: addressId ?? null }, { type: automatic ? 'approved_automatically' : 'approved', ...by });
    await afterSales.tell(tx, approved, 'buyer', notices.approved(r.id, automatic, shipBy));
    return null;
  }

  /** The buyer ships an approved return; the shop has 7 days to confirm it (R10). */
  async function shipReturn(tx: Executor, order: OrderRow, r: AfterSaleRow, input: { carrier: string; trackingNumber: string; returnShippingFee?: number | undefined }, by: Actor, requestKey?: string) {
    if (r.type === 'refund_only') throw errors.notReturnType();
    if (r.status !== 'approved') throw errors.wrongState('ship the return of', r.status);
    const fee = input.returnShippingFee ?? 0;
    if (fee > 0 && !afterSales.shopPaysReturn(r)) throw errors.feeNotAllowed();
    const now = clock.now();
    const due = afterSales.later(SHOP_CONFIRM_RETURN_MS, now);
    const patch = { status: 'returning' as const, deadline: due, return_carrier: input.carrier, return_tracking_number: input.trackingNumber, return_shipped_at: now, return_shipping_fee: fee };
    const shipped = await afterSales.change(tx, r, patch, { type: 'return_shipped', ...by, detail: { carrier: input.carrier, trackingNumber: input.trackingNumber, returnShippingFee: fee } });
    if (wholeOrder(order, r) && order.status === 'received') {
      await orders.change(tx, order.id, { status: 'returning', return_requested_at: now, return_carrier: input.carrier, return_tracking_number: input.trackingNumber }, 'return_requested', by.actorId, { carrier: input.carrier, trackingNumber: input.trackingNumber }, requestKey);
    }
    await afterSales.tell(tx, shipped, 'shop', notices.returnShipped(r.id, due));
  }

  /** The goods came back: a return is refunded now; an exchange's replacement is due within 48 h. */
  async function returnReceived(tx: Executor, order: OrderRow, r: AfterSaleRow, by: Actor, automatic: boolean, requestKey?: string): Promise<string | null> {
    if (r.status !== 'returning') throw errors.wrongState('confirm the return of', r.status);
    if (r.type === 'return_refund') {
      // R10: past 7 days the refund is automatic, whether or not the goods were seen.
      const received = automatic ? r : await afterSales.change(tx, r, { return_received_at: clock.now() }, { type: 'return_received', ...by });
      return refund(tx, order, received, by, automatic, requestKey);
    }
    const due = afterSales.later(SHOP_SHIP_EXCHANGE_MS);
    const received = await afterSales.change(tx, r, { status: 'received', return_received_at: clock.now(), deadline: due }, { type: 'return_received', ...by, detail: automatic ? { automatic } : {} });
    await afterSales.tell(tx, received, 'buyer', notices.returnReceived(r.id, due));
    return null;
  }

  /** A request that set its order `returning` gives it back as received when it ends without a refund. */
  async function restoreOrder(tx: Executor, order: OrderRow, r: AfterSaleRow) {
    if (order.status === 'returning' && wholeOrder(order, r)) {
      await orders.change(tx, order.id, { status: 'received', return_requested_at: null, return_carrier: null, return_tracking_number: null }, 'return_withdrawn', r.buyer_id);
    }
  }

  /** The request, with its whole history, becomes a dispute (D7); the request is `escalated`. */
  async function escalate(tx: Executor, order: OrderRow, r: AfterSaleRow, by: Actor, note: string | undefined) {
    await restoreOrder(tx, order, r);
    const history = await afterSales.historyOf(tx, r.id);
    const items = await afterSales.itemsOf(tx, r);
    const asked = note ? [`${by.actor === 'shop' ? '商家' : '买家'}申请平台介入：${note}`] : [];
    const description = [historyText(r, items, history), ...asked].join('\n').slice(0, 4000);
    const evidence = [...new Set([...r.images, ...history.flatMap((e) => e.images)])];
    const claim = r.type === 'exchange' ? items.reduce((sum, i) => sum + i.unit_price * i.quantity, 0) : r.amount;
    const locked = await orders.lockForDispute(tx, order.id);
    const refundCap = locked?.total ?? 0;
    const disputeId = await disputes.openCase(tx, r.buyer_id, locked, { orderId: order.id, category: CATEGORY[r.reason], claim: { refund: Math.min(claim, refundCap) }, description, evidence });
    const escalated = await afterSales.change(tx, r, { status: 'escalated', deadline: null, dispute_id: disputeId }, { type: 'escalated', ...by, body: note ?? null, detail: { disputeId } });
    await afterSales.tell(tx, escalated, by.actor === 'shop' ? 'buyer' : 'shop', notices.escalated(r.id, disputeId));
  }

  /** Each due request on its own: the order, then the request, locked and re-read; someone acting meanwhile wins. */
  async function each(status: AfterSaleRow['status'], act: (tx: Executor, order: OrderRow, r: AfterSaleRow) => Promise<string | null | void>): Promise<number> {
    let done = 0;
    const now = clock.now();
    for (const id of await afterSales.due(status, now)) {
      try {
        const providerRefund = await db.transaction().execute(async (tx) => {
          const orderId = await afterSales.orderOf(tx, id);
          const order = (await orders.lock(tx, orderId))!;
          const r = (await afterSales.lock(tx, id))!;
          if (r.status !== status || !r.deadline || r.deadline > now) return null;
          done++;
          return (await act(tx, order, r)) ?? null;
        });
        await orderPayments.trySendRefunds([providerRefund]);
      } catch (error) {
        // One request that cannot move now (a shop that cannot fund a refund) leaves the others to go on; the next sweep retries it.
        if (!(error instanceof AppError)) throw error;
        done--;
      }
    }
    return done;
  }
  const audited = (tx: Executor, action: 'after_sale.approve_automatically' | 'after_sale.close_automatically' | 'after_sale.refund_automatically', r: AfterSaleRow) =>
    audit.record(tx, { actorId: SYSTEM, action, targetType: 'after_sale', targetId: r.id, detail: { orderId: r.order_id, type: r.type, reason: r.reason, amount: r.amount } });

  return {
    async options(buyerId: string, orderId: string) {
      return db.transaction().execute(async (tx) => {
        const order = await orders.lockBuyersOrder(tx, buyerId, orderId);
        return afterSales.options(tx, order, (await disputes.openDisputeOf(tx, order.id)) ?? null);
      });
    },

    async create(buyerId: string, orderId: string, input: CreateInput): Promise<AfterSaleView> {
      const id = await db.transaction().execute(async (tx) => {
        // An erasure that locked the buyer first has committed by now: no request for a tombstone.
        if (!(await deps.accounts.holdLiveUsers(tx, [buyerId])).has(buyerId)) throw ordersErrors.buyerGone();
        const order = await orders.lockBuyersOrder(tx, buyerId, orderId);
        const disputeId = await disputes.openDisputeOf(tx, order.id);
        if (disputeId) throw errors.disputeOpen(disputeId);
        return afterSales.open(tx, buyerId, order, input);
      });
      return afterSales.get(buyerId, id);
    },

    approve: (userId: string, id: string, input: { returnAddressId?: string | undefined }) =>
      step(userId, id, 'shop', (tx, order, r) => approve(tx, order, r, { actor: 'shop', actorId: userId }, input.returnAddressId)),

    /** Bulk approve from the inbox: each request in its own transaction, a result for each. */
    async approveMany(userId: string, operatorId: string, ids: string[]) {
      await deps.operators.requireOwnedShop(db, userId, operatorId);
      const results: { id: string; ok: boolean; status?: AfterSaleView['status']; code?: string }[] = [];
      for (const id of ids) {
        try {
          const view = await step(userId, id, 'shop', async (tx, order, r) => {
            if (r.operator_id !== operatorId) throw notFound('after-sales request');
            return approve(tx, order, r, { actor: 'shop', actorId: userId });
          });
          results.push({ id, ok: true, status: view.status });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          results.push({ id, ok: false, code: error.code });
        }
      }
      return results;
    },

    refuse: (userId: string, id: string, input: { reason: string }) =>
      step(userId, id, 'shop', async (tx, _order, r) => {
        if (r.status !== 'requested') throw errors.wrongState('refuse', r.status);
        const due = afterSales.later(ESCALATE_AFTER_REFUSAL_MS);
        const refused = await afterSales.change(tx, r, { status: 'refused', deadline: due, refuse_reason: input.reason }, { type: 'refused', actor: 'shop', actorId: userId, body: input.reason });
        await afterSales.tell(tx, refused, 'buyer', notices.refused(r.id, due));
      }),

    shipReturn: (buyerId: string, id: string, input: { carrier: string; trackingNumber: string; returnShippingFee?: number | undefined }) =>
      step(buyerId, id, 'buyer', (tx, order, r) => shipReturn(tx, order, r, input, { actor: 'buyer', actorId: buyerId })),

    returnReceived: (userId: string, id: string) => step(userId, id, 'shop', (tx, order, r) => returnReceived(tx, order, r, { actor: 'shop', actorId: userId }, false)),

    shipExchange: (userId: string, id: string, input: { carrier: string; trackingNumber: string }) =>
      step(userId, id, 'shop', async (tx, _order, r) => {
        if (r.type !== 'exchange') throw errors.notExchange();
        if (r.status !== 'received') throw errors.wrongState('ship the replacement of', r.status);
        const patch = { status: 'exchanged' as const, deadline: null, exchange_carrier: input.carrier, exchange_tracking_number: input.trackingNumber, exchange_shipped_at: clock.now() };
        const shipped = await afterSales.change(tx, r, patch, { type: 'exchange_shipped', actor: 'shop', actorId: userId, detail: { carrier: input.carrier, trackingNumber: input.trackingNumber } });
        await afterSales.tell(tx, shipped, 'buyer', notices.exchangeShipped(r.id));
      }),

    /** The buyer drops the request before any refund. */
    withdraw: (buyerId: string, id: string) =>
      step(buyerId, id, 'buyer', async (tx, order, r) => {
        if (!['requested', 'approved', 'refused', 'returning'].includes(r.status)) throw errors.wrongState('withdraw', r.status);
        await restoreOrder(tx, order, r);
        const withdrawn = await afterSales.change(tx, r, { status: 'withdrawn', deadline: null }, { type: 'withdrawn', actor: 'buyer', actorId: buyerId });
        await afterSales.tell(tx, withdrawn, 'shop', notices.withdrawn(r.id));
      }),

    /**
     * Either side asks the platform: after a refusal (within 7 days), or when the other
     * side is past its deadline (the shop has not confirmed the return or shipped the
     * replacement; the buyer has not shipped).
     */
    escalate: (userId: string, id: string, input: { note?: string | undefined }) =>
      step(userId, id, 'either', async (tx, order, r, who) => {
        const now = clock.now();
        const overdue = r.deadline !== null && r.deadline <= now;
        if (r.status === 'refused') {
          if (!r.deadline || overdue) throw errors.escalationClosed();
        } else if (!(['requested', 'approved', 'returning', 'received'].includes(r.status) && overdue)) {
          throw ['refunded', 'exchanged', 'escalated', 'withdrawn'].includes(r.status) ? errors.wrongState('escalate', r.status) : errors.escalationNotYet();
        }
        await escalate(tx, order, r, { actor: who, actorId: userId }, input.note);
      }),

    /**
     * The R9 shortcut (POST /orders/:id/return, API.md): within the window, for goods not
     * excluded, a no-reason return_refund of the whole order, approved at once (a
     * no-reason return within the window is the buyer's right) and shipped with this
     * tracking: the order is `returning` as before.
     */
    async requestReturn(buyerId: string, orderId: string, input: { carrier: string; trackingNumber: string }, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockBuyersOrder(tx, buyerId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'received') throw ordersErrors.wrongState('return', row.status);
        if (clock.now() >= returnDeadline(row.received_at!)) throw ordersErrors.returnNotAllowed('The 7-day no-reason return window has closed');
        if (await disputes.hasOpenDispute(tx, row.id)) throw ordersErrors.disputeOpen('return');
        // Part of it was refunded already (a dispute, an after-sales refund): a whole return on top would pay twice.
        if (row.refunded > 0) throw ordersErrors.returnNotAllowed('Part of this order was already refunded');
        const items = await orders.itemsOf(tx, row.id);
        const blocker = returnBlocker(items.map((i) => ({ returnClass: i.return_class, title: i.title })), row.return_exclusion_confirmed);
        if (blocker) throw ordersErrors.returnNotAllowed(blocker);
        const id = await afterSales.open(tx, buyerId, row, { type: 'return_refund', reason: 'no_reason' });
        await approve(tx, row, (await afterSales.lock(tx, id))!, PLATFORM);
        await shipReturn(tx, row, (await afterSales.lock(tx, id))!, input, { actor: 'buyer', actorId: buyerId }, requestKey);
      });
      return orders.current(orderId);
    },

    /** R10 (POST /orders/:id/return/received): the shop has the goods back; the buyer is refunded at once. */
    async confirmReturn(userId: string, orderId: string, requestKey?: string): Promise<OrderView> {
      const providerRefund = await db.transaction().execute(async (tx) => {
        const row = await orders.lockOperatorsOrder(tx, userId, orderId);
        if (await orders.doneBefore(tx, row.id, requestKey)) return null;
        if (row.status !== 'returning') throw ordersErrors.wrongState('confirm the return of', row.status);
        const id = await afterSales.returningOf(tx, row.id);
        // A return from before after-sales existed has no request: refunded as it always was.
        if (!id) {
          await deps.returnOrder.refund(tx, row, userId, false, requestKey);
          return null;
        }
        return returnReceived(tx, row, (await afterSales.lock(tx, id))!, { actor: 'shop', actorId: userId }, false, requestKey);
      });
      await orderPayments.trySendRefunds([providerRefund ?? null]);
      return orders.current(orderId);
    },

    /** The order timer's R10 refund of a `returning` order whose return is an after-sales request. */
    async refundOrderReturn(tx: Executor, order: OrderRow): Promise<boolean> {
      const id = await afterSales.returningOf(tx, order.id);
      if (!id) return false;
      const r = (await afterSales.lock(tx, id))!;
      await audited(tx, 'after_sale.refund_automatically', r);
      await returnReceived(tx, order, r, PLATFORM, true);
      return true;
    },

    /**
     * The deadlines, every minute: the shop's 48 h silence approves; an approved return
     * not shipped in 7 days closes; a return the shop has not confirmed in 7 days is
     * refunded (R10; an exchange's counts as received); the 7 days to escalate a refusal end.
     */
    async sweep(): Promise<{ approved: number; closed: number; refunded: number; refusalsEnded: number }> {
      const approved = await each('requested', async (tx, order, r) => {
        await audited(tx, 'after_sale.approve_automatically', r);
        return approve(tx, order, r, PLATFORM);
      });
      const closed = await each('approved', async (tx, order, r) => {
        await audited(tx, 'after_sale.close_automatically', r);
        await restoreOrder(tx, order, r);
        const done = await afterSales.change(tx, r, { status: 'withdrawn', deadline: null }, { type: 'closed_not_shipped', ...PLATFORM });
        await afterSales.tell(tx, done, 'buyer', notices.closed(r.id));
        await afterSales.tell(tx, done, 'shop', notices.closed(r.id));
      });
      const refunded = await each('returning', async (tx, order, r) => {
        await audited(tx, 'after_sale.refund_automatically', r);
        return returnReceived(tx, order, r, PLATFORM, true);
      });
      const refusalsEnded = await each('refused', async (tx, _order, r) => {
        await afterSales.change(tx, r, { deadline: null }, { type: 'escalation_window_closed', ...PLATFORM });
      });
      return { approved, closed, refunded, refusalsEnded };
    },
  };
}

export type AfterSalesWorkflow = ReturnType<typeof createAfterSalesWorkflow>;
