/**
 * Checkout throughput on PostgreSQL: create an order and pay it, by 16 concurrent
 * buyers, over HTTP against the real server, and against baselines measured in the
 * same run that issue the *same SQL statements* straight through a `pg` Pool of the
 * same size, with no HTTP:
 *
 *   - "SQL": the statements only (no HTTP, no framework, no PIN hash);
 *   - "SQL + PIN verify": the same plus the server's own verification of the payment
 *     PIN (keyed pepper, then scrypt), done where the server does it (inside the transaction that holds the user
 *     row), so HTTP ÷ this isolates the HTTP/framework/service overhead.
 *
 * The SQL the server issues is not assumed: one real checkout is run through the real
 * server in this process with a Kysely query log, and the baseline's statements are
 * compared with it text for text (whitespace aside) before anything is measured. A
 * mismatch is reported as a problem: the baseline is then stale against src/.
 *
 * Setup (on a fresh database): an approved operator with one SKU of ample stock, and
 * 16 buyers, each phone- and identity-verified, with a payment PIN, an address and a
 * funded wallet, all made through the services. Each worker is one buyer, looping
 * create → pay with its own Idempotency-Keys. Afterwards the books are checked:
 * `ledger.check` is empty, the paid orders in the database are exactly those counted,
 * stock + sold = initial, and the buyers' held money equals what the paid orders cost.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { createContext, type AppContext } from '../src/context.js';
import type { Database, DB } from '../src/database.js';
import { listenOnPostgres } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { derivedId, newId } from '../src/lib/ids.js';
import { idCheckCharacter, verifyPin } from '../src/modules/accounts/index.js';
import { createLedgerService } from '../src/modules/ledger/index.js';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter } from '../src/modules/operators/index.js';
import { generateKeyMaterial, parseKeyRing } from '../src/modules/privacy/index.js';
import { buildServer } from '../src/server.js';
import { createBenchDatabase, postgresVersion } from './postgres.js';
import { fmt, table, type Cell } from './report.js';
import { startTarget, type Target } from './targets.js';

const API = '/api/v1';
const PIN = '258036';
const PRICE = 100;
const INITIAL_STOCK = 10_000_000;
/** Per buyer: ¥50,000, the most one top-up may be; at ¥1 an order that is 50,000 orders each. */
const FUNDING = 5_000_000;
/** The server's pool (bench/agora.ts, and openDatabase's default); the baseline's is the same. */
export const POOL_SIZE = 10;
/** Server processes in the "as deployed" run: one per core (2 here); the pool is split between them. */
const PROCESSES = 2;

export interface CheckoutSettings {
  buyers: number;
  durationS: number;
  warmupS: number;
}

export interface PhaseResult {
  /** Checkouts (create + pay) that completed with 201 then 200. */
  completed: number;
  failed: number;
  elapsedS: number;
  ordersPerS: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Failures by kind: HTTP status and code, or the error message. */
  failures: Record<string, number>;
  load1: { before: number; after: number };
  /** Sampled every 100 ms from pg_stat_activity for this database: backends running a statement, and those waiting for a row lock. */
  backends: { active: number; waitingOnLock: number; samples: number; waitingIn: Record<string, number> };
}

export interface ScenarioResult {
  name: string;
  warmup: PhaseResult;
  measured: PhaseResult;
}

export interface CheckoutReport {
  startedAt: string;
  settings: CheckoutSettings & { poolSize: number };
  postgres: { version: string | undefined; database: string };
  /** The statements one checkout issues, as logged from the real server, and whether the baseline issues exactly those. */
  statements: { create: number; pay: number; baselineMatches: boolean; mismatch?: string | undefined; server: { create: string[]; pay: string[] } };
  scenarios: { sql: ScenarioResult; sqlScrypt: ScenarioResult; http: ScenarioResult; httpMulti: ScenarioResult; sqlEnd: ScenarioResult };
  ratios: {
    /** orders/s of HTTP ÷ orders/s of the SQL-only baseline (the issue's target: ≥ 0.5). */
    httpVsSql: number;
    /** The same with one server process per core, sharing the same 10 connections. */
    httpMultiVsSql: number;
    /** orders/s of HTTP ÷ orders/s of SQL + scrypt: the HTTP/framework/service overhead alone. */
    httpVsSqlScrypt: number;
    /** The same against the SQL baseline measured again at the end (drift bracket). */
    httpVsSqlEnd: number;
    sqlScryptVsSql: number;
    p50HttpOverSql: number;
    p99HttpOverSql: number;
    p50HttpOverSqlScrypt: number;
    p99HttpOverSqlScrypt: number;
  };
  checks: {
    ledgerProblems: string[];
    paidOrdersInDb: number;
    paidOrdersCounted: number;
    unpaidOrdersInDb: number;
    unpaidOrdersCounted: number;
    stock: { initial: number; now: number; sold: number };
    heldByBuyers: number;
    escrowPending: number;
    paidTotal: number;
  };
  problems: string[];
}

// ---------------------------------------------------------------------------
// Database with a query log (to see what the server issues)

const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/** The same as src/db openDatabase's PostgreSQL side, with Kysely's query log switched on when asked. */
async function openLoggedDatabase(url: string): Promise<{ database: Database; db: Kysely<DB>; record: (into: string[] | null) => void }> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, types: pgTypes });
  // The bench drops its database `with (force)` at the end: an idle client terminated then is expected, not a crash.
  pool.on('error', () => undefined);
  let into: string[] | null = null;
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (into && event.level === 'query') into.push(event.query.sql);
    },
  });
  await db.executeQuery(CompiledQuery.raw('select 1'));
  return { database: { kind: 'postgres', db, boss: { connectionString: url }, listen: (channel, onPayload) => listenOnPostgres(url, channel, onPayload), close: () => db.destroy() }, db, record: (target) => (into = target) };
}

// ---------------------------------------------------------------------------
// Setup through the services

export interface Shop {
  operatorId: string;
  productId: string;
  skuId: string;
  title: string;
  skuName: string;
  categoryId: string;
  returnClass: string;
}

interface Buyer {
  id: string;
  token: string;
  tokenHash: string;
  addressId: string;
  pinHash: string;
}

const phoneBase = 13_000_000_000 + randomInt(0, 900_000_000);
let phoneCounter = 0;
const nextPhone = () => String(phoneBase + ++phoneCounter);
const idNumber = () => {
  const first17 = `${randomInt(110000, 660000)}19900101${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
};
const creditCode = () => {
  const body = `91${String(randomInt(100000, 999999))}MA${Array.from({ length: 7 }, () => CREDIT_CODE_CHARSET[randomInt(0, 31)]).join('')}`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
};

async function verifiedUser(ctx: AppContext, name: string): Promise<{ id: string; phone: string; password: string }> {
  const phone = nextPhone();
  const password = 'bench-checkout-2026';
  const user = await ctx.accounts.register({ phone, password, displayName: name });
  await ctx.accounts.markPhoneVerified(user.id);
  await ctx.consents.set(user.id, 'sensitive_identity', true);
  await ctx.accounts.verifyIdentity(user.id, { realName: '李小龙', idNumber: idNumber() });
  return { id: user.id, phone, password };
}

const admins = new WeakMap<AppContext, Promise<string>>();

/** An approved enterprise shop of `ownerId` (a user whose identity is verified), through the services. */
export async function registerShop(ctx: AppContext, ownerId: string, shopName: string): Promise<{ id: string }> {
  // One admin per context: ensureAdmin hashes a password (scrypt), and the chat benchmark makes a hundred shops.
  const admin = admins.get(ctx) ?? ctx.accounts.ensureAdmin(nextPhone(), 'bench-admin-2026');
  admins.set(ctx, admin);
  const adminId = await admin;
  const operator = await ctx.operators.register(ownerId, {
    kind: 'enterprise',
    shopName,
    contact: { phone: nextPhone(), email: 'bench@example.com' },
    address: { region: '浙江省 杭州市 西湖区', line: '文三路 90 号' },
    enterprise: { companyName: '杭州基准电子商务有限公司', creditCode: creditCode(), legalRepresentative: '赵法人' },
  });
  await ctx.operators.approve(adminId, operator.id);
  return operator;
}

/** An approved operator with one product of one SKU (¥1), made through the services. */
export async function setupShop(ctx: AppContext, stock = INITIAL_STOCK): Promise<Shop> {
  const owner = await verifiedUser(ctx, 'Bench 店主');
  const operator = await registerShop(ctx, owner.id, 'Bench 旗舰店');
  const image = await ctx.media.upload(owner.id, await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3a6' } }).png().toBuffer());
  const product = await ctx.catalog.createProduct(owner.id, operator.id, {
    title: '基准商品 Bench item',
    description: '用于结账基准测试。',
    images: [image.url],
    skus: [{ name: '标准', price: PRICE, stock }],
  });
  const sku = product.skus[0]!;
  const row = await ctx.database.db
    .selectFrom('products')
    .innerJoin('categories', 'categories.id', 'products.category_id')
    .select(['products.category_id', 'categories.return_class'])
    .where('products.id', '=', product.id)
    .executeTakeFirstOrThrow();
  return { operatorId: operator.id, productId: product.id, skuId: sku.id, title: product.title, skuName: sku.name, categoryId: row.category_id, returnClass: row.return_class };
}

async function setupBuyer(ctx: AppContext, i: number): Promise<Buyer> {
  const user = await verifiedUser(ctx, `买家 ${i + 1}`);
  await ctx.accounts.setPaymentPin(user.id, { pin: PIN });
  const address = await ctx.accounts.addAddress(user.id, { recipient: '王收货', phone: '13912345678', region: '北京市 朝阳区', line: `建国路 ${i + 1} 号` });
  const topUp = await ctx.payments.createTopUp(user.id, FUNDING);
  await ctx.payments.handleProviderEvent({ type: 'top_up.succeeded', topUpId: topUp.id, amount: FUNDING, providerRef: `bench-${topUp.id}` });
  const { token } = await ctx.accounts.login({ phone: user.phone, password: user.password }, '127.0.0.1');
  // Escrow is kept per buyer; its account exists from the buyer's first payment on, the steady state measured here.
  await ctx.ledger.account(ctx.database.db, 'platform_escrow', user.id);
  const row = await ctx.database.db.selectFrom('users').select('payment_pin_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
  return { id: user.id, token, tokenHash: createHash('sha256').update(token).digest('base64url'), addressId: address.id, pinHash: row.payment_pin_hash! };
}

// ---------------------------------------------------------------------------
// The baseline: the server's statements, straight through pg

/**
 * The statements, as Kysely compiles them for PostgreSQL (copied from the query log
 * of a real checkout, and compared with it at every run).
 */
const SQL = {
  session:
    'select "sessions"."id", "sessions"."user_id", "sessions"."last_seen_at", "users"."roles" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token_hash" = $1 and "sessions"."revoked_at" is null and "sessions"."expires_at" > $2 and "sessions"."last_seen_at" > $3',
  claim:
    'insert into "idempotency_keys" ("scope", "key", "method", "path", "request_hash", "state", "locked_until") values ($1, $2, $3, $4, $5, $6, $7) on conflict ("scope", "key") do nothing returning "key"',
  complete: 'update "idempotency_keys" set "status_code" = $1, "response_body" = $2, "content_type" = $3, "state" = $4 where "scope" = $5 and "key" = $6',
  hasAddress: 'select "id" from "personal_data" where "id" = $1 and "subject_id" = $2 and "kind" = $3',
  skus:
    'select "skus"."id" as "sku_id", "skus"."name" as "sku_name", "skus"."price", "products"."id" as "product_id", "products"."title", "products"."operator_id", "products"."category_id", "categories"."return_class" from "skus" inner join "products" on "products"."id" = "skus"."product_id" inner join "categories" on "categories"."id" = "products"."category_id" where "skus"."id" in ($1) and "skus"."archived_at" is null',
  takeStock: 'update "skus" set "stock" = "stock" - $1 where "id" = $2 and "stock" >= $3',
  operator: 'select * from "operators" where "id" = $1',
  insertOrder:
    'insert into "orders" ("id", "buyer_id", "operator_id", "status", "total", "address_id", "attribution", "return_exclusion_confirmed", "created_at", "expires_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
  insertItem:
    'insert into "order_items" ("id", "order_id", "product_id", "sku_id", "title", "sku_name", "unit_price", "quantity", "category_id", "return_class") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
  insertEvent: 'insert into "order_events" ("id", "order_id", "type", "actor_id", "detail", "at", "request_key") values ($1, $2, $3, $4, $5, $6, $7)',
  findOrder: 'select * from "orders" where "id" = $1',
  itemsOf: 'select * from "order_items" where "order_id" in ($1) order by "order_id", "id"',
  addOnsOf: 'select * from "order_add_ons" where "order_id" in ($1) order by "order_id", "id"',
  eventsOf: 'select * from "order_events" where "order_id" = $1 order by "at", "id"',
  findUser: 'select * from "users" where "id" = $1',
  findUserForUpdate: 'select * from "users" where "id" = $1 for update',
  findOrderForUpdate: 'select * from "orders" where "id" = $1 for update',
  accountOfOwner: 'select * from "ledger_accounts" where "ledger" = $1 and "code" = $2 and "owner_id" = $3',
  lockAccounts: 'select * from "ledger_accounts" where "id" in ($1, $2) order by "id" for update',
  findTransfer: 'select * from "ledger_transfers" where "id" = $1',
  insertTransfer:
    'insert into "ledger_transfers" ("id", "ledger", "kind", "debit_account_id", "credit_account_id", "amount", "pending_id", "code", "reference") values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing returning "id"',
  addToAccount:
    'update "ledger_accounts" set "debits_pending" = "debits_pending" + $1, "debits_posted" = "debits_posted" + $2, "credits_pending" = "credits_pending" + $3, "credits_posted" = "credits_posted" + $4 where "id" = $5',
  markPaid: 'update "orders" set "status" = $1, "paid_at" = $2, "hold_transfer_id" = $3 where "id" = $4',
} as const;

/** The baseline's name for each statement, to say which ones wait on locks. */
const STATEMENT_NAMES = new Map<string, string>(Object.entries(SQL).map(([name, text]) => [text.replace(/\s+/g, ' ').trim(), name]));

const SESSION_IDLE_MS = 7 * 24 * 3600_000;
const LOCK_MS = 60_000;
const PAYMENT_WINDOW_MS = 30 * 60_000;

type Queryable = Pick<pg.PoolClient, 'query'>;
type Row = Record<string, unknown>;

class BaselineError extends Error {}

/**
 * `verifyPin(userId, storedHash)`: the server's PIN check (pepper, then scrypt with
 * the parameters the stored hash names), for the "SQL + PIN verify" baseline.
 */
function createBaseline(pool: pg.Pool, shop: Shop, verifyPin: (userId: string, stored: string) => Promise<boolean>) {
  let recording: string[] | null = null;
  const q = async (ex: Queryable, text: string, params: unknown[] = []): Promise<Row[]> => {
    recording?.push(text);
    return (await ex.query(text, params)).rows as Row[];
  };
  const transaction = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await q(client, 'begin');
      const result = await fn(client);
      await q(client, 'commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const requestHash = (method: string, path: string, body: unknown) => createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body)}`).digest('base64url');
  const authenticate = async (buyer: Buyer) => {
    const now = new Date();
    const [session] = await q(pool, SQL.session, [buyer.tokenHash, now, new Date(now.getTime() - SESSION_IDLE_MS)]);
    if (!session || session.user_id !== buyer.id) throw new BaselineError('no session');
  };
  const claim = async (scope: string, path: string, body: unknown) => {
    const key = randomUUID();
    const rows = await q(pool, SQL.claim, [scope, key, 'POST', path, requestHash('POST', path, body), 'running', new Date(Date.now() + LOCK_MS)]);
    if (rows.length !== 1) throw new BaselineError('key not claimed');
    return key;
  };
  const complete = (scope: string, key: string, status: number, body: unknown) =>
    q(pool, SQL.complete, [status, JSON.stringify(body), 'application/json; charset=utf-8', 'done', scope, key]);
  const view = async (ex: Queryable, orderId: string) => {
    const [order] = await q(ex, SQL.findOrder, [orderId]);
    const items = await q(ex, SQL.itemsOf, [orderId]);
    const addOns = await q(ex, SQL.addOnsOf, [orderId]);
    const events = await q(ex, SQL.eventsOf, [orderId]);
    if (!order) throw new BaselineError(`no order ${orderId}`);
    return { ...order, items, addOns, timeline: events } as Row;
  };

  async function create(buyer: Buyer): Promise<string> {
    const scope = `user:${buyer.id}`;
    const body = { items: [{ skuId: shop.skuId, quantity: 1 }], addressId: buyer.addressId };
    await authenticate(buyer);
    const key = await claim(scope, `${API}/orders`, body);
    // The order's id follows from the key; a retry whose answer was lost would find it here.
    const id = derivedId(`order:${buyer.id}:${key}:0`);
    if ((await q(pool, SQL.findOrder, [id])).length > 0) throw new BaselineError('order exists');
    if ((await q(pool, SQL.hasAddress, [buyer.addressId, buyer.id, 'address'])).length !== 1) throw new BaselineError('unknown address');
    const order = await transaction(async (tx) => {
      const [sku] = await q(tx, SQL.skus, [shop.skuId]);
      if (!sku) throw new BaselineError('unknown sku');
      const [operator] = await q(tx, SQL.operator, [sku.operator_id]);
      if (!operator || operator.status !== 'approved') throw new BaselineError('not selling');
      const now = new Date();
      const total = Number(sku.price);
      const row = { id, buyer_id: buyer.id, operator_id: shop.operatorId, status: 'pending_payment', total, address_id: buyer.addressId, created_at: now, expires_at: new Date(now.getTime() + PAYMENT_WINDOW_MS) };
      await q(tx, SQL.insertOrder, [id, buyer.id, shop.operatorId, 'pending_payment', total, buyer.addressId, null, false, now, row.expires_at]);
      const item = { id: newId(now.getTime()), order_id: id, product_id: shop.productId, sku_id: shop.skuId, title: shop.title, sku_name: shop.skuName, unit_price: total, quantity: 1 };
      await q(tx, SQL.insertItem, [item.id, id, shop.productId, shop.skuId, shop.title, shop.skuName, total, 1, shop.categoryId, shop.returnClass]);
      const event = { id: newId(now.getTime()), type: 'created', detail: { total }, at: new Date() };
      await q(tx, SQL.insertEvent, [event.id, id, 'created', buyer.id, JSON.stringify({ total }), event.at, null]);
      // Stock last, as the server takes it: the hot row is locked only for the update and the commit.
      if ((await tx.query(recordAnd(SQL.takeStock), [1, shop.skuId, 1])).rowCount !== 1) throw new BaselineError('out of stock');
      return { ...row, items: [item], addOns: [], timeline: [event] } as Row;
    });
    await complete(scope, key, 201, { order, orders: [order] });
    return order.id as string;
  }

  async function pay(buyer: Buyer, orderId: string, withScrypt: boolean): Promise<void> {
    const scope = `user:${buyer.id}`;
    await authenticate(buyer);
    const key = await claim(scope, `${API}/orders/${orderId}/pay`, { pin: PIN });
    const [me] = await q(pool, SQL.findUser, [buyer.id]);
    if (!me?.identity_verified_at) throw new BaselineError('identity required');
    const [precheck] = await q(pool, SQL.findOrder, [orderId]);
    if (!precheck || precheck.buyer_id !== buyer.id || precheck.status !== 'pending_payment') throw new BaselineError('not payable');
    await transaction(async (tx) => {
      const [user] = await q(tx, SQL.findUserForUpdate, [buyer.id]);
      if (withScrypt && !(await verifyPin(buyer.id, String(user!.payment_pin_hash)))) throw new BaselineError('bad pin');
    });
    await transaction(async (tx) => {
      const [row] = await q(tx, SQL.findOrderForUpdate, [orderId]);
      if (!row || row.status !== 'pending_payment') throw new BaselineError('not payable');
      const [wallet] = await q(tx, SQL.accountOfOwner, ['CNY', 'user_wallet', buyer.id]);
      const [escrow] = await q(tx, SQL.accountOfOwner, ['CNY', 'platform_escrow', buyer.id]);
      const ids = [String(wallet!.id), String(escrow!.id)].sort();
      const locked = await q(tx, SQL.lockAccounts, ids);
      const debit = locked.find((a) => a.id === wallet!.id)!;
      const transferId = `order-hold:${orderId}`;
      if ((await q(tx, SQL.findTransfer, [transferId])).length > 0) throw new BaselineError('transfer exists');
      const amount = Number(row.total);
      if (Number(debit.debits_pending) + Number(debit.debits_posted) + amount > Number(debit.credits_posted)) throw new BaselineError('insufficient funds');
      const inserted = await q(tx, SQL.insertTransfer, [transferId, 'CNY', 'pending', wallet!.id, escrow!.id, amount, null, 'order_payment', orderId]);
      if (inserted.length !== 1) throw new BaselineError('transfer id taken');
      await q(tx, SQL.addToAccount, [amount, 0, 0, 0, wallet!.id]);
      await q(tx, SQL.addToAccount, [0, 0, amount, 0, escrow!.id]);
      await q(tx, SQL.findTransfer, [transferId]);
      await q(tx, SQL.markPaid, ['paid', new Date(), transferId, orderId]);
      await q(tx, SQL.insertEvent, [newId(), orderId, 'paid', buyer.id, JSON.stringify({ amount }), new Date(), key]);
    });
    const order = await view(pool, orderId);
    await complete(scope, key, 200, { order });
  }

  /** For statements run through the client directly (to read rowCount): record them too. */
  function recordAnd(text: string): string {
    recording?.push(text);
    return text;
  }

  return {
    create,
    pay,
    /** The statements one create and one pay issue, for the comparison with the server's log. */
    async recordOne(buyer: Buyer): Promise<{ create: string[]; pay: string[] }> {
      const created: string[] = [];
      const paid: string[] = [];
      recording = created;
      const orderId = await create(buyer);
      recording = paid;
      await pay(buyer, orderId, true);
      recording = null;
      return { create: created, pay: paid };
    },
  };
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

function compareStatements(server: string[], baseline: string[], what: string): string | undefined {
  const n = Math.max(server.length, baseline.length);
  for (let i = 0; i < n; i++) {
    const a = server[i] === undefined ? '(none)' : normalise(server[i]!);
    const b = baseline[i] === undefined ? '(none)' : normalise(baseline[i]!);
    if (a !== b) return `${what} statement ${i + 1} of ${server.length}: server issues «${a.slice(0, 160)}», baseline «${b.slice(0, 160)}»`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// HTTP side

export function httpClient(baseUrl: string, agent: http.Agent) {
  const url = new URL(baseUrl);
  return (method: string, path: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}`, ...headers },
          timeout: 30_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: Record<string, unknown>;
            try {
              parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            } catch {
              parsed = { text };
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', reject);
      request.end(payload);
    });
}

class CheckoutFailure extends Error {
  constructor(
    readonly kind: string,
    /** The order exists but is not paid (it stays pending_payment). */
    readonly createdUnpaid: boolean,
  ) {
    super(kind);
  }
}

// ---------------------------------------------------------------------------
// Load

interface Tally {
  paid: number;
  unpaid: number;
  /** A request whose outcome is unknown (socket error, timeout): the final counts may differ by these. */
  unknown: number;
}

export const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Samples pg_stat_activity while a phase runs: how many backends are busy, and how many wait on a lock. */
function sampleBackends(client: pg.Client, database: string) {
  let active = 0;
  let waiting = 0;
  let samples = 0;
  const waitingIn: Record<string, number> = {};
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ state: string | null; lock: boolean; query: string }>(
        "select state, wait_event_type = 'Lock' as lock, query from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'",
        [database],
      );
      for (const r of rows) {
        if (r.state === 'active') active++;
        if (r.lock) {
          waiting++;
          const name = STATEMENT_NAMES.get(normalise(r.query)) ?? normalise(r.query).slice(0, 60);
          waitingIn[name] = (waitingIn[name] ?? 0) + 1;
        }
      }
      samples++;
      await sleep(100);
    }
  })();
  return async () => {
    stopped = true;
    await done;
    const n = samples || 1;
    return { active: active / n, waitingOnLock: waiting / n, samples, waitingIn: Object.fromEntries(Object.entries(waitingIn).map(([k, v]) => [k, v / n])) };
  };
}

async function phase(
  workers: number,
  durationS: number,
  tally: Tally,
  iteration: (worker: number) => Promise<void>,
  monitor: { client: pg.Client; database: string },
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let failed = 0;
  const before = os.loadavg()[0]!;
  const stopSampling = sampleBackends(monitor.client, monitor.database);
  const started = performance.now();
  const end = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await iteration(worker);
          latencies.push(performance.now() - t0);
          tally.paid++;
        } catch (error) {
          failed++;
          const kind = error instanceof CheckoutFailure || error instanceof BaselineError ? error.message : `error: ${error instanceof Error ? error.message : String(error)}`;
          failures[kind] = (failures[kind] ?? 0) + 1;
          if (error instanceof CheckoutFailure && error.createdUnpaid) tally.unpaid++;
          else if (!(error instanceof CheckoutFailure)) tally.unknown++;
          await sleep(20);
        }
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const backends = await stopSampling();
  const sorted = latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    failed,
    elapsedS,
    ordersPerS: latencies.length / elapsedS,
    latencyMs: {
      mean: sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1),
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
    },
    failures,
    load1: { before, after: os.loadavg()[0]! },
    backends,
  };
}

// ---------------------------------------------------------------------------
// The run

export async function runCheckoutBench(settings: CheckoutSettings, log: (message: string) => void): Promise<CheckoutReport | { skipped: string }> {
  const startedAt = new Date();
  const problems: string[] = [];
  const created = await createBenchDatabase();
  if ('unreachable' in created) return { skipped: `unreachable: ${created.unreachable}` };
  const version = await postgresVersion();
  log(`checkout: PostgreSQL ${version ?? '?'}, database ${created.name}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-checkout-'));
  let target: Target | undefined;
  let basePool: pg.Pool | undefined;
  let monitorClient: pg.Client | undefined;
  let logged: Awaited<ReturnType<typeof openLoggedDatabase>> | undefined;
  let ctx: AppContext | undefined;
  try {
    logged = await openLoggedDatabase(created.url);
    const { db } = logged;
    await migrateToLatest(db);
    const material = generateKeyMaterial();
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir });
    ctx = createContext({ config, database: logged.database, keys: parseKeyRing(material.dataKeys, material.lookupKey) });

    // Setup: one shop, N buyers (scrypt three times each: registration, PIN, login).
    const t0 = performance.now();
    const shop = await setupShop(ctx);
    const buyers: Buyer[] = [];
    for (let i = 0; i < settings.buyers; i += 4) {
      buyers.push(...(await Promise.all(Array.from({ length: Math.min(4, settings.buyers - i) }, (_, j) => setupBuyer(ctx!, i + j)))));
    }
    log(`checkout: set up 1 operator, 1 SKU (stock ${INITIAL_STOCK.toLocaleString('en-US')}) and ${buyers.length} funded buyers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const tally: Tally = { paid: 0, unpaid: 0, unknown: 0 };

    // One real checkout through the real server, in this process, with the query log on.
    const app = await buildServer(ctx, { logLevel: 'silent' });
    const serverStatements = { create: [] as string[], pay: [] as string[] };
    try {
      const inject = async (buyer: Buyer) => {
        const order = await app.inject({
          method: 'POST',
          url: `${API}/orders`,
          headers: { authorization: `Bearer ${buyer.token}`, 'idempotency-key': randomUUID() },
          payload: { items: [{ skuId: shop.skuId, quantity: 1 }], addressId: buyer.addressId },
        });
        if (order.statusCode !== 201) throw new Error(`POST /orders answered ${order.statusCode}: ${order.body}`);
        const orderId = (JSON.parse(order.body) as { order: { id: string } }).order.id;
        logged!.record(serverStatements.pay);
        const paid = await app.inject({ method: 'POST', url: `${API}/orders/${orderId}/pay`, headers: { authorization: `Bearer ${buyer.token}`, 'idempotency-key': randomUUID() }, payload: { pin: PIN } });
        logged!.record(null);
        if (paid.statusCode !== 200) throw new Error(`POST /orders/:id/pay answered ${paid.statusCode}: ${paid.body}`);
        tally.paid++;
      };
      logged.record(serverStatements.create);
      await inject(buyers[0]!);
    } finally {
      logged.record(null);
      await app.close();
    }

    basePool = new pg.Pool({ connectionString: created.url, max: POOL_SIZE, types: pgTypes });
    const privacy = ctx.privacy;
    const baseline = createBaseline(basePool, shop, (userId, stored) => verifyPin((value) => privacy.pepper('payment_pin', value), userId, PIN, stored));
    const baselineStatements = await baseline.recordOne(buyers[0]!);
    tally.paid++;
    const mismatch = compareStatements(serverStatements.create, baselineStatements.create, 'create') ?? compareStatements(serverStatements.pay, baselineStatements.pay, 'pay');
    if (mismatch) problems.push(`checkout baseline is stale against src/: ${mismatch}`);
    log(`checkout: the server issues ${serverStatements.create.length} statements to create and ${serverStatements.pay.length} to pay; the baseline ${mismatch ? 'DIFFERS' : 'issues exactly these'}`);

    monitorClient = new pg.Client({ connectionString: created.url });
    await monitorClient.connect();
    const monitor = { client: monitorClient, database: created.name };
    const scenario = async (name: string, iteration: (worker: number) => Promise<void>): Promise<ScenarioResult> => {
      log(`checkout ${name}: ${settings.warmupS}s warm-up + ${settings.durationS}s × ${settings.buyers} buyers`);
      const warmup = await phase(settings.buyers, settings.warmupS, tally, iteration, monitor);
      const measured = await phase(settings.buyers, settings.durationS, tally, iteration, monitor);
      for (const [label, r] of [['warm-up', warmup], ['', measured]] as const) {
        if (r.failed > 0) problems.push(`checkout ${name}${label ? ` ${label}` : ''}: ${r.failed} failed (${Object.entries(r.failures).map(([k, n]) => `${k}×${n}`).join(', ')})`);
      }
      return { name, warmup, measured };
    };
    const baselineIteration = (withScrypt: boolean) => async (worker: number) => {
      const buyer = buyers[worker]!;
      let orderId: string;
      try {
        orderId = await baseline.create(buyer);
      } catch (error) {
        throw error instanceof BaselineError ? new CheckoutFailure(`create: ${error.message}`, false) : error;
      }
      try {
        await baseline.pay(buyer, orderId, withScrypt);
      } catch (error) {
        throw error instanceof BaselineError ? new CheckoutFailure(`pay: ${error.message}`, true) : error;
      }
    };

    const sqlRun = await scenario('baseline SQL', baselineIteration(false));
    const sqlScrypt = await scenario('baseline SQL + scrypt', baselineIteration(true));

    // The real server in its own process, on the same database, with the same keys (addresses are sealed).
    log('checkout: starting Agora');
    target = await startTarget(['agora', created.url], { env: { BENCH_AGORA_KEYS: JSON.stringify(material) } });
    const agent = new http.Agent({ keepAlive: true, maxSockets: settings.buyers });
    const checkoutOver = async (request: ReturnType<typeof httpClient>, worker: number) => {
      const buyer = buyers[worker]!;
      const order = await request('POST', `${API}/orders`, buyer.token, { items: [{ skuId: shop.skuId, quantity: 1 }], addressId: buyer.addressId }, { 'idempotency-key': randomUUID() });
      if (order.status !== 201) throw new CheckoutFailure(`POST /orders ${order.status} ${String(order.body.code ?? '')}`.trim(), false);
      const orderId = (order.body.order as { id: string }).id;
      const paid = await request('POST', `${API}/orders/${orderId}/pay`, buyer.token, { pin: PIN }, { 'idempotency-key': randomUUID() });
      if (paid.status !== 200) throw new CheckoutFailure(`POST /orders/:id/pay ${paid.status} ${String(paid.body.code ?? '')}`.trim(), true);
    };
    const request = httpClient(target.url, agent);
    const httpIteration = (worker: number) => checkoutOver(request, worker);
    // One by hand first: a broken route should stop the run, not be benchmarked.
    await httpIteration(0).catch((error: unknown) => {
      throw new Error(`a single HTTP checkout failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    tally.paid++;
    let httpRun: ScenarioResult;
    try {
      httpRun = await scenario('HTTP', httpIteration);
    } finally {
      agent.destroy();
      await target.stop();
      target = undefined;
    }
    // Deployed as intended: one server process per core behind a balancer (DESIGN "scale-out"),
    // the same 10 PostgreSQL connections in all, each buyer always on the same process.
    log(`checkout: starting Agora × ${PROCESSES} (pool ${POOL_SIZE / PROCESSES} each)`);
    const targets: Target[] = [];
    const agents: http.Agent[] = [];
    let multiRun: ScenarioResult;
    try {
      for (let i = 0; i < PROCESSES; i++) {
        targets.push(await startTarget(['agora', created.url], { env: { BENCH_AGORA_KEYS: JSON.stringify(material), BENCH_AGORA_POOL: String(POOL_SIZE / PROCESSES), BENCH_AGORA_GENERATED: '1' } }));
        agents.push(new http.Agent({ keepAlive: true, maxSockets: settings.buyers }));
      }
      const clients = targets.map((t, i) => httpClient(t.url, agents[i]!));
      multiRun = await scenario(`HTTP × ${PROCESSES}`, (worker) => checkoutOver(clients[worker % PROCESSES]!, worker));
    } finally {
      for (const agent of agents) agent.destroy();
      for (const t of targets) await t.stop();
    }
    const sqlEnd = await scenario('baseline SQL (end)', baselineIteration(false));

    // Honesty: the books, the counts and the stock.
    const ledgerProblems = await createLedgerService().check(db);
    if (ledgerProblems.length > 0) problems.push(`checkout: ledger check found ${ledgerProblems.length} problem(s): ${ledgerProblems.slice(0, 5).join('; ')}`);
    const byStatus = await db.selectFrom('orders').select(['status', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(total), 0)::bigint`.as('sum')]).groupBy('status').execute();
    const count = (status: string) => byStatus.find((r) => r.status === status)?.n ?? 0;
    const paidTotal = Number(byStatus.find((r) => r.status === 'paid')?.sum ?? 0);
    const sold = Number((await db.selectFrom('order_items').select(sql<number>`coalesce(sum(quantity), 0)::bigint`.as('q')).executeTakeFirstOrThrow()).q);
    const stockNow = (await db.selectFrom('skus').select('stock').where('id', '=', shop.skuId).executeTakeFirstOrThrow()).stock;
    const wallets = await db
      .selectFrom('ledger_accounts')
      .select([sql<number>`coalesce(sum(debits_pending), 0)::bigint`.as('held'), sql<number>`coalesce(sum(credits_posted), 0)::bigint`.as('funded')])
      .where('code', '=', 'user_wallet')
      .where('owner_id', 'in', buyers.map((b) => b.id))
      .executeTakeFirstOrThrow();
    const escrow = await db
      .selectFrom('ledger_accounts')
      .select(sql<number>`coalesce(sum(credits_pending), 0)::bigint`.as('credits_pending'))
      .where('code', '=', 'platform_escrow')
      .executeTakeFirstOrThrow();
    const checks: CheckoutReport['checks'] = {
      ledgerProblems,
      paidOrdersInDb: count('paid'),
      paidOrdersCounted: tally.paid,
      unpaidOrdersInDb: count('pending_payment'),
      unpaidOrdersCounted: tally.unpaid,
      stock: { initial: INITIAL_STOCK, now: stockNow, sold },
      heldByBuyers: Number(wallets.held),
      escrowPending: Number(escrow.credits_pending),
      paidTotal,
    };
    const unknown = tally.unknown > 0 ? ` (${tally.unknown} request(s) ended without an answer)` : '';
    if (checks.paidOrdersInDb !== checks.paidOrdersCounted) problems.push(`checkout: ${checks.paidOrdersInDb} paid orders in the database, ${checks.paidOrdersCounted} counted${unknown}`);
    if (checks.unpaidOrdersInDb !== checks.unpaidOrdersCounted) problems.push(`checkout: ${checks.unpaidOrdersInDb} unpaid orders in the database, ${checks.unpaidOrdersCounted} counted${unknown}`);
    if (stockNow + sold !== INITIAL_STOCK) problems.push(`checkout: stock ${stockNow} + sold ${sold} ≠ initial ${INITIAL_STOCK}`);
    if (checks.heldByBuyers !== paidTotal || checks.escrowPending !== paidTotal) problems.push(`checkout: held by buyers ${checks.heldByBuyers}, in escrow ${checks.escrowPending}, paid orders cost ${paidTotal}`);
    if (Number(wallets.funded) !== FUNDING * buyers.length) problems.push(`checkout: buyers were funded ${Number(wallets.funded)}, expected ${FUNDING * buyers.length}`);
    log(`checkout: ledger check ${ledgerProblems.length === 0 ? 'clean' : 'FAILED'}; ${checks.paidOrdersInDb} paid orders in the database, ${checks.paidOrdersCounted} counted; stock ${stockNow} + sold ${sold} = ${stockNow + sold}`);

    const http_ = httpRun.measured;
    const ratio = (a: number, b: number) => a / b;
    return {
      startedAt: startedAt.toISOString(),
      settings: { ...settings, poolSize: POOL_SIZE },
      postgres: { version, database: created.name },
      statements: {
        create: serverStatements.create.length,
        pay: serverStatements.pay.length,
        baselineMatches: !mismatch,
        mismatch,
        server: { create: serverStatements.create.map(normalise), pay: serverStatements.pay.map(normalise) },
      },
      scenarios: { sql: sqlRun, sqlScrypt, http: httpRun, httpMulti: multiRun, sqlEnd },
      ratios: {
        httpVsSql: ratio(http_.ordersPerS, sqlRun.measured.ordersPerS),
        httpMultiVsSql: ratio(multiRun.measured.ordersPerS, sqlRun.measured.ordersPerS),
        httpVsSqlScrypt: ratio(http_.ordersPerS, sqlScrypt.measured.ordersPerS),
        httpVsSqlEnd: ratio(http_.ordersPerS, sqlEnd.measured.ordersPerS),
        sqlScryptVsSql: ratio(sqlScrypt.measured.ordersPerS, sqlRun.measured.ordersPerS),
        p50HttpOverSql: ratio(http_.latencyMs.p50, sqlRun.measured.latencyMs.p50),
        p99HttpOverSql: ratio(http_.latencyMs.p99, sqlRun.measured.latencyMs.p99),
        p50HttpOverSqlScrypt: ratio(http_.latencyMs.p50, sqlScrypt.measured.latencyMs.p50),
        p99HttpOverSqlScrypt: ratio(http_.latencyMs.p99, sqlScrypt.measured.latencyMs.p99),
      },
      checks,
      problems,
    };
  } finally {
    await target?.stop().catch(() => undefined);
    await basePool?.end().catch(() => undefined);
    await monitorClient?.end().catch(() => undefined);
    await ctx?.limits.close().catch(() => undefined);
    await logged?.db.destroy().catch(() => undefined);
    await created.drop().catch((error: unknown) => console.error(`could not drop ${created.name}: ${String(error)}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
    log(`checkout: dropped ${created.name}`);
  }
}

/** The printed table. */
export function checkoutTable(report: CheckoutReport): string {
  const { sql: s, sqlScrypt: k, http: h, sqlEnd: e } = report.scenarios;
  const row = (label: string, r: ScenarioResult): Cell[] => {
    const m = r.measured;
    return [
      label,
      fmt.num(m.ordersPerS, 1),
      fmt.ratio(m.ordersPerS / s.measured.ordersPerS),
      fmt.ratio(m.ordersPerS / k.measured.ordersPerS),
      fmt.num(m.latencyMs.p50, 1),
      fmt.num(m.latencyMs.p99, 1),
      m.completed,
      m.failed + r.warmup.failed,
      fmt.num(m.backends.active, 1),
      fmt.num(m.backends.waitingOnLock, 1),
      fmt.num(m.load1.after, 1),
    ];
  };
  const { settings } = report;
  const lines = [
    `Checkout (POST /orders + POST /orders/:id/pay) on PostgreSQL ${report.postgres.version ?? ''} — ${settings.buyers} concurrent buyers, ${settings.durationS}s after ${settings.warmupS}s warm-up, pool of ${settings.poolSize} on both sides`,
    table(
      ['scenario', 'orders/s', '×SQL', '×SQL+scrypt', 'p50 ms', 'p99 ms', 'paid', 'failed', 'pg active', 'lock waits', 'load1'],
      [
        row('baseline  SQL via pg (no HTTP, no PIN hash)', s),
        row('baseline  SQL + PIN verify', k),
        row('Agora     HTTP create + pay', h),
        row(`Agora     HTTP, ${PROCESSES} processes`, report.scenarios.httpMulti),
        row('baseline  SQL via pg (end, drift)', e),
      ],
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    ),
    '(pg active / lock waits = mean number of this database\'s backends running a statement / waiting for a row lock, sampled every 100 ms; load1 = 1-minute load average after the run, 2 CPUs)',
    `(lock waits by statement — ${(
      [
        ['SQL', s],
        ['SQL+scrypt', k],
        ['HTTP', h],
      ] as const
    )
      .map(([label, r]) => `${label}: ${Object.entries(r.measured.backends.waitingIn).sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n.toFixed(1)}`).join(', ') || 'none'}`)
      .join('; ')})`,
    `(${report.statements.create} + ${report.statements.pay} statements per checkout, logged from the real server; baseline ${report.statements.baselineMatches ? 'issues exactly the same' : `DIFFERS: ${report.statements.mismatch ?? ''}`})`,
    `(HTTP × ${PROCESSES} processes ÷ SQL = ${fmt.ratio(report.ratios.httpMultiVsSql)}; each process has ${POOL_SIZE / PROCESSES} connections, so the server side still holds 10)`,
    `(HTTP ÷ SQL = ${fmt.ratio(report.ratios.httpVsSql)} (${fmt.ratio(report.ratios.httpVsSqlEnd)} against the end run); HTTP ÷ SQL+scrypt = ${fmt.ratio(report.ratios.httpVsSqlScrypt)}: the HTTP, framework and service overhead alone; latency p50/p99 HTTP ÷ SQL+scrypt = ${fmt.ratio(report.ratios.p50HttpOverSqlScrypt)} / ${fmt.ratio(report.ratios.p99HttpOverSqlScrypt)})`,
    `(checks: ledger ${report.checks.ledgerProblems.length === 0 ? 'clean' : 'FAILED'}; paid orders ${report.checks.paidOrdersInDb} in the database = ${report.checks.paidOrdersCounted} counted; stock ${report.checks.stock.now} + sold ${report.checks.stock.sold} = ${report.checks.stock.initial}; held ${report.checks.heldByBuyers} = escrow ${report.checks.escrowPending} = paid ${report.checks.paidTotal})`,
  ];
  return lines.join('\n');
}
