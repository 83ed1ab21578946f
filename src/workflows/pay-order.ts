/**
 * Pay an order (D4; API.md "Orders, payment, escrow"): a verified identity, the PIN
 * (failures counted even though payment fails) and, at or above the step-up
 * threshold, a second factor — an authenticator code or a passkey assertion over this
 * order and amount. Then, in one transaction: the order locked, its total held in the
 * buyer's escrow (escrow.hold), the order marked paid, and a group buy told of its
 * member's payment (the N-th completes the group and releases its orders to ship).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../database.js';
import { notFound } from '../lib/errors.js';
import type { Clock } from '../lib/clock.js';
import type { AccountsService, PaymentCredentials } from '../modules/accounts/index.js';
import type { GroupBuyService } from '../modules/groupbuy/index.js';
import type { Escrow } from '../modules/ledger/index.js';
import { escrowOrder, ordersErrors as errors, sourceOf, type OrdersService, type OrderView } from '../modules/orders/index.js';
import type { PasskeysService } from '../modules/passkeys/index.js';

/** The PIN and, at or above the step-up threshold, a TOTP code or a passkey assertion over the challenge from `passkeyOptions`. */
export type PayInput = PaymentCredentials;

export function createPayOrderWorkflow(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  escrow: Escrow;
  accounts: AccountsService;
  passkeys: PasskeysService;
  groupBuys: GroupBuyService;
  clock: Clock;
}) {
  const { db, orders, escrow, accounts, passkeys, groupBuys, clock } = deps;

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

    /** The money moves wallet → escrow as a pending transfer whose id is the order's: it is held once. */
    async pay(buyerId: string, orderId: string, input: PayInput, requestKey?: string): Promise<OrderView> {
      const precheck = await orders.find(db, orderId);
      if (!precheck || precheck.buyer_id !== buyerId) throw notFound('order');
      if (precheck.status !== 'pending_payment') {
        // The retry of a payment whose answer was lost (a crash after commit) gets the paid order.
        if (await orders.doneBefore(db, orderId, requestKey)) return orders.view(db, precheck);
        throw errors.notPayable(precheck.status);
      }
      // D4: identity, PIN and, at or above the step-up threshold, a second factor; its failures are committed.
      await accounts.authorisePayment(buyerId, { kind: 'order', orderId: precheck.id, amount: precheck.total }, input);

      await db.transaction().execute(async (tx) => {
        const row = await orders.lockBuyersOrder(tx, buyerId, orderId);
        if (row.status !== 'pending_payment') throw errors.notPayable(row.status);
        if (row.expires_at <= clock.now()) throw errors.expired();
        const hold = await escrow.hold(tx, escrowOrder(row));
        await orders.change(tx, row.id, { status: 'paid', paid_at: clock.now(), hold_transfer_id: hold }, 'paid', buyerId, { amount: row.total }, requestKey);
        // A group buy learns of its members' payments inside the payment's transaction.
        const sourced = sourceOf(row, 'paid');
        if (sourced?.source.kind === 'group_buy') {
          const release = await groupBuys.memberPaid(tx, sourced);
          if (release.length > 0) await orders.releaseGroupOrders(tx, release);
        }
      });
      return orders.current(orderId);
    },
  };
}

export type PayOrderWorkflow = ReturnType<typeof createPayOrderWorkflow>;
