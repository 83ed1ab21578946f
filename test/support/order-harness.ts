/**
 * The harness of the order model test (test/orders-model.test.ts): the run's world
 * of fresh users, shops and products; failures injected in the database; the check
 * after every step; and `perform`, which sends one request with its injected failure
 * and holds the answer against the model.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { given, type GivenUser } from './given.js';
import type { Response } from './http.js';
import type { ModelCatalog, OrderModel, Outcome } from './order-model.js';

export const PIN = '258036';
/** Prices that make the 5 % fee round down; stock small enough to run out. */
export const CATALOG: ModelCatalog = {
  skus: [
    { operator: 0, product: 0, price: 3_333, stock: 4 },
    { operator: 0, product: 0, price: 12_345, stock: 2 },
    { operator: 1, product: 1, price: 1_999, stock: 5 },
  ],
  addOns: [
    { product: 0, price: 500 },
    { product: 0, price: 199 },
    { product: 1, price: 301 },
  ],
};
export const BUYERS = 2;
const OPERATORS = 2;
const FAULT_TABLES = ['orders', 'order_events', 'skus', 'ledger_transfers', 'top_ups', 'withdrawals'] as const;
export type FaultTable = (typeof FAULT_TABLES)[number];


interface Actor {
  user: GivenUser;
  token: string;
}
/** The real side of one run: fresh buyers, shops and products on the shared app. */
export interface World {
  t: TestApp;
  buyers: (Actor & { addressId: string })[];
  operators: (Actor & { id: string })[];
  productIds: string[];
  skuIds: string[];
  addOnIds: string[];
}

export type Fault = { kind: 'none' } | { kind: 'before'; table: number } | { kind: 'replay' } | { kind: 'rerun' };

/** Installed once per database: a row in model_test_faults makes writes to that table fail. */
export async function installFaults(t: TestApp): Promise<void> {
  const db = t.ctx.database.db;
  await sql`create table model_test_faults (table_name text primary key)`.execute(db);
  await sql`create function model_test_fault() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from model_test_faults where table_name = tg_table_name) then
        raise exception 'model test: injected failure writing %', tg_table_name;
      end if;
      return new;
    end $$`.execute(db);
  for (const table of FAULT_TABLES) {
    await sql`create trigger model_test_fault before insert or update on ${sql.table(table)} for each row execute function model_test_fault()`.execute(db);
  }
}
export const arm = (w: World, table: FaultTable) => sql`insert into model_test_faults values (${table})`.execute(w.t.ctx.database.db);
export const disarm = (w: World) => sql`delete from model_test_faults`.execute(w.t.ctx.database.db);

/** A crash between the commit and storing the answer: the key stays `running` and its claim has run out. */
export async function abandonAnswer(w: World, key: string): Promise<void> {
  const expired = new Date(w.t.clock.now().getTime() - 1_000);
  // The claim's owner is a process that has died (no lease of that id, src/modules/idempotency/lease.ts): a retry takes it over at once.
  const result = await sql`update idempotency_keys set state = 'running', status_code = null, response_body = null, content_type = null, locked_until = ${expired}, owner = ${`dead-${randomUUID()}`}
    where key = ${key} and state = 'done'`.execute(w.t.ctx.database.db);
  expect(result.numAffectedRows, `the key ${key} had a stored answer`).toBe(1n);
}

/** Product i belongs to operator i (see CATALOG). */
export async function newWorld(t: TestApp, admin: GivenUser): Promise<World> {
  const operators = await Promise.all(
    Array.from({ length: OPERATORS }, async (_, o) => {
      const shop = await given.operator(t, admin, { shopName: `模型店${o}`, viaSms: false });
      const product = await given.product(t, shop, {
        skus: CATALOG.skus.filter((s) => s.product === o).map((s, i) => ({ name: `规格${i}`, price: s.price, stock: s.stock })),
        addOns: CATALOG.addOns.filter((a) => a.product === o).map((a, i) => ({ title: `加购${i}`, price: a.price })),
      });
      return { user: shop.owner, token: shop.owner.token, id: shop.id, product };
    }),
  );
  const buyers = await Promise.all(
    Array.from({ length: BUYERS }, async () => {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      return { user, token: user.token, addressId: await given.address(t, user) };
    }),
  );
  return {
    t,
    buyers,
    operators,
    productIds: operators.map((o) => o.product.id),
    skuIds: operators.flatMap((o) => o.product.skus.map((s: { id: string }) => s.id)),
    addOnIds: operators.flatMap((o) => o.product.addOns.map((a: { id: string }) => a.id)),
  };
}

/** After every step: the API and the books say what the model says. */
export async function verify(m: OrderModel, w: World, step: string): Promise<void> {
  const { t } = w;
  const db = t.ctx.database.db;
  for (const [i, b] of w.buyers.entries()) {
    expect((await t.http.get('/wallet', { token: b.token })).body, `${step}: buyer ${i}'s wallet`).toEqual(m.wallet(i));
    const listed = (await t.http.get('/orders?limit=100', { token: b.token })).body.items.map((o: any) => [o.id, o.status, o.total]);
    const modelled = m.orders.filter((o) => o.buyer === i).map((o) => [o.id, o.status, o.total]);
    expect(listed.sort(), `${step}: buyer ${i}'s orders`).toEqual(modelled.sort());
  }
  for (const productId of w.productIds) {
    for (const sku of (await t.http.get(`/products/${productId}`)).body.skus) {
      expect(sku.stock, `${step}: stock of SKU ${w.skuIds.indexOf(sku.id)}`).toBe(m.stock(w.skuIds.indexOf(sku.id)));
    }
  }
  for (const [o, op] of w.operators.entries()) {
    const receivable = await t.ctx.ledger.balanceOf(db, 'operator_receivable', op.id);
    expect([receivable.available, receivable.held], `${step}: operator ${o}'s receivable`).toEqual([m.receivable(o), 0]);
  }
  const fees = await t.ctx.ledger.findAccount(db, 'platform_fees');
  for (const order of m.orders) {
    const legs = await t.ctx.ledger.transfersFor(db, order.id);
    const kept = legs.reduce((s, l) => s + (l.creditAccountId === fees ? l.amount : 0) - (l.debitAccountId === fees ? l.amount : 0), 0);
    expect(kept, `${step}: platform fee kept from ${order.id} (${order.status}, total ${order.total})`).toBe(m.feeKept(order));
  }
  expect(await t.ctx.ledger.check(db), `${step}: ledger check`).toEqual([]);
}

function expectAnswer(res: Response, want: Outcome, step: string): void {
  const got = { status: res.status, code: res.body?.code, ...(want.remainingTries !== undefined ? { remainingTries: res.body?.remainingTries } : {}) };
  expect(got, `${step}: answer ${res.text.slice(0, 300)}`).toEqual({ status: want.status, code: want.code, ...(want.remainingTries !== undefined ? { remainingTries: want.remainingTries } : {}) });
}

/** What the sequences of one database reached: `step: answer`, failures injected, timer moves (checked at the end). */
export const reached = new Map<string, number>();
export const reach = (what: string) => reached.set(what, (reached.get(what) ?? 0) + 1);
const answerOf = (res: Response) => `${res.status}${res.body?.code ? ` ${res.body.code}` : ''}`;

interface Call {
  /** The step's kind, for `reached`. */
  name: string;
  predict(): Outcome;
  send(key: string): Promise<Response>;
  /** Tables the step always writes when it succeeds: where a "before commit" failure is injected. */
  tables: readonly FaultTable[];
  /** The handler finds its own earlier work from the key, so a rerun answers as the first run did. */
  keyAware: boolean;
}

/** One idempotent request, with its injected failure, checked against the model. */
export async function perform(m: OrderModel, w: World, call: Call, fault: Fault, step: string): Promise<void> {
  const key = randomUUID();
  let want = call.predict();
  let res: Response;
  if (fault.kind === 'before') {
    await arm(w, call.tables[fault.table % call.tables.length]!);
    try {
      res = await call.send(key);
    } finally {
      await disarm(w);
    }
    if (want.status < 300) expect(res.status, `${step}: the injected failure must fail the step: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(500);
    if (res.status >= 500) {
      reach(`${call.name}: failed before commit`);
      want.always?.();
      await verify(m, w, `${step}, after the failed attempt`);
      // A 5xx answer is not stored with the key: the client's retry runs afresh.
      want = call.predict();
      res = await call.send(key);
    }
  } else {
    res = await call.send(key);
  }
  expectAnswer(res, want, step);
  reach(`${call.name}: ${answerOf(res)}`);
  want.always?.();
  if (res.status < 300) want.commit?.(res.body);

  if (fault.kind === 'replay') {
    const again = await call.send(key);
    expect([again.status, again.text, again.headers.get('idempotent-replayed')], `${step}: replay`).toEqual([res.status, res.text, 'true']);
  }
  if (fault.kind === 'rerun') {
    await abandonAnswer(w, key);
    const again = await call.send(key);
    if (res.status < 300) reach(`${call.name}: rerun after success`);
    if (call.keyAware && res.status < 300) {
      expect([again.status, again.body], `${step}: rerun after a lost answer`).toEqual([res.status, res.body]);
    } else {
      // Without its own record of the key the handler runs again on today's state.
      const second = call.predict();
      expectAnswer(again, second, `${step}, rerun`);
      second.always?.();
      if (again.status < 300) second.commit?.(again.body);
    }
  }
}

export const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.nat(5).map((table) => ({ kind: 'before' as const, table })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'replay' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'rerun' as const }) },
);
export const faultLabel = (fault: Fault, tables: readonly string[]) =>
  fault.kind === 'none' ? '' : fault.kind === 'before' ? ` [fails before commit on ${tables[fault.table % tables.length]}]` : ` [answer lost: ${fault.kind}]`;

export const post = (w: World, path: string, body: unknown, token: string, key?: string) =>
  w.t.http.post(path, body, { token, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
