/**
 * Refund an order in full or in part, before or after settlement (RULES.md "Escrow and
 * receipt"): the flow a dispute's outcome (resolve-dispute.ts) and an after-sales
 * refund (after-sales.ts) share. The order is locked here; the money moves back the
 * way the order was paid (the wallet, or a provider refund for exactly this part):
 * - before receipt the whole refund voids the hold (the order is refunded); a part is
 *   returned by posting only the rest, settled to the operator (the order is received);
 * - after settlement the platform gives back its fee's share and the operator owes the
 *   rest, which the caller collects (`escrow.collectRefund`).
 * The order remembers what it has refunded so far (`orders.refunded`), so two partial
 * refunds never exceed its total; the last one closes it (`refunded`).
 */
import type { Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { Escrow, Payer } from '../modules/ledger/index.js';
import { escrowOrder, ordersErrors as errors, type OrdersService } from '../modules/orders/index.js';
import type { OrderPaymentsService } from '../modules/payments/index.js';
import type { CancelOrderWorkflow } from './cancel-order.js';

export interface RefundInput {
  refund: number;
  /** Names every transfer of this refund, so a repeat moves nothing twice. */
  idPrefix: string;
  actorId: string | null;
  /** The order's timeline entry, and the code of the hold's void before receipt. */
  event: 'dispute_refunded' | 'after_sale_refunded';
  voidCode: 'dispute_refund' | 'after_sale_refund';
  /** A full refund whose goods come back (or never left): the stock returns. */
  returnStock?: boolean;
}

export function createRefundOrderWorkflow(deps: { orders: OrdersService; escrow: Escrow; orderPayments: OrderPaymentsService; stock: Pick<CancelOrderWorkflow, 'returnStock'>; clock: Clock }) {
  const { orders, escrow, orderPayments, clock } = deps;

  /** Returns the payer, what the operator still owes when the order was already settled, and the provider refund to ask for after commit. */
  async function refundOrder(ex: Executor, orderId: string, input: RefundInput): Promise<{ owedByOperator: number; payer?: Payer; providerRefund?: string | null }> {
    const row = (await orders.lock(ex, orderId))!;
    const { refund, idPrefix } = input;
    if (refund <= 0) return { owedByOperator: 0 };
    // `returning`: a received order whose goods are on their way back (after-sales).
    if (!['paid', 'shipped', 'received', 'completed', 'returning'].includes(row.status)) throw errors.wrongState('refund', row.status);
    if (row.refunded + refund > row.total) throw errors.wrongState('refund more than was paid for', row.status);
    const order = escrowOrder(row);
    const detail = { amount: refund };
    const refunded = row.refunded + refund;
    const full = refunded >= row.total;
    const payer = await orderPayments.payerOf(ex, row);
    const providerRefund = await orderPayments.refundPayer(ex, payer, { orderId: row.id, amount: refund, key: idPrefix });
    if (full && input.returnStock) await deps.stock.returnStock(ex, row.id);
    if (row.status === 'paid' || row.status === 'shipped') {
      if (full) {
        await escrow.release(ex, row, row.hold_transfer_id!, { id: `${idPrefix}:void`, code: input.voidCode }, payer);
        await orders.change(ex, row.id, { status: 'refunded', refunded, closed_at: clock.now() }, input.event, input.actorId, detail);
      } else {
        await escrow.settle(ex, order, row.hold_transfer_id!, row.total - refund, payer);
        await escrow.recoverDebt(ex, order);
        await orders.change(ex, row.id, { status: 'received', refunded, received_at: clock.now() }, input.event, input.actorId, detail);
      }
      return { owedByOperator: 0, payer, providerRefund };
    }
    const { owedByOperator } = await escrow.refundSettledFee(ex, order, refund, idPrefix, payer, input.voidCode);
    if (full) {
      await escrow.reverseReferralReward(ex, row.id);
      await orders.change(ex, row.id, { status: 'refunded', refunded, closed_at: clock.now() }, input.event, input.actorId, detail);
    } else {
      await orders.change(ex, row.id, { refunded }, input.event, input.actorId, detail);
    }
    return { owedByOperator, payer, providerRefund };
  }

  return { refundOrder };
}

export type RefundOrderWorkflow = ReturnType<typeof createRefundOrderWorkflow>;
