/**
 * The feeds and search at scale: on the generated database of
 * bench/feed-data.ts (1M notes, 100k users, 10k products on PostgreSQL), the real
 * server is loaded over HTTP, one scenario at a time, and each is set against a
 * primary-key read measured in the same run (GET /notes/:id, which also assembles the
 * note's view: tags, author, sponsor, like and collect state):
 *
 *   - discover: first page signed out, signed in without and with the
 *     `personalised_feed` consent (R6: only then is it ranked per viewer), and a later
 *     page through the cursor, signed out and personalised;
 *   - following: first page and a later page through the cursor, by viewers who
 *     follow 20–80 authors each;
 *   - search: products (and notes, when GET /search?type=notes answers) over a mix of
 *     Chinese, English, mixed and one-typo queries.
 *
 * Each request picks its viewer, query or cursor at random from lists made before the
 * run (every entry was fetched once by hand first: a broken route stops the run
 * rather than being measured). Viewers get sessions opened for this run, removed after.
 * Aim: discover and following p99 under 25 ms, search p50 and p99 under 50 ms.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import os from 'node:os';
import type autocannon from 'autocannon';
import pg from 'pg';
import { newId } from '../src/lib/ids.js';
import { ensureFeedDatabase, feedScale, type FeedDatabase } from './feed-data.js';
import { SEARCH_QUERIES } from './feed-words.js';
import { measure, type LoadResult, type LoadSettings } from './http-load.js';
import { postgresVersion } from './postgres.js';
import { fmt, table, type Cell } from './report.js';
import { startTarget, type Target } from './targets.js';

const API = '/api/v1';
const VIEWERS = 100;
const PAGES_WALKED = 5;
/** The aims, in milliseconds. */
const AIM = { feedP99: 25, searchP50: 50, searchP99: 50 } as const;

export interface FeedSettings extends LoadSettings {
  regenerate: boolean;
  /** Scenario keys to run (with the PK read, always): to profile one path with BENCH_CPU_PROF; empty = all. */
  scenarios: string[];
}

interface Call {
  path: string;
  headers?: Record<string, string>;
}

export interface FeedScenario {
  key: string;
  name: string;
  /** What the issue asks of it; undefined for the baselines. */
  aim?: { p50?: number; p99?: number };
  result: LoadResult;
  /** req/s ÷ the primary-key read's req/s (start of the run). */
  vsPk: number;
  /** How many distinct calls the requests rotated through. */
  variety: number;
}

export interface FeedReport {
  startedAt: string;
  settings: LoadSettings;
  database: { name: string; postgres: string | undefined; scale: FeedDatabase['scale']; rows: Record<string, number>; generatedAt: string; generationSeconds: number; generatedThisRun: boolean };
  /** What the viewers and queries found when fetched by hand before the load. */
  shape: { followingFirstPageItems: number; searchHits: Record<string, number>; notesSearch: boolean };
  scenarios: FeedScenario[];
  problems: string[];
}

/** Each request one of `calls`, at random. */
function rotating(calls: Call[]) {
  return (): autocannon.Request[] => [
    {
      method: 'GET',
      setupRequest: (request) => {
        const call = calls[randomInt(calls.length)]!;
        return { ...request, path: `${API}${call.path}`, headers: call.headers ?? {} };
      },
    },
  ];
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Session {
  userId: string;
  token: string;
}

/** Sessions for this run's viewers, as the server opens them at login. */
async function openSessions(client: pg.Client, userIds: string[]): Promise<Session[]> {
  const now = new Date();
  const sessions = userIds.map((userId) => ({ userId, token: randomBytes(32).toString('base64url'), id: newId() }));
  for (const s of sessions) {
    await client.query('insert into sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at) values ($1, $2, $3, $4, $4, $5)', [
      s.id,
      createHash('sha256').update(s.token).digest('base64url'),
      s.userId,
      now,
      new Date(now.getTime() + 86_400_000),
    ]);
  }
  return sessions;
}

async function getJson<T>(url: string, call: Call): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${API}${call.path}`, { headers: call.headers });
  return { status: response.status, body: (await response.json()) as T };
}

async function mustGet<T>(url: string, call: Call): Promise<T> {
  const { status, body } = await getJson<T>(url, call);
  if (status !== 200) throw new Error(`GET ${call.path} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

type Page = { items: { id: string }[]; nextCursor: string | null };

/** The cursors of pages 2..PAGES_WALKED of a feed, walked by hand. */
async function walk(url: string, path: string, headers?: Record<string, string>): Promise<{ first: Page; cursors: string[] }> {
  const first = await mustGet<Page>(url, { path, headers });
  const cursors: string[] = [];
  let page = first;
  while (page.nextCursor && cursors.length < PAGES_WALKED - 1) {
    cursors.push(page.nextCursor);
    page = await mustGet<Page>(url, { path: `${path}&cursor=${encodeURIComponent(page.nextCursor)}`, headers });
  }
  return { first, cursors };
}

export async function runFeedBench(settings: FeedSettings, log: (message: string) => void): Promise<FeedReport> {
  const startedAt = new Date();
  const problems: string[] = [];
  const database = await ensureFeedDatabase({ regenerate: settings.regenerate, scale: feedScale(), log });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  let target: Target | undefined;
  let sessions: Session[] = [];
  try {
    const ids = async (query: string) => (await client.query<{ id: string }>(query)).rows.map((r) => r.id);
    const noteIds = await ids('select id from notes where deleted_at is null and hidden_at is null order by random() limit 2000');
    const productIds = await ids('select id from products order by random() limit 1000');
    // R6: viewers without the consent get the common ranking; those with it, their own.
    const plain = await ids(`select id from users u where exists (select 1 from follows f where f.follower_id = u.id)
      and not exists (select 1 from consents c where c.user_id = u.id and c.purpose = 'personalised_feed') order by random() limit ${VIEWERS}`);
    const personalised = await ids(`select user_id as id from consents where purpose = 'personalised_feed' and granted order by random() limit ${VIEWERS}`);
    sessions = await openSessions(client, [...plain, ...personalised]);
    const plainSessions = sessions.slice(0, plain.length);
    const personalisedSessions = sessions.slice(plain.length);

    log(`starting Agora on ${database.name}`);
    target = await startTarget(['agora', database.url], { env: { BENCH_AGORA_GENERATED: '1' } });
    const url = target.url;

    log('fetching each viewer, cursor and query once by hand');
    const pk: Call[] = noteIds.map((id) => ({ path: `/notes/${id}` }));
    const products: Call[] = productIds.map((id) => ({ path: `/products/${id}` }));
    await mustGet(url, pk[0]!);
    await mustGet(url, products[0]!);
    const anonymous = await walk(url, '/feed?tab=discover');
    const discoverLater: Call[] = anonymous.cursors.slice(1).map((c) => ({ path: `/feed?tab=discover&cursor=${encodeURIComponent(c)}` }));
    const personalisedLater: Call[] = [];
    for (const s of personalisedSessions.slice(0, 20)) {
      const { first, cursors } = await walk(url, '/feed?tab=discover', bearer(s.token));
      if (!(first as unknown as { personalised: boolean }).personalised) problems.push(`viewer ${s.userId} has the consent but got the common ranking`);
      personalisedLater.push(...cursors.slice(1).map((c) => ({ path: `/feed?tab=discover&cursor=${encodeURIComponent(c)}`, headers: bearer(s.token) })));
    }
    const followingLater: Call[] = [];
    let followingItems = 0;
    for (const s of plainSessions.slice(0, 40)) {
      const { first, cursors } = await walk(url, '/feed?tab=following', bearer(s.token));
      followingItems += first.items.length;
      followingLater.push(...cursors.slice(1).map((c) => ({ path: `/feed?tab=following&cursor=${encodeURIComponent(c)}`, headers: bearer(s.token) })));
    }
    const searchHits: Record<string, number> = {};
    const searches = (type: string): Call[] => SEARCH_QUERIES.map((q) => ({ path: `/search?type=${type}&q=${encodeURIComponent(q)}` }));
    for (const call of searches('products')) {
      const page = await mustGet<Page>(url, call);
      searchHits[decodeURIComponent(call.path.split('q=')[1]!)] = page.items.length;
      if (page.items.length === 0) problems.push(`search ${call.path} found nothing`);
    }
    const notesSearch = (await getJson(url, searches('notes')[0]!)).status === 200;
    if (!notesSearch) log('GET /search?type=notes is not available on this branch: notes search not measured');

    const scenarios: { key: string; name: string; calls: Call[]; aim?: FeedScenario['aim'] }[] = [
      { key: 'pkNote', name: 'PK read  GET /notes/:id', calls: pk },
      { key: 'pkProduct', name: 'PK read  GET /products/:id', calls: products },
      { key: 'discoverAnonymous', name: 'discover, signed out, page 1', calls: [{ path: '/feed?tab=discover' }], aim: { p99: AIM.feedP99 } },
      { key: 'discoverSignedIn', name: 'discover, signed in (no consent), page 1', calls: plainSessions.map((s) => ({ path: '/feed?tab=discover', headers: bearer(s.token) })), aim: { p99: AIM.feedP99 } },
      { key: 'discoverPersonalised', name: 'discover, personalised (consent), page 1', calls: personalisedSessions.map((s) => ({ path: '/feed?tab=discover', headers: bearer(s.token) })), aim: { p99: AIM.feedP99 } },
      { key: 'discoverLater', name: 'discover, signed out, pages 3–5', calls: discoverLater, aim: { p99: AIM.feedP99 } },
      { key: 'discoverPersonalisedLater', name: 'discover, personalised, pages 3–5', calls: personalisedLater, aim: { p99: AIM.feedP99 } },
      { key: 'following', name: 'following, page 1', calls: plainSessions.map((s) => ({ path: '/feed?tab=following', headers: bearer(s.token) })), aim: { p99: AIM.feedP99 } },
      { key: 'followingLater', name: 'following, pages 3–5', calls: followingLater, aim: { p99: AIM.feedP99 } },
      { key: 'searchProducts', name: 'search products (16 queries)', calls: searches('products'), aim: { p50: AIM.searchP50, p99: AIM.searchP99 } },
      ...(notesSearch ? [{ key: 'searchNotes', name: 'search notes (16 queries)', calls: searches('notes'), aim: { p50: AIM.searchP50, p99: AIM.searchP99 } }] : []),
      { key: 'pkNoteEnd', name: 'PK read  GET /notes/:id (end, drift)', calls: pk },
    ];
    const results: FeedScenario[] = [];
    const chosen = (key: string) => settings.scenarios.length === 0 || key === 'pkNote' || settings.scenarios.includes(key);
    for (const s of scenarios.filter((s) => chosen(s.key))) {
      if (s.calls.length === 0) {
        problems.push(`${s.name}: nothing to request (no cursor or viewer found)`);
        continue;
      }
      log(`feed ${s.name}: ${settings.warmupS}s warm-up + ${settings.durationS}s × ${settings.connections} connections`);
      const result = await measure({ name: s.name, url, requests: rotating(s.calls) }, settings);
      const bad = result.non2xx + result.errors + result.timeouts + result.warmup.non2xx + result.warmup.errors + result.warmup.timeouts;
      if (bad > 0) problems.push(`${s.name}: non2xx=${result.non2xx}, errors=${result.errors}, timeouts=${result.timeouts} (status codes ${JSON.stringify(result.statusCodes)})`);
      results.push({ key: s.key, name: s.name, aim: s.aim, result, vsPk: 0, variety: s.calls.length });
    }
    const pkRps = results.find((r) => r.key === 'pkNote')?.result.rps ?? NaN;
    for (const r of results) r.vsPk = r.result.rps / pkRps;
    for (const r of results) {
      const missed = [r.aim?.p50 !== undefined && r.result.latencyMs.p50 >= r.aim.p50 ? `p50 ${r.result.latencyMs.p50} ms ≥ ${r.aim.p50}` : '', r.aim?.p99 !== undefined && r.result.latencyMs.p99 >= r.aim.p99 ? `p99 ${r.result.latencyMs.p99} ms ≥ ${r.aim.p99}` : '']
        .filter(Boolean)
        .join(', ');
      if (missed) problems.push(`aim missed: ${r.name}: ${missed}`);
    }
    return {
      startedAt: startedAt.toISOString(),
      settings: { connections: settings.connections, durationS: settings.durationS, warmupS: settings.warmupS },
      database: {
        name: database.name,
        postgres: await postgresVersion(),
        scale: database.scale,
        rows: database.mark.rows,
        generatedAt: database.mark.generatedAt,
        generationSeconds: database.mark.seconds,
        generatedThisRun: database.generatedS !== undefined,
      },
      shape: { followingFirstPageItems: plainSessions.length ? followingItems / Math.min(40, plainSessions.length) : 0, searchHits, notesSearch },
      scenarios: results,
      problems,
    };
  } finally {
    await target?.stop();
    if (sessions.length > 0) await client.query('delete from sessions where user_id = any($1)', [sessions.map((s) => s.userId)]).catch(() => undefined);
    await client.end();
  }
}

export function feedTable(report: FeedReport): string {
  const d = report.database;
  const rows: Cell[][] = report.scenarios.map((s) => {
    const r = s.result;
    const aim = s.aim ? [s.aim.p50 !== undefined ? `p50<${s.aim.p50}` : '', s.aim.p99 !== undefined ? `p99<${s.aim.p99}` : ''].filter(Boolean).join(' ') : '';
    const met = s.aim ? ((s.aim.p50 === undefined || r.latencyMs.p50 < s.aim.p50) && (s.aim.p99 === undefined || r.latencyMs.p99 < s.aim.p99) ? 'yes' : 'NO') : '';
    return [s.name, fmt.int(r.rps), fmt.ratio(s.vsPk), fmt.num(r.latencyMs.p50, 0), fmt.num(r.latencyMs.p99, 0), aim, met, fmt.int(r.ok2xx), r.non2xx + r.errors + r.timeouts, s.variety, fmt.num(r.load1.after, 1)];
  });
  const rowsText = Object.entries(d.rows).map(([t, n]) => `${t} ${fmt.int(n)}`).join(', ');
  return [
    `Feeds and search at scale — ${d.name} (PostgreSQL ${d.postgres ?? '?'}), ${report.settings.connections} connections, ${report.settings.durationS}s each after ${report.settings.warmupS}s warm-up; ×PK = req/s ÷ GET /notes/:id req/s of this run`,
    table(['scenario', 'req/s', '×PK', 'p50 ms', 'p99 ms', 'aim ms', 'met', '2xx', 'bad', 'variety', 'load1'], rows, new Set([1, 2, 3, 4, 7, 8, 9, 10])),
    `(rows: ${rowsText})`,
    `(generated ${d.generatedAt} in ${fmt.int(d.generationSeconds)} s${d.generatedThisRun ? ', this run' : ', reused'}; ${os.cpus().length} CPUs; variety = distinct requests rotated through at random; following page 1 had ${fmt.num(report.shape.followingFirstPageItems)} notes on average)`,
  ].join('\n');
}
