/**
 * Group buys under concurrency and across processes:
 * server-sent events on both databases; on PostgreSQL, 100 users joining a 5-person
 * group at once over real HTTP, four members paying at once, a join through one
 * process seen live by a client of another (LISTEN/NOTIFY), and two processes
 * expiring the same groups at once refunding every member exactly once.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/lib/clock.js';
import { startTestApp, startTwoProcesses, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { openEvents } from './support/events.js';
import { given, validIdNumber, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const key = () => ({ 'idempotency-key': randomUUID() });

async function setup(t: TestApp, admin: GivenUser, groupSize: number) {
  const shop: GivenOperator = await given.operator(t, admin);
  const product = await given.product(t, shop, { skus: [{ name: '单只', price: 5_900, stock: 200, groupPrice: 4_900, groupSize }] });
  return { shop, product, skuId: product.skus[0].id as string };
}

async function payer(t: TestApp, user: GivenUser): Promise<void> {
  await given.identityConsent(t, user);
  expect((await t.http.post('/me/identity', { realName: '张三', idNumber: validIdNumber() }, { token: user.token })).status).toBe(200);
  expect((await t.http.put('/me/payment-pin', { pin: PIN }, { token: user.token })).status).toBe(204);
  await given.funds(t, user, 10_000);
}

async function formedGroup(t: TestApp, skuId: string) {
  const initiator = await given.user(t, { pin: PIN, viaSms: false, displayName: '团长' });
  await given.funds(t, initiator, 10_000);
  const addressId = await given.address(t, initiator);
  const opened = await t.http.post('/group-buys', { skuId, quantity: 1, addressId }, { token: initiator.token, headers: key() });
  expect(opened.status, opened.text).toBe(201);
  expect((await t.http.post(`/orders/${opened.body.order.id}/pay`, { pin: PIN }, { token: initiator.token, headers: key() })).status).toBe(200);
  return { initiator, id: opened.body.groupBuy.id as string, orderId: opened.body.order.id as string };
}

for (const kind of DATABASE_KINDS) {
  describe(`group-buy live events on ${kind}`, () => {
    let t: TestApp;
    afterAll(async () => {
      await t?.close();
    });

    it('the stream sends the group at once and after each join, with SSE headers and heartbeats; an unknown group is a 404 problem', async () => {
      t = await startTestApp(kind, { env: { LIVE_HEARTBEAT_SECONDS: '1' } });
      const { skuId } = await setup(t, await given.admin(t), 3);
      const { id } = await formedGroup(t, skuId);
      const stream = await openEvents(`${t.url}/api/v1/group-buys/${id}/events`);
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get('cache-control')).toContain('no-cache');
      expect((await stream.next((g) => g.seatsLeft === 2)).paidMembers).toBe(1);
      const joiner = await given.user(t, { viaSms: false, verify: 'phone' });
      const joined = await t.http.post(`/group-buys/${id}/join`, { addressId: await given.address(t, joiner) }, { token: joiner.token, headers: key() });
      expect(joined.status).toBe(201);
      expect((await stream.next((g) => g.seatsLeft === 1)).members).toHaveLength(2);
      // The joiner gives the seat up: the stream shows it free again.
      const seen = stream.messages.length;
      const cancelled = await t.http.post(`/orders/${joined.body.order.id}/cancel`, undefined, { token: joiner.token, headers: key() });
      expect(cancelled.status, cancelled.text).toBe(200);
      expect((await stream.next((g) => g.seatsLeft === 2, seen)).members).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_300));
      expect(stream.comments.length).toBeGreaterThanOrEqual(1);
      await stream.close();

      const missing = await fetch(`${t.url}/api/v1/group-buys/no-such-group/events`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });
}

if (DATABASE_KINDS.includes('postgres')) {
  describe('group buys on PostgreSQL with two processes', () => {
    let a: TestApp;
    let b: TestApp;
    let close: (() => Promise<void>) | undefined;

    afterAll(() => close?.());

    it('starts two processes on one database', async () => {
      ({ a, b, close } = await startTwoProcesses({ poolSize: 30 }));
    });

    it('100 users join a 5-person group at once: exactly 4 succeed, never more than 5 live members; the 5th payment makes all 5 orders shippable at once; no money reaches the operator', async () => {
      const admin = await given.admin(a);
      const { shop, product, skuId } = await setup(a, admin, 5);
      const { initiator, id, orderId } = await formedGroup(a, skuId);
      const stream = await openEvents(`${a.url}/api/v1/group-buys/${id}/events`);
      await stream.next((g) => g.seatsLeft === 4);

      const users: (GivenUser & { addressId: string })[] = [];
      for (let i = 0; i < 100; i++) {
        const user = await given.user(a, { viaSms: false, verify: 'phone', displayName: `用户${i}` });
        users.push({ ...user, addressId: await given.address(a, user) });
      }
      const receivableBefore = (await a.ctx.ledger.balanceOf(a.ctx.database.db, 'operator_receivable', shop.id)).available;
      // Half the joins go through each process.
      const results = await Promise.all(users.map((u, i) => (i % 2 ? b : a).http.post(`/group-buys/${id}/join`, { addressId: u.addressId }, { token: u.token, headers: key() })));
      const statuses = results.map((r) => (r.status === 201 ? 'joined' : `${r.status} ${r.body.code}`));
      expect(statuses.filter((s) => s === 'joined')).toHaveLength(4);
      expect(statuses.filter((s) => s !== 'joined')).toEqual(Array(96).fill('409 GROUP_FULL'));
      const live = await sql<{ n: number }>`select count(*)::int as n from orders where source_id = ${id} and status in ('pending_payment', 'paid')`.execute(a.ctx.database.db);
      expect(live.rows[0]!.n).toBe(5);
      expect((await a.http.get(`/products/${product.id}`)).body.skus[0].stock).toBe(195);
      // The client of process A saw the group fill, whichever process took the last seat.
      await stream.next((g) => g.seatsLeft === 0);

      const winners = results.flatMap((r, i) => (r.status === 201 ? [{ user: users[i]!, orderId: r.body.order.id as string }] : []));
      for (const w of winners) await payer(a, w.user);
      const ship = (order: string) => a.http.post(`/orders/${order}/ship`, { carrier: '顺丰', trackingNumber: `SF${order.slice(-10)}` }, { token: shop.owner.token, headers: key() });
      // Three of four pay (in parallel): not complete, nothing ships.
      const firstThree = await Promise.all(winners.slice(0, 3).map((w, i) => (i % 2 ? b : a).http.post(`/orders/${w.orderId}/pay`, { pin: PIN }, { token: w.user.token, headers: key() })));
      expect(firstThree.map((r) => r.status)).toEqual([200, 200, 200]);
      expect((await ship(orderId)).body.code).toBe('GROUP_NOT_COMPLETE');
      expect((await a.http.get(`/group-buys/${id}`)).body).toMatchObject({ status: 'forming', paidMembers: 4 });

      const last = await b.http.post(`/orders/${winners[3]!.orderId}/pay`, { pin: PIN }, { token: winners[3]!.user.token, headers: key() });
      expect(last.status).toBe(200);
      expect((await stream.next((g) => g.status === 'complete')).paidMembers).toBe(5);
      for (const order of [orderId, ...winners.map((w) => w.orderId)]) {
        const res = await ship(order);
        expect(res.status, res.text).toBe(200);
      }
      expect((await a.ctx.ledger.balanceOf(a.ctx.database.db, 'operator_receivable', shop.id)).available).toBe(receivableBefore);
      expect((await a.http.get('/wallet', { token: initiator.token })).body.held).toBe(4_900);
      await stream.close();
      expect(await a.ctx.ledger.check(a.ctx.database.db)).toEqual([]);
    });

    it('two processes expire the same groups at once: every paid member refunded exactly once, stock back, the books balance', async () => {
      const { product, skuId } = await setup(a, await given.admin(a), 4);
      const groups = [];
      for (let i = 0; i < 3; i++) {
        const group = await formedGroup(a, skuId);
        const member = await given.user(a, { pin: PIN, viaSms: false });
        await given.funds(a, member, 10_000);
        const joined = await b.http.post(`/group-buys/${group.id}/join`, { addressId: await given.address(a, member) }, { token: member.token, headers: key() });
        expect((await a.http.post(`/orders/${joined.body.order.id}/pay`, { pin: PIN }, { token: member.token, headers: key() })).status).toBe(200);
        const unpaid = await given.user(a, { viaSms: false, verify: 'phone' });
        expect((await a.http.post(`/group-buys/${group.id}/join`, { addressId: await given.address(a, unpaid) }, { token: unpaid.token, headers: key() })).status).toBe(201);
        groups.push({ ...group, member });
      }
      expect((await a.http.get(`/products/${product.id}`)).body.skus[0].stock).toBe(200 - 9);
      for (const app of [a, b]) app.clock.advance(24 * HOUR + 1);
      const [first, second] = await Promise.all([a.ctx.groupBuyFlow.expireDue(), b.ctx.groupBuyFlow.expireDue()]);
      expect(first.expired + second.expired).toBe(3);
      expect(first.refunded + second.refunded).toBe(6);
      expect(await a.ctx.groupBuyFlow.expireDue()).toEqual({ expired: 0, refunded: 0 });
      for (const g of groups) {
        for (const who of [g.initiator, g.member]) expect((await a.http.get('/wallet', { token: who.token })).body).toMatchObject({ balance: 10_000, held: 0 });
        expect((await a.http.get(`/group-buys/${g.id}`)).body.status).toBe('expired');
      }
      const voids = await sql<{ n: number }>`select count(*)::int as n from ledger_transfers where code = 'order_cancel_refund'`.execute(a.ctx.database.db);
      expect(voids.rows[0]!.n).toBe(6);
      expect((await a.http.get(`/products/${product.id}`)).body.skus[0].stock).toBe(200);
      expect(await a.ctx.ledger.check(a.ctx.database.db)).toEqual([]);
    });
  });
}
