/**
 * The refund of a whole returned order (R9, R10): when the operator confirms the goods
 * arrived — or 7 days after they were sent, by the timer — the referral reward is
 * withdrawn and the whole total is refunded (escrow.refundReturn: the fee from the
 * platform, the rest from the operator's receivable, then its deposit), and the stock
 * returns. Asking for a return is an after-sales request (after-sales.ts).
 */
import type { Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import type { Escrow } from '../modules/ledger/index.js';
import { escrowOrder, type OrderRow, type OrdersService } from '../modules/orders/index.js';
import type { OrderPaymentsService } from '../modules/payments/index.js';
import type { CancelOrderWorkflow } from './cancel-order.js';

export function createReturnOrderWorkflow(deps: { orders: OrdersService; escrow: Escrow; orderPayments: OrderPaymentsService; stock: Pick<CancelOrderWorkflow, 'returnStock'>; clock: Clock }) {
  const { orders, escrow, orderPayments, clock } = deps;

  /** Inside the caller's transaction, the order locked and returning: refunded back the way it was paid (its provider refund's job runs after commit). */
  async function refund(ex: Executor, row: OrderRow, actorId: string | null, automatic: boolean, requestKey?: string): Promise<void> {
    await escrow.reverseReferralReward(ex, row.id);
    const payer = await orderPayments.payerOf(ex, row);
    await escrow.refundReturn(ex, escrowOrder(row), payer);
    await orderPayments.refundPayer(ex, payer, { orderId: row.id, amount: row.total, key: `order-refund:${row.id}` });
    await deps.stock.returnStock(ex, row.id);
    await orders.change(ex, row.id, { status: 'refunded', refunded: row.total, closed_at: clock.now() }, automatic ? 'return_refunded_automatically' : 'return_refunded', actorId, { amount: row.total }, requestKey);
  }

  return { refund };
}

export type ReturnOrderWorkflow = ReturnType<typeof createReturnOrderWorkflow>;
