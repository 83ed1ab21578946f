/**
 * Chat delivery on PostgreSQL (issue 18 item 9): how long a message takes from the
 * sender's POST to its event on the other side's live stream, at a steady rate, with
 * the streams and the sends spread over two Agora processes on one database, against
 * a bare SSE echo (bench/sse-echo.ts) driven the same way in the same run.
 *
 * Setup, on a fresh database: buyers and shop owners in bulk SQL with real sessions
 * (bench/bulk-users.ts), shops through the services (ten conversations each by default),
 * and each buyer's conversation with one shop opened through the API. Each conversation
 * gets one stream, held by its receiving side (the shop for half of them, the buyer for
 * the other half) on process A or B in turn. Message k is sent through process k mod 2,
 * to a random conversation whose stream is on the *other* process, so every delivery
 * crosses processes (NOTIFY, src/lib/live-events.ts). Sends are open-loop: message k
 * starts at t0 + k/rate whether or not earlier ones have been answered; latency counts
 * from its actual start (how far the load generator fell behind its schedule is reported).
 * A warm-up at the same rate comes first (connections open, V8 has optimised the hot
 * code); its messages are checked for delivery but not timed. Sends carry an
 * Idempotency-Key, as the web app's do; the per-conversation rate limit runs, set to
 * 1,000 a minute (CHAT_MESSAGES_PER_MINUTE) so a busy conversation does not meet it.
 *
 * Afterwards, honestly: every accepted message (201) arrived exactly once, on its
 * conversation's stream and in sequence order; nothing arrived twice or on a stream
 * it does not belong to. CPU seconds during the measured part are reported for the load
 * generator, each server process and the database's backends.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createContext, type AppContext } from '../src/context.js';
import { openDatabase } from '../src/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { generateKeyMaterial, parseKeyRing } from '../src/modules/privacy/index.js';
import { bulkUsers } from './bulk-users.js';
import { httpClient, percentile, registerShop } from './checkout.js';
import { backendSeconds, cpuSecondsOf } from './flash.js';
import { createBenchDatabase, postgresVersion } from './postgres.js';
import { fmt, table, type Cell } from './report.js';
import { startTarget, type Target } from './targets.js';

const API = '/api/v1';
/** The SSE event name of a new message, in Agora and in the echo. */
const MESSAGE_EVENT = 'message';
/** Streams opened at once while setting up (the listen backlog and the TLS-less handshake cost are the limits). */
const OPEN_CONCURRENCY = 50;
/** Agora's settings for the run, on top of the test defaults. */
const AGORA_ENV = { CHAT_MESSAGES_PER_MINUTE: '1000' };
/** Keep-alive connections per process for the sends. */
const SEND_SOCKETS = 64;

export interface ChatSettings {
  /** Conversations, each with one open stream (BENCH_CHAT_CONVERSATIONS, 1,000). */
  conversations: number;
  /** Messages per second (BENCH_CHAT_RATE, 200). */
  rate: number;
  /** Measured seconds (BENCH_CHAT_DURATION, 15). */
  durationS: number;
  /** Seconds at the same rate before, not timed (BENCH_CHAT_WARMUP, 3). */
  warmupS: number;
  /** How long to wait after the last answer for the last events (s). */
  drainS: number;
  /** Conversations per shop: the shop side of these holds that many streams. */
  conversationsPerShop: number;
}

export interface ChatRun {
  target: 'baseline' | 'agora';
  detail: string;
  streams: { open: number; perProcess: number[]; openedInS: number; dropped: number };
  /** Measured messages (warm-up excluded) sent, and answered 201. */
  sent: number;
  accepted: number;
  failures: Record<string, number>;
  /** Over warm-up and measured messages alike: arrived once / more than once / never; arrivals on a stream they do not belong to, or not in sequence order. */
  checks: { accepted: number; deliveredOnce: number; duplicates: number; lost: number; stray: number; outOfOrder: number };
  /** Send start → event on the other stream, measured messages. */
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Send start → the POST's answer. */
  answerMs: { p50: number; p99: number };
  /** Largest delay of a send's start behind its schedule (the load generator falling behind). */
  scheduleLagMs: number;
  /** Measured messages ÷ the time they were sent over; delivered ÷ first send to last arrival. */
  sentPerS: number;
  deliveredPerS: number;
  cpuS: { client: number; servers: number[]; postgres: number | undefined };
  load1: { before: number; after: number };
}

export interface ChatReport {
  startedAt: string;
  settings: ChatSettings;
  postgres: { version: string | undefined };
  baseline: ChatRun;
  agora: ChatRun;
  /** Agora ÷ baseline. */
  ratios: { p50: number; p99: number; deliveredPerS: number };
  /** The aim: p99 under 100 ms at 200 messages/s. */
  aim: { p99UnderMs: number; rate: number; met: boolean };
  problems: string[];
}

/** One conversation as the load generator sees it. */
interface Lane {
  conversationId: string;
  /** The process (index into the targets) holding this conversation's stream. */
  streamAt: number;
  streamToken: string;
  sendToken: string;
}

interface Arrival {
  lane: number;
  at: number;
  seq: number | undefined;
}

interface Send {
  lane: number;
  warmup: boolean;
  scheduled: number;
  started: number;
  answered?: number;
  status?: number;
  failure?: string;
}

/**
 * Message k's marker in its text: letters only, and none of w/v/x/q, so no masking rule
 * (phone numbers, 微信/vx/wx ids, QQ numbers, domains) can touch it.
 */
const LETTERS = 'bcdfghjkmnprst';
const marker = (k: number) => {
  let text = '';
  let n = k;
  do {
    text = LETTERS[n % LETTERS.length] + text;
    n = Math.floor(n / LETTERS.length);
  } while (n > 0);
  return text;
};
const MARKER = new RegExp(`压测 ([${LETTERS}]+)`);
const unmark = (text: string) => {
  const found = MARKER.exec(text)?.[1];
  if (found === undefined) return undefined;
  let k = 0;
  for (const ch of found) k = k * LETTERS.length + LETTERS.indexOf(ch);
  return k;
};

interface OpenStream {
  close(): void;
  /** Whether the server ended it before we did. */
  dropped(): boolean;
}

/** GET …/events as text/event-stream; `onMessage` gets each message event's data and the time its bytes arrived. */
function openStream(baseUrl: string, lane: Lane, onMessage: (data: unknown, id: string | undefined, at: number) => void): Promise<OpenStream> {
  const url = new URL(`${API}/conversations/${lane.conversationId}/events`, baseUrl);
  return new Promise((resolve, reject) => {
    let closing = false;
    let ended = false;
    const request = http.get(url, { agent: false, headers: { accept: 'text/event-stream', authorization: `Bearer ${lane.streamToken}` } }, (response) => {
      if (response.statusCode !== 200) {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => reject(new Error(`stream of ${lane.conversationId} answered ${response.statusCode}: ${body.slice(0, 300)}`)));
        return;
      }
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('id:')) id = line.slice(3).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (event !== MESSAGE_EVENT || data.length === 0) continue;
          try {
            onMessage(JSON.parse(data.join('\n')) as unknown, id, at);
          } catch {
            onMessage(undefined, id, at);
          }
        }
      });
      response.on('close', () => {
        if (!closing) ended = true;
      });
      resolve({
        close() {
          closing = true;
          request.destroy();
        },
        dropped: () => ended,
      });
    });
    request.on('error', (error) => {
      if (!closing) reject(error);
    });
  });
}

async function inBatches<T, R>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

const sleepUntil = (t: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, t - performance.now())));
const textOf = (data: unknown) => (data && typeof data === 'object' && 'text' in data && typeof data.text === 'string' ? data.text : '');

/**
 * The load itself, the same for the baseline and Agora: open one stream per lane on
 * its process, send at the rate (warm-up, then measured), wait for the last events,
 * close, and count.
 */
async function drive(
  kind: ChatRun['target'],
  targets: Target[],
  lanes: Lane[],
  settings: ChatSettings,
  log: (message: string) => void,
  postgres?: { monitor: pg.Client; database: string },
): Promise<ChatRun> {
  const arrivals = new Map<number, Arrival[]>();
  let stray = 0;
  const lastSeq = new Map<number, number>();
  let outOfOrder = 0;

  const t0 = performance.now();
  const streams = await inBatches(lanes, OPEN_CONCURRENCY, (lane, i) =>
    openStream(targets[lane.streamAt]!.url, lane, (data, id, at) => {
      const k = unmark(textOf(data));
      if (k === undefined) return void stray++;
      const seq = id === undefined ? undefined : Number(id);
      if (seq !== undefined) {
        if (seq <= (lastSeq.get(i) ?? 0)) outOfOrder++;
        lastSeq.set(i, seq);
      }
      const list = arrivals.get(k) ?? [];
      list.push({ lane: i, at, seq });
      arrivals.set(k, list);
    }),
  );
  const openedInS = (performance.now() - t0) / 1000;
  log(`chat ${kind}: ${streams.length} streams open in ${openedInS.toFixed(1)} s`);

  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: SEND_SOCKETS }));
  const clients = targets.map((t, i) => httpClient(t.url, agents[i]!));
  // Lanes by the process holding their stream: a send goes to a lane on another process.
  const byStream = targets.map((_, p) => lanes.flatMap((lane, i) => (lane.streamAt === p ? [i] : [])));
  const warmupCount = Math.round(settings.rate * settings.warmupS);
  const total = warmupCount + Math.round(settings.rate * settings.durationS);
  const sends: Send[] = [];
  const pending: Promise<void>[] = [];
  const interval = 1000 / settings.rate;

  let cpuBefore: { client: NodeJS.CpuUsage; servers: number[]; postgres?: Map<number, number> } | undefined;
  let load1Before = Number.NaN;
  const start = performance.now() + 20;
  for (let k = 0; k < total; k++) {
    if (k === warmupCount) {
      cpuBefore = { client: process.cpuUsage(), servers: targets.map((t) => cpuSecondsOf(t.pid)), postgres: postgres && (await backendSeconds(postgres.monitor, postgres.database)) };
      load1Before = os.loadavg()[0]!;
    }
    const scheduled = start + k * interval;
    await sleepUntil(scheduled);
    const via = k % targets.length;
    const candidates = byStream[targets.length > 1 ? (via + 1) % targets.length : via]!;
    const laneIndex = candidates[Math.floor(Math.random() * candidates.length)]!;
    const lane = lanes[laneIndex]!;
    const send: Send = { lane: laneIndex, warmup: k < warmupCount, scheduled, started: performance.now() };
    sends.push(send);
    pending.push(
      clients[via]!('POST', `${API}/conversations/${lane.conversationId}/messages`, lane.sendToken, { kind: 'text', text: `压测 ${marker(k)} 这件还有货吗？` }, { 'idempotency-key': randomUUID() }).then(
        (res) => {
          send.answered = performance.now();
          send.status = res.status;
          if (res.status !== 201) send.failure = `${res.status} ${String(res.body.code ?? '')}`.trim();
        },
        (error: unknown) => {
          send.answered = performance.now();
          send.failure = `error: ${error instanceof Error ? error.message : String(error)}`;
        },
      ),
    );
  }
  const sendEnded = performance.now();
  await Promise.all(pending);
  const accepted = () => sends.flatMap((s, k) => (s.status === 201 ? [k] : []));
  const drainUntil = performance.now() + settings.drainS * 1000;
  while (performance.now() < drainUntil && accepted().some((k) => !arrivals.has(k))) await sleepUntil(performance.now() + 20);

  const clientCpu = process.cpuUsage(cpuBefore?.client);
  const serversCpu = targets.map((t, i) => cpuSecondsOf(t.pid) - (cpuBefore?.servers[i] ?? 0));
  let postgresCpu: number | undefined;
  if (postgres) {
    const after = await backendSeconds(postgres.monitor, postgres.database);
    postgresCpu = [...after].reduce((sum, [pid, s]) => sum + s - (cpuBefore?.postgres?.get(pid) ?? 0), 0);
  }
  const load1After = os.loadavg()[0]!;
  const dropped = streams.filter((s) => s.dropped()).length;
  for (const s of streams) s.close();
  for (const agent of agents) agent.destroy();

  // Count.
  const failures: Record<string, number> = {};
  let deliveredOnce = 0;
  let duplicates = 0;
  let lost = 0;
  const latencies: number[] = [];
  let lastArrival = 0;
  for (const [k, send] of sends.entries()) {
    if (send.failure) {
      if (!send.warmup) failures[send.failure] = (failures[send.failure] ?? 0) + 1;
      continue;
    }
    const got = (arrivals.get(k) ?? []).filter((a) => a.lane === send.lane);
    stray += (arrivals.get(k)?.length ?? 0) - got.length;
    if (got.length === 0) lost++;
    else deliveredOnce++;
    duplicates += Math.max(0, got.length - 1);
    const first = got[0];
    if (first && !send.warmup) {
      latencies.push(first.at - send.started);
      lastArrival = Math.max(lastArrival, first.at);
    }
  }
  const measured = sends.filter((s) => !s.warmup);
  const measuredAccepted = measured.filter((s) => s.status === 201).length;
  const sorted = latencies.sort((a, b) => a - b);
  const answers = measured.flatMap((s) => (s.answered === undefined ? [] : [s.answered - s.started])).sort((a, b) => a - b);
  const firstMeasured = measured[0]?.started ?? sendEnded;
  const run: ChatRun = {
    target: kind,
    detail: targets.map((t) => t.detail).join(' + '),
    streams: { open: streams.length, perProcess: byStream.map((l) => l.length), openedInS, dropped },
    sent: measured.length,
    accepted: measuredAccepted,
    failures,
    checks: { accepted: accepted().length, deliveredOnce, duplicates, lost, stray, outOfOrder },
    latencyMs: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN },
    answerMs: { p50: percentile(answers, 50), p99: percentile(answers, 99) },
    scheduleLagMs: Math.max(0, ...sends.map((s) => s.started - s.scheduled)),
    sentPerS: measured.length / ((sendEnded - firstMeasured) / 1000),
    deliveredPerS: latencies.length / ((lastArrival - firstMeasured) / 1000),
    cpuS: { client: (clientCpu.user + clientCpu.system) / 1e6, servers: serversCpu, postgres: postgresCpu },
    load1: { before: load1Before, after: load1After },
  };
  log(
    `chat ${kind}: ${run.sent} sent (${run.sentPerS.toFixed(0)}/s), ${run.accepted} accepted, delivered once ${deliveredOnce}/${run.checks.accepted}, twice ${duplicates}, lost ${lost}, stray ${stray}; ` +
      `p50 ${run.latencyMs.p50.toFixed(1)} ms, p99 ${run.latencyMs.p99.toFixed(1)} ms, max ${run.latencyMs.max.toFixed(1)} ms; lag ≤ ${run.scheduleLagMs.toFixed(0)} ms`,
  );
  return run;
}

function checkRun(run: ChatRun, problems: string[]): void {
  const where = `chat ${run.target}`;
  const c = run.checks;
  if (run.accepted !== run.sent) problems.push(`${where}: ${run.sent - run.accepted} of ${run.sent} sends failed (${JSON.stringify(run.failures)})`);
  if (c.deliveredOnce !== c.accepted || c.lost > 0) problems.push(`${where}: ${c.lost} of ${c.accepted} accepted messages never arrived on their stream`);
  if (c.duplicates > 0) problems.push(`${where}: ${c.duplicates} message(s) arrived twice`);
  if (c.stray > 0) problems.push(`${where}: ${c.stray} event(s) on a stream they do not belong to, or unrecognisable`);
  if (c.outOfOrder > 0) problems.push(`${where}: ${c.outOfOrder} event(s) out of sequence order`);
  if (run.streams.dropped > 0) problems.push(`${where}: the server ended ${run.streams.dropped} stream(s) during the run`);
}

async function baselineRun(settings: ChatSettings, log: (message: string) => void): Promise<ChatRun> {
  const target = await startTarget(['sse-echo']);
  try {
    const lanes: Lane[] = Array.from({ length: settings.conversations }, (_, i) => ({ conversationId: `c${i}`, streamAt: 0, streamToken: 'echo', sendToken: 'echo' }));
    return await drive('baseline', [target], lanes, settings, log);
  } finally {
    await target.stop();
  }
}

/** Shops, buyers and one open conversation per buyer; returns the lanes (receivers alternate shop/buyer, streams alternate A/B). */
async function prepareAgora(ctx: AppContext, targets: Target[], settings: ChatSettings): Promise<Lane[]> {
  const shopCount = Math.ceil(settings.conversations / settings.conversationsPerShop);
  const owners = await bulkUsers(ctx, shopCount, (i) => `店主 ${i + 1}`);
  const shops: string[] = [];
  for (const owner of owners) shops.push((await registerShop(ctx, owner.id, `压测小店 ${owner.index + 1}`)).id);
  const buyers = await bulkUsers(ctx, settings.conversations, (i) => `买家 ${i + 1}`);
  const agents = targets.map(() => new http.Agent({ keepAlive: true, maxSockets: 16 }));
  try {
    const clients = targets.map((t, i) => httpClient(t.url, agents[i]!));
    return await inBatches(buyers, 32, async (buyer, i) => {
      const shop = i % shopCount;
      const res = await clients[i % clients.length]!('POST', `${API}/operators/${shops[shop]}/conversations`, buyer.token, {});
      const conversation = res.body.conversation as { id?: string } | undefined;
      if (res.status !== 200 || !conversation?.id) throw new Error(`POST /operators/:id/conversations answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      const shopReceives = Math.floor(i / targets.length) % 2 === 0;
      const ownerToken = owners[shop]!.token;
      return { conversationId: conversation.id, streamAt: i % targets.length, streamToken: shopReceives ? ownerToken : buyer.token, sendToken: shopReceives ? buyer.token : ownerToken };
    });
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

async function agoraRun(settings: ChatSettings, log: (message: string) => void, problems: string[]): Promise<ChatRun> {
  const created = await createBenchDatabase();
  if ('unreachable' in created) throw new Error(created.unreachable);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-chat-'));
  const database = await openDatabase({ url: created.url, poolSize: 10 });
  const monitor = new pg.Client({ connectionString: created.url });
  const targets: Target[] = [];
  let ctx: AppContext | undefined;
  try {
    await migrateToLatest(database.db);
    const material = generateKeyMaterial();
    ctx = createContext({ config: loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir }), database, keys: parseKeyRing(material.dataKeys, material.lookupKey) });
    // The per-conversation limit still runs, set high: a busy conversation of a long or fast run must not meet it.
    const env = { BENCH_AGORA_KEYS: JSON.stringify(material), BENCH_AGORA_GENERATED: '1', BENCH_AGORA_ENV: JSON.stringify(AGORA_ENV) };
    // One after the other: each runs the (already applied) migrations at start.
    for (let i = 0; i < 2; i++) targets.push(await startTarget(['agora', created.url], { env }));
    const t0 = performance.now();
    const lanes = await prepareAgora(ctx, targets, settings);
    log(`chat agora: ${created.name}: ${Math.ceil(settings.conversations / settings.conversationsPerShop)} shops, ${lanes.length} buyers and conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s; two processes at ${targets.map((t) => t.url).join(', ')}`);
    await monitor.connect();
    return await drive('agora', targets, lanes, settings, log, { monitor, database: created.name });
  } finally {
    for (const target of targets) await target.stop().catch(() => undefined);
    await monitor.end().catch(() => undefined);
    await ctx?.limits.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    await created.drop().catch((error: unknown) => problems.push(`could not drop ${created.name}: ${String(error)}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runChatBench(settings: ChatSettings, log: (message: string) => void): Promise<ChatReport> {
  const startedAt = new Date();
  const problems: string[] = [];
  const version = await postgresVersion();
  const baseline = await baselineRun(settings, log);
  const agora = await agoraRun(settings, log, problems);
  for (const run of [baseline, agora]) checkRun(run, problems);
  const aim = { p99UnderMs: 100, rate: 200, met: agora.latencyMs.p99 < 100 && settings.rate >= 200 };
  if (!aim.met) problems.push(`chat: Agora p99 ${agora.latencyMs.p99.toFixed(1)} ms at ${settings.rate} messages/s; the aim is under ${aim.p99UnderMs} ms at ${aim.rate}/s`);
  return {
    startedAt: startedAt.toISOString(),
    settings,
    postgres: { version },
    baseline,
    agora,
    ratios: { p50: agora.latencyMs.p50 / baseline.latencyMs.p50, p99: agora.latencyMs.p99 / baseline.latencyMs.p99, deliveredPerS: agora.deliveredPerS / baseline.deliveredPerS },
    aim,
    problems,
  };
}

/** The printed table. */
export function chatTable(report: ChatReport): string {
  const { settings: s } = report;
  const row = (r: ChatRun): Cell[] => [
    r.target === 'baseline' ? 'baseline  SSE echo (1 process)' : 'Agora  2 processes, PostgreSQL',
    r.streams.perProcess.join('/'),
    fmt.int(r.sent),
    `${r.checks.deliveredOnce}/${r.checks.accepted}`,
    r.checks.duplicates,
    r.checks.lost,
    fmt.num(r.latencyMs.p50, 1),
    fmt.num(r.latencyMs.p90, 1),
    fmt.num(r.latencyMs.p99, 1),
    fmt.num(r.latencyMs.max, 0),
    fmt.num(r.answerMs.p99, 1),
    fmt.num(r.sentPerS, 0),
    fmt.num(r.deliveredPerS, 0),
    fmt.num(r.scheduleLagMs, 0),
    `${fmt.num(r.cpuS.client, 1)}/${r.cpuS.servers.map((c) => fmt.num(c, 1)).join('+')}/${fmt.num(r.cpuS.postgres, 1)}`,
    `${fmt.num(r.load1.before, 1)}→${fmt.num(r.load1.after, 1)}`,
  ];
  return [
    `Chat delivery on PostgreSQL ${report.postgres.version ?? ''} — ${s.conversations.toLocaleString('en-US')} conversations with an open stream each, ${s.rate} messages/s for ${s.durationS} s after ${s.warmupS} s warm-up, sent through the process not holding the stream`,
    table(
      ['target', 'streams', 'sent', 'delivered once', 'twice', 'lost', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'POST p99', 'sent/s', 'delivered/s', 'lag ms', 'CPU s cl/srv/pg', 'load1'],
      [row(report.baseline), row(report.agora)],
      new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]),
    ),
    `(latency = send start → the message event on the receiving stream; delivered once counts warm-up messages too; POST p99 = send start → 201; lag = how far a send started behind its schedule; CPU s = seconds of CPU while measured: load generator / server process(es) / PostgreSQL backends)`,
    `(Agora ÷ baseline: p50 ${fmt.ratio(report.ratios.p50)}, p99 ${fmt.ratio(report.ratios.p99)}, delivered/s ${fmt.ratio(report.ratios.deliveredPerS)}; aim p99 < ${report.aim.p99UnderMs} ms at ${report.aim.rate}/s: ${report.aim.met ? 'met' : 'NOT met'})`,
  ].join('\n');
}
