/**
 * Place an order (R7, R9, R12; API.md "Orders, payment, escrow"). Three ways in, one
 * builder of the pending order row (orders/pending-order.ts):
 * - checkout: exactly the listed items and add-ons, one order per operator, stock
 *   taken last or nothing is; with an Idempotency-Key the orders' ids follow from it,
 *   so a retry whose first answer was lost finds those orders instead of buying again;
 * - a one-line checkout of a hot SKU joins a batch (checkout-batcher.ts): one
 *   transaction and one stock statement for many buyers;
 * - a group buy's seat or a bargain's order: one SKU at the price the campaign set,
 *   inside the campaign's transaction (`placeSourced`).
 * Every order's transaction holds its buyer's row: an account being erased gets no new order.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import type { Clock } from '../lib/clock.js';
import { derivedId, newId } from '../lib/ids.js';
import type { AccountsService } from '../modules/accounts/index.js';
import type { CatalogService } from '../modules/catalog/index.js';
import type { OperatorsService } from '../modules/operators/index.js';
import { ordersErrors as errors, PAYMENT_WINDOW_MS, pendingOrder, type OrdersService, type OrderView, type PendingOrder } from '../modules/orders/index.js';
import type { OrderSourceKind } from '../modules/orders/tables.js';
import type { SocialService } from '../modules/social/index.js';
import { createCheckoutBatcher } from './checkout-batcher.js';

export interface CheckoutInput {
  items: { skuId: string; quantity: number }[];
  addressId: string;
  addOnIds?: string[] | undefined;
  attribution?: string | undefined;
  /** R9: the buyer confirmed that an excludable item cannot be returned once opened. */
  confirmReturnExclusion?: boolean | undefined;
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

export function createPlaceOrderWorkflow(deps: {
  db: Kysely<DB>;
  orders: OrdersService;
  catalog: CatalogService;
  operators: OperatorsService;
  accounts: AccountsService;
  social: SocialService;
  clock: Clock;
  /** Concurrent one-line checkouts of one SKU share a transaction (checkout-batcher.ts); false: one each. */
  batchCheckouts: boolean;
}) {
  const { db, orders, catalog, operators, accounts, social, clock } = deps;
  const present = (p: PendingOrder) => orders.present(p.order, p.items, p.addOns, [p.created]);

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
        return { sku, unitPrice: sku.price, quantity: item.quantity };
      });
      const addOnIds = input.addOnIds ?? [];
      const addOns = await catalog.addOnsForCheckout(tx, addOnIds);
      const chosenAddOns = addOnIds.map((id, i) => {
        const addOn = addOns.find((a) => a.id === id);
        if (!addOn || !lines.some((l) => l.sku.productId === addOn.productId) || addOnIds.indexOf(id) !== i) throw errors.unknownAddOn(i);
        return addOn;
      });

      // R12: the note behind the link; buying through your own note, or one taken down, earns nothing.
      let referral: Awaited<ReturnType<SocialService['resolveAttribution']>>;
      if (input.attribution) {
        referral = await social.resolveAttribution(tx, input.attribution);
        if (!referral) throw errors.unknownAttribution();
        if (referral.authorId === buyerId || !referral.live) referral = undefined;
      }
      const byOperator = new Map<string, typeof lines>();
      for (const line of lines) byOperator.set(line.sku.operatorId, [...(byOperator.get(line.sku.operatorId) ?? []), line]);
      const now = clock.now();
      const numbers = await orders.nextNumbers(tx, now, byOperator.size);
      const placed: PendingOrder[] = [];
      for (const [operatorId, operatorLines] of byOperator) {
        const shop = await operators.sellingStatus(tx, operatorId);
        if (!shop?.selling) throw errors.notSelling(shop?.shopName ?? 'The shop');
        const products = new Set(operatorLines.map((l) => l.sku.productId));
        // Only the order holding the tagged product is credited to the note.
        const credited = referral && products.has(referral.productId) ? referral : undefined;
        placed.push(
          pendingOrder({
            id: orderIdAt(placed.length),
            number: numbers[placed.length]!,
            buyerId,
            operatorId,
            addressId: input.addressId,
            lines: operatorLines,
            addOns: chosenAddOns.filter((a) => products.has(a.productId)),
            now,
            paymentWindowMs: PAYMENT_WINDOW_MS,
            attribution: input.attribution ?? null,
            returnExclusionConfirmed: input.confirmReturnExclusion ?? false,
            referral: credited,
          }),
        );
      }
      await orders.insertPending(tx, placed);

      // Stock last, in a fixed order (by SKU id): a SKU on sale is the hottest row
      // there is, so it stays locked only for this update and the commit, and two
      // checkouts of the same SKUs cannot deadlock. Short of stock, all of it rolls back.
      for (const line of [...lines].sort((a, b) => a.sku.skuId.localeCompare(b.sku.skuId))) {
        if (!(await catalog.takeStock(tx, line.sku.skuId, line.quantity))) throw errors.outOfStock(line.sku.skuId);
      }
      return placed.map(present);
    });
  }

  /** The id of a checkout's index-th order: from the Idempotency-Key when there is one. */
  const orderIdFor = (buyerId: string, requestKey: string | undefined, index: number) =>
    requestKey ? derivedId(`order:${buyerId}:${requestKey}:${index}`) : newId(clock.now().getTime());

  /** The plain checkout of a request; a retry of the same key finds the orders it placed. */
  async function checkoutAlone(buyerId: string, input: CheckoutInput, requestKey: string | undefined): Promise<OrderView[]> {
    const orderIdAt = (index: number) => orderIdFor(buyerId, requestKey, index);
    if (requestKey) {
      const existing = [];
      for (let index = 0; ; index++) {
        const row = await orders.find(db, orderIdAt(index));
        if (!row || row.buyer_id !== buyerId) break;
        existing.push(row);
      }
      if (existing.length > 0) return Promise.all(existing.map((row) => orders.view(db, row)));
    }
    const seen = new Set<string>();
    input.items.forEach((item, i) => {
      if (seen.has(item.skuId)) throw errors.repeatedSku(i);
      seen.add(item.skuId);
    });
    if (!(await accounts.hasAddress(buyerId, input.addressId))) throw errors.unknownAddress();
    return placeOrders(buyerId, input, orderIdAt);
  }

  /** Flash sales: many buyers of one SKU at once share a transaction and one stock statement. */
  const batcher = deps.batchCheckouts
    ? createCheckoutBatcher<OrderView[]>({
        db,
        orders,
        catalog,
        operators,
        addressesHeld: (ex, pairs) => accounts.addressesHeld(ex, pairs),
        holdLiveBuyers: (ex, buyerIds) => accounts.holdLiveUsers(ex, buyerIds),
        clock,
        paymentWindowMs: PAYMENT_WINDOW_MS,
        placeAlone: (one) => checkoutAlone(one.buyerId, { items: [{ skuId: one.skuId, quantity: one.quantity }], addressId: one.addressId, confirmReturnExclusion: one.confirmReturnExclusion }, one.requestKey),
        present: (placed) => [present(placed)],
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

    /**
     * For group buys and bargains, inside their own transaction: one SKU at the price
     * the campaign set, with its own payment window. Stock is taken last, as at checkout.
     */
    async placeSourced(ex: Executor, input: SourcedOrderInput): Promise<OrderView> {
      await holdBuyer(ex, input.buyerId);
      if (!(await accounts.hasAddress(input.buyerId, input.addressId, ex))) throw errors.unknownAddress();
      const [sku] = await catalog.skusForCheckout(ex, [input.skuId]);
      if (!sku) throw errors.unknownSku(0);
      const shop = await operators.sellingStatus(ex, sku.operatorId);
      if (!shop?.selling) throw errors.notSelling(shop?.shopName ?? 'The shop');
      const now = clock.now();
      const [number] = await orders.nextNumbers(ex, now, 1);
      const placed = pendingOrder({
        id: newId(now.getTime()),
        number: number!,
        buyerId: input.buyerId,
        operatorId: sku.operatorId,
        addressId: input.addressId,
        lines: [{ sku, unitPrice: input.unitPrice, quantity: input.quantity }],
        now,
        paymentWindowMs: input.paymentWindowMs,
        source: input.source,
        awaitingGroup: input.awaitingGroup ?? false,
      });
      await orders.insertPending(ex, [placed]);
      if (!(await catalog.takeStock(ex, sku.skuId, input.quantity))) throw errors.outOfStock(sku.skuId);
      return present(placed);
    },
  };
}

export type PlaceOrderWorkflow = ReturnType<typeof createPlaceOrderWorkflow>;
