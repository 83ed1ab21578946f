/**
 * Escrow (src/modules/ledger/escrow.ts), at the service level: the context built
 * around a PGlite test database, each flow called through its workflow, and every
 * ledger leg it wrote asserted line by line — account and owner on each side,
 * amount, and whether it is still held (pending), moved (posted) or released
 * (voided). After each test the books pass the same check `npm run ledger:check` runs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import type { LedgerLine } from '../src/modules/ledger/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const FEE = 500; // PLATFORM_FEE_BPS 500 of PRICE
const REWARD = 300; // REFERRAL_BPS 300 of PRICE
const SHIPPING = { carrier: '顺丰速运', trackingNumber: 'SF1234567890' };

/** A line as the test reads it: [transfer id, kind, code, debit account(owner), credit account(owner), amount, status]. */
type Leg = [string, LedgerLine['kind'], string, string, string, number, LedgerLine['status']];

describe('escrow on pglite', () => {
  let t: TestApp;
  let shop: GivenOperator;
  let skuId: string;
  let productId: string;
  let buyer: GivenUser & { addressId: string };

  const db = () => t.ctx.database.db;
  const ownerOf = (owner: string | null) => (owner === null ? '' : owner === buyer.id ? 'buyer' : owner === shop.id ? 'shop' : owner);
  const account = (code: string, owner: string | null) => `${code}(${ownerOf(owner)})`;
  /** Every leg of these references, in the order written. */
  async function legs(...references: string[]): Promise<Leg[]> {
    return (await t.ctx.ledger.linesFor(db(), references)).map((l) => [
      l.transferId,
      l.kind,
      l.code,
      account(l.debitAccount, l.debitOwnerId),
      account(l.creditAccount, l.creditOwnerId),
      l.amount,
      l.status,
    ]);
  }
  const balance = (code: Parameters<typeof t.ctx.ledger.balanceOf>[1], owner: string | null = null) => t.ctx.ledger.balanceOf(db(), code, owner);

  async function place(attribution?: string): Promise<string> {
    const [order] = await t.ctx.placeOrder.checkout(buyer.id, { items: [{ skuId, quantity: 1 }], addressId: buyer.addressId, attribution }, randomUUID());
    return order!.id;
  }
  const pay = (orderId: string) => t.ctx.payOrder.pay(buyer.id, orderId, { pin: PIN }, randomUUID());
  const ship = (orderId: string) => t.ctx.shipOrder.ship(shop.owner.id, orderId, SHIPPING, randomUUID());
  const receive = (orderId: string) => t.ctx.receiveOrder.confirmReceipt(buyer.id, orderId, randomUUID());
  async function received(attribution?: string): Promise<string> {
    const id = await place(attribution);
    await pay(id);
    await ship(id);
    await receive(id);
    return id;
  }
  /** The legs pay → receipt → settle writes for one order of PRICE. */
  const settled = (id: string): Leg[] => [
    [`order-hold:${id}`, 'pending', 'order_payment', 'user_wallet(buyer)', 'platform_escrow(buyer)', PRICE, 'posted'],
    [`order-post:${id}`, 'post', 'order_receipt', 'user_wallet(buyer)', 'platform_escrow(buyer)', PRICE, 'posted'],
    [`order-settle:${id}`, 'single', 'order_settlement', 'platform_escrow(buyer)', 'operator_receivable(shop)', PRICE - FEE, 'posted'],
    [`order-fee:${id}`, 'single', 'platform_fee', 'platform_escrow(buyer)', 'platform_fees()', FEE, 'posted'],
  ];
  /** Escrow nets to zero for the buyer once its orders end: all that came in went out. */
  async function escrowEmpty() {
    const escrow = await balance('platform_escrow', buyer.id);
    expect(escrow.creditsPosted - escrow.debitsPosted).toBe(0);
    expect(escrow.creditsPending).toBe(0);
  }

  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  beforeEach(async () => {
    const admin = await given.admin(t);
    shop = await given.operator(t, admin);
    const product = await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 100 }] });
    skuId = product.skus[0].id as string;
    productId = product.id as string;
    const user = await given.user(t, { pin: PIN, viaSms: false });
    await given.funds(t, user, 50_000);
    buyer = { ...user, addressId: await given.address(t, user) };
  });
  afterEach(async () => {
    expect(await t.ctx.ledger.check(db())).toEqual([]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pay holds the total in the buyer’s own escrow; receipt posts it and settles total − fee to the operator, the fee to the platform', async () => {
    const id = await place();
    await pay(id);
    expect(await legs(id)).toEqual([[`order-hold:${id}`, 'pending', 'order_payment', 'user_wallet(buyer)', 'platform_escrow(buyer)', PRICE, 'pending']]);
    expect(await balance('user_wallet', buyer.id)).toMatchObject({ available: 50_000 - PRICE, held: PRICE });

    await ship(id);
    await receive(id);
    expect(await legs(id)).toEqual(settled(id));
    expect((await balance('user_wallet', buyer.id)).available).toBe(50_000 - PRICE);
    expect((await balance('operator_receivable', shop.id)).available).toBe(PRICE - FEE);
    await escrowEmpty();
  });

  it('cancel voids the hold: the whole total returns to the wallet', async () => {
    const id = await place();
    await pay(id);
    await t.ctx.cancelOrder.cancel(buyer.id, id, randomUUID());
    expect(await legs(id)).toEqual([
      [`order-hold:${id}`, 'pending', 'order_payment', 'user_wallet(buyer)', 'platform_escrow(buyer)', PRICE, 'voided'],
      [`order-void:${id}`, 'void', 'order_cancel_refund', 'user_wallet(buyer)', 'platform_escrow(buyer)', PRICE, 'voided'],
    ]);
    expect(await balance('user_wallet', buyer.id)).toMatchObject({ available: 50_000, held: 0 });
    await escrowEmpty();
  });

  it('a return refunds the whole total: the operator’s share from its receivable, the fee from the platform', async () => {
    const id = await received();
    await t.ctx.afterSalesFlow.requestReturn(buyer.id, id, SHIPPING, randomUUID());
    await t.ctx.afterSalesFlow.confirmReturn(shop.owner.id, id, randomUUID());
    expect(await legs(id)).toEqual([
      ...settled(id),
      [`order-refund:${id}`, 'single', 'return_refund', 'operator_receivable(shop)', 'user_wallet(buyer)', PRICE - FEE, 'posted'],
      [`order-refund-fee:${id}`, 'single', 'return_refund', 'platform_fees()', 'user_wallet(buyer)', FEE, 'posted'],
    ]);
    expect((await balance('user_wallet', buyer.id)).available).toBe(50_000);
    expect((await balance('operator_receivable', shop.id)).available).toBe(0);
    await escrowEmpty();
  });

  it('a return the receivable cannot cover takes the rest from the operator’s deposit (R16)', async () => {
    await given.funds(t, shop.owner, 20_000);
    await t.ctx.deposit.pay(shop.owner.id, shop.id, 20_000);
    const first = await received();
    const second = await received();
    // Both returned: the second refund finds the receivable short by one order's share.
    await t.ctx.afterSalesFlow.requestReturn(buyer.id, first, SHIPPING, randomUUID());
    await t.ctx.afterSalesFlow.confirmReturn(shop.owner.id, first, randomUUID());
    const receivable = await balance('operator_receivable', shop.id);
    await db().transaction().execute(async (tx) => {
      const wallet = await t.ctx.ledger.account(tx, 'user_wallet', shop.owner.id);
      await t.ctx.ledger.transfer(tx, { id: `withdraw:${randomUUID()}`, debit: receivable.accountId, credit: wallet, amount: 4_000, code: 'test_payout' });
    });
    await t.ctx.afterSalesFlow.requestReturn(buyer.id, second, SHIPPING, randomUUID());
    await t.ctx.afterSalesFlow.confirmReturn(shop.owner.id, second, randomUUID());
    expect(await legs(second)).toEqual([
      ...settled(second),
      [`order-refund:${second}`, 'single', 'return_refund', 'operator_receivable(shop)', 'user_wallet(buyer)', PRICE - FEE - 4_000, 'posted'],
      [`order-refund-deposit:${second}`, 'single', 'return_refund', 'operator_deposit(shop)', 'user_wallet(buyer)', 4_000, 'posted'],
      [`order-refund-fee:${second}`, 'single', 'return_refund', 'platform_fees()', 'user_wallet(buyer)', FEE, 'posted'],
    ]);
    expect((await balance('operator_deposit', shop.id)).available).toBe(16_000);
    expect((await balance('user_wallet', buyer.id)).available).toBe(50_000);
  });

  it('a dispute accepted before receipt: the refund stays with the buyer, the rest settles; compensation comes from the deposit', async () => {
    await given.funds(t, shop.owner, 20_000);
    await t.ctx.deposit.pay(shop.owner.id, shop.id, 20_000);
    const id = await place();
    await pay(id);
    await ship(id);
    const d = await t.ctx.openDispute.open(buyer.id, { orderId: id, category: 'quality', claim: { refund: 4_000, compensation: 1_000 }, description: '收到时外壳已碎' });
    await t.ctx.resolveDispute.respond(shop.owner.id, d.id, { accept: true });
    const kept = PRICE - 4_000;
    const fee = Math.floor((kept * 500) / 10_000);
    expect(await legs(id, d.id)).toEqual([
      [`order-hold:${id}`, 'pending', 'order_payment', 'user_wallet(buyer)', 'platform_escrow(buyer)', PRICE, 'posted'],
      [`order-post:${id}`, 'post', 'order_receipt', 'user_wallet(buyer)', 'platform_escrow(buyer)', kept, 'posted'],
      [`order-settle:${id}`, 'single', 'order_settlement', 'platform_escrow(buyer)', 'operator_receivable(shop)', kept - fee, 'posted'],
      [`order-fee:${id}`, 'single', 'platform_fee', 'platform_escrow(buyer)', 'platform_fees()', fee, 'posted'],
      [`dispute:${d.id}:compensation:operator_deposit`, 'single', 'dispute_compensation', 'operator_deposit(shop)', 'user_wallet(buyer)', 1_000, 'posted'],
    ]);
    expect((await balance('user_wallet', buyer.id)).available).toBe(50_000 - kept + 1_000);
    expect((await balance('operator_deposit', shop.id)).available).toBe(19_000);
    await escrowEmpty();
  });

  it('a ruling after settlement: the platform returns its fee’s share, the operator the rest; compensation past the deposit is advanced and recovered from the next receivable', async () => {
    const id = await received();
    const d = await t.ctx.openDispute.open(buyer.id, { orderId: id, category: 'quality', claim: { refund: PRICE - 2_000, compensation: 2_000 }, description: '与描述不符' });
    await t.ctx.resolveDispute.respond(shop.owner.id, d.id, { accept: false, reason: '不同意' });
    await t.ctx.disputes.escalate(buyer.id, d.id);
    const admin = await given.admin(t);
    await t.ctx.resolveDispute.rule(admin.id, d.id, { refund: PRICE - 2_000, compensation: 2_000, reason: '证据充分' });
    const refund = PRICE - 2_000;
    const feeBack = Math.floor((FEE * refund) / PRICE);
    const owed = refund - feeBack;
    const left = PRICE - FEE - owed; // what the receivable still had for the compensation
    expect(await legs(id, d.id)).toEqual([
      ...settled(id),
      [`dispute:${d.id}:refund:fee`, 'single', 'dispute_refund', 'platform_fees()', 'user_wallet(buyer)', feeBack, 'posted'],
      [`dispute:${d.id}:refund:operator_receivable`, 'single', 'dispute_refund', 'operator_receivable(shop)', 'user_wallet(buyer)', owed, 'posted'],
      [`dispute:${d.id}:compensation:operator_receivable`, 'single', 'dispute_compensation', 'operator_receivable(shop)', 'user_wallet(buyer)', left, 'posted'],
      [`dispute:${d.id}:compensation:advance`, 'single', 'dispute_compensation_advance', 'operator_debt(shop)', 'user_wallet(buyer)', 2_000 - left, 'posted'],
    ]);
    expect((await balance('operator_debt', shop.id)).debitsPosted).toBe(2_000 - left);

    // The next settlement repays the debt first.
    const next = await received();
    expect(await legs(next)).toEqual([
      ...settled(next),
      [`order-debt-recovery:${next}`, 'single', 'debt_recovery', 'operator_receivable(shop)', 'operator_debt(shop)', 2_000 - left, 'posted'],
    ]);
    const debt = await balance('operator_debt', shop.id);
    expect(debt.debitsPosted - debt.creditsPosted).toBe(0);
    await escrowEmpty();
  });

  describe('referral reward (R12)', () => {
    let author: GivenUser;
    let token: string;
    beforeEach(async () => {
      author = await given.user(t, { viaSms: false });
      const note = await given.note(t, author, [[productId]]);
      token = (await t.http.post(`/notes/${note.id}/tags/${note.tags[0].id}/open`)).body.attribution as string;
    });
    const reward = (id: string, status: LedgerLine['status']): Leg => [`order-referral:${id}`, 'pending', 'referral_reward', 'operator_receivable(shop)', `user_wallet(${author.id})`, REWARD, status];

    it('held from the operator’s receivable at settlement, posted when the order completes', async () => {
      const id = await received(token);
      expect(await legs(id)).toEqual([...settled(id), reward(id, 'pending')]);
      expect(await balance('user_wallet', author.id)).toMatchObject({ available: 0, creditsPending: REWARD });

      t.clock.advance(9 * DAY);
      await t.ctx.orderTimers.sweep();
      expect(await legs(id)).toEqual([
        ...settled(id),
        reward(id, 'posted'),
        [`order-referral-post:${id}`, 'post', 'referral_reward', 'operator_receivable(shop)', `user_wallet(${author.id})`, REWARD, 'posted'],
      ]);
      expect((await balance('user_wallet', author.id)).available).toBe(REWARD);
      expect((await balance('operator_receivable', shop.id)).available).toBe(PRICE - FEE - REWARD);
    });

    it('clawed back (voided) when the goods come back, before the buyer is refunded in full', async () => {
      const id = await received(token);
      await t.ctx.afterSalesFlow.requestReturn(buyer.id, id, SHIPPING, randomUUID());
      await t.ctx.afterSalesFlow.confirmReturn(shop.owner.id, id, randomUUID());
      expect(await legs(id)).toEqual([
        ...settled(id),
        reward(id, 'voided'),
        [`order-referral-void:${id}`, 'void', 'referral_reversed', 'operator_receivable(shop)', `user_wallet(${author.id})`, REWARD, 'voided'],
        [`order-refund:${id}`, 'single', 'return_refund', 'operator_receivable(shop)', 'user_wallet(buyer)', PRICE - FEE, 'posted'],
        [`order-refund-fee:${id}`, 'single', 'return_refund', 'platform_fees()', 'user_wallet(buyer)', FEE, 'posted'],
      ]);
      expect(await balance('user_wallet', author.id)).toMatchObject({ available: 0, creditsPending: 0, creditsPosted: 0 });
      expect((await balance('user_wallet', buyer.id)).available).toBe(50_000);
      await escrowEmpty();
    });
  });
});
