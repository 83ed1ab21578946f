/**
 * Orders (API.md "Orders, payment, escrow"): checkout with stock taken by a
 * conditional update, one order per operator, exactly what the buyer listed (R7);
 * payment authorised by identity, PIN and, above a threshold, a second factor (D4),
 * held in escrow as a pending ledger transfer; shipping; receipt releasing escrow
 * to the operator less the platform fee; cancellation voiding the hold.
 *
 * Every state change locks the order row first, so parallel requests on one order
 * queue up and the second sees what the first did.
 */
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../database.js';
import { notFound } from '../../lib/errors.js';
import { DAY, MINUTE, type Clock } from '../../lib/clock.js';
import { derivedId, newId } from '../../lib/ids.js';
import type { AccountsService } from '../accounts/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { LedgerService } from '../ledger/index.js';
import type { OperatorsService } from '../operators/index.js';
import type { PasskeysService } from '../passkeys/index.js';
import type { PrivacyService } from '../privacy/index.js';
import { ordersErrors as errors } from './errors.js';
import { createCheckoutBatcher } from './checkout-batcher.js';
import { createReferralLedger, referralReward, type Referral, type ReferralResolver } from './referrals.js';
import { RETURN_CONFIRM_MS, returnBlocker, returnDeadline } from './returns.js';
import { salesStats } from './stats-repo.js';
import { ADDRESS_OPEN_STATUSES, maskAddress, type ShippingAddress } from './shipping.js';
import { itemRow, ordersRepo, UNSET, type AddOnRow, type EventRow, type ItemRow, type OrderRow } from './repo.js';
import type { OrderSourceKind, OrderStatus } from './tables.js';
import { nextCursor } from '../../lib/paging.js';

/** Unpaid orders expire and their stock returns. */
export const PAYMENT_WINDOW_MS = 30 * MINUTE;
/** RULES.md "Escrow and receipt": receipt is confirmed automatically 10 days after shipping. */
export const AUTO_CONFIRM_MS = 10 * DAY;

export interface CheckoutInput {
  items: { skuId: string; quantity: number }[];
  addressId: string;
  addOnIds?: string[] | undefined;
  attribution?: string | undefined;
  /** R9: the buyer confirmed that an excludable item cannot be returned once opened. */
  confirmReturnExclusion?: boolean | undefined;
}

export interface PayInput {
  pin: string;
  totp?: string | undefined;
  /** A WebAuthn assertion over the challenge from `passkeyOptions` for this order. */
  passkey?: AuthenticationResponseJSON | undefined;
}

export interface OrderView {
  id: string;
  status: OrderStatus;
  operatorId: string;
  buyerId: string;
  items: { id: string; productId: string; skuId: string; title: string; skuName: string; unitPrice: number; quantity: number; returnClass: string }[];
  addOns: { id: string; addOnId: string; title: string; price: number }[];
  total: number;
  /** R12: the note whose tag this order was bought through, if any. */
  referralNoteId: string | null;
  /** The group buy or bargain that set its price, if any. */
  source: { kind: OrderSourceKind; id: string } | null;
  /** A paid group-buy order waits for its group to complete before it ships. */
  awaitingGroup: boolean;
  returnExclusionConfirmed: boolean;
  shipping: { carrier: string; trackingNumber: string } | null;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  receivedAt: string | null;
  timeline: { type: string; at: string; detail: Record<string, unknown> }[];
}

export interface OrdersDeps {
  db: Kysely<DB>;
  catalog: CatalogService;
  operators: OperatorsService;
  ledger: LedgerService;
  accounts: AccountsService;
  passkeys: PasskeysService;
  privacy: PrivacyService;
  clock: Clock;
  platformFeeBps: number;
  stepUpThreshold: number;
  /** R12: the note author's share of the attributed product's price, in basis points. */
  referralBps: number;
  resolveReferral: ReferralResolver;
  /** Told, inside the payment's transaction, when an order placed by a group buy or bargain is paid. */
  afterSourcedPayment: (ex: Executor, order: SourcedOrder) => Promise<void>;
  /** Told, inside the transaction, when such an order is cancelled by its buyer or expires unpaid (a group seat frees). */
  afterSourcedClose: (ex: Executor, order: SourcedOrder) => Promise<void>;
  /** Concurrent one-line checkouts of one SKU share a transaction (checkout-batcher.ts); false: one each. */
  batchCheckouts: boolean;
  /** RULES.md "Escrow and receipt": an open dispute stops automatic receipt (the disputes module answers). */
  hasOpenDispute: (ex: Executor, orderId: string) => Promise<boolean>;
}

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

export interface SourcedOrderInput {
  buyerId: string;
  addressId: string;
  skuId: string;
  quantity: number;
  /** The price the campaign set, in fen (the group price, or the bargain's current price). */
  unitPrice: number;
  source: { kind: OrderSourceKind; id: string };
  paymentWindowMs: number;
  /** A group buy's order: it may not ship until the group is complete. */
  awaitingGroup?: boolean;
}

const holdId = (orderId: string) => `order-hold:${orderId}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function createOrdersService(deps: OrdersDeps) {
  const { db, catalog, operators, ledger, accounts, passkeys, clock } = deps;
  const referrals = createReferralLedger(ledger);

  function present(row: OrderRow, items: ItemRow[], addOns: AddOnRow[], events: EventRow[]): OrderView {
    return {
      id: row.id,
      status: row.status,
      operatorId: row.operator_id,
      buyerId: row.buyer_id,
      items: items.map((i) => ({ id: i.id, productId: i.product_id, skuId: i.sku_id, title: i.title, skuName: i.sku_name, unitPrice: i.unit_price, quantity: i.quantity, returnClass: i.return_class })),
      addOns: addOns.map((a) => ({ id: a.id, addOnId: a.add_on_id, title: a.title, price: a.price })),
      total: row.total,
      referralNoteId: row.referral_note_id,
      source: row.source_kind && row.source_id ? { kind: row.source_kind, id: row.source_id } : null,
      awaitingGroup: row.awaiting_group,
      returnExclusionConfirmed: row.return_exclusion_confirmed,
      shipping: row.carrier && row.tracking_number ? { carrier: row.carrier, trackingNumber: row.tracking_number } : null,
      createdAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      paidAt: iso(row.paid_at),
      shippedAt: iso(row.shipped_at),
      receivedAt: iso(row.received_at),
      timeline: events.map((e) => ({ type: e.type, at: e.at.toISOString(), detail: e.detail })),
    };
  }

  /** One read after another: one connection, and the same statements in the same order every time. */
  async function view(ex: Executor, row: OrderRow): Promise<OrderView> {
    const items = await ordersRepo.itemsOf(ex, [row.id]);
    const addOns = await ordersRepo.addOnsOf(ex, [row.id]);
    return present(row, items, addOns, await ordersRepo.eventsOf(ex, row.id));
  }

  const sourcedClosed = async (ex: Executor, row: OrderRow) => {
    if (row.source_kind && row.source_id) await deps.afterSourcedClose(ex, { id: row.id, buyerId: row.buyer_id, status: 'cancelled', total: row.total, source: { kind: row.source_kind, id: row.source_id } });
  };

  /** The order as it is now, read after its transaction committed. */
  const current = async (orderId: string) => view(db, (await ordersRepo.findOrder(db, orderId))!);

  async function event(ex: Executor, orderId: string, type: string, actorId: string | null, detail: Record<string, unknown> = {}, requestKey?: string): Promise<EventRow> {
    const row = { id: newId(clock.now().getTime()), order_id: orderId, type, actor_id: actorId, detail, at: clock.now(), request_key: requestKey ?? null };
    await ordersRepo.insertEvent(ex, { ...row, detail: JSON.stringify(detail) });
    return row;
  }

  /**
   * Whether this request already acted on the order: a retry whose first answer was
   * lost (a crash after commit) then gets the order as it is, instead of a conflict.
   */
  const doneBefore = async (ex: Executor, orderId: string, requestKey: string | undefined) => requestKey !== undefined && ordersRepo.hasEventWithKey(ex, orderId, requestKey);

  /** The buyer's own order (others' look missing), locked. */
  async function buyersOrder(ex: Executor, buyerId: string, orderId: string): Promise<OrderRow> {
    const row = await ordersRepo.findOrderForUpdate(ex, orderId);
    if (!row || row.buyer_id !== buyerId) throw notFound('order');
    return row;
  }

  /** An order of a shop this user owns, locked. */
  async function operatorsOrder(ex: Executor, userId: string, orderId: string): Promise<OrderRow> {
    const row = await ordersRepo.findOrderForUpdate(ex, orderId);
    const shop = row ? await operators.sellingStatus(ex, row.operator_id) : undefined;
    if (!row || !shop || shop.ownerId !== userId) throw notFound('order');
    return row;
  }

  async function returnStock(ex: Executor, orderId: string): Promise<void> {
    for (const item of await ordersRepo.itemsOf(ex, [orderId])) await catalog.returnStock(ex, item.sku_id, item.quantity);
  }

  /**
   * Escrow → operator receivable, less the platform fee (rounded down in the operator's
   * favour). `kept` is what stays paid when a dispute refunded the rest (it returns to the wallet).
   */
  async function settle(ex: Executor, row: OrderRow, kept = row.total): Promise<void> {
    const hold = row.hold_transfer_id!;
    const { transfer } = await ledger.post(ex, { id: `order-post:${row.id}`, pendingId: hold, amount: kept, code: 'order_receipt', reference: row.id });
    // The escrow account the payment was held in (kept per buyer since 2026-11; older holds sit in the shared one).
    const escrow = transfer.creditAccountId;
    const fee = Math.floor((kept * deps.platformFeeBps) / 10_000);
    const receivable = await ledger.account(ex, 'operator_receivable', row.operator_id);
    await ledger.transfer(ex, { id: `order-settle:${row.id}`, debit: escrow, credit: receivable, amount: kept - fee, code: 'order_settlement', reference: row.id });
    if (fee > 0) await ledger.transfer(ex, { id: `order-fee:${row.id}`, debit: escrow, credit: await ledger.account(ex, 'platform_fees'), amount: fee, code: 'platform_fee', reference: row.id });
  }

  /**
   * A return's refund: the whole total back to the buyer — the operator's share from
   * its receivable (its deposit covers any shortfall, R16) and the platform's fee from
   * the fees account. Transfer ids derive from the order, so it happens once.
   */
  async function refundSettled(ex: Executor, row: OrderRow): Promise<void> {
    const legs = await ledger.transfersFor(ex, row.id);
    const fee = legs.find((l) => l.code === 'platform_fee')?.amount ?? 0;
    const share = row.total - fee;
    const wallet = await ledger.account(ex, 'user_wallet', row.buyer_id);
    const receivable = await ledger.account(ex, 'operator_receivable', row.operator_id);
    const fromReceivable = Math.min(share, Math.max(0, (await ledger.balance(ex, receivable)).available));
    if (fromReceivable > 0) await ledger.transfer(ex, { id: `order-refund:${row.id}`, debit: receivable, credit: wallet, amount: fromReceivable, code: 'return_refund', reference: row.id });
    if (share > fromReceivable) {
      const deposit = await ledger.account(ex, 'operator_deposit', row.operator_id);
      if ((await ledger.balance(ex, deposit)).available < share - fromReceivable) throw errors.refundUnfunded();
      await ledger.transfer(ex, { id: `order-refund-deposit:${row.id}`, debit: deposit, credit: wallet, amount: share - fromReceivable, code: 'return_refund', reference: row.id });
    }
    if (fee > 0) await ledger.transfer(ex, { id: `order-refund-fee:${row.id}`, debit: await ledger.account(ex, 'platform_fees'), credit: wallet, amount: fee, code: 'return_refund', reference: row.id });
  }

  async function refundReturn(ex: Executor, row: OrderRow, actorId: string | null, automatic: boolean, requestKey?: string): Promise<void> {
    await referrals.reverse(ex, row.id);
    await refundSettled(ex, row);
    await returnStock(ex, row.id);
    await ordersRepo.updateOrder(ex, row.id, { status: 'refunded', closed_at: clock.now() });
    await event(ex, row.id, automatic ? 'return_refunded_automatically' : 'return_refunded', actorId, { amount: row.total }, requestKey);
  }

  /**
   * RULES.md "Disputes": compensation the platform advanced (the operator's debt) is
   * recovered from the operator's next receivables, as far as they go.
   */
  async function recoverDebt(ex: Executor, row: OrderRow): Promise<void> {
    const debt = await ledger.findAccount(ex, 'operator_debt', row.operator_id);
    if (!debt) return;
    const receivable = await ledger.account(ex, 'operator_receivable', row.operator_id);
    await ledger.transferAvailable(ex, { id: `order-debt-recovery:${row.id}`, debit: receivable, credit: debt, upTo: row.total, code: 'debt_recovery', reference: row.id });
  }

  async function markReceived(ex: Executor, row: OrderRow, actorId: string | null, automatic: boolean, requestKey?: string): Promise<void> {
    await settle(ex, row);
    if (row.referrer_id && row.referral_product_id) {
      const reward = referralReward(await ordersRepo.itemsOf(ex, [row.id]), row.referral_product_id, deps.referralBps);
      await referrals.hold(ex, { id: row.id, operator_id: row.operator_id, referrer_id: row.referrer_id }, reward);
    }
    await recoverDebt(ex, row);
    await ordersRepo.updateOrder(ex, row.id, { status: 'received', received_at: clock.now() });
    await event(ex, row.id, automatic ? 'receipt_auto_confirmed' : 'received', actorId, {}, requestKey);
  }

  /** An order's transaction holds its buyer's row: an account being erased gets no new order (accounts.holdLiveUsers). */
  async function holdBuyer(ex: Executor, buyerId: string): Promise<void> {
    if (!(await accounts.holdLiveUsers(ex, [buyerId])).has(buyerId)) throw errors.buyerGone();
  }

  /** The plain checkout: one transaction for the request's orders, stock taken last. */
  function placeOrders(buyerId: string, input: CheckoutInput, orderIdAt: (index: number) => string): Promise<OrderView[]> {
    return db.transaction().execute(async (tx) => {
      await holdBuyer(tx, buyerId);
      const skus = await catalog.skusForCheckout(tx, input.items.map((i) => i.skuId));
      const lines = input.items.map((item, i) => {
        const sku = skus.find((s) => s.skuId === item.skuId);
        if (!sku) throw errors.unknownSku(i);
        return { ...sku, quantity: item.quantity };
      });
      const addOnIds = input.addOnIds ?? [];
      const addOns = await catalog.addOnsForCheckout(tx, addOnIds);
      const chosenAddOns = addOnIds.map((id, i) => {
        const addOn = addOns.find((a) => a.id === id);
        if (!addOn || !lines.some((l) => l.productId === addOn.productId) || addOnIds.indexOf(id) !== i) throw errors.unknownAddOn(i);
        return addOn;
      });

      // R12: the note behind the link; buying through your own note, or one taken down, earns nothing.
      let referral: Referral | undefined;
      if (input.attribution) {
        referral = await deps.resolveReferral(tx, input.attribution);
        if (!referral) throw errors.unknownAttribution();
        if (referral.authorId === buyerId || !referral.live) referral = undefined;
      }
      const byOperator = new Map<string, typeof lines>();
      for (const line of lines) byOperator.set(line.operatorId, [...(byOperator.get(line.operatorId) ?? []), line]);
      const now = clock.now();
      const created: OrderView[] = [];
      for (const [operatorId, operatorLines] of byOperator) {
        const shop = await operators.sellingStatus(tx, operatorId);
        if (!shop?.selling) throw errors.notSelling(shop?.shopName ?? 'The shop');
        const products = new Set(operatorLines.map((l) => l.productId));
        const operatorAddOns = chosenAddOns.filter((a) => products.has(a.productId));
        const total = operatorLines.reduce((sum, l) => sum + l.price * l.quantity, 0) + operatorAddOns.reduce((sum, a) => sum + a.price, 0);
        // Only the order holding the tagged product is credited to the note.
        const credited = referral && products.has(referral.productId) ? referral : undefined;
        const values = {
          id: orderIdAt(created.length),
          buyer_id: buyerId,
          operator_id: operatorId,
          status: 'pending_payment',
          total,
          address_id: input.addressId,
          attribution: input.attribution ?? null,
          return_exclusion_confirmed: input.confirmReturnExclusion ?? false,
          created_at: now,
          expires_at: new Date(now.getTime() + PAYMENT_WINDOW_MS),
          ...(credited ? { referral_note_id: credited.noteId, referrer_id: credited.authorId, referral_product_id: credited.productId } : {}),
        } as const;
        const order: OrderRow = { ...UNSET, ...values };
        const items: ItemRow[] = operatorLines.map((l) => ({
          id: newId(now.getTime()),
          order_id: order.id,
          product_id: l.productId,
          sku_id: l.skuId,
          title: l.title,
          sku_name: l.skuName,
          unit_price: l.price,
          quantity: l.quantity,
          category_id: l.categoryId,
          return_class: l.returnClass,
        }));
        const addOnRows: AddOnRow[] = operatorAddOns.map((a) => ({ id: newId(now.getTime()), order_id: order.id, add_on_id: a.id, title: a.title, price: a.price }));
        await ordersRepo.insertOrder(tx, values);
        await ordersRepo.insertItems(tx, items);
        await ordersRepo.insertAddOns(tx, addOnRows);
        created.push(present(order, items, addOnRows, [await event(tx, order.id, 'created', buyerId, { total })]));
      }

      // Stock last, in a fixed order (by SKU id): a SKU on sale is the hottest row
      // there is, so it stays locked only for this update and the commit, and two
      // checkouts of the same SKUs cannot deadlock. Short of stock, all of it rolls back.
      for (const line of [...lines].sort((a, b) => a.skuId.localeCompare(b.skuId))) {
        if (!(await catalog.takeStock(tx, line.skuId, line.quantity))) throw errors.outOfStock(line.skuId);
      }
      return created;
    });
  }

  /** The id of a checkout's index-th order: from the Idempotency-Key when there is one. */
  const orderIdFor = (buyerId: string, requestKey: string | undefined, index: number) =>
    requestKey ? derivedId(`order:${buyerId}:${requestKey}:${index}`) : newId(clock.now().getTime());

  /**
   * The plain checkout of a request: with an Idempotency-Key the orders' ids follow
   * from it, so a retry whose first answer was lost (a crash after commit) finds
   * those orders instead of buying again.
   */
  async function checkoutAlone(buyerId: string, input: CheckoutInput, requestKey: string | undefined): Promise<OrderView[]> {
    const orderIdAt = (index: number) => orderIdFor(buyerId, requestKey, index);
    if (requestKey) {
      const existing = [];
      for (let index = 0; ; index++) {
        const row = await ordersRepo.findOrder(db, orderIdAt(index));
        if (!row || row.buyer_id !== buyerId) break;
        existing.push(row);
      }
      if (existing.length > 0) return Promise.all(existing.map((row) => view(db, row)));
    }
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.skuId)) throw errors.repeatedSku(i);
      seen.add(item.skuId);
    });
    if (!(await accounts.hasAddress(buyerId, input.addressId))) throw errors.unknownAddress();
    return placeOrders(buyerId, input, orderIdAt);
  }

  /** Flash sales (issue 6): many buyers of one SKU at once share a transaction and one stock statement. */
  const batcher = deps.batchCheckouts
    ? createCheckoutBatcher<OrderView[]>({
        db,
        catalog,
        operators,
        addressesHeld: (ex, pairs) => accounts.addressesHeld(ex, pairs),
        holdLiveBuyers: (ex, buyerIds) => accounts.holdLiveUsers(ex, buyerIds),
        clock,
        paymentWindowMs: PAYMENT_WINDOW_MS,
        placeAlone: (one) => checkoutAlone(one.buyerId, { items: [{ skuId: one.skuId, quantity: one.quantity }], addressId: one.addressId, confirmReturnExclusion: one.confirmReturnExclusion }, one.requestKey),
        present: ({ order, item, created }) => [present(order, [item], [], [created])],
      })
    : undefined;

  return {
    /** R7: exactly the listed items and add-ons; one order per operator; stock taken or nothing is. */
    async checkout(buyerId: string, input: CheckoutInput, requestKey?: string): Promise<OrderView[]> {
      const [line] = input.items;
      if (batcher && line && input.items.length === 1 && (input.addOnIds ?? []).length === 0 && !input.attribution) {
        // The batch does checkoutAlone's reads (the key's order, the address) for all its requests at once.
        return batcher.place({ buyerId, orderId: orderIdFor(buyerId, requestKey, 0), requestKey, skuId: line.skuId, quantity: line.quantity, addressId: input.addressId, confirmReturnExclusion: input.confirmReturnExclusion ?? false });
      }
      return checkoutAlone(buyerId, input, requestKey);
    },

    async order(userId: string, orderId: string): Promise<OrderView> {
      const row = await ordersRepo.findOrder(db, orderId);
      if (!row) throw notFound('order');
      if (row.buyer_id !== userId) {
        const shop = await operators.sellingStatus(db, row.operator_id);
        if (!shop || shop.ownerId !== userId) throw notFound('order');
      }
      return view(db, row);
    },

    /** For an admin reviewing a case (the arbitration console): the order as its parties see it; the caller checks the role. */
    async orderForAdmin(orderId: string): Promise<OrderView> {
      const row = await ordersRepo.findOrder(db, orderId);
      if (!row) throw notFound('order');
      return view(db, row);
    },

    /** Orders of this shop not yet settled for good (paid, shipped, received within the return window, returning). */
    openOrderCount: (operatorId: string, ex: Executor = db) => ordersRepo.openOrderCount(ex, operatorId),

    async ordersOfBuyer(buyerId: string, page: { limit: number; cursor?: string | undefined }) {
      const rows = await ordersRepo.listOrders(db, { buyerId, limit: page.limit, before: page.cursor });
      return { items: await Promise.all(rows.map((r) => view(db, r))), nextCursor: nextCursor(rows, page.limit) };
    },

    async ordersOfOperator(userId: string, operatorId: string, page: { limit: number; cursor?: string | undefined }) {
      const shop = await operators.sellingStatus(db, operatorId);
      if (!shop || shop.ownerId !== userId) throw notFound('operator');
      const rows = await ordersRepo.listOrders(db, { operatorId, limit: page.limit, before: page.cursor });
      return { items: await Promise.all(rows.map((r) => view(db, r))), nextCursor: nextCursor(rows, page.limit) };
    },

    /**
     * The second factor for a payment at or above the step-up threshold: options for
     * the buyer's passkey, with a challenge bound to this order and its amount.
     */
    async passkeyOptions(buyerId: string, orderId: string) {
      const row = await ordersRepo.findOrder(db, orderId);
      if (!row || row.buyer_id !== buyerId) throw notFound('order');
      if (row.status !== 'pending_payment') throw errors.notPayable(row.status);
      return passkeys.paymentOptions(buyerId, { orderId: row.id, amount: row.total });
    },

    /**
     * D4: a verified identity, the PIN (failures counted even though payment fails)
     * and, at or above the step-up threshold, a second factor: an authenticator code
     * or a passkey assertion over this order and amount. The money moves wallet →
     * escrow as a pending transfer whose id is the order's: it is held once.
     */
    async pay(buyerId: string, orderId: string, input: PayInput, requestKey?: string): Promise<OrderView> {
      const me = await accounts.me(buyerId);
      const precheck = await ordersRepo.findOrder(db, orderId);
      if (!precheck || precheck.buyer_id !== buyerId) throw notFound('order');
      if (precheck.status !== 'pending_payment') {
        // The retry of a payment whose answer was lost (a crash after commit) gets the paid order.
        if (await doneBefore(db, orderId, requestKey)) return view(db, precheck);
        throw errors.notPayable(precheck.status);
      }
      if (!me.identityVerified) throw errors.identityRequired();
      const stepUp = precheck.total >= deps.stepUpThreshold;
      // Failures are committed (a wrong PIN counts, a passkey challenge is used up) though the payment is refused.
      const authFailure = await db.transaction().execute(async (tx) => {
        try {
          await accounts.verifyPaymentPin(tx, buyerId, input.pin);
          if (stepUp && !input.totp && !input.passkey) throw errors.stepUpRequired([...(me.totpEnabled ? ['totp'] : []), ...((await passkeys.hasPasskeys(buyerId, tx)) ? ['passkey'] : [])]);
          if (stepUp && input.passkey) await passkeys.verifyPayment(tx, buyerId, { orderId: precheck.id, amount: precheck.total }, input.passkey);
          else if (stepUp && input.totp) await accounts.verifyTotp(tx, buyerId, input.totp);
          return null;
        } catch (error) {
          return error;
        }
      });
      if (authFailure) throw authFailure;

      await db.transaction().execute(async (tx) => {
        const row = await buyersOrder(tx, buyerId, orderId);
        if (row.status !== 'pending_payment') throw errors.notPayable(row.status);
        if (row.expires_at <= clock.now()) throw errors.expired();
        const wallet = await ledger.account(tx, 'user_wallet', buyerId);
        // Escrow is kept per buyer: a payment locks only its buyer's two account rows,
        // so payments of different buyers never queue behind one shared row.
        const escrow = await ledger.account(tx, 'platform_escrow', buyerId);
        await ledger.transfer(tx, { id: holdId(row.id), debit: wallet, credit: escrow, amount: row.total, code: 'order_payment', reference: row.id, pending: true });
        await ordersRepo.updateOrder(tx, row.id, { status: 'paid', paid_at: clock.now(), hold_transfer_id: holdId(row.id) });
        await event(tx, row.id, 'paid', buyerId, { amount: row.total }, requestKey);
        if (row.source_kind && row.source_id) {
          await deps.afterSourcedPayment(tx, { id: row.id, buyerId, status: 'paid', total: row.total, source: { kind: row.source_kind, id: row.source_id } });
        }
      });
      return current(orderId);
    },

    /** Before shipping: an unpaid order is dropped; a paid one's hold is voided (a full refund). Stock returns. */
    async cancel(buyerId: string, orderId: string, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await buyersOrder(tx, buyerId, orderId);
        if (await doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'pending_payment' && row.status !== 'paid') throw errors.wrongState('cancel', row.status);
        // The case decides what comes back; cancelling beside it would refund twice.
        if (await deps.hasOpenDispute(tx, row.id)) throw errors.disputeOpen('cancel');
        if (row.status === 'paid') await ledger.void(tx, { id: `order-void:${row.id}`, pendingId: row.hold_transfer_id!, code: 'order_cancel_refund', reference: row.id });
        await returnStock(tx, row.id);
        await ordersRepo.updateOrder(tx, row.id, { status: 'cancelled', closed_at: clock.now() });
        await event(tx, row.id, 'cancelled', buyerId, { refunded: row.status === 'paid' ? row.total : 0 }, requestKey);
        await sourcedClosed(tx, row);
      });
      return current(orderId);
    },

    async ship(userId: string, orderId: string, input: { carrier: string; trackingNumber: string }, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await operatorsOrder(tx, userId, orderId);
        if (await doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'paid') throw errors.wrongState('ship', row.status);
        if (row.awaiting_group) throw errors.groupNotComplete();
        await ordersRepo.updateOrder(tx, row.id, { status: 'shipped', shipped_at: clock.now(), carrier: input.carrier, tracking_number: input.trackingNumber });
        await event(tx, row.id, 'shipped', userId, { carrier: input.carrier, trackingNumber: input.trackingNumber }, requestKey);
      });
      return current(orderId);
    },

    /** The buyer has the goods: escrow is released to the operator, less the platform fee. */
    async confirmReceipt(buyerId: string, orderId: string, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await buyersOrder(tx, buyerId, orderId);
        if (await doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'shipped') throw errors.wrongState('confirm receipt of', row.status);
        await markReceived(tx, row, buyerId, false, requestKey);
      });
      return current(orderId);
    },

    /**
     * R9: within the window (to midnight after the 7th day following receipt), for
     * goods not excluded, the buyer sends them back with a tracking number.
     */
    async requestReturn(buyerId: string, orderId: string, input: { carrier: string; trackingNumber: string }, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await buyersOrder(tx, buyerId, orderId);
        if (await doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'received') throw errors.wrongState('return', row.status);
        if (clock.now() >= returnDeadline(row.received_at!)) throw errors.returnNotAllowed('The 7-day no-reason return window has closed');
        if (await deps.hasOpenDispute(tx, row.id)) throw errors.disputeOpen('return');
        // A dispute already refunded part of it: a full return refund on top would pay twice.
        if ((await ordersRepo.eventsOf(tx, row.id)).some((e) => e.type === 'dispute_refunded')) throw errors.returnNotAllowed('A dispute already refunded this order');
        const items = await ordersRepo.itemsOf(tx, [row.id]);
        const blocker = returnBlocker(items.map((i) => ({ returnClass: i.return_class, title: i.title })), row.return_exclusion_confirmed);
        if (blocker) throw errors.returnNotAllowed(blocker);
        await ordersRepo.updateOrder(tx, row.id, { status: 'returning', return_requested_at: clock.now(), return_carrier: input.carrier, return_tracking_number: input.trackingNumber });
        await event(tx, row.id, 'return_requested', buyerId, { carrier: input.carrier, trackingNumber: input.trackingNumber }, requestKey);
      });
      return current(orderId);
    },

    /** R10: the operator confirms the goods came back; the buyer is refunded at once. */
    async confirmReturn(userId: string, orderId: string, requestKey?: string): Promise<OrderView> {
      await db.transaction().execute(async (tx) => {
        const row = await operatorsOrder(tx, userId, orderId);
        if (await doneBefore(tx, row.id, requestKey)) return;
        if (row.status !== 'returning') throw errors.wrongState('confirm the return of', row.status);
        await refundReturn(tx, row, userId, false, requestKey);
      });
      return current(orderId);
    },

    /**
     * For group buys and bargains, inside their own transaction: one SKU at the price
     * the campaign set, with its own payment window. Stock is taken last, as at checkout.
     */
    async placeSourcedOrder(ex: Executor, input: SourcedOrderInput): Promise<OrderView> {
      await holdBuyer(ex, input.buyerId);
      if (!(await accounts.hasAddress(input.buyerId, input.addressId, ex))) throw errors.unknownAddress();
      const [sku] = await catalog.skusForCheckout(ex, [input.skuId]);
      if (!sku) throw errors.unknownSku(0);
      const shop = await operators.sellingStatus(ex, sku.operatorId);
      if (!shop?.selling) throw errors.notSelling(shop?.shopName ?? 'The shop');
      const now = clock.now();
      const total = input.unitPrice * input.quantity;
      const values = {
        id: newId(now.getTime()),
        buyer_id: input.buyerId,
        operator_id: sku.operatorId,
        status: 'pending_payment',
        total,
        address_id: input.addressId,
        attribution: null,
        return_exclusion_confirmed: false,
        created_at: now,
        expires_at: new Date(now.getTime() + input.paymentWindowMs),
        source_kind: input.source.kind,
        source_id: input.source.id,
        awaiting_group: input.awaitingGroup ?? false,
      } as const;
      const order: OrderRow = { ...UNSET, ...values };
      const item = itemRow(order.id, sku, input, now);
      await ordersRepo.insertOrder(ex, values);
      await ordersRepo.insertItems(ex, [item]);
      const created = await event(ex, order.id, 'created', input.buyerId, { total, source: input.source });
      if (!(await catalog.takeStock(ex, sku.skuId, input.quantity))) throw errors.outOfStock(sku.skuId);
      return present(order, [item], [], [created]);
    },

    /** A group is complete: its paid orders may ship (and their money may then reach the operator). */
    async releaseGroupOrders(ex: Executor, orderIds: readonly string[]): Promise<void> {
      for (const id of orderIds) {
        const row = await ordersRepo.findOrderForUpdate(ex, id);
        if (!row?.awaiting_group) continue;
        await ordersRepo.updateOrder(ex, id, { awaiting_group: false });
        await event(ex, id, 'group_completed', null);
      }
    },

    /**
     * A group buy failed or a seat was given up: an unpaid order is dropped, a paid one
     * refunded in full (its hold voided); stock returns. Repeats do nothing. Returns
     * what the buyer got back.
     */
    async cancelSourcedOrder(ex: Executor, orderId: string, reason: string): Promise<{ refunded: number }> {
      const row = await ordersRepo.findOrderForUpdate(ex, orderId);
      if (!row?.source_kind || (row.status !== 'pending_payment' && row.status !== 'paid')) return { refunded: 0 };
      const refunded = row.status === 'paid' ? row.total : 0;
      if (row.status === 'paid') await ledger.void(ex, { id: `order-void:${row.id}`, pendingId: row.hold_transfer_id!, code: 'order_cancel_refund', reference: row.id });
      await returnStock(ex, row.id);
      await ordersRepo.updateOrder(ex, row.id, { status: 'cancelled', closed_at: clock.now(), awaiting_group: false });
      await event(ex, row.id, 'cancelled_by_campaign', null, { reason, refunded });
      return { refunded };
    },

    /** The order a dispute is about, locked for the caller's transaction; undefined when there is none. */
    async lockForDispute(ex: Executor, orderId: string): Promise<DisputedOrder | undefined> {
      const row = await ordersRepo.findOrderForUpdate(ex, orderId);
      return row && { id: row.id, buyerId: row.buyer_id, operatorId: row.operator_id, status: row.status, total: row.total };
    },

    /**
     * A dispute's refund to the buyer, inside its transaction (the order is locked
     * here). Still in escrow: the whole refund voids the hold (the order is refunded);
     * a part is returned by posting only the rest, which is settled to the operator
     * (the order is received). Already settled: the platform gives back its fee's
     * share, and the rest is returned as what the operator owes, for the caller to
     * collect. Transfer ids begin with `idPrefix` or are the order's own, so a
     * repeat moves nothing.
     */
    async refundForDispute(ex: Executor, orderId: string, input: { refund: number; idPrefix: string; actorId: string | null }): Promise<{ owedByOperator: number }> {
      const row = (await ordersRepo.findOrderForUpdate(ex, orderId))!;
      const { refund, idPrefix } = input;
      if (refund <= 0) return { owedByOperator: 0 };
      if (!['paid', 'shipped', 'received', 'completed'].includes(row.status)) throw errors.wrongState('refund', row.status);
      const detail = { amount: refund };
      if (row.status === 'paid' || row.status === 'shipped') {
        if (refund >= row.total) {
          await ledger.void(ex, { id: `${idPrefix}:void`, pendingId: row.hold_transfer_id!, code: 'dispute_refund', reference: row.id });
          await ordersRepo.updateOrder(ex, row.id, { status: 'refunded', closed_at: clock.now() });
        } else {
          await settle(ex, row, row.total - refund);
          await recoverDebt(ex, row);
          await ordersRepo.updateOrder(ex, row.id, { status: 'received', received_at: clock.now() });
        }
        await event(ex, row.id, 'dispute_refunded', input.actorId, detail);
        return { owedByOperator: 0 };
      }
      const fee = (await ledger.transfersFor(ex, row.id)).find((l) => l.code === 'platform_fee')?.amount ?? 0;
      const feeBack = Math.floor((fee * refund) / row.total);
      if (feeBack > 0) {
        const wallet = await ledger.account(ex, 'user_wallet', row.buyer_id);
        await ledger.transfer(ex, { id: `${idPrefix}:fee`, debit: await ledger.account(ex, 'platform_fees'), credit: wallet, amount: feeBack, code: 'dispute_refund', reference: row.id });
      }
      if (refund >= row.total) {
        await referrals.reverse(ex, row.id);
        await ordersRepo.updateOrder(ex, row.id, { status: 'refunded', closed_at: clock.now() });
      }
      await event(ex, row.id, 'dispute_refunded', input.actorId, detail);
      return { owedByOperator: refund - feeBack };
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
      const shop = row ? await operators.sellingStatus(db, row.operator_id) : undefined;
      if (!row || !shop || shop.ownerId !== userId) throw notFound('order');
      const open = ADDRESS_OPEN_STATUSES.has(row.status);
      const purpose = open ? `ship order ${row.id}` : `masked view of ${row.status} order ${row.id}`;
      const records = await deps.privacy.readAs(db, { actorId: userId, as: { role: 'operator', operatorId: row.operator_id }, subjectId: row.buyer_id, kinds: ['address'], purpose });
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

    /**
     * The timers, run by a pg-boss schedule: unpaid orders past 30 minutes expire and
     * their stock returns; shipped orders 10 days old are received automatically;
     * received orders past the return window complete; returns the operator has not
     * confirmed within 7 days are refunded (R10). Returns what it did.
     */
    async sweep(): Promise<{ expired: number; autoConfirmed: number; completed: number; autoRefunded: number }> {
      const now = clock.now();
      /**
       * Each due order in its own transaction, re-read under lock: a buyer acting
       * meanwhile (paying, confirming) wins, and the timer leaves that order alone.
       */
      const each = async (status: OrderStatus, column: Parameters<typeof ordersRepo.due>[2], before: Date, act: (tx: Executor, row: OrderRow) => Promise<boolean | void>) => {
        let done = 0;
        for (const id of await ordersRepo.due(db, status, column, before)) {
          await db.transaction().execute(async (tx) => {
            const row = await ordersRepo.findOrderForUpdate(tx, id);
            if (row?.status === status && (await act(tx, row)) !== false) done++;
          });
        }
        return done;
      };
      const expired = await each('pending_payment', 'expires_at', now, async (tx, row) => {
        await returnStock(tx, row.id);
        await ordersRepo.updateOrder(tx, row.id, { status: 'cancelled', closed_at: now });
        await event(tx, row.id, 'expired', null);
        await sourcedClosed(tx, row);
      });
      const autoConfirmed = await each('shipped', 'shipped_at', new Date(now.getTime() - AUTO_CONFIRM_MS), async (tx, row) => {
        if (await deps.hasOpenDispute(tx, row.id)) return false;
        await markReceived(tx, row, null, true);
      });
      // The window can run up to 8 days from receipt (to midnight after the 7th day).
      const completed = await each('received', 'received_at', new Date(now.getTime() - 7 * DAY), async (tx, row) => {
        if (now < returnDeadline(row.received_at!)) return false;
        await referrals.release(tx, row.id);
        await ordersRepo.updateOrder(tx, row.id, { status: 'completed', completed_at: now, closed_at: now });
        await event(tx, row.id, 'completed', null);
      });
      const autoRefunded = await each('returning', 'return_requested_at', new Date(now.getTime() - RETURN_CONFIRM_MS), (tx, row) => refundReturn(tx, row, null, true));
      return { expired, autoConfirmed, completed, autoRefunded };
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
