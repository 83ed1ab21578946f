/**
 * A model of orders and wallets, written from API.md and RULES.md, for the
 * model-based test (test/orders-model.test.ts). It keeps the least it can: each
 * order's status and times, each buyer's top-ups, withdrawals and PIN count. The
 * numbers the API shows (balance, held, stock, operator receivable, platform fee)
 * are derived from those, so a transition cannot forget to move one of them.
 *
 * Each prediction returns the answer the API must give and, apart, what it changes:
 * `always` for what commits before the business transaction (the PIN count, D4),
 * `commit` for what the business transaction does when it succeeds.
 */
import { DAY, HOUR, MINUTE } from '../../src/lib/clock.js';

export type Status = 'pending_payment' | 'paid' | 'shipped' | 'received' | 'completed' | 'cancelled' | 'refunded' | 'returning';

export interface Outcome {
  status: number;
  code?: string;
  remainingTries?: number;
  /** Committed before the business transaction, so kept even when it fails. */
  always?: () => void;
  /** The business transaction's work, applied when the API says it succeeded. */
  commit?: (body: any) => void;
}

export interface ModelSku {
  operator: number;
  product: number;
  price: number;
  stock: number;
}

export interface ModelCatalog {
  skus: ModelSku[];
  addOns: { product: number; price: number }[];
}

export interface ModelOrder {
  id: string;
  buyer: number;
  operator: number;
  lines: { sku: number; quantity: number }[];
  total: number;
  status: Status;
  expiresAt: number;
  shippedAt?: number;
  receivedAt?: number;
  returnRequestedAt?: number;
}

interface BuyerState {
  toppedUp: number;
  withdrawn: number;
  pinFailures: number;
  pinLockedUntil: number | null;
}

/** API.md: unpaid orders expire after 30 minutes. */
const PAYMENT_WINDOW_MS = 30 * MINUTE;
/** RULES.md "Escrow and receipt": received automatically 10 days after shipping. */
const AUTO_CONFIRM_MS = 10 * DAY;
/** R10: a return not confirmed by the operator within 7 days is refunded. */
const RETURN_CONFIRM_MS = 7 * DAY;
/** API.md: the fifth wrong PIN locks payment for 30 minutes. */
const PIN_TRIES = 5;
const PIN_LOCK_MS = 30 * MINUTE;
const BEIJING_OFFSET_MS = 8 * HOUR;

/** R9: 7 days counted from the day after receipt (Beijing days): the window closes at midnight after the 7th. */
export function returnWindowEnd(receivedAt: number): number {
  const local = receivedAt + BEIJING_OFFSET_MS;
  return local - (local % DAY) + 8 * DAY - BEIJING_OFFSET_MS;
}

const SPENT: ReadonlySet<Status> = new Set(['paid', 'shipped', 'received', 'completed', 'returning']);
const IN_ESCROW: ReadonlySet<Status> = new Set(['paid', 'shipped']);
const SETTLED: ReadonlySet<Status> = new Set(['received', 'completed', 'returning']);
const STOCK_BACK: ReadonlySet<Status> = new Set(['cancelled', 'refunded']);

const notFound: Outcome = { status: 404, code: 'NOT_FOUND' };
const conflict: Outcome = { status: 409, code: 'ORDER_STATE_CONFLICT' };

export class OrderModel {
  readonly orders: ModelOrder[] = [];
  readonly buyers: BuyerState[];

  constructor(
    readonly catalog: ModelCatalog,
    buyerCount: number,
    readonly feeBps: number,
  ) {
    this.buyers = Array.from({ length: buyerCount }, () => ({ toppedUp: 0, withdrawn: 0, pinFailures: 0, pinLockedUntil: null }));
  }

  // What the API shows, derived.

  fee(order: ModelOrder): number {
    return Math.floor((order.total * this.feeBps) / 10_000);
  }
  /** No order here is bought through a note, so nothing is ever incoming (R12 rewards). */
  wallet(buyer: number): { balance: number; held: number; incoming: number } {
    const mine = this.orders.filter((o) => o.buyer === buyer);
    const sum = (statuses: ReadonlySet<Status>) => mine.filter((o) => statuses.has(o.status)).reduce((s, o) => s + o.total, 0);
    const b = this.buyers[buyer]!;
    return { balance: b.toppedUp - b.withdrawn - sum(SPENT), held: sum(IN_ESCROW), incoming: 0 };
  }
  stock(sku: number): number {
    const sold = this.orders.filter((o) => !STOCK_BACK.has(o.status)).flatMap((o) => o.lines.filter((l) => l.sku === sku));
    return this.catalog.skus[sku]!.stock - sold.reduce((s, l) => s + l.quantity, 0);
  }
  /** Escrow released to the operator less the fee, and not returned. */
  receivable(operator: number): number {
    return this.orders.filter((o) => o.operator === operator && SETTLED.has(o.status)).reduce((s, o) => s + o.total - this.fee(o), 0);
  }
  /** What the platform keeps of this order: its fee once settled, nothing after a refund. */
  feeKept(order: ModelOrder): number {
    return SETTLED.has(order.status) ? this.fee(order) : 0;
  }

  // Predictions.

  checkout(buyer: number, lines: { sku: number; quantity: number }[], addOns: number[], now: number): Outcome {
    if (lines.some((l) => l.quantity > this.stock(l.sku))) return { status: 409, code: 'OUT_OF_STOCK' };
    // One order per operator, in the order the cart first names them.
    const operators = [...new Set(lines.map((l) => this.catalog.skus[l.sku]!.operator))];
    const groups = operators.map((operator) => {
      const own = lines.filter((l) => this.catalog.skus[l.sku]!.operator === operator);
      const products = new Set(own.map((l) => this.catalog.skus[l.sku]!.product));
      const extras = addOns.map((a) => this.catalog.addOns[a]!).filter((a) => products.has(a.product));
      const total = own.reduce((s, l) => s + this.catalog.skus[l.sku]!.price * l.quantity, 0) + extras.reduce((s, a) => s + a.price, 0);
      return { operator, lines: own, total };
    });
    return {
      status: 201,
      commit: (body: { orders: { id: string; total: number; status: string }[] }) => {
        if (body.orders.length !== groups.length) throw new Error(`checkout made ${body.orders.length} orders, the model ${groups.length}`);
        groups.forEach((g, i) => {
          const got = body.orders[i]!;
          if (got.total !== g.total || got.status !== 'pending_payment') throw new Error(`order ${i}: ${got.total} ${got.status}, the model ${g.total} pending_payment`);
          this.orders.push({ id: got.id, buyer, ...g, status: 'pending_payment', expiresAt: now + PAYMENT_WINDOW_MS });
        });
      },
    };
  }

  /** D4: the PIN is checked in its own transaction; a failure counts, a success clears the count. */
  private pin(buyer: number, right: boolean, now: number): { failure?: Outcome; always: () => void } {
    const b = this.buyers[buyer]!;
    if (b.pinLockedUntil !== null && b.pinLockedUntil > now) return { failure: { status: 423, code: 'PIN_LOCKED' }, always: () => {} };
    if (right) return { always: () => void (b.pinFailures = 0) };
    const failures = b.pinFailures + 1;
    if (failures >= PIN_TRIES) {
      const always = () => Object.assign(b, { pinFailures: 0, pinLockedUntil: now + PIN_LOCK_MS });
      return { failure: { status: 423, code: 'PIN_LOCKED', always }, always };
    }
    const always = () => Object.assign(b, { pinFailures: failures, pinLockedUntil: null });
    return { failure: { status: 401, code: 'BAD_PIN', remainingTries: PIN_TRIES - failures, always }, always };
  }

  pay(buyer: number, order: ModelOrder, pinRight: boolean, now: number): Outcome {
    if (order.buyer !== buyer) return notFound;
    if (order.status !== 'pending_payment') return { status: 409, code: 'ORDER_NOT_PAYABLE' };
    const pin = this.pin(buyer, pinRight, now);
    if (pin.failure) return pin.failure;
    if (order.expiresAt <= now) return { status: 409, code: 'ORDER_EXPIRED', always: pin.always };
    if (this.wallet(buyer).balance < order.total) return { status: 402, code: 'INSUFFICIENT_FUNDS', always: pin.always };
    return { status: 200, always: pin.always, commit: () => void (order.status = 'paid') };
  }

  withdraw(buyer: number, amount: number, pinRight: boolean, now: number): Outcome {
    const pin = this.pin(buyer, pinRight, now);
    if (pin.failure) return pin.failure;
    if (this.wallet(buyer).balance < amount) return { status: 402, code: 'INSUFFICIENT_FUNDS', always: pin.always };
    return { status: 201, always: pin.always, commit: () => void (this.buyers[buyer]!.withdrawn += amount) };
  }

  topUpPaid(buyer: number, amount: number): void {
    this.buyers[buyer]!.toppedUp += amount;
  }

  /** Before shipping only; a paid order's hold is voided (a full refund). */
  cancel(buyer: number, order: ModelOrder): Outcome {
    if (order.buyer !== buyer) return notFound;
    if (order.status !== 'pending_payment' && order.status !== 'paid') return conflict;
    return { status: 200, commit: () => void (order.status = 'cancelled') };
  }

  ship(operator: number, order: ModelOrder, now: number): Outcome {
    if (order.operator !== operator) return notFound;
    if (order.status !== 'paid') return conflict;
    return { status: 200, commit: () => Object.assign(order, { status: 'shipped', shippedAt: now }) };
  }

  confirmReceipt(buyer: number, order: ModelOrder, now: number): Outcome {
    if (order.buyer !== buyer) return notFound;
    if (order.status !== 'shipped') return conflict;
    return { status: 200, commit: () => Object.assign(order, { status: 'received', receivedAt: now }) };
  }

  /** R9: every SKU here is `general` (returnable); only the window can refuse. */
  requestReturn(buyer: number, order: ModelOrder, now: number): Outcome {
    if (order.buyer !== buyer) return notFound;
    if (order.status !== 'received') return conflict;
    if (now >= returnWindowEnd(order.receivedAt!)) return { status: 409, code: 'RETURN_NOT_ALLOWED' };
    return { status: 200, commit: () => Object.assign(order, { status: 'returning', returnRequestedAt: now }) };
  }

  /** R10: the operator has the goods back; the buyer gets the whole total. */
  confirmReturn(operator: number, order: ModelOrder): Outcome {
    if (order.operator !== operator) return notFound;
    if (order.status !== 'returning') return conflict;
    return { status: 200, commit: () => void (order.status = 'refunded') };
  }

  /** The timers, in the order the sweep runs them; returns what they did, as `from → to`. */
  sweep(now: number): string[] {
    const done: string[] = [];
    const move = (due: (o: ModelOrder) => boolean, to: Partial<ModelOrder> & { status: Status }) => {
      for (const o of this.orders.filter(due)) {
        done.push(`${o.status} → ${to.status}`);
        Object.assign(o, to);
      }
    };
    move((o) => o.status === 'pending_payment' && o.expiresAt <= now, { status: 'cancelled' });
    move((o) => o.status === 'shipped' && o.shippedAt! <= now - AUTO_CONFIRM_MS, { status: 'received', receivedAt: now });
    move((o) => o.status === 'received' && now >= returnWindowEnd(o.receivedAt!), { status: 'completed' });
    move((o) => o.status === 'returning' && o.returnRequestedAt! <= now - RETURN_CONFIRM_MS, { status: 'refunded' });
    return done;
  }
}
