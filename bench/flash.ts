/**
 * Flash sale on PostgreSQL: 10,000 buyers race for 1,000 units of
 * one SKU over HTTP against the real server (its own process), once with checkout
 * batching on (src/workflows/checkout-batcher.ts) and once with it off (the
 * plain path: one transaction per order on the hot row), in the same run, each on a
 * fresh database.
 *
 * What is measured is the order race, so each buyer does one POST /orders (with an
 * Idempotency-Key, as the web app sends) and no payment. The buyers are made in bulk
 * SQL, not through the API: a user row (phone and identity marked verified), a
 * session with a known bearer token, and one sealed address (through the privacy
 * service, so the server can open it). The shop and SKU are made through the services.
 * BENCH_FLASH_CONNECTIONS (default 200) keep-alive connections carry the requests, in a
 * random order of buyers; latency is from sending a request to its answer. Before the
 * race, the same for both paths, the server sells BENCH_FLASH_WARMUP units (1,000) of
 * another SKU to twice as many other buyers: the connections are open and V8 has
 * optimised the hot code, as on a server that has been selling (the checks below count
 * only the race's SKU). With 200 units the race ran on half-optimised code: the batched
 * path sold out a third slower and varied ±20% from run to run; with 1,000, ±2%.
 * CPU seconds during the race are reported for the load generator, the server process
 * and the server's PostgreSQL backends, to show who was short of the two cores.
 *
 * Afterwards, honestly: orders in the database = 201 answers = the stock; every 201
 * order is that buyer's, one per buyer; everything else was 409 OUT_OF_STOCK; stock
 * is 0 and never went below 0 (sampled every 20 ms while the race runs); the ledger
 * check is clean. "Transactions" counts the distinct transactions that wrote the
 * orders (their xmin): 1,000 on the plain path, far fewer when batched.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createContext, type AppContext } from '../src/context.js';
import { openDatabase } from '../src/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { newId } from '../src/lib/ids.js';
import { createLedgerService } from '../src/modules/ledger/index.js';
import { generateKeyMaterial, parseKeyRing } from '../src/modules/privacy/index.js';
import { bulkUsers } from './bulk-users.js';
import { httpClient, percentile, setupShop, type Shop } from './checkout.js';
import { createBenchDatabase, postgresVersion } from './postgres.js';
import { fmt, table, type Cell } from './report.js';
import { startTarget } from './targets.js';

const API = '/api/v1';

export interface FlashSettings {
  buyers: number;
  units: number;
  connections: number;
  /** Which paths to run (both by default; one alone to compare code versions of one path across runs). */
  paths: FlashRun['path'][];
  /** Units of another SKU sold before the race (as many buyers again try for them), so the server is warm; 0: cold. */
  warmupUnits: number;
  /** Plain then batched, this many times: the ratio is the median of each round's (the machine's load drifts between runs). */
  rounds: number;
}

export interface FlashRun {
  path: 'plain' | 'batched';
  /** Seconds from the first request to the last answer. */
  elapsedS: number;
  /** Seconds from the first request to the answer of the last order placed (sold out). */
  soldOutS: number;
  /** Orders placed ÷ soldOutS. */
  ordersPerS: number;
  /** All answers ÷ elapsedS. */
  requestsPerS: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** The same, for the requests that got an order. */
  winnersLatencyMs: { p50: number; p99: number };
  orders: number;
  outOfStock: number;
  failures: Record<string, number>;
  /** Distinct transactions that wrote the orders. */
  transactions: number;
  /** CPU seconds during the race: the load generator (this process), the server process, and the database's backends for it. */
  cpuS: { client: number; server: number; postgres: number };
  checks: { ordersInDb: number; unitsInDb: number; distinctBuyers: number; stockAfter: number; lowestStockSeen: number; oversold: number; ordersMatchAnswers: boolean; ledgerProblems: string[] };
  load1: { before: number; after: number };
}

export interface FlashReport {
  startedAt: string;
  settings: FlashSettings & { serverPoolSize: number };
  postgres: { version: string | undefined };
  runs: FlashRun[];
  /** Batched orders/s ÷ plain orders/s (the issue aims for 5×): the median of the rounds'. */
  ratio: number;
  requestsRatio: number;
  /** Each round's batched ÷ plain orders/s, in order. */
  roundRatios: number[];
  problems: string[];
}

interface Buyer {
  id: string;
  token: string;
  addressId: string;
}

/** Buyers in bulk (bench/bulk-users.ts), each with one sealed address. */
async function bulkBuyers(ctx: AppContext, count: number): Promise<Buyer[]> {
  const buyers: Buyer[] = [];
  await bulkUsers(ctx, count, (i) => `买家 ${i + 1}`, async (tx, chunk) => {
    for (const user of chunk) {
      const buyer = { ...user, addressId: newId() };
      await ctx.privacy.add(tx, buyer.id, 'address', JSON.stringify({ recipient: '王收货', phone: '13912345678', region: '北京市 朝阳区', line: `建国路 ${user.index + 1} 号` }), buyer.addressId);
      buyers.push(buyer);
    }
  });
  return buyers;
}

/** The lowest stock seen while the race runs. */
function watchStock(client: pg.Client, skuId: string) {
  let lowest = Number.POSITIVE_INFINITY;
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ stock: number }>('select stock from skus where id = $1', [skuId]);
      lowest = Math.min(lowest, rows[0]!.stock);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return async () => {
    stopped = true;
    await done;
    return lowest;
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    // Fields after the command's closing parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by each PostgreSQL backend serving this database (PostgreSQL runs on this machine). */
export async function backendSeconds(client: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
  return new Map(rows.map((r) => [r.pid, cpuSecondsOf(r.pid)]));
}

const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
};

async function race(batched: boolean, settings: FlashSettings, log: (message: string) => void, problems: string[]): Promise<FlashRun> {
  const label = batched ? 'batched' : 'plain';
  const created = await createBenchDatabase();
  if ('unreachable' in created) throw new Error(created.unreachable);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-flash-'));
  const database = await openDatabase({ url: created.url, poolSize: 10 });
  const monitor = new pg.Client({ connectionString: created.url });
  let ctx: AppContext | undefined;
  let stopTarget: (() => Promise<void>) | undefined;
  try {
    await migrateToLatest(database.db);
    const material = generateKeyMaterial();
    ctx = createContext({ config: loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir }), database, keys: parseKeyRing(material.dataKeys, material.lookupKey) });
    const t0 = performance.now();
    const shop: Shop = await setupShop(ctx, settings.units);
    const warmShop = settings.warmupUnits > 0 ? await setupShop(ctx, settings.warmupUnits) : undefined;
    const warmBuyers = warmShop ? await bulkBuyers(ctx, 2 * settings.warmupUnits) : [];
    const buyers = shuffle(await bulkBuyers(ctx, settings.buyers));
    log(`flash ${label}: ${created.name}: 1 SKU of ${settings.units} units, ${buyers.length.toLocaleString('en-US')} buyers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const target = await startTarget(['agora', created.url], { env: { BENCH_AGORA_KEYS: JSON.stringify(material), CHECKOUT_BATCHING: String(batched) } });
    stopTarget = target.stop;
    const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
    const request = httpClient(target.url, agent);
    await monitor.connect();
    const order = (buyer: Buyer, skuId: string) => request('POST', `${API}/orders`, buyer.token, { items: [{ skuId, quantity: 1 }], addressId: buyer.addressId }, { 'idempotency-key': randomUUID() });
    if (warmShop) {
      // The same for both paths: connections open, code compiled, the server has sold before.
      const t1 = performance.now();
      let warmNext = 0;
      const statuses: number[] = [];
      await Promise.all(Array.from({ length: settings.connections }, async () => {
        while (warmNext < warmBuyers.length) statuses.push((await order(warmBuyers[warmNext++]!, warmShop.skuId)).status);
      }));
      const sold = statuses.filter((status) => status === 201).length;
      if (sold !== settings.warmupUnits) problems.push(`flash ${label}: warm-up sold ${sold} of ${settings.warmupUnits} units`);
      log(`flash ${label}: warm-up: ${warmBuyers.length} checkouts for ${settings.warmupUnits} units of another SKU in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    }

    const latencies: number[] = [];
    const winners: number[] = [];
    const answers = new Map<string, string>();
    const failures: Record<string, number> = {};
    let outOfStock = 0;
    let soldOutAt = 0;
    let next = 0;
    const before = os.loadavg()[0]!;
    const stopWatch = watchStock(monitor, shop.skuId);
    const cpuBefore = { client: process.cpuUsage(), server: cpuSecondsOf(target.pid), postgres: await backendSeconds(monitor, created.name) };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: settings.connections }, async () => {
        while (next < buyers.length) {
          const buyer = buyers[next++]!;
          const sent = performance.now();
          try {
            const res = await order(buyer, shop.skuId);
            const at = performance.now();
            latencies.push(at - sent);
            if (res.status === 201) {
              winners.push(at - sent);
              soldOutAt = at;
              answers.set(buyer.id, (res.body.order as { id: string }).id);
            } else if (res.status === 409 && res.body.code === 'OUT_OF_STOCK') {
              outOfStock++;
            } else {
              const kind = `${res.status} ${String(res.body.code ?? '')}`.trim();
              failures[kind] = (failures[kind] ?? 0) + 1;
            }
          } catch (error) {
            const kind = `error: ${error instanceof Error ? error.message : String(error)}`;
            failures[kind] = (failures[kind] ?? 0) + 1;
          }
        }
      }),
    );
    const ended = performance.now();
    const clientCpu = process.cpuUsage(cpuBefore.client);
    const serverCpuS = cpuSecondsOf(target.pid) - cpuBefore.server;
    const backendsAfter = await backendSeconds(monitor, created.name);
    const postgresCpuS = [...backendsAfter].reduce((sum, [pid, s]) => sum + s - (cpuBefore.postgres.get(pid) ?? 0), 0);
    const lowestStockSeen = await stopWatch();
    const after = os.loadavg()[0]!;
    agent.destroy();
    await target.stop();
    stopTarget = undefined;

    // Honesty: what the database holds, against what the buyers were told.
    const db = database.db;
    const rows = await db.selectFrom('orders').innerJoin('order_items', 'order_items.order_id', 'orders.id').select(['orders.id', 'orders.buyer_id', 'order_items.quantity']).where('order_items.sku_id', '=', shop.skuId).execute();
    const { n: transactions } = await db
      .selectFrom('orders')
      .innerJoin('order_items', 'order_items.order_id', 'orders.id')
      .select(sql<number>`count(distinct orders.xmin::text)::int`.as('n'))
      .where('order_items.sku_id', '=', shop.skuId)
      .executeTakeFirstOrThrow();
    const stockAfter = (await db.selectFrom('skus').select('stock').where('id', '=', shop.skuId).executeTakeFirstOrThrow()).stock;
    const ledgerProblems = await createLedgerService().check(db);
    const unitsInDb = rows.reduce((sum, r) => sum + r.quantity, 0);
    const ordersMatchAnswers = rows.length === answers.size && rows.every((r) => answers.get(r.buyer_id) === r.id);
    const checks = {
      ordersInDb: rows.length,
      unitsInDb,
      distinctBuyers: new Set(rows.map((r) => r.buyer_id)).size,
      stockAfter,
      lowestStockSeen: Math.min(lowestStockSeen, stockAfter),
      oversold: Math.max(0, unitsInDb - settings.units) + Math.max(0, -Math.min(lowestStockSeen, stockAfter)),
      ordersMatchAnswers,
      ledgerProblems,
    };
    const where = `flash ${label}`;
    if (checks.oversold !== 0) problems.push(`${where}: OVERSOLD ${checks.oversold} unit(s)`);
    if (rows.length !== settings.units || unitsInDb !== settings.units) problems.push(`${where}: ${rows.length} orders / ${unitsInDb} units in the database, expected ${settings.units}`);
    if (stockAfter !== 0) problems.push(`${where}: stock after the race is ${stockAfter}, expected 0`);
    if (!ordersMatchAnswers) problems.push(`${where}: the orders in the database are not exactly those answered 201 (${rows.length} rows, ${answers.size} answers)`);
    if (checks.distinctBuyers !== rows.length) problems.push(`${where}: ${rows.length} orders for ${checks.distinctBuyers} buyers`);
    if (outOfStock + answers.size !== settings.buyers) problems.push(`${where}: ${answers.size} orders + ${outOfStock} OUT_OF_STOCK ≠ ${settings.buyers} buyers (${JSON.stringify(failures)})`);
    if (ledgerProblems.length > 0) problems.push(`${where}: ledger check: ${ledgerProblems.slice(0, 3).join('; ')}`);

    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedWinners = [...winners].sort((a, b) => a - b);
    const soldOutS = (soldOutAt - started) / 1000;
    const run: FlashRun = {
      path: label,
      elapsedS: (ended - started) / 1000,
      soldOutS,
      ordersPerS: answers.size / soldOutS,
      requestsPerS: latencies.length / ((ended - started) / 1000),
      latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN },
      winnersLatencyMs: { p50: percentile(sortedWinners, 50), p99: percentile(sortedWinners, 99) },
      orders: answers.size,
      outOfStock,
      failures,
      transactions,
      cpuS: { client: (clientCpu.user + clientCpu.system) / 1e6, server: serverCpuS, postgres: postgresCpuS },
      checks,
      load1: { before, after },
    };
    log(`flash ${label}: ${run.orders} orders in ${soldOutS.toFixed(2)} s (${run.ordersPerS.toFixed(0)}/s), ${outOfStock} OUT_OF_STOCK, all answered in ${run.elapsedS.toFixed(2)} s; ${transactions} transactions wrote the orders; stock ${stockAfter} (lowest seen ${checks.lowestStockSeen}); CPU s: client ${run.cpuS.client.toFixed(1)}, server ${run.cpuS.server.toFixed(1)}, PostgreSQL ${run.cpuS.postgres.toFixed(1)}; load ${before.toFixed(1)} → ${after.toFixed(1)}`);
    return run;
  } finally {
    await stopTarget?.().catch(() => undefined);
    await monitor.end().catch(() => undefined);
    await ctx?.limits.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    await created.drop().catch((error: unknown) => problems.push(`could not drop ${created.name}: ${String(error)}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runFlashBench(settings: FlashSettings, log: (message: string) => void): Promise<FlashReport> {
  const startedAt = new Date();
  const problems: string[] = [];
  const version = await postgresVersion();
  const runs: FlashRun[] = [];
  const rounds: { plain?: FlashRun; batched?: FlashRun }[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const pair: { plain?: FlashRun; batched?: FlashRun } = {};
    for (const path of settings.paths) runs.push((pair[path] = await race(path === 'batched', settings, log, problems)));
    rounds.push(pair);
  }
  const median = (values: number[]) => {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
    return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
  };
  const roundRatios = rounds.map((r) => (r.batched && r.plain ? r.batched.ordersPerS / r.plain.ordersPerS : Number.NaN));
  const ratio = median(roundRatios);
  if (ratio < 5) problems.push(`flash: batched ÷ plain orders/s = ${ratio.toFixed(2)}× (median of ${rounds.length}), short of the 5× aim`);
  return {
    startedAt: startedAt.toISOString(),
    settings: { ...settings, serverPoolSize: 10 },
    postgres: { version },
    runs,
    ratio,
    requestsRatio: median(rounds.map((r) => (r.batched && r.plain ? r.batched.requestsPerS / r.plain.requestsPerS : Number.NaN))),
    roundRatios,
    problems,
  };
}

/** The printed table. */
export function flashTable(report: FlashReport): string {
  const row = (r: FlashRun): Cell[] => [
    r.path === 'plain' ? 'plain (one transaction per order)' : 'batched (group commit per SKU)',
    fmt.num(r.ordersPerS, 0),
    fmt.num(r.soldOutS, 2),
    fmt.num(r.requestsPerS, 0),
    fmt.num(r.latencyMs.p50, 0),
    fmt.num(r.latencyMs.p99, 0),
    fmt.num(r.winnersLatencyMs.p99, 0),
    r.orders,
    r.outOfStock,
    Object.values(r.failures).reduce((a, b) => a + b, 0),
    r.checks.oversold,
    `${r.checks.stockAfter} (≥${r.checks.lowestStockSeen})`,
    r.transactions,
    `${fmt.num(r.cpuS.client, 1)}/${fmt.num(r.cpuS.server, 1)}/${fmt.num(r.cpuS.postgres, 1)}`,
    `${fmt.num(r.load1.before, 1)}→${fmt.num(r.load1.after, 1)}`,
  ];
  const { settings: s } = report;
  return [
    `Flash sale on PostgreSQL ${report.postgres.version ?? ''} — ${s.buyers.toLocaleString('en-US')} buyers race for ${s.units.toLocaleString('en-US')} units of one SKU, POST /orders over ${s.connections} connections, server pool of ${s.serverPoolSize}, fresh database per run`,
    table(
      ['path', 'orders/s', 'sold out s', 'req/s', 'p50 ms', 'p99 ms', 'winners p99', 'orders', 'OUT_OF_STOCK', 'failed', 'oversold', 'stock after', 'txns', 'CPU s cl/srv/pg', 'load1'],
      report.runs.map(row),
      new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14]),
    ),
    `(orders/s = orders ÷ time from the first request to the last order's answer; req/s = all ${s.buyers.toLocaleString('en-US')} answers ÷ time to the last answer; txns = distinct transactions that wrote the orders; CPU s = seconds of CPU during the race used by the load generator / the server process / its PostgreSQL backends; ${s.warmupUnits > 0 ? `warmed by ${s.warmupUnits} units of another SKU sold first` : 'cold server'})`,
    `(batched ÷ plain, median of ${report.roundRatios.length} round(s): orders/s ${fmt.ratio(report.ratio)} (rounds: ${report.roundRatios.map(fmt.ratio).join(', ')}), req/s ${fmt.ratio(report.requestsRatio)}; checks: orders in the database = 201 answers, one per buyer, stock 0 and never below 0, ledger ${report.runs.every((r) => r.checks.ledgerProblems.length === 0) ? 'clean' : 'FAILED'})`,
  ].join('\n');
}
