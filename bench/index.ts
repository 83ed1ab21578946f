/**
 * `npm run bench`: Agora's throughput and cold start, as ratios against baselines
 * measured in the same run (the machine is small, shared and noisy, so absolute
 * figures mean little from one run to the next).
 *
 *   1. Baseline: bare Fastify 5, GET /ping and POST /echo.
 *   2. Agora on PGlite (temp DATA_DIR) and on PostgreSQL (a fresh database, dropped
 *      after): POST /auth/login, GET /me with a Bearer token, and login followed by
 *      GET /me on each connection.
 *   3. Checkout on PostgreSQL (bench/checkout.ts): create an order + pay it over
 *      HTTP by 16 concurrent buyers, against the same SQL statements issued straight
 *      through `pg` (and the same plus the scrypt PIN check), in the same run.
 *   4. Feeds and search at scale on PostgreSQL (bench/feed.ts): discover, following and
 *      search over HTTP on a generated database of 1M notes, 100k users and 10k products
 *      (bench/feed-data.ts; generated once, kept as agora_bench_feed_1m and reused),
 *      against a primary-key read in the same run.
 *   5. Cold start of the built server (dist/server/main.js) to the first 200 of
 *      GET /api/v1/health: first start and restart, against a trivial `node -e` server.
 *
 * Each HTTP target runs in its own process; autocannon runs here. Settings:
 * BENCH_DURATION (s, default 8), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (10);
 * BENCH_CHECKOUT_DURATION (s, default 10), BENCH_CHECKOUT_BUYERS (16); BENCH_FEED_SCENARIOS (keys such as
 * discoverAnonymous,following: only those, with the PK read);
 * flags --no-postgres, --no-checkout, --no-feed, --no-cold-start, --pglite-memory (PGlite in
 * memory, as the tests run it, instead of on disk in a temp DATA_DIR), --regenerate (make the
 * feed database anew), and --only=checkout, --only=feed or --only=flash (just that benchmark;
 * its section of bench/results/latest.json is replaced and the rest kept). The flash sale
 * (bench/flash.ts: 10,000 buyers race for 1,000 units, checkout batching on vs off) runs
 * only alone: BENCH_FLASH_BUYERS (10000), BENCH_FLASH_UNITS (1000), BENCH_FLASH_CONNECTIONS
 * (200), BENCH_FLASH_WARMUP (1000 units of another SKU sold first by 2,000 buyers; 0: a cold server),
 * BENCH_FLASH_PATHS (plain or batched: that path alone), BENCH_FLASH_ROUNDS (3: plain then batched, three
 * times; the ratio is the median of the rounds'). The web pages (bench/web.ts: bytes and Lighthouse scores of
 * home, a note, a product and checkout on the built app) also run only alone: BENCH_WEB_RUNS (1),
 * BENCH_WEB_NO_BUILD=1 (use dist/ as built). So does the chat (bench/chat.ts, --only=chat: delivery
 * latency from a message's POST to its event on the receiving side's SSE stream, two Agora processes on
 * one fresh PostgreSQL database, every stream on the process the message was not sent through, against a
 * bare node:http SSE echo at the same rate and stream count; aim p99 < 100 ms at 200 messages/s):
 * BENCH_CHAT_CONVERSATIONS (1000: conversations, one open stream each, ten per shop, the receiving side
 * alternating shop and buyer), BENCH_CHAT_RATE (200 messages/s, open-loop), BENCH_CHAT_DURATION (15 s
 * measured), BENCH_CHAT_WARMUP (3 s at the same rate first, delivery checked but not timed; 0: none).
 * BENCH_CPU_PROF=<dir> makes every server process write a V8 CPU profile there (bench/targets.ts).
 * Results: stdout and bench/results/latest.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { BENCH_USER } from './agora.js';
import { chatTable, runChatBench, type ChatReport, type ChatSettings } from './chat.js';
import { checkoutTable, runCheckoutBench, type CheckoutReport, type CheckoutSettings } from './checkout.js';
import { buildServerDist, coldStart, ROOT, type ColdStartReport } from './cold-start.js';
import { feedTable, runFeedBench, type FeedReport, type FeedSettings } from './feed.js';
import { flashTable, runFlashBench, type FlashReport, type FlashSettings } from './flash.js';
import { getRequest, loginThenMe, measure, postJson, type LoadResult, type LoadSettings } from './http-load.js';
import { BENCH_POSTGRES_URL, createBenchDatabase, postgresVersion, type BenchDatabase } from './postgres.js';
import { fmt, table, writeJson, type Cell } from './report.js';
import { killAllTargets, startTarget } from './targets.js';
import { runWebBench, webTable, type WebReport, type WebSettings } from './web.js';

const API = '/api/v1';
const RESULTS_FILE = path.join(ROOT, 'bench/results/latest.json');

const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const settings: LoadSettings = {
  durationS: envNumber('BENCH_DURATION', 8),
  warmupS: envNumber('BENCH_WARMUP', 2),
  connections: envNumber('BENCH_CONNECTIONS', 10),
};
const checkoutSettings: CheckoutSettings = {
  buyers: envNumber('BENCH_CHECKOUT_BUYERS', 16),
  durationS: envNumber('BENCH_CHECKOUT_DURATION', 10),
  warmupS: envNumber('BENCH_WARMUP', 2),
};
const flashSettings: FlashSettings = {
  buyers: envNumber('BENCH_FLASH_BUYERS', 10_000),
  units: envNumber('BENCH_FLASH_UNITS', 1_000),
  connections: envNumber('BENCH_FLASH_CONNECTIONS', 200),
  paths: process.env.BENCH_FLASH_PATHS === 'plain' || process.env.BENCH_FLASH_PATHS === 'batched' ? [process.env.BENCH_FLASH_PATHS] : ['plain', 'batched'],
  warmupUnits: process.env.BENCH_FLASH_WARMUP === '0' ? 0 : envNumber('BENCH_FLASH_WARMUP', 1000),
  rounds: envNumber('BENCH_FLASH_ROUNDS', 3),
};
const chatSettings: ChatSettings = {
  conversations: envNumber('BENCH_CHAT_CONVERSATIONS', 1000),
  rate: envNumber('BENCH_CHAT_RATE', 200),
  durationS: envNumber('BENCH_CHAT_DURATION', 15),
  warmupS: process.env.BENCH_CHAT_WARMUP === '0' ? 0 : envNumber('BENCH_CHAT_WARMUP', 3),
  drainS: 5,
  conversationsPerShop: 10,
};
const webSettings: WebSettings = { runs: envNumber('BENCH_WEB_RUNS', 1), build: process.env.BENCH_WEB_NO_BUILD !== '1' };
const flags = new Set(process.argv.slice(2));
const feedSettings: FeedSettings = { ...settings, regenerate: flags.has('--regenerate'), scenarios: process.env.BENCH_FEED_SCENARIOS?.split(',').filter(Boolean) ?? [] };
const only = process.argv.slice(2).find((a) => a.startsWith('--only='))?.slice('--only='.length);
const problems: string[] = [];

interface AgoraRun {
  label: string;
  detail: string;
  login: LoadResult;
  me: LoadResult;
  pair: LoadResult;
  /** Completed login+me pairs per second. */
  pairsPerS: number;
  /** What the pair rate would be if the two costs simply added: 1 / (1/login + 1/me). */
  pairsPerSExpected: number;
}

type Section<T> = { ok: true; value: T } | { ok: false; skipped: string };

const log = (message: string) => console.log(`· ${message}`);

function checkResult(result: LoadResult, where: string): void {
  const bad = { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, mismatches: result.mismatches };
  const found = Object.entries(bad).filter(([, n]) => n > 0);
  if (found.length > 0) {
    const codes = Object.entries(result.statusCodes).map(([code, n]) => `${code}×${n}`).join(', ');
    problems.push(`${where}: ${found.map(([k, n]) => `${k}=${n}`).join(', ')} (status codes: ${codes})`);
  }
  const w = result.warmup;
  if (w.non2xx + w.errors + w.timeouts > 0) problems.push(`${where} warm-up: non2xx=${w.non2xx}, errors=${w.errors}, timeouts=${w.timeouts}`);
}

async function run(name: string, where: string, spec: Parameters<typeof measure>[0]): Promise<LoadResult> {
  log(`${where} ${name}: ${settings.warmupS}s warm-up + ${settings.durationS}s × ${settings.connections} connections`);
  const result = await measure(spec, settings);
  checkResult(result, `${where} ${name}`);
  return result;
}

async function baseline(label: string): Promise<{ ping: LoadResult; echo?: LoadResult }> {
  const target = await startTarget(['baseline']);
  try {
    const ping = await run('GET /ping', label, { name: 'GET /ping', url: target.url, requests: getRequest('/ping') });
    if (label !== 'baseline') return { ping };
    const echo = await run('POST /echo', label, { name: 'POST /echo', url: target.url, requests: postJson('/echo', BENCH_USER) });
    return { ping, echo };
  } finally {
    await target.stop();
  }
}

/** One login and one GET /me by hand first: a broken route should stop the run, not be benchmarked. */
async function sanityToken(url: string): Promise<string> {
  const login = await fetch(`${url}${API}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone: BENCH_USER.phone, password: BENCH_USER.password }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const me = await fetch(`${url}${API}/me`, { headers: { authorization: `Bearer ${token}` } });
  if (me.status !== 200) throw new Error(`GET /me answered ${me.status}: ${await me.text()}`);
  return token;
}

async function agora(label: string, databaseUrl?: string): Promise<AgoraRun> {
  log(`${label}: starting Agora`);
  const target = await startTarget(databaseUrl ? ['agora', databaseUrl] : [flags.has('--pglite-memory') ? 'agora-memory' : 'agora']);
  log(`${label}: ${target.detail} at ${target.url}`);
  try {
    const token = await sanityToken(target.url);
    const credentials = { phone: BENCH_USER.phone, password: BENCH_USER.password };
    const login = await run('POST /auth/login', label, { name: 'POST /auth/login', url: target.url, requests: postJson(`${API}/auth/login`, credentials) });
    const me = await run('GET /me', label, { name: 'GET /me', url: target.url, requests: getRequest(`${API}/me`, { authorization: `Bearer ${token}` }) });
    const pair = await run('login + me', label, { name: 'login → GET /me', url: target.url, requests: loginThenMe(`${API}/auth/login`, `${API}/me`, credentials) });
    const pairsPerS = (pair.counters.meOk ?? 0) / pair.durationS;
    return { label, detail: target.detail, login, me, pair, pairsPerS, pairsPerSExpected: 1 / (1 / login.rps + 1 / me.rps) };
  } finally {
    await target.stop();
  }
}

async function section<T>(name: string, fn: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push(`${name} failed: ${reason}`);
    return { ok: false, skipped: reason };
  }
}

async function checkout(): Promise<Section<CheckoutReport>> {
  const result = await section('checkout', () => runCheckoutBench(checkoutSettings, log));
  if (!result.ok) return result;
  if ('skipped' in result.value) {
    problems.push(`checkout skipped: ${result.value.skipped}`);
    return { ok: false, skipped: result.value.skipped };
  }
  problems.push(...result.value.problems);
  return { ok: true, value: result.value };
}

function machine(loadavgStart: number[]) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavgStart,
    loadavgEnd: os.loadavg(),
  };
}

async function feed(): Promise<Section<FeedReport>> {
  const result = await section('feed', () => runFeedBench(feedSettings, log));
  if (result.ok) problems.push(...result.value.problems);
  return result;
}

async function flash(): Promise<Section<FlashReport>> {
  const result = await section('flash', () => runFlashBench(flashSettings, log));
  if (result.ok) problems.push(...result.value.problems);
  return result;
}

async function chat(): Promise<Section<ChatReport>> {
  const result = await section('chat', () => runChatBench(chatSettings, log));
  if (result.ok) problems.push(...result.value.problems);
  return result;
}

async function web(): Promise<Section<WebReport>> {
  const result = await section('web', () => runWebBench(webSettings, log));
  if (result.ok) problems.push(...result.value.problems);
  return result;
}

interface Alone<T> {
  key: 'checkout' | 'feed' | 'flash' | 'chat' | 'web';
  title: string;
  run: () => Promise<Section<T & { problems: string[] }>>;
  table: (value: T) => string;
  allClear: string;
}

const ALONE = {
  checkout: { key: 'checkout', title: 'checkout', run: checkout, table: checkoutTable, allClear: 'No failed checkouts in any measured run or warm-up; the books, counts and stock check out.' } satisfies Alone<CheckoutReport>,
  feed: { key: 'feed', title: 'feed and search', run: feed, table: feedTable, allClear: 'No non-2xx answers, socket errors or timeouts, and every aim met.' } satisfies Alone<FeedReport>,
  flash: { key: 'flash', title: 'flash sale', run: flash, table: flashTable, allClear: 'Nothing oversold, every answer an order or OUT_OF_STOCK, the books clean, and the 5× aim met.' } satisfies Alone<FlashReport>,
  chat: { key: 'chat', title: 'chat', run: chat, table: chatTable, allClear: 'Every message delivered once, in order, on its stream, and the p99 aim met.' } satisfies Alone<ChatReport>,
  web: { key: 'web', title: 'web pages', run: web, table: webTable, allClear: 'Every route within its bytes, scores, LCP and CLS aims.' } satisfies Alone<WebReport>,
};

/** `--only=checkout` / `--only=feed` / `--only=flash` / `--only=chat` / `--only=web`: run that benchmark alone and replace just its section of latest.json. */
async function runAlone<T>(alone: Alone<T>): Promise<void> {
  const startedAt = new Date();
  const loadavgStart = os.loadavg();
  console.log(`Agora ${alone.title} benchmark — ${os.cpus().length} CPU(s), node ${process.version}, load average ${loadavgStart.map((n) => n.toFixed(2)).join(' ')}`);
  const result = await alone.run();
  if (result.ok) console.log(`\n${alone.table(result.value)}`);
  else console.log(`\n${alone.title}: skipped (${result.skipped.split('\n')[0]})`);
  if (problems.length > 0) {
    console.log('\nNotes:');
    for (const p of problems) console.log(`  - ${p}`);
  } else {
    console.log(alone.allClear);
  }
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    /* no earlier results */
  }
  writeJson(RESULTS_FILE, {
    ...previous,
    [alone.key]: {
      ...(result.ok ? result.value : { skipped: result.skipped }),
      run: { alone: true, startedAt: startedAt.toISOString(), machine: machine(loadavgStart), git: { commit: git(['rev-parse', 'HEAD']), dirtyFiles: git(['status', '--porcelain'])?.split('\n').filter(Boolean).length } },
    },
  });
  console.log(`\nWrote the ${alone.key} section of ${path.relative(ROOT, RESULTS_FILE)}`);
  if (result.ok && result.value.problems.length > 0) process.exitCode = 1;
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const startedAt = new Date();
  const loadavgStart = os.loadavg();
  let pgDatabase: BenchDatabase | undefined;
  process.once('SIGINT', () => {
    killAllTargets();
    void (pgDatabase?.drop() ?? Promise.resolve()).finally(() => process.exit(130));
  });

  console.log(`Agora benchmark — ${os.cpus().length} CPU(s), node ${process.version}, load average ${loadavgStart.map((n) => n.toFixed(2)).join(' ')}`);

  // 1. Baseline.
  const base = await baseline('baseline');
  const ping = base.ping;
  const echo = base.echo!;

  // 2. Agora on PGlite and on PostgreSQL.
  const pglite = await section('PGlite', () => agora('PGlite'));
  let postgres: Section<AgoraRun>;
  let pgVersion: string | undefined;
  if (flags.has('--no-postgres')) {
    postgres = { ok: false, skipped: '--no-postgres' };
  } else {
    const created = await createBenchDatabase();
    if ('unreachable' in created) {
      postgres = { ok: false, skipped: `unreachable: ${created.unreachable}` };
      problems.push(`PostgreSQL row skipped: ${created.unreachable}`);
    } else {
      pgDatabase = created;
      pgVersion = await postgresVersion();
      log(`PostgreSQL ${pgVersion ?? '?'}: database ${created.name}`);
      try {
        postgres = await section('PostgreSQL', () => agora('PostgreSQL', created.url));
      } finally {
        await created.drop().catch((error: unknown) => problems.push(`could not drop ${created.name}: ${String(error)}`));
        pgDatabase = undefined;
        log(`dropped ${created.name}`);
      }
    }
  }

  // 3. Checkout on PostgreSQL.
  const checkoutRun: Section<CheckoutReport> = flags.has('--no-checkout') || flags.has('--no-postgres')
    ? { ok: false, skipped: flags.has('--no-checkout') ? '--no-checkout' : '--no-postgres' }
    : await checkout();

  // 4. Feeds and search at scale on PostgreSQL.
  const feedRun: Section<FeedReport> = flags.has('--no-feed') || flags.has('--no-postgres')
    ? { ok: false, skipped: flags.has('--no-feed') ? '--no-feed' : '--no-postgres' }
    : await feed();

  // The baseline again, to see how much the machine drifted during the run.
  const pingEnd = (await baseline('baseline (end)')).ping;

  // 5. Cold start.
  let build: { ok: boolean; ms: number; output: string } | undefined;
  let cold: Section<ColdStartReport>;
  if (flags.has('--no-cold-start')) {
    cold = { ok: false, skipped: '--no-cold-start' };
  } else {
    log('npm run build:server');
    build = await buildServerDist();
    if (!build.ok) problems.push(`npm run build:server failed (tsc still emits; the cold start ran on what it wrote):\n${build.output.trim().slice(0, 2000)}`);
    log('cold start: trivial server ×3, Agora first start, Agora restart');
    cold = await section('cold start', () => coldStart());
    if (cold.ok) {
      for (const sample of [...cold.value.baseline, cold.value.firstStart, cold.value.restart]) {
        if (sample.error) problems.push(`cold start "${sample.label}": ${sample.error}${sample.outputTail ? `\n${sample.outputTail}` : ''}`);
      }
    }
  }

  // Report.
  const vsPing = (rps: number) => rps / ping.rps;
  const vsEcho = (rps: number) => rps / echo.rps;
  const httpRow = (scenario: string, r: LoadResult, pairs?: { actual: number; expected: number }): Cell[] => [
    scenario,
    fmt.int(r.rps),
    fmt.ratio(vsPing(r.rps)),
    fmt.ratio(vsEcho(r.rps)),
    pairs ? `${fmt.num(pairs.actual)} (serial est. ${fmt.num(pairs.expected)})` : '',
    fmt.num(r.latencyMs.p50, 0),
    fmt.num(r.latencyMs.p99, 0),
    fmt.int(r.ok2xx),
    r.non2xx,
    r.errors,
    r.timeouts,
    fmt.num(r.load1.after, 1),
  ];
  const rows: Cell[][] = [
    httpRow('baseline  GET /ping', ping),
    httpRow('baseline  POST /echo', echo),
  ];
  for (const [name, s] of [['PGlite', pglite], ['PostgreSQL', postgres]] as const) {
    if (!s.ok) {
      rows.push([`${name}  (skipped: ${s.skipped.split('\n')[0]})`]);
      continue;
    }
    const a = s.value;
    rows.push(httpRow(`${name}  POST /auth/login`, a.login));
    rows.push(httpRow(`${name}  GET /me`, a.me));
    rows.push(httpRow(`${name}  login → GET /me`, a.pair, { actual: a.pairsPerS, expected: a.pairsPerSExpected }));
  }
  rows.push(httpRow('baseline  GET /ping (end, drift)', pingEnd));

  console.log(`\nHTTP throughput — ${settings.connections} connections, ${settings.durationS}s each after ${settings.warmupS}s warm-up; ratios are req/s ÷ baseline req/s of this run`);
  console.log(table(['scenario', 'req/s', '×ping', '×echo', 'pairs/s', 'p50 ms', 'p99 ms', '2xx', 'non2xx', 'errors', 'timeouts', 'load1'], rows, new Set([1, 2, 3, 5, 6, 7, 8, 9, 10, 11])));
  const where = [pglite, postgres].flatMap((s) => (s.ok ? [s.value.detail] : [])).join('; ');
  if (where) console.log(`(databases: ${where}${pgVersion ? ` ${pgVersion}, fresh database, pool of 10` : ''}; background jobs not started)`);
  console.log('(load1 = 1-minute load average of the machine after that run; 2 CPUs)');
  console.log('(login → GET /me: req/s counts both requests; pairs/s = completed pairs; "serial est." = 1/(1/login + 1/me) from the rows above, what the pair would do if its two costs could not overlap)');

  if (checkoutRun.ok) console.log(`\n${checkoutTable(checkoutRun.value)}`);
  else console.log(`\nCheckout: skipped (${checkoutRun.skipped.split('\n')[0]})`);

  if (feedRun.ok) console.log(`\n${feedTable(feedRun.value)}`);
  else console.log(`\nFeed and search: skipped (${feedRun.skipped.split('\n')[0]})`);

  if (cold.ok) {
    const c = cold.value;
    const coldRow = (s: (typeof c.baseline)[number]): Cell[] => [
      s.label,
      fmt.int(s.firstOkMs),
      c.baselineMs && s.firstOkMs !== undefined ? fmt.ratio(s.firstOkMs / c.baselineMs) : '—',
      fmt.int(s.shutdownMs),
      s.exit,
      s.polls,
      s.notes.join(', '),
    ];
    console.log(`\nCold start to first 200 of GET ${API}/health (poll every 20 ms; baseline = median of the trivial server, ${fmt.int(c.baselineMs)} ms)`);
    console.log(table(['start', 'first 200 ms', '×baseline', 'SIGTERM→exit ms', 'exit', 'polls', 'notes'], [...c.baseline, c.firstStart, c.restart].map(coldRow), new Set([1, 2, 3, 5])));
    if (build) console.log(`(npm run build:server took ${fmt.int(build.ms)} ms${build.ok ? '' : ', and FAILED — see notes'}; not part of the cold start)`);
  } else {
    console.log(`\nCold start: skipped (${cold.skipped.split('\n')[0]})`);
  }

  const totalS = (performance.now() - started) / 1000;
  const drift = pingEnd.rps / ping.rps - 1;
  console.log(`\nBaseline drift over the run: GET /ping ${drift >= 0 ? '+' : ''}${(drift * 100).toFixed(1)}% (end vs start). Total ${totalS.toFixed(0)} s.`);
  if (problems.length > 0) {
    console.log('\nNotes:');
    for (const p of problems) console.log(`  - ${p}`);
  } else {
    console.log('No non-2xx answers, socket errors or timeouts in any measured run or warm-up.');
  }

  const agoraJson = (s: Section<AgoraRun>) =>
    s.ok
      ? {
          ...s.value,
          ratios: {
            loginVsPing: vsPing(s.value.login.rps),
            loginVsEcho: vsEcho(s.value.login.rps),
            meVsPing: vsPing(s.value.me.rps),
            meVsEcho: vsEcho(s.value.me.rps),
            pairRequestsVsPing: vsPing(s.value.pair.rps),
            pairRequestsVsEcho: vsEcho(s.value.pair.rps),
          },
          /** The same against the baseline measured at the end of the run, to bracket drift. */
          ratiosVsPingEnd: {
            login: s.value.login.rps / pingEnd.rps,
            me: s.value.me.rps / pingEnd.rps,
            pairRequests: s.value.pair.rps / pingEnd.rps,
          },
        }
      : { skipped: s.skipped };
  writeJson(RESULTS_FILE, {
    startedAt: startedAt.toISOString(),
    totalSeconds: totalS,
    settings,
    machine: machine(loadavgStart),
    git: { commit: git(['rev-parse', 'HEAD']), dirtyFiles: git(['status', '--porcelain'])?.split('\n').filter(Boolean).length },
    http: {
      baseline: { ping, echo, pingEnd, driftPing: drift },
      pglite: agoraJson(pglite),
      postgres: { server: BENCH_POSTGRES_URL.replace(/\/\/[^@]*@/, '//…@'), version: pgVersion, ...agoraJson(postgres) },
    },
    checkout: checkoutRun.ok ? checkoutRun.value : { skipped: checkoutRun.skipped },
    feed: feedRun.ok ? feedRun.value : { skipped: feedRun.skipped },
    coldStart: cold.ok ? { ...cold.value, build: build && { ok: build.ok, ms: build.ms } } : { skipped: cold.skipped },
    problems,
  });
  console.log(`\nWrote ${path.relative(ROOT, RESULTS_FILE)}`);
}

if (only !== undefined && !(only in ALONE)) {
  console.error(`--only=${only}: unknown; the benchmarks that run alone are --only=checkout, --only=feed, --only=flash, --only=chat and --only=web`);
  process.exit(2);
}
(only === 'checkout' ? runAlone(ALONE.checkout) : only === 'feed' ? runAlone(ALONE.feed) : only === 'flash' ? runAlone(ALONE.flash) : only === 'chat' ? runAlone(ALONE.chat) : only === 'web' ? runAlone(ALONE.web) : main()).catch((error: unknown) => {
  killAllTargets();
  console.error(error);
  process.exit(1);
});
