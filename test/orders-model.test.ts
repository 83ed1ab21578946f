/**
 * Model-based test of orders and wallets (item 11), over real HTTP on both
 * databases: fast-check draws sequences of top-ups, checkouts, payments (now and
 * then with a wrong PIN), cancels, shipping, receipts, returns, withdrawals and
 * clock moves with the order timers, each with or without an injected failure. After
 * every step the API must agree with test/support/order-model.ts (answers, wallet
 * balances, order statuses, stock, operator receivables, platform fees) and
 * `ledger.check` — what `npm run ledger:check` runs — must find nothing.
 *
 * Injected failures, without mocking any module:
 * - "before commit": a trigger on a table the step writes raises while a flag row
 *   names that table, so the business transaction fails inside the database. The
 *   answer must be a 5xx and nothing may change; the same key then runs afresh.
 * - "replay": the answer was lost and the client repeats the request with its key:
 *   the stored answer comes back, byte for byte.
 * - "rerun": the process died after the commit and before it stored the answer
 *   (test/crash.test.ts makes that real): the key is left `running` with an expired
 *   claim, so the retry runs the handler again. It must not move money twice.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';
import type { Response } from './support/http.js';
import {
  abandonAnswer,
  arm,
  BUYERS,
  CATALOG,
  disarm,
  faultArb,
  faultLabel,
  installFaults,
  newWorld,
  perform,
  PIN,
  post,
  reach,
  reached,
  verify,
  type Fault,
  type FaultTable,
  type World,
} from './support/order-harness.js';
import { OrderModel, type ModelOrder, type Outcome, type Status } from './support/order-model.js';

const WRONG_PIN = '999111';
const SHIPPING = { carrier: '顺丰速运', trackingNumber: 'SF1234567890' };
const RETURN_SHIPPING = { carrier: '京东快递', trackingNumber: 'JD0001112223' };
const STARTING_FUNDS = 100_000;

type Cmd = fc.AsyncCommand<OrderModel, World>;

class TopUp implements Cmd {
  static tables = ['ledger_transfers', 'top_ups'] as const;
  constructor(
    readonly buyer: number,
    readonly amount: number,
    readonly fault: Fault,
  ) {}
  check = () => true;
  async run(m: OrderModel, w: World): Promise<void> {
    const step = this.toString();
    const { token } = w.buyers[this.buyer]!;
    const key = randomUUID();
    const created = await post(w, '/wallet/top-ups', { amount: this.amount }, token, key);
    expect([created.status, created.body.topUp?.status], step).toEqual([201, 'pending']);
    if (this.fault.kind === 'replay') {
      const again = await post(w, '/wallet/top-ups', { amount: this.amount }, token, key);
      expect([again.status, again.text], `${step}: replay`).toEqual([created.status, created.text]);
    }
    if (this.fault.kind === 'rerun') {
      // The answer was lost after commit: the rerun finds the same top-up (its id derives from the key).
      await abandonAnswer(w, key);
      const again = await post(w, '/wallet/top-ups', { amount: this.amount }, token, key);
      expect([again.status, again.body.topUp?.id], `${step}: rerun after a lost answer`).toEqual([201, created.body.topUp.id]);
    }
    const complete = () => w.t.http.post(`/sandbox/top-ups/${created.body.topUp.id}/complete`);
    if (this.fault.kind === 'before') {
      await arm(w, TopUp.tables[this.fault.table % TopUp.tables.length]!);
      const failed = await complete().finally(() => disarm(w));
      expect([failed.status, failed.body.code], step).toEqual([502, 'PROVIDER_WEBHOOK_FAILED']);
      reach('topUp: failed before commit');
      await verify(m, w, `${step}, after the failed webhook`);
    }
    const paid = await complete();
    expect([paid.status, paid.body.topUp?.status], step).toEqual([200, 'succeeded']);
    m.topUpPaid(this.buyer, this.amount);
    reach('topUp: 200');
    // The provider repeats its webhook: credited once.
    if (this.fault.kind === 'rerun') expect((await complete()).status, `${step}: repeated webhook`).toBe(200);
    await verify(m, w, step);
  }
  toString = () => `topUp(buyer ${this.buyer}, ${this.amount})${this.fault.kind === 'rerun' ? ' [webhook repeated]' : faultLabel(this.fault, TopUp.tables)}`;
}

class Checkout implements Cmd {
  static tables = ['orders', 'order_events', 'skus'] as const;
  constructor(
    readonly buyer: number,
    readonly lines: { sku: number; quantity: number }[],
    readonly addOns: number[],
    readonly fault: Fault,
  ) {}
  check = () => true;
  /** Only add-ons of products in the cart: anything else is bad input, tested elsewhere. */
  private chosenAddOns(): number[] {
    const products = new Set(this.lines.map((l) => CATALOG.skus[l.sku]!.product));
    return this.addOns.filter((a) => products.has(CATALOG.addOns[a]!.product));
  }
  async run(m: OrderModel, w: World): Promise<void> {
    const b = w.buyers[this.buyer]!;
    const addOns = this.chosenAddOns();
    const body = { items: this.lines.map((l) => ({ skuId: w.skuIds[l.sku]!, quantity: l.quantity })), addressId: b.addressId, addOnIds: addOns.map((a) => w.addOnIds[a]!) };
    await perform(m, w, { name: 'checkout', predict: () => m.checkout(this.buyer, this.lines, addOns, w.t.clock.now().getTime()), send: (key) => post(w, '/orders', body, b.token, key), tables: Checkout.tables, keyAware: true }, this.fault, this.toString());
    await verify(m, w, this.toString());
  }
  toString = () =>
    `checkout(buyer ${this.buyer}: ${this.lines.map((l) => `sku${l.sku}×${l.quantity}`).join(' + ')}${this.chosenAddOns().length ? `, add-ons ${this.chosenAddOns().join(',')}` : ''})${faultLabel(this.fault, Checkout.tables)}`;
}

/**
 * A step on one of the run's orders, by the order's own buyer (or shop) or, now and
 * then, by the other one (404). Mostly it picks among the orders in a state where
 * the step is allowed (random picks rarely reach a return); now and then among all.
 */
abstract class OrderStep implements Cmd {
  abstract readonly tables: readonly FaultTable[];
  abstract readonly name: string;
  /** The statuses in which the step is allowed. */
  abstract readonly allowedFrom: readonly Status[];
  /** Whose step it is: the order's buyer, or its shop. */
  readonly by: 'buyer' | 'operator' = 'buyer';
  /** Every order action finds its own event by the key, so a rerun answers as the first run did. */
  readonly keyAware = true;
  constructor(
    readonly pick: number,
    readonly own: boolean,
    readonly anyOrder: boolean,
    readonly fault: Fault,
  ) {}
  check = (m: Readonly<OrderModel>) => m.orders.length > 0;
  abstract predict(m: OrderModel, order: ModelOrder, actor: number, now: number): Outcome;
  abstract send(w: World, order: ModelOrder, actor: number, key: string): Promise<Response>;
  async run(m: OrderModel, w: World): Promise<void> {
    const allowed = m.orders.filter((o) => this.allowedFrom.includes(o.status));
    const pool = this.anyOrder || allowed.length === 0 ? m.orders : allowed;
    await this.runOn(m, w, pool[this.pick % pool.length]!);
  }
  async runOn(m: OrderModel, w: World, order: ModelOrder): Promise<void> {
    const owner = this.by === 'buyer' ? order.buyer : order.operator;
    const actor = this.own ? owner : (owner + 1) % 2;
    const step = `${this.toString()} → ${order.id} (${order.status})`;
    const call = { name: this.name, predict: () => this.predict(m, order, actor, w.t.clock.now().getTime()), send: (key: string) => this.send(w, order, actor, key), tables: this.tables, keyAware: this.keyAware };
    await perform(m, w, call, this.fault, step);
    await verify(m, w, step);
  }
  protected detail(): string {
    return '';
  }
  toString(): string {
    return `${this.name}(${this.anyOrder ? 'any' : 'an allowed'} order #${this.pick} by ${this.own ? 'its' : 'another'} ${this.by}${this.detail()})${faultLabel(this.fault, this.tables)}`;
  }
}

class Pay extends OrderStep {
  readonly name = 'pay';
  readonly tables = ['ledger_transfers', 'orders', 'order_events'] as const;
  readonly allowedFrom = ['pending_payment'] as const;
  constructor(
    pick: number,
    own: boolean,
    anyOrder: boolean,
    readonly pinRight: boolean,
    fault: Fault,
  ) {
    super(pick, own, anyOrder, fault);
  }
  protected override detail = () => (this.pinRight ? '' : ', wrong PIN');
  predict = (m: OrderModel, order: ModelOrder, actor: number, now: number) => m.pay(actor, order, this.pinRight, now);
  send = (w: World, order: ModelOrder, actor: number, key: string) => post(w, `/orders/${order.id}/pay`, { pin: this.pinRight ? PIN : WRONG_PIN }, w.buyers[actor]!.token, key);
}

/** The other steps on an order differ only in these. */
interface Action {
  name: string;
  by: 'buyer' | 'operator';
  allowedFrom: readonly Status[];
  tables: readonly FaultTable[];
  path: string;
  body?: unknown;
  predict(m: OrderModel, order: ModelOrder, actor: number, now: number): Outcome;
}
const ACTIONS = {
  cancel: { name: 'cancel', by: 'buyer', allowedFrom: ['pending_payment', 'paid'], tables: ['orders', 'order_events', 'skus'], path: 'cancel', predict: (m, o, a) => m.cancel(a, o) },
  ship: { name: 'ship', by: 'operator', allowedFrom: ['paid'], tables: ['orders', 'order_events'], path: 'ship', body: SHIPPING, predict: (m, o, a, now) => m.ship(a, o, now) },
  confirmReceipt: {
    name: 'confirmReceipt',
    by: 'buyer',
    allowedFrom: ['shipped'],
    tables: ['ledger_transfers', 'orders', 'order_events'],
    path: 'confirm-receipt',
    predict: (m, o, a, now) => m.confirmReceipt(a, o, now),
  },
  requestReturn: { name: 'requestReturn', by: 'buyer', allowedFrom: ['received'], tables: ['orders', 'order_events'], path: 'return', body: RETURN_SHIPPING, predict: (m, o, a, now) => m.requestReturn(a, o, now) },
  confirmReturn: {
    name: 'confirmReturn',
    by: 'operator',
    allowedFrom: ['returning'],
    tables: ['ledger_transfers', 'orders', 'order_events', 'skus'],
    path: 'return/received',
    predict: (m, o, a) => m.confirmReturn(a, o),
  },
} satisfies Record<string, Action>;

class OrderAction extends OrderStep {
  readonly name: string;
  override readonly by: 'buyer' | 'operator';
  readonly allowedFrom: readonly Status[];
  readonly tables: readonly FaultTable[];
  constructor(
    readonly action: Action,
    pick: number,
    own: boolean,
    anyOrder: boolean,
    fault: Fault,
  ) {
    super(pick, own, anyOrder, fault);
    ({ name: this.name, by: this.by, allowedFrom: this.allowedFrom, tables: this.tables } = action);
  }
  predict = (m: OrderModel, order: ModelOrder, actor: number, now: number) => this.action.predict(m, order, actor, now);
  send = (w: World, order: ModelOrder, actor: number, key: string) =>
    post(w, `/orders/${order.id}/${this.action.path}`, this.action.body, (this.action.by === 'buyer' ? w.buyers : w.operators)[actor]!.token, key);
}

/** The next step of an open order's life, whatever its state: walks orders all the way to a return. */
class Progress implements Cmd {
  constructor(
    readonly pick: number,
    readonly fault: Fault,
  ) {}
  check = (m: Readonly<OrderModel>) => m.orders.some((o) => Progress.next[o.status]);
  static next: Partial<Record<Status, (fault: Fault) => OrderStep>> = {
    pending_payment: (f) => new Pay(0, true, false, true, f),
    paid: (f) => new OrderAction(ACTIONS.ship, 0, true, false, f),
    shipped: (f) => new OrderAction(ACTIONS.confirmReceipt, 0, true, false, f),
    received: (f) => new OrderAction(ACTIONS.requestReturn, 0, true, false, f),
    returning: (f) => new OrderAction(ACTIONS.confirmReturn, 0, true, false, f),
  };
  async run(m: OrderModel, w: World): Promise<void> {
    const open = m.orders.filter((o) => Progress.next[o.status]);
    const order = open[this.pick % open.length]!;
    await Progress.next[order.status]!(this.fault).runOn(m, w, order);
  }
  toString = () => `progress(open order #${this.pick})${faultLabel(this.fault, ['the table the step writes'])}`;
}

class Withdraw implements Cmd {
  static tables = ['ledger_transfers', 'withdrawals'] as const;
  constructor(
    readonly buyer: number,
    readonly amount: number,
    readonly pinRight: boolean,
    readonly fault: Fault,
  ) {}
  check = () => true;
  async run(m: OrderModel, w: World): Promise<void> {
    const b = w.buyers[this.buyer]!;
    const body = { amount: this.amount, pin: this.pinRight ? PIN : WRONG_PIN };
    await perform(m, w, { name: 'withdraw', predict: () => m.withdraw(this.buyer, this.amount, this.pinRight, w.t.clock.now().getTime()), send: (key) => post(w, '/wallet/withdrawals', body, b.token, key), tables: Withdraw.tables, keyAware: true }, this.fault, this.toString());
    await verify(m, w, this.toString());
  }
  toString = () => `withdraw(buyer ${this.buyer}, ${this.amount}${this.pinRight ? '' : ', wrong PIN'})${faultLabel(this.fault, Withdraw.tables)}`;
}

/** Time passes, and perhaps the order timers run; a day or more idles sessions out, so everyone logs in again. */
class Advance implements Cmd {
  constructor(
    readonly ms: number,
    readonly sweep: boolean,
  ) {}
  check = () => true;
  async run(m: OrderModel, w: World): Promise<void> {
    w.t.clock.advance(this.ms);
    if (this.sweep) {
      await w.t.ctx.orderTimers.sweep();
      for (const move of m.sweep(w.t.clock.now().getTime())) reach(`sweep: ${move}`);
    }
    if (this.ms >= DAY) {
      for (const actor of [...w.buyers, ...w.operators]) {
        const login = await w.t.http.post('/auth/login', { phone: actor.user.phone, password: actor.user.password });
        expect(login.status).toBe(200);
        actor.token = login.body.token;
      }
    }
    await verify(m, w, this.toString());
  }
  toString = () => `advance(${Math.floor(this.ms / DAY)} d ${(this.ms % DAY) / MINUTE} min${this.sweep ? ', sweep' : ''})`;
}

const buyerArb = fc.nat(BUYERS - 1);
/** Mostly the order's own buyer or shop. */
const ownArb = fc.constantFrom(true, true, true, true, false);
const pinArb = fc.constantFrom(true, true, true, false);
const anyOrderArb = fc.constantFrom(false, false, false, true);
const orderStep = <S extends OrderStep>(make: (pick: number, own: boolean, anyOrder: boolean, fault: Fault) => S) =>
  fc.tuple(fc.nat(49), ownArb, anyOrderArb, faultArb).map(([p, own, any, f]) => make(p, own, any, f));
const checkoutArb = fc
  .tuple(
    buyerArb,
    fc.uniqueArray(fc.record({ sku: fc.nat(CATALOG.skus.length - 1), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3, selector: (l) => l.sku }),
    fc.subarray([0, 1, 2]),
    faultArb,
  )
  .map(([b, lines, addOns, f]) => new Checkout(b, lines, addOns, f));
const payArb = fc.tuple(fc.nat(49), ownArb, anyOrderArb, pinArb, faultArb).map(([p, own, any, right, f]) => new Pay(p, own, any, right, f));
/** Mostly the oldest open order, else the next two: carried on step after step, they reach the end of their lives. */
const progressArb = fc.tuple(fc.constantFrom(0, 0, 0, 1, 2), faultArb).map(([p, f]) => new Progress(p, f));
/** Weighted towards making and carrying orders forward: independent random steps rarely reach a return. */
const commands = [
  fc.tuple(buyerArb, fc.constantFrom(5_000, 20_000, 60_000), faultArb).map(([b, amount, f]) => new TopUp(b, amount, f)),
  ...[1, 2, 3, 4].map(() => checkoutArb),
  payArb,
  ...[1, 2, 3, 4, 5, 6].map(() => progressArb),
  ...Object.values(ACTIONS).map((action) => orderStep((p, own, any, f) => new OrderAction(action, p, own, any, f))),
  fc.tuple(buyerArb, fc.constantFrom(1_000, 8_000, 40_000), pinArb, faultArb).map(([b, amount, right, f]) => new Withdraw(b, amount, right, f)),
  ...[1, 2].map(() =>
    fc.tuple(fc.constantFrom(5 * MINUTE, 31 * MINUTE, DAY, 3 * DAY, 7 * DAY + MINUTE, 10 * DAY + MINUTE), fc.constantFrom(true, true, true, false)).map(([ms, sweep]) => new Advance(ms, sweep)),
  ),
];

/**
 * 15 to 25 steps a run. fc.commands would draw many sequences of one to three
 * steps, too short to take an order through a return; without shrinking (see the
 * run options) its replay path is of no use here.
 */
const sequenceArb = fc
  .array(fc.noBias(fc.oneof(...commands)), { minLength: 15, maxLength: 25 })
  .map((cmds) => Object.assign(cmds, { [fc.toStringMethod]: () => `\n  ${cmds.map(String).join(',\n  ')}` }));

/** Ends every order earlier runs left open, so the timers of this run see only its own. */
async function closeEarlierRuns(t: TestApp): Promise<void> {
  t.clock.advance(11 * DAY);
  await t.ctx.orderTimers.sweep();
  t.clock.advance(9 * DAY);
  await t.ctx.orderTimers.sweep();
}

for (const kind of DATABASE_KINDS) {
  describe(`order model on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      reached.clear();
      t = await startTestApp(kind);
      admin = await given.admin(t);
      await installFaults(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('random sequences of top-ups, orders, payments, cancels, receipts, returns, withdrawals, timers and injected failures keep the API, the model and the books in step', async () => {
      await fc.assert(
        fc.asyncProperty(sequenceArb, async (cmds) => {
          const setup = async () => {
            await closeEarlierRuns(t);
            admin = { ...admin, token: (await t.http.post('/auth/login', { phone: admin.phone, password: admin.password })).body.token };
            const world = await newWorld(t, admin);
            const model = new OrderModel(CATALOG, BUYERS, t.ctx.config.platformFeeBps);
            // Buyers start with some money, so that payments often go through; TopUp adds more.
            for (const [i, b] of world.buyers.entries()) {
              await given.funds(t, b.user, STARTING_FUNDS);
              model.topUpPaid(i, STARTING_FUNDS);
            }
            return { model, real: world };
          };
          await fc.asyncModelRun(setup, cmds);
        }),
        // A real app behind every step: no shrinking (each try would replay the HTTP sequence); the failing sequence is printed as it ran.
        { numRuns: 15, endOnFailure: true },
      );
    }, 150_000);

    // Guards the test above against going hollow: random sequences that never reach a return test little.
    it('the sequences reached every step, the illegal ones, the injected failures and every timer', () => {
      const wanted = [
        'topUp: 200', 'checkout: 201', 'checkout: 409 OUT_OF_STOCK', 'pay: 200', 'ship: 200', 'confirmReceipt: 200', 'requestReturn: 200', 'confirmReturn: 200', 'withdraw: 201',
        'sweep: pending_payment → cancelled',
      ];
      expect([...reached.keys()].filter((k) => k.endsWith('failed before commit')).length, 'steps failed before commit').toBeGreaterThanOrEqual(3);
      expect([...reached.keys()].filter((k) => k.endsWith('rerun after success')).length, 'steps rerun after a lost answer').toBeGreaterThanOrEqual(1);
      expect(wanted.filter((w) => !reached.has(w)), [...reached].map(([k, n]) => `${k} ×${n}`).sort().join('\n')).toEqual([]);
    });

    /** A run of its own, after the clock moves of the sequences above. */
    async function world(): Promise<World> {
      admin = { ...admin, token: (await t.http.post('/auth/login', { phone: admin.phone, password: admin.password })).body.token };
      return newWorld(t, admin);
    }

    // A retry after a crash between commit and stored answer: every money endpoint finds its first run's work
    // from the key (checkout and top-ups by derived ids, order actions by the key on their event).
    it('a cancel whose answer was lost after its commit answers its retry with the order, not 409 ORDER_STATE_CONFLICT', async () => {
      const w = await world();
      const b = w.buyers[0]!;
      await given.funds(t, b.user, 50_000);
      const order = (await post(w, '/orders', { items: [{ skuId: w.skuIds[0]!, quantity: 1 }], addressId: b.addressId }, b.token, randomUUID())).body.order;
      expect((await post(w, `/orders/${order.id}/pay`, { pin: PIN }, b.token, randomUUID())).status).toBe(200);
      const key = randomUUID();
      const first = await post(w, `/orders/${order.id}/cancel`, undefined, b.token, key);
      expect([first.status, first.body.order.status]).toEqual([200, 'cancelled']);
      await abandonAnswer(w, key);
      const retry = await post(w, `/orders/${order.id}/cancel`, undefined, b.token, key);
      // Refunded once, whatever the answer.
      expect((await t.http.get('/wallet', { token: b.token })).body).toEqual({ balance: 50_000, held: 0, incoming: 0 });
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
      expect([retry.status, retry.body.code, retry.body.order?.status]).toEqual([200, undefined, 'cancelled']);
    });

    it('a top-up whose answer was lost after its commit finds the same top-up on retry, not a second one', async () => {
      const w = await world();
      const b = w.buyers[0]!;
      const key = randomUUID();
      const first = await post(w, '/wallet/top-ups', { amount: 5_000 }, b.token, key);
      expect(first.status).toBe(201);
      await abandonAnswer(w, key);
      const retry = await post(w, '/wallet/top-ups', { amount: 5_000 }, b.token, key);
      expect(retry.status).toBe(201);
      expect(retry.body.topUp.id).toBe(first.body.topUp.id);
    });
  });
}
