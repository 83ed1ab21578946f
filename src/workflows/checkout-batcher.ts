/**
 * Group commit for hot SKUs (flash sales).
 *
 * Why: in a flash sale thousands of buyers check out the same SKU at once. With one
 * transaction per order, each one locks the SKU's row for its stock update and
 * keeps it through its commit (a WAL flush), so the orders go through that row one
 * flush at a time, while the waiting transactions hold pool connections that every
 * other request needs. Here, one-line checkouts of the same SKU that arrive while
 * one is being placed wait in a queue (per SKU, per process) and are then placed
 * together (two batches of a SKU at most at once, the second waiting for the row):
 * ONE transaction locks the row once, shares out what is left to the
 * earliest requests first, writes all their orders with multi-row inserts and takes
 * the stock in one conditional statement. One flush for the lot.
 *
 * Per order it is the same as checkout (place-order.ts): the same rows and `created`
 * event (one builder, pending-order.ts), the same order id (from the request's Idempotency-Key), R7 exactly one line
 * at its price, one order for the one operator, OUT_OF_STOCK for whoever the stock
 * does not reach. What checkout reads per request before it places anything — the
 * order a retry of the same key already placed, and whether the address is the
 * buyer's — the batch reads for all its requests in two set queries just before its
 * transaction: a request that finds its order, or names an address not its own,
 * takes no stock and is answered by the plain checkout instead (which replays that
 * order, or refuses the address), exactly as alone. With several processes each has
 * its own queue; the stock statement stays conditional under the row lock, so
 * nothing is sold twice whoever else takes stock. A lone request (nothing queued
 * behind it) is placed by the plain checkout, so an idle shop sees no difference.
 * An unknown SKU or a shop not selling is the answer of every request the batch
 * would place. If a batch's transaction fails, nothing of it was written and each of
 * its requests is placed again on its own, so one bad request cannot sink the others.
 */
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../database.js';
import { AppError } from '../lib/errors.js';
import type { Clock } from '../lib/clock.js';
import type { CatalogService } from '../modules/catalog/index.js';
import type { OperatorsService } from '../modules/operators/index.js';
import { ordersErrors as errors, pendingOrder, type OrdersService, type PendingOrder } from '../modules/orders/index.js';

/** One buyer's one-line checkout, with its order id chosen, waiting for its batch. */
export interface OneLineCheckout {
  buyerId: string;
  orderId: string;
  /** The Idempotency-Key the order id came from, if any (the plain checkout needs it for a replay). */
  requestKey: string | undefined;
  skuId: string;
  quantity: number;
  addressId: string;
  confirmReturnExclusion: boolean;
}

/** What a batch hands back to each request: its order's rows, as just written. */
export type PlacedOrder = PendingOrder;

export interface CheckoutBatcherDeps<View> {
  db: Kysely<DB>;
  orders: OrdersService;
  catalog: CatalogService;
  operators: OperatorsService;
  /** Which of these buyers' addresses are theirs, as `buyerId:addressId` (one query). */
  addressesHeld: (ex: Executor, pairs: { userId: string; addressId: string }[]) => Promise<Set<string>>;
  /** Which buyers still exist, their rows held for the batch's transaction (an erasure waits or wins). */
  holdLiveBuyers: (ex: Executor, buyerIds: string[]) => Promise<Set<string>>;
  clock: Clock;
  paymentWindowMs: number;
  /**
   * The plain checkout of one request, its own reads and transaction: for a lone
   * request, for each of a failed batch, and for one the batch did not place (its
   * key's order exists, or the address is not the buyer's).
   */
  placeAlone: (checkout: OneLineCheckout) => Promise<View>;
  /** What the request answers with, from the rows the batch wrote. */
  present: (placed: PlacedOrder) => View;
}

/** A request the batch leaves to the plain checkout: its key's order exists, or its address is not the buyer's. */
const ALONE = Symbol('alone');

/** Bind parameters stay far below PostgreSQL's 65,535 (orders have 13 columns). */
const MAX_BATCH = 500;

interface Waiting<View> extends OneLineCheckout {
  resolve: (view: View) => void;
  reject: (error: unknown) => void;
}

interface Queue<View> {
  waiting: Waiting<View>[];
  running: number;
  scheduled: boolean;
}

/**
 * Two batches of one SKU at a time: while one holds the row, the next reads its
 * requests' orders, addresses and SKU, and then waits for the lock. The lock and the
 * conditional stock statement keep them apart; the earlier batch is served first.
 */
const BATCHES_IN_FLIGHT = 2;

export function createCheckoutBatcher<View>(deps: CheckoutBatcherDeps<View>) {
  const { db, orders, catalog, operators, clock } = deps;
  /** Per SKU, the requests waiting and the batches being placed; a key is present while either is not empty. */
  const queues = new Map<string, Queue<View>>();

  /**
   * One transaction for the batch; per request its rows, OUT_OF_STOCK, or ALONE (the
   * plain checkout answers it). Throws only if nothing was written.
   */
  async function placeTogether(batch: OneLineCheckout[]): Promise<(PlacedOrder | AppError | typeof ALONE)[]> {
    const skuId = batch[0]!.skuId;
    // Checkout's own per-request reads, for the whole batch at once and side by side,
    // before the transaction: none of them locks anything, and under READ COMMITTED
    // a read just before BEGIN sees what the same read just after would. Only the
    // stock needs the transaction, so the hot row waits for nothing else.
    const [placedBefore, held, [sku]] = await Promise.all([
      orders.existingIds(db, batch.map((c) => c.orderId)).then((ids) => new Set(ids)),
      deps.addressesHeld(db, batch.map((c) => ({ userId: c.buyerId, addressId: c.addressId }))),
      catalog.skusForCheckout(db, [skuId]),
    ]);
    const alone = batch.map((c) => placedBefore.has(c.orderId) || !held.has(`${c.buyerId}:${c.addressId}`));
    // An unknown SKU or a shop not selling is the answer of everyone the batch would place.
    const refuse = (verdict: AppError) => batch.map((_, i) => (alone[i] ? ALONE : verdict));
    if (!sku) return refuse(errors.unknownSku(0));
    const shop = await operators.sellingStatus(db, sku.operatorId);
    if (!shop?.selling) return refuse(errors.notSelling(shop?.shopName ?? 'The shop'));
    return db.transaction().execute(async (tx) => {
      const live = await deps.holdLiveBuyers(tx, batch.filter((_, i) => !alone[i]).map((c) => c.buyerId));
      // The hot row is locked once for everyone in the batch; the earliest requests
      // are served first, and a later smaller one may still fit, as it would alone.
      let left = (await catalog.lockStock(tx, skuId)) ?? 0;
      const now = clock.now();
      // One statement numbers the whole batch (a sequence: no lock to commit); numbers of requests not sold are skipped.
      const numbers = await orders.nextNumbers(tx, now, batch.length);
      const placed = batch.map((c, i): PlacedOrder | AppError | undefined | typeof ALONE => {
        if (alone[i]) return ALONE;
        if (!live.has(c.buyerId)) return errors.buyerGone();
        if (c.quantity > left) return undefined;
        left -= c.quantity;
        return pendingOrder({
          id: c.orderId,
          number: numbers[i]!,
          buyerId: c.buyerId,
          operatorId: sku.operatorId,
          addressId: c.addressId,
          lines: [{ sku, unitPrice: sku.price, quantity: c.quantity }],
          now,
          paymentWindowMs: deps.paymentWindowMs,
          returnExclusionConfirmed: c.confirmReturnExclusion,
        });
      });
      const sold = placed.filter((p): p is PlacedOrder => p !== undefined && p !== ALONE && !(p instanceof AppError));
      if (sold.length > 0) {
        await orders.insertPending(tx, sold);
        // Still conditional: were the lock ever not held, this sells nothing rather than too much.
        const taken = sold.reduce((sum, p) => sum + p.items[0]!.quantity, 0);
        if (!(await catalog.takeStock(tx, skuId, taken))) throw new Error(`stock of ${skuId} moved under its lock`);
      }
      return placed.map((p) => p ?? errors.outOfStock(skuId));
    });
  }

  async function settle(batch: Waiting<View>[]): Promise<void> {
    if (batch.length === 1) {
      const [alone] = batch;
      await deps.placeAlone(alone!).then(alone!.resolve, alone!.reject);
      return;
    }
    let outcomes: (PlacedOrder | AppError | typeof ALONE)[];
    try {
      outcomes = await placeTogether(batch);
    } catch {
      // Nothing of the batch was written: each on its own, so one bad request cannot sink the others.
      await Promise.all(batch.map((c) => deps.placeAlone(c).then(c.resolve, c.reject)));
      return;
    }
    const aloneAfter: Waiting<View>[] = [];
    outcomes.forEach((outcome, i) => {
      const c = batch[i]!;
      if (outcome === ALONE) aloneAfter.push(c);
      else if (outcome instanceof AppError) c.reject(outcome);
      else c.resolve(deps.present(outcome));
    });
    await Promise.all(aloneAfter.map((c) => deps.placeAlone(c).then(c.resolve, c.reject)));
  }

  /** Starts batches of the SKU's waiting requests, up to BATCHES_IN_FLIGHT at once. */
  function pump(skuId: string): void {
    const queue = queues.get(skuId)!;
    queue.scheduled = false;
    while (queue.waiting.length > 0 && queue.running < BATCHES_IN_FLIGHT) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      queue.running++;
      void settle(batch)
        .catch((error: unknown) => batch.forEach((c) => c.reject(error)))
        .finally(() => {
          queue.running--;
          if (queue.waiting.length > 0) schedule(skuId, queue);
          else if (queue.running === 0) queues.delete(skuId);
        });
    }
  }

  // Next turn of the event loop: requests that arrived together start together.
  function schedule(skuId: string, queue: Queue<View>): void {
    if (queue.scheduled) return;
    queue.scheduled = true;
    setImmediate(() => pump(skuId));
  }

  return {
    /**
     * Places the checkout with whatever else is waiting for the same SKU.
     *
     * @example
     *   const order = await batcher.place({ buyerId, orderId, skuId, quantity: 1, addressId, confirmReturnExclusion: false });
     */
    place(checkout: OneLineCheckout): Promise<View> {
      return new Promise<View>((resolve, reject) => {
        let queue = queues.get(checkout.skuId);
        if (!queue) queues.set(checkout.skuId, (queue = { waiting: [], running: 0, scheduled: false }));
        queue.waiting.push({ ...checkout, resolve, reject });
        if (queue.running < BATCHES_IN_FLIGHT) schedule(checkout.skuId, queue);
      });
    },
  };
}

