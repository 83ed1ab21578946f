/**
 * Escrow (RULES.md "Escrow and receipt", "Disputes"; R10, R12, R16; D6, D7): every
 * movement of an order's money, on top of the ledger. Workflows call it inside the
 * transaction that changes the order or the case; it never reads or writes their rows.
 *
 * Invariants:
 * - Held per buyer. Payment is ONE pending transfer `order-hold:<order>` of the
 *   order's total, user_wallet(buyer) → platform_escrow(buyer): a payment locks only
 *   its buyer's two account rows. (Holds made before 2026-11 sit in the shared
 *   platform_escrow(null); settling follows the hold's own credit account.)
 * - The hold ends exactly once (the ledger refuses a second resolution): voided in full
 *   back to the wallet (cancel, a group that failed, a dispute refunding everything
 *   before receipt), or posted at receipt — all of it, or the total less a dispute's
 *   refund, the rest returning to the wallet in the same step.
 * - Settling `kept` (what was posted) empties it from escrow in two legs:
 *   kept − fee → operator_receivable(operator), fee → platform_fees, where
 *   fee = ⌊kept × platformFeeBps / 10 000⌋ (rounded in the operator's favour). So
 *   escrow(buyer) nets to zero for every order that ends.
 * - R12 referral reward: ⌊Σ price × qty of the tagged product's lines × referralBps / 10 000⌋,
 *   from operator_receivable to the note author's wallet, held (pending) at settlement,
 *   posted when the order completes, voided when the goods come back or a dispute
 *   refunds the whole order. Never from the buyer or the platform.
 * - Debt recovery: after each settlement, the operator's receivable repays its
 *   operator_debt (compensation the platform advanced), as far as it goes, up to the
 *   order's total.
 * - A return (R10) refunds the whole total to the wallet: the fee from platform_fees,
 *   the operator's share from its receivable, then its deposit (R16); REFUND_UNFUNDED
 *   when both together cannot cover it (nothing moves).
 * - A dispute's refund after settlement: the platform gives back the fee's share
 *   pro rata (⌊fee × refund / total⌋); the rest the operator owes, collected from its
 *   receivable then its deposit, and what they cannot cover the platform advances as
 *   operator_debt. Compensation is collected deposit first, then receivable, then
 *   advanced. A service provider's share (D7) is advanced as provider_debt.
 * - Paid through the payment provider (issue 16 item 7), the hold's debit is
 *   provider_clearing instead of the wallet: `order-hold:<order>` provider_clearing →
 *   platform_escrow(buyer). What the hold gives back (a void, the unposted rest of a
 *   partial post) then returns to provider_clearing, and refunds after settlement are
 *   credited to provider_clearing instead of the wallet — money on its way back through
 *   the provider (a `provider_refunds` row, payments module). When the buyer asks for the
 *   wallet instead, the returned part moves provider_clearing → wallet at once. So
 *   provider_clearing always equals what the provider holds for Agora (ledger-check.ts).
 * - Every transfer id derives from the order or the case, so a repeat moves nothing twice.
 *
 * @example
 *   await db.transaction().execute(async (tx) => {
 *     await escrow.hold(tx, order);                 // pay
 *     await escrow.settle(tx, order);               // confirm receipt
 *   });
 */
import type { Executor } from '../../database.js';
import { AppError } from '../../lib/errors.js';
import type { LedgerService } from './service.js';

/** What escrow needs of an order. */
export interface EscrowOrder {
  id: string;
  buyerId: string;
  operatorId: string;
  total: number;
}

/**
 * Who paid an order and where its refunds go: the wallet, or back through the
 * provider that charged the buyer (`refundTo: 'provider'` only when `paidBy` is).
 */
export interface Payer {
  buyerId: string;
  paidBy: 'wallet' | 'provider';
  refundTo: 'wallet' | 'provider';
}

/** An order paid from its buyer's wallet: every refund goes back there. */
export const walletPayer = (buyerId: string): Payer => ({ buyerId, paidBy: 'wallet', refundTo: 'wallet' });

/** What escrow needs of a dispute or an after-sales request: its id (and kind) name its transfers. */
export interface EscrowCase {
  id: string;
  buyerId: string;
  operatorId: string;
  /** Which flow's case this is: its transfers' ids and codes begin with it (default dispute). */
  kind?: 'dispute' | 'after_sale';
}

export const escrowErrors = {
  refundUnfunded: () => new AppError('conflict', 'REFUND_UNFUNDED', 'The operator’s receivable and deposit cannot cover this refund; the platform will step in'),
};

/** The pending transfer that holds an order's payment. */
export const holdId = (orderId: string) => `order-hold:${orderId}`;
const rewardId = (orderId: string) => `order-referral:${orderId}`;

/** R12: the share (basis points) of Σ price × quantity of the attributed product's lines, rounded down. */
export function referralReward(lines: readonly { product_id: string; unit_price: number; quantity: number }[], productId: string, bps: number): number {
  const paid = lines.filter((l) => l.product_id === productId).reduce((sum, l) => sum + l.unit_price * l.quantity, 0);
  return Math.floor((paid * bps) / 10_000);
}

export function createEscrow(deps: { ledger: LedgerService; platformFeeBps: number; referralBps: number }) {
  const { ledger } = deps;
  const wallet = (ex: Executor, userId: string) => ledger.account(ex, 'user_wallet', userId);
  const clearing = (ex: Executor) => ledger.account(ex, 'provider_clearing');
  /** Where the buyer's refund is credited: the wallet, or provider_clearing (on its way back through the provider). */
  const refundAccount = (ex: Executor, payer: Payer) => (payer.refundTo === 'provider' ? clearing(ex) : wallet(ex, payer.buyerId));
  /**
   * The hold gave `amount` back to provider_clearing (a void, or a partial post's rest):
   * when the buyer chose the wallet, it moves on there now.
   */
  async function returnedToClearing(ex: Executor, payer: Payer, amount: number, id: string, orderId: string): Promise<void> {
    if (payer.paidBy !== 'provider' || payer.refundTo !== 'wallet' || amount <= 0) return;
    await ledger.transfer(ex, { id: `${id}:to-wallet`, debit: await clearing(ex), credit: await wallet(ex, payer.buyerId), amount, code: 'provider_refund_to_wallet', reference: orderId });
  }
  const feeOf = async (ex: Executor, orderId: string) => (await ledger.transfersFor(ex, orderId)).find((l) => l.code === 'platform_fee')?.amount ?? 0;

  /**
   * The operator pays `amount` to the buyer from its accounts in the given order;
   * what they cannot cover the platform advances, recorded as the operator's debt
   * (its `operator_debt` account). Returns where the money came from.
   */
  async function collect(ex: Executor, d: EscrowCase, amount: number, tag: string, sources: readonly ('operator_deposit' | 'operator_receivable')[], to: string) {
    const from: Record<string, number> = {};
    const kind = d.kind ?? 'dispute';
    const name = kind === 'dispute' ? 'dispute' : 'after-sale';
    let rest = amount;
    for (const code of sources) {
      const account = await ledger.account(ex, code, d.operatorId);
      const take = await ledger.transferAvailable(ex, { id: `${name}:${d.id}:${tag}:${code}`, debit: account, credit: to, upTo: rest, code: `${kind}_${tag}`, reference: d.id });
      if (take <= 0) continue;
      from[code] = take;
      rest -= take;
    }
    if (rest > 0) {
      const debt = await ledger.account(ex, 'operator_debt', d.operatorId);
      await ledger.transfer(ex, { id: `${name}:${d.id}:${tag}:advance`, debit: debt, credit: to, amount: rest, code: `${kind}_${tag}_advance`, reference: d.id });
      from['platform_advance'] = rest;
    }
    return from;
  }

  return {
    /**
     * Pay: the order's total moves into the buyer's escrow as a pending transfer whose id
     * is the order's (held once) — from the wallet, or from provider_clearing when the
     * provider's webhook brought the money.
     */
    async hold(ex: Executor, order: EscrowOrder, from: Payer['paidBy'] = 'wallet'): Promise<string> {
      // Escrow is kept per buyer: a payment locks only its buyer's two account rows,
      // so payments of different buyers never queue behind one shared row.
      const escrow = await ledger.account(ex, 'platform_escrow', order.buyerId);
      const debit = from === 'provider' ? await clearing(ex) : await wallet(ex, order.buyerId);
      const code = from === 'provider' ? 'order_provider_payment' : 'order_payment';
      await ledger.transfer(ex, { id: holdId(order.id), debit, credit: escrow, amount: order.total, code, reference: order.id, pending: true });
      return holdId(order.id);
    },

    /**
     * The hold returns to whoever paid it, in full (cancel, a failed group, a dispute
     * refunding everything before receipt); a provider's money goes on to the wallet
     * when the buyer chose it.
     */
    async release(ex: Executor, order: { id: string }, hold: string, as: { id: string; code: string }, payer?: Payer): Promise<void> {
      const { transfer } = await ledger.void(ex, { id: as.id, pendingId: hold, code: as.code, reference: order.id });
      if (payer) await returnedToClearing(ex, payer, transfer.amount, as.id, order.id);
    },

    /**
     * Escrow → operator receivable, less the platform fee (rounded down in the operator's
     * favour). `kept` is what stays paid when a dispute refunded the rest (it returns to the wallet).
     */
    async settle(ex: Executor, order: EscrowOrder, hold: string, kept = order.total, payer?: Payer): Promise<void> {
      const { transfer } = await ledger.post(ex, { id: `order-post:${order.id}`, pendingId: hold, amount: kept, code: 'order_receipt', reference: order.id });
      if (payer) await returnedToClearing(ex, payer, order.total - kept, `order-post:${order.id}`, order.id);
      // The escrow account the payment was held in (kept per buyer since 2026-11; older holds sit in the shared one).
      const escrow = transfer.creditAccountId;
      const fee = Math.floor((kept * deps.platformFeeBps) / 10_000);
      const receivable = await ledger.account(ex, 'operator_receivable', order.operatorId);
      await ledger.transfer(ex, { id: `order-settle:${order.id}`, debit: escrow, credit: receivable, amount: kept - fee, code: 'order_settlement', reference: order.id });
      if (fee > 0) await ledger.transfer(ex, { id: `order-fee:${order.id}`, debit: escrow, credit: await ledger.account(ex, 'platform_fees'), amount: fee, code: 'platform_fee', reference: order.id });
    },

    /**
     * R12, at settlement: hold the note author's reward, from the operator's receivable
     * (nothing when it rounds to zero). Voiding it later never fails, where taking back
     * money already spent could.
     */
    async holdReferralReward(ex: Executor, order: EscrowOrder, referral: { referrerId: string; productId: string }, lines: readonly { product_id: string; unit_price: number; quantity: number }[]): Promise<void> {
      const amount = referralReward(lines, referral.productId, deps.referralBps);
      if (amount <= 0) return;
      const receivable = await ledger.account(ex, 'operator_receivable', order.operatorId);
      await ledger.transfer(ex, { id: rewardId(order.id), debit: receivable, credit: await wallet(ex, referral.referrerId), amount, code: 'referral_reward', reference: order.id, pending: true });
    },

    /** The order completed (no return is possible any more): the author may spend the reward. */
    async releaseReferralReward(ex: Executor, orderId: string): Promise<void> {
      if ((await ledger.pendingState(ex, rewardId(orderId))) !== 'pending') return;
      await ledger.post(ex, { id: `order-referral-post:${orderId}`, pendingId: rewardId(orderId), code: 'referral_reward', reference: orderId });
    },

    /** The goods came back (or the whole order was refunded): the reward is withdrawn before the refund is paid. */
    async reverseReferralReward(ex: Executor, orderId: string): Promise<void> {
      if ((await ledger.pendingState(ex, rewardId(orderId))) !== 'pending') return;
      await ledger.void(ex, { id: `order-referral-void:${orderId}`, pendingId: rewardId(orderId), code: 'referral_reversed', reference: orderId });
    },

    /**
     * RULES.md "Disputes": compensation the platform advanced (the operator's debt) is
     * recovered from the operator's next receivables, as far as they go.
     */
    async recoverDebt(ex: Executor, order: EscrowOrder): Promise<void> {
      const debt = await ledger.findAccount(ex, 'operator_debt', order.operatorId);
      if (!debt) return;
      const receivable = await ledger.account(ex, 'operator_receivable', order.operatorId);
      await ledger.transferAvailable(ex, { id: `order-debt-recovery:${order.id}`, debit: receivable, credit: debt, upTo: order.total, code: 'debt_recovery', reference: order.id });
    },

    /**
     * A return's refund (R10): the whole total back to the buyer — the operator's share
     * from its receivable (its deposit covers any shortfall, R16) and the platform's fee
     * from the fees account. Transfer ids derive from the order, so it happens once.
     */
    async refundReturn(ex: Executor, order: EscrowOrder, payer: Payer = walletPayer(order.buyerId)): Promise<void> {
      const fee = await feeOf(ex, order.id);
      const share = order.total - fee;
      const to = await refundAccount(ex, payer);
      const receivable = await ledger.account(ex, 'operator_receivable', order.operatorId);
      const fromReceivable = Math.min(share, Math.max(0, (await ledger.balance(ex, receivable)).available));
      if (fromReceivable > 0) await ledger.transfer(ex, { id: `order-refund:${order.id}`, debit: receivable, credit: to, amount: fromReceivable, code: 'return_refund', reference: order.id });
      if (share > fromReceivable) {
        const deposit = await ledger.account(ex, 'operator_deposit', order.operatorId);
        if ((await ledger.balance(ex, deposit)).available < share - fromReceivable) throw escrowErrors.refundUnfunded();
        await ledger.transfer(ex, { id: `order-refund-deposit:${order.id}`, debit: deposit, credit: to, amount: share - fromReceivable, code: 'return_refund', reference: order.id });
      }
      if (fee > 0) await ledger.transfer(ex, { id: `order-refund-fee:${order.id}`, debit: await ledger.account(ex, 'platform_fees'), credit: to, amount: fee, code: 'return_refund', reference: order.id });
    },

    /**
     * A dispute's refund of a settled order: the platform gives back its fee's share
     * (pro rata, rounded down) at once; returns the rest, which the operator owes (for
     * `collectRefund`).
     */
    async refundSettledFee(
      ex: Executor,
      order: EscrowOrder,
      refund: number,
      idPrefix: string,
      payer: Payer = walletPayer(order.buyerId),
      code: 'dispute_refund' | 'after_sale_refund' = 'dispute_refund',
    ): Promise<{ owedByOperator: number }> {
      const feeBack = Math.floor(((await feeOf(ex, order.id)) * refund) / order.total);
      if (feeBack > 0) {
        await ledger.transfer(ex, { id: `${idPrefix}:fee`, debit: await ledger.account(ex, 'platform_fees'), credit: await refundAccount(ex, payer), amount: feeBack, code, reference: order.id });
      }
      return { owedByOperator: refund - feeBack };
    },

    /** What the operator owes of a dispute's refund: receivable first, then deposit, then advanced by the platform; to the payer. */
    collectRefund: async (ex: Executor, d: EscrowCase, amount: number, payer: Payer = walletPayer(d.buyerId)) =>
      amount > 0 ? collect(ex, d, amount, 'refund', ['operator_receivable', 'operator_deposit'], await refundAccount(ex, payer)) : {},

    /**
     * An after-sales return that was the shop's fault (部分商品修理更换退货责任规定 arts. 8–9): the
     * buyer's return postage, a fee on the shop, to the buyer's wallet (it was never charged
     * through the provider) — receivable first, then deposit, then advanced by the platform.
     */
    collectReturnShipping: async (ex: Executor, d: EscrowCase, amount: number) =>
      amount > 0 ? collect(ex, { ...d, kind: 'after_sale' }, amount, 'return_shipping', ['operator_receivable', 'operator_deposit'], await wallet(ex, d.buyerId)) : {},

    /** A dispute's compensation (always to the wallet: it was never charged): deposit first (R16), then receivable, then advanced by the platform. */
    collectCompensation: async (ex: Executor, d: EscrowCase, amount: number) =>
      amount > 0 ? collect(ex, d, amount, 'compensation', ['operator_deposit', 'operator_receivable'], await wallet(ex, d.buyerId)) : {},

    /**
     * D7: compensation charged to a service provider. A provider keeps no deposit or
     * receivables here, so the platform pays the buyer now and records the provider's
     * debt (`provider_debt`), to be recovered under the service contract.
     */
    async chargeProvider(ex: Executor, d: EscrowCase, providerId: string, amount: number) {
      const debt = await ledger.account(ex, 'provider_debt', providerId);
      await ledger.transfer(ex, { id: `dispute:${d.id}:provider_compensation:advance`, debit: debt, credit: await wallet(ex, d.buyerId), amount, code: 'dispute_provider_compensation_advance', reference: d.id });
      return { provider_debt: amount };
    },
  };
}

export type Escrow = ReturnType<typeof createEscrow>;
