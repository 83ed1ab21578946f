/**
 * R12, one level of referral reward: the author of the note whose product tag led
 * to a purchase earns a share of what the buyer paid for that product — from the
 * operator's receivable, never from the buyer, and never for anyone the author
 * "brought in": an order names one note and its author, nothing more.
 *
 * The reward is held as a pending ledger transfer when escrow is released
 * (receivable → author's wallet), posted when the order completes, and voided
 * if the goods come back. Voiding never fails, where taking back money already
 * spent could.
 */
import type { Executor } from '../../database.js';
import type { LedgerService } from '../ledger/index.js';

/** What an attribution token names: one note, its author and the product the tag points at. */
export interface Referral {
  noteId: string;
  authorId: string;
  productId: string;
  /** False once the note is deleted or hidden: the link still sells, but earns nothing. */
  live: boolean;
}

/** Looks an attribution token up (the social module owns them); unknown tokens give undefined. */
export type ReferralResolver = (ex: Executor, token: string) => Promise<Referral | undefined>;

/** The reward in fen: the share (basis points) of Σ price × quantity of the attributed product's lines, rounded down. */
export function referralReward(lines: readonly { product_id: string; unit_price: number; quantity: number }[], productId: string, bps: number): number {
  const paid = lines.filter((l) => l.product_id === productId).reduce((sum, l) => sum + l.unit_price * l.quantity, 0);
  return Math.floor((paid * bps) / 10_000);
}

const rewardId = (orderId: string) => `order-referral:${orderId}`;

export function createReferralLedger(ledger: LedgerService) {
  return {
    /** At escrow release: hold the reward for the author (nothing when it rounds to zero). */
    async hold(ex: Executor, order: { id: string; operator_id: string; referrer_id: string }, amount: number): Promise<void> {
      if (amount <= 0) return;
      const receivable = await ledger.account(ex, 'operator_receivable', order.operator_id);
      const wallet = await ledger.account(ex, 'user_wallet', order.referrer_id);
      await ledger.transfer(ex, { id: rewardId(order.id), debit: receivable, credit: wallet, amount, code: 'referral_reward', reference: order.id, pending: true });
    },

    /** The order completed (no return is possible any more): the author may spend it. */
    async release(ex: Executor, orderId: string): Promise<void> {
      if ((await ledger.pendingState(ex, rewardId(orderId))) !== 'pending') return;
      await ledger.post(ex, { id: `order-referral-post:${orderId}`, pendingId: rewardId(orderId), code: 'referral_reward', reference: orderId });
    },

    /** The goods came back: the reward is withdrawn before the refund is paid. */
    async reverse(ex: Executor, orderId: string): Promise<void> {
      if ((await ledger.pendingState(ex, rewardId(orderId))) !== 'pending') return;
      await ledger.void(ex, { id: `order-referral-void:${orderId}`, pendingId: rewardId(orderId), code: 'referral_reversed', reference: orderId });
    },
  };
}
