/**
 * Orders paid through the payment provider (API.md `POST /orders/:id/pay` with
 * `method: "provider"`; issue 16 item 7), and the refunds that go back through it.
 *
 * - A payment is created pending (its id derives from the request's Idempotency-Key,
 *   so a retry asks the provider for the same charge); the provider's page is its `payUrl`.
 * - The signed webhook is handled by the pay-order workflow (the order and escrow are
 *   not this module's); `lock`, `complete` and `requestRefund` are its steps here.
 * - A refund is a row, pending until the provider confirms it: requested inside the
 *   transaction that moved the money (escrow credited provider_clearing), sent after
 *   commit and retried by the job queue and its sweep until it succeeds — a failed HTTP
 *   call loses nothing. Its id derives from what caused it, so a repeat asks once, and
 *   the refunds of a payment never exceed it.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { derivedId, newId } from '../../lib/ids.js';
import type { Payer } from '../ledger/index.js';
import type { PaymentProviderAdapter } from './provider.js';
import { orderPaymentsRepo as repo } from './repo.js';
import type { PaymentChannel } from './tables.js';

export interface ProviderPaymentStart {
  id: string;
  status: 'pending';
  payUrl: string;
}

/** What the provider's webhook says of an order payment. */
export interface OrderPaymentEvent {
  type: 'payment.succeeded';
  paymentId: string;
  amount: number;
  providerRef: string;
}

/** How long a refund waits for its job before the sweep sends it (the job normally runs at once). */
const SWEEP_AFTER_MS = 60_000;

export function createOrderPaymentsService(deps: {
  db: Kysely<DB>;
  provider: PaymentProviderAdapter;
  clock: Clock;
  /** Queue the refund's job in the requesting transaction (pg-boss; nothing without a worker, the sweep then sends it). */
  enqueueRefund: (ex: Executor, refundId: string) => Promise<void>;
}) {
  const { db, provider, clock } = deps;

  async function sendRefund(id: string): Promise<'succeeded' | 'pending'> {
    const row = await repo.findRefund(db, id);
    if (!row || row.status !== 'pending') return 'succeeded';
    try {
      const { providerRef } = await provider.refund({ refundId: row.id, paymentId: row.payment_id, amount: row.amount });
      await repo.refundSucceeded(db, row.id, providerRef, clock.now());
      return 'succeeded';
    } catch (error) {
      await repo.refundFailed(db, row.id, (error as Error).message);
      throw error;
    }
  }

  /**
   * Escrow credited `amount` of the order's money to provider_clearing for the payer:
   * the provider refund is recorded (pending) and its job queued, in the caller's
   * transaction. `key` names the cause (a repeat asks nothing more). Returns the refund id.
   */
  async function requestRefund(ex: Executor, input: { orderId: string; amount: number; key: string; paymentId?: string }): Promise<string | null> {
    if (input.amount <= 0) return null;
    const paymentId = input.paymentId ?? (await repo.paidPaymentOf(ex, input.orderId))?.id;
    if (!paymentId) throw new Error(`payments: no provider payment for order ${input.orderId}`);
    const id = derivedId(`provider-refund:${input.key}`);
    if ((await repo.findRefund(ex, id)) !== undefined) return id;
    // Never more back than was paid: a bug upstream rolls the whole refund back instead.
    const payment = (await repo.lockPayment(ex, paymentId))!;
    if ((await repo.refundedSoFar(ex, paymentId)) + input.amount > payment.amount) {
      throw new AppError('conflict', 'REFUND_EXCEEDS_PAYMENT', 'The refunds would exceed what the provider collected');
    }
    await repo.insertRefund(ex, { id, payment_id: paymentId, order_id: input.orderId, amount: input.amount, status: 'pending', created_at: clock.now() });
    await deps.enqueueRefund(ex, id);
    return id;
  }

  return {
    /**
     * The buyer chose the provider: a pending payment of the order's total and the
     * provider's page to confirm it. The caller checked the order and the PIN (D4).
     */
    async start(input: { buyerId: string; orderId: string; amount: number; channel: PaymentChannel; description: string; returnUrl: (paymentId: string) => string; requestKey?: string | undefined }): Promise<ProviderPaymentStart> {
      const id = input.requestKey ? derivedId(`order-payment:${input.buyerId}:${input.requestKey}`) : newId(clock.now().getTime());
      await repo.insertPayment(db, { id, order_id: input.orderId, buyer_id: input.buyerId, amount: input.amount, channel: input.channel, status: 'pending', created_at: clock.now() });
      const { payUrl } = await provider.createCharge({ paymentId: id, amount: input.amount, channel: input.channel, description: input.description, returnUrl: input.returnUrl(id) });
      return { id, status: 'pending', payUrl };
    },

    /** The payment locked for the webhook's transaction (a parallel repeat waits, then sees it done). */
    async lock(ex: Executor, id: string) {
      const row = await repo.lockPayment(ex, id);
      if (!row) throw notFound('payment');
      return row;
    },

    /** succeeded: it paid the order; returned: the order could no longer take it (refunded in full at once). */
    complete: (ex: Executor, id: string, status: 'succeeded' | 'returned', providerRef: string) => repo.completePayment(ex, id, status, providerRef, clock.now()),

    /**
     * Who paid the order and where its refunds go: back through the provider that paid
     * it (unless the buyer asks for the wallet), else the wallet.
     */
    async payerOf(ex: Executor, order: { id: string; buyer_id: string }, refundTo: 'original' | 'wallet' = 'original'): Promise<Payer> {
      const paid = await repo.paidPaymentOf(ex, order.id);
      if (!paid) return { buyerId: order.buyer_id, paidBy: 'wallet', refundTo: 'wallet' };
      return { buyerId: order.buyer_id, paidBy: 'provider', refundTo: refundTo === 'wallet' ? 'wallet' : 'provider' };
    },

    requestRefund,

    /**
     * After escrow gave `amount` back to the payer: when that was provider_clearing, the
     * provider refund is requested (null otherwise: the wallet has it already).
     */
    refundPayer: (ex: Executor, payer: Payer, input: { orderId: string; amount: number; key: string }) => (payer.refundTo === 'provider' ? requestRefund(ex, input) : Promise.resolve(null)),

    /** Ask the provider for a pending refund (the job, the sweep, or just after commit); a failure is recorded and thrown for the job's retry. */
    sendRefund,

    /** After commit, best effort: the job and the sweep retry what fails here. */
    async trySendRefunds(ids: readonly (string | null)[]): Promise<void> {
      for (const id of ids) if (id) await sendRefund(id).catch(() => undefined);
    },

    /** The sweep: refunds still pending a minute after they were asked (their job lost, or failing), oldest first. */
    async sendPendingRefunds(limit = 100): Promise<{ sent: number; failed: number }> {
      let sent = 0;
      let failed = 0;
      for (const { id } of await repo.pendingRefunds(db, new Date(clock.now().getTime() - SWEEP_AFTER_MS), limit)) {
        try {
          await sendRefund(id);
          sent++;
        } catch {
          failed++;
        }
      }
      return { sent, failed };
    },

    /** For the sandbox provider's page: the payment it is asked to collect, whoever owns it. */
    forProvider: (id: string) => repo.findPayment(db, id),
  };
}

export type OrderPaymentsService = ReturnType<typeof createOrderPaymentsService>;
