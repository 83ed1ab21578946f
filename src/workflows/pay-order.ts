/**
 * Pay an order (D4; API.md "Orders, payment, escrow"): a verified identity, the PIN
 * (failures counted even though payment fails) and, at or above the step-up
 * threshold, a second factor — an authenticator code or a passkey assertion over this
 * order and amount. Then the money, one of two ways:
 * - from the wallet, at once: in one transaction the order locked and `markPaid`;
 * - through the payment provider (issue 16 item 7): a pending provider payment and the
 *   provider's page to confirm it; the provider's signed webhook (`paymentReceived`)
 *   then runs the same `markPaid` with the money coming from provider_clearing. Its
 *   repeats do nothing (the payment is locked and already done); money that arrives
 *   when the order can no longer take it (cancelled, expired, paid otherwise) goes
 *   straight back through the provider.
 * `markPaid`: the total held in the buyer's escrow (escrow.hold), the order marked paid,
 * and a group buy told of its member's payment (the N-th completes the group and
 * releases its orders to ship).
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import { AppError, notFound } from '../lib/errors.js';
import type { Clock } from '../lib/clock.js';
import type { AccountsService, PaymentCredentials } from '../modules/accounts/index.js';
import type { GroupBuyService } from '../modules/groupbuy/index.js';
import type { Escrow, Payer } from '../modules/ledger/index.js';
import { escrowOrder, ordersErrors as errors, sourceOf, type OrderRow, type OrdersService, type OrderView } from '../modules/orders/index.js';
import type { PasskeysService } from '../modules/passkeys/index.js';
import type { OrderPaymentEvent, OrderPaymentsService, PaymentChannel, ProviderPaymentStart } from '../modules/payments/index.js';

/** The PIN and, at or above the step-up threshold, a TOTP code or a passkey assertion over the challenge from `passkeyOptions`. */
export type PayInput = PaymentCredentials;

export function createPayOrderWorkflow(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  escrow: Escrow;
  accounts: AccountsService;
  passkeys: PasskeysService;
  groupBuys: GroupBuyService;
  orderPayments: OrderPaymentsService;
  clock: Clock;
}) {
  const { db, orders, escrow, accounts, passkeys, groupBuys, orderPayments, clock } = deps;

  /** The one step both ways of paying share, the order locked and payable: escrow holds the total, the order is paid. */
  async function markPaid(tx: Executor, row: OrderRow, from: Payer['paidBy'], actorId: string, requestKey?: string): Promise<void> {
    const hold = await escrow.hold(tx, escrowOrder(row), from);
    await orders.change(tx, row.id, { status: 'paid', paid_at: clock.now(), hold_transfer_id: hold }, 'paid', actorId, { amount: row.total, ...(from === 'provider' ? { via: 'provider' } : {}) }, requestKey);
    // A group buy learns of its members' payments inside the payment's transaction.
    const sourced = sourceOf(row, 'paid');
    if (sourced?.source.kind === 'group_buy') {
      const release = await groupBuys.memberPaid(tx, sourced);
      if (release.length > 0) await orders.releaseGroupOrders(tx, release);
    }
  }

  /** The buyer's order, payable now, and D4's checks passed — or the paid order a lost answer's retry gets (null: nothing to do). */
  async function authorised(buyerId: string, orderId: string, input: PayInput, requestKey?: string): Promise<OrderRow | null> {
    const precheck = await orders.find(db, orderId);
    if (!precheck || precheck.buyer_id !== buyerId) throw notFound('order');
    if (precheck.status !== 'pending_payment') {
      // The retry of a payment whose answer was lost (a crash after commit) gets the paid order.
      if (await orders.doneBefore(db, orderId, requestKey)) return null;
      throw errors.notPayable(precheck.status);
    }
    // D4: identity, PIN and, at or above the step-up threshold, a second factor; its failures are committed.
    await accounts.authorisePayment(buyerId, { kind: 'order', orderId: precheck.id, amount: precheck.total }, input);
    return precheck;
  }

  return {
    /**
     * The second factor for a payment at or above the step-up threshold: options for
     * the buyer's passkey, with a challenge bound to this order and its amount.
     */
    async passkeyOptions(buyerId: string, orderId: string) {
      const row = await orders.find(db, orderId);
      if (!row || row.buyer_id !== buyerId) throw notFound('order');
      if (row.status !== 'pending_payment') throw errors.notPayable(row.status);
      return passkeys.paymentOptions(buyerId, { orderId: row.id, amount: row.total });
    },

    /** From the wallet: wallet → escrow as a pending transfer whose id is the order's: it is held once. */
    async pay(buyerId: string, orderId: string, input: PayInput, requestKey?: string): Promise<OrderView> {
      if (!(await authorised(buyerId, orderId, input, requestKey))) return orders.current(orderId);
      await db.transaction().execute(async (tx) => {
        const row = await orders.lockBuyersOrder(tx, buyerId, orderId);
        if (row.status !== 'pending_payment') throw errors.notPayable(row.status);
        if (row.expires_at <= clock.now()) throw errors.expired();
        await markPaid(tx, row, 'wallet', buyerId, requestKey);
      });
      return orders.current(orderId);
    },

    /**
     * Through the provider: the PIN still authorises it (D4); a pending payment of the
     * total, bound to the order, and the provider's page where the buyer confirms it.
     * The order stays pending_payment until the provider's webhook.
     */
    async payThroughProvider(buyerId: string, orderId: string, input: PayInput & { channel: PaymentChannel }, requestKey?: string): Promise<{ order: OrderView; payment?: ProviderPaymentStart }> {
      const row = await authorised(buyerId, orderId, input, requestKey);
      if (!row) return { order: await orders.current(orderId) };
      if (row.expires_at <= clock.now()) throw errors.expired();
      const payment = await orderPayments.start({
        buyerId,
        orderId,
        amount: row.total,
        channel: input.channel,
        description: `Agora 订单 ${row.number}`,
        returnUrl: (paymentId) => `/orders/${orderId}?payment=${paymentId}`,
        requestKey,
      });
      return { order: await orders.current(orderId), payment };
    },

    /**
     * The provider's verified webhook for an order payment. Once per payment: a repeat
     * (or a parallel twin, which waits on the lock) finds it done and moves nothing.
     */
    async paymentReceived(event: OrderPaymentEvent): Promise<void> {
      const refundId = await db.transaction().execute(async (tx) => {
        const payment = await orderPayments.lock(tx, event.paymentId);
        if (payment.amount !== event.amount) throw new AppError('invalid', 'AMOUNT_MISMATCH', 'The paid amount differs from the payment');
        if (payment.status !== 'pending') return null;
        const row = (await orders.lock(tx, payment.order_id))!;
        if (row.status === 'pending_payment' && row.expires_at > clock.now() && row.total === payment.amount) {
          await orderPayments.complete(tx, payment.id, 'succeeded', event.providerRef);
          await markPaid(tx, row, 'provider', payment.buyer_id);
          return null;
        }
        // Cancelled, expired or paid another way meanwhile: the money goes straight back (it never entered escrow).
        await orderPayments.complete(tx, payment.id, 'returned', event.providerRef);
        return orderPayments.requestRefund(tx, { orderId: row.id, paymentId: payment.id, amount: payment.amount, key: `payment-returned:${payment.id}` });
      });
      await orderPayments.trySendRefunds([refundId]);
    },
  };
}

export type PayOrderWorkflow = ReturnType<typeof createPayOrderWorkflow>;
