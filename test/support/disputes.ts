/**
 * Helpers the dispute tests share: a shop with one product (and a deposit), an order
 * at a chosen stage, opening a case, acting on it as a party or as the admin. Each
 * call logs in again where the tests move the clock past the 7-day session.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { startTestApp, type TestApp } from './app.js';
import type { DatabaseKind } from './databases.js';
import { given, type GivenOperator, type GivenUser } from './given.js';

export const PIN = '258036';
export const PRICE = 10_000;

export type Shop = { shop: GivenOperator; skuId: string };

export function disputeRig(app: () => TestApp, admin: () => GivenUser) {
  const t = () => app();
  const db = () => t().ctx.database.db;
  const key = () => ({ 'idempotency-key': randomUUID() });
  /** A new session (sessions lapse after 7 idle days, and the tests move the clock). */
  const login = async (user: GivenUser) => (await t().http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;

  /** A shop with one product at PRICE and `deposit` fen paid toward its deposit. */
  async function newShop(deposit = 0): Promise<Shop> {
    const shop = await given.operator(t(), admin());
    const product = await given.product(t(), shop, { skus: [{ name: '标准', price: PRICE, stock: 50 }] });
    if (deposit > 0) {
      await given.funds(t(), shop.owner, deposit);
      const paid = await t().http.post(`/operators/${shop.id}/deposit`, { amount: deposit }, { token: shop.owner.token, headers: key() });
      expect(paid.status, paid.text).toBe(200);
    }
    return { shop, skuId: product.skus[0].id as string };
  }

  /** A paid order (and further: shipped, received) of one unit; the buyer starts with ¥500. */
  async function order(shop: Shop, stage: 'paid' | 'shipped' | 'received' = 'shipped') {
    const buyer = await given.user(t(), { pin: PIN, viaSms: false });
    await given.funds(t(), buyer, 50_000);
    const addressId = await given.address(t(), buyer);
    const placed = await t().http.post('/orders', { addressId, items: [{ skuId: shop.skuId, quantity: 1 }] }, { token: buyer.token, headers: key() });
    const id = placed.body.order.id as string;
    expect((await t().http.post(`/orders/${id}/pay`, { pin: PIN }, { token: buyer.token, headers: key() })).status).toBe(200);
    if (stage !== 'paid') await t().http.post(`/orders/${id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.shop.owner.token, headers: key() });
    if (stage === 'received') expect((await t().http.post(`/orders/${id}/confirm-receipt`, undefined, { token: buyer.token, headers: key() })).status).toBe(200);
    return { buyer, orderId: id };
  }

  const open = (buyer: GivenUser, body: Record<string, unknown>) => t().http.post('/disputes', { category: 'quality', description: '收到时外壳已碎', ...body }, { token: buyer.token, headers: key() });
  async function opened(buyer: GivenUser, orderId: string, body: Record<string, unknown> = {}) {
    const res = await open(buyer, { orderId, claim: { refund: PRICE }, ...body });
    expect(res.status, res.text).toBe(201);
    return res.body.dispute;
  }
  const act = async (user: GivenUser, id: string, action: string, body?: unknown) => t().http.post(`/disputes/${id}/${action}`, body, { token: await login(user), headers: key() });
  const rule = async (id: string, body: Record<string, unknown>) => t().http.post(`/admin/disputes/${id}/rule`, body, { token: await login(admin()), headers: key() });
  const wallet = async (user: GivenUser) => (await t().http.get('/wallet', { token: await login(user) })).body;

  return { db, key, login, newShop, order, open, opened, act, rule, wallet };
}

/**
 * A dispute suite's hooks on one database (call inside `describe`): one app, a fresh
 * admin for each test (sessions lapse as the tests move the clock), and the books
 * checked after each. `t()` and `admin()` answer the current ones.
 */
export function disputeSuite(kind: DatabaseKind) {
  let app: TestApp;
  let admin: GivenUser;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  beforeEach(async () => {
    admin = await given.admin(app);
  });
  afterEach(async () => {
    expect(await app.ctx.ledger.check(app.ctx.database.db)).toEqual([]);
  });
  afterAll(async () => {
    await app?.close();
  });
  return { t: () => app, admin: () => admin, ...disputeRig(() => app, () => admin) };
}
