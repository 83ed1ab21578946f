/**
 * `npm run bench -- --only=web`: what a phone downloads and how Lighthouse scores four
 * pages of the built app (issue 16 items 1–3): the signed-out home feed, a note, a product
 * page, and checkout signed in as a demo buyer with one item in the cart.
 *
 * The built server (dist/server/main.js with dist/web, `npm run build:server` and
 * `npm run build:web` first; BENCH_WEB_NO_BUILD=1 uses what is already built) starts on an
 * empty DATA_DIR, so the demo seed runs. Lighthouse 12 runs in Debian Chromium with its
 * mobile preset and default (simulated) throttling, one cold load per route (storage and
 * the HTTP cache cleared); BENCH_WEB_RUNS=n runs each route n times and keeps the run with
 * the median performance score. Bytes are what Chromium received for scripts and
 * stylesheets (transferred, i.e. compressed as served) and their decoded size.
 * Lighthouse 12.2.3's element audits (LCP element, layout shifts) fail on Chromium 156's traces
 * ("RootCauses ... frame_sequence"); the scores and metrics do not depend on them, and
 * BENCH_WEB_LHR_DIR=<dir> keeps each route's full report there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { buildServerDist, freePort, ROOT, SERVER_ENTRY, serverEnv } from './cold-start.js';
import { fmt, table, type Cell } from './report.js';

const API = '/api/v1';
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/** A verified demo buyer with an address and sandbox money (src/demo/seed.ts: user 2, no shop). */
const DEMO_BUYER = { phone: '13900000002', password: 'agora-demo-2026' };

export interface WebSettings {
  runs: number;
  build: boolean;
}

interface Bytes {
  requests: number;
  /** Bytes on the wire (headers included, body as served: br/gzip when the server compressed it). */
  transferred: number;
  /** Decoded size. */
  resource: number;
}

export interface WebRouteReport {
  route: string;
  path: string;
  signedIn: boolean;
  js: Bytes;
  css: Bytes;
  /** Bodies only (no headers) of the same scripts, fetched again as a gzip-only and as a br client. */
  jsBody: { gzip: number; br: number };
  /** Content-Encoding of the scripts and stylesheets as Chromium received them. */
  encodings: Record<string, number>;
  scores: { performance: number | null; accessibility: number | null; bestPractices: number | null };
  fcpMs: number | undefined;
  lcpMs: number | undefined;
  tbtMs: number | undefined;
  cls: number | undefined;
  /** Each script and stylesheet: path, bytes transferred and decoded (largest first). */
  files: { path: string; transferred: number; resource: number }[];
  /** What the largest contentful paint was, and what moved (Lighthouse's node snippets). */
  lcpElement: string | undefined;
  layoutShifts: { node: string; score: number }[];
  /** Failed audits of the accessibility category, to hand over. */
  accessibilityFailures: string[];
  runs: number;
}

export interface WebReport {
  chromium: string;
  lighthouse: string;
  preset: string;
  routes: WebRouteReport[];
  aims: { homeJsGzipMaxBytes: number; cssMaxBytes: number; performanceMin: number; accessibilityMin: number; lcpMaxMs: number; clsMax: number };
  problems: string[];
}

const AIMS: WebReport['aims'] = { homeJsGzipMaxBytes: 120 * 1024, cssMaxBytes: 20 * 1024, performanceMin: 95, accessibilityMin: 95, lcpMaxMs: 2000, clsMax: 0.05 };

function runNpm(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run ${script} exited ${code}`))));
  });
}

interface Server {
  url: string;
  stop(): Promise<void>;
}

async function startServer(log: (line: string) => void): Promise<Server> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-web-'));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [SERVER_ENTRY], { cwd: ROOT, env: serverEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-10_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the built server exited before it answered:\n${output.slice(-3000)}`);
    }
    if (performance.now() - t0 > 180_000) {
      await stop();
      throw new Error(`the built server did not answer within 180 s:\n${output.slice(-3000)}`);
    }
    const status = await fetch(`${url}${API}/health`).then((r) => r.status, () => undefined);
    if (status === 200) break;
    await sleep(200);
  }
  log(`built server with demo data at ${url} (${fmt.int(performance.now() - t0)} ms)`);
  return { url, stop };
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

interface DemoPaths {
  notePath: string;
  productPath: string;
  session: string;
  cartLine: Record<string, unknown>;
}

/** A note with a tagged product from the discover feed, that product, and a signed-in buyer's cart line. */
async function demoPaths(url: string): Promise<DemoPaths> {
  type Feed = { items: { id: string; tags: { productId: string }[] }[] };
  const feed = await json<Feed>(`${url}${API}/feed?tab=discover`);
  const note = feed.items.find((n) => n.tags.length > 0);
  if (!note) throw new Error('no note with a tagged product in the demo feed');
  const productId = note.tags[0]!.productId;
  type Product = { id: string; title: string; images: string[]; operator: { id: string; shopName: string }; returnClass?: string; skus: { id: string; name: string; price: number; stock: number }[] };
  const product = await json<Product>(`${url}${API}/products/${productId}`);
  const sku = product.skus.find((s) => s.stock > 0) ?? product.skus[0]!;
  const login = await fetch(`${url}${API}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_BUYER) });
  if (login.status !== 200) throw new Error(`demo buyer login answered ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  // The cart lives in localStorage (web/src/features/orders/cart.ts): one line, no add-ons (R7).
  const cartLine = {
    productId: product.id,
    skuId: sku.id,
    title: product.title,
    skuName: sku.name,
    price: sku.price,
    quantity: 1,
    image: product.images[0] ?? null,
    operator: product.operator,
    returnClass: product.returnClass ?? 'returnable',
    addOns: [],
  };
  return { notePath: `/notes/${note.id}`, productPath: `/products/${product.id}`, session: token, cartLine };
}

type Lhr = {
  lighthouseVersion: string;
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null; auditRefs: { id: string }[] }>;
  audits: Record<string, { score: number | null; numericValue?: number; title: string; errorMessage?: string; details?: { items?: Record<string, unknown>[] } }>;
  runWarnings: string[];
};

function bytesOf(items: Record<string, unknown>[], type: string): Bytes {
  const rows = items.filter((i) => i.resourceType === type);
  return {
    requests: rows.length,
    transferred: rows.reduce((s, i) => s + (Number(i.transferSize) || 0), 0),
    resource: rows.reduce((s, i) => s + (Number(i.resourceSize) || 0), 0),
  };
}

/** `{ node: { snippet }, score }` rows of a Lighthouse table, also nested one level (the LCP element audit's). */
function nodeSnippets(items: Record<string, unknown>[] | undefined): { node: string; score: number }[] {
  const rows: { node: string; score: number }[] = [];
  for (const item of items ?? []) {
    const nested = (item as { items?: Record<string, unknown>[] }).items;
    if (nested) rows.push(...nodeSnippets(nested));
    const node = (item as { node?: { snippet?: string; selector?: string } }).node;
    if (node?.snippet) rows.push({ node: `${node.selector ?? ''} ${node.snippet}`.trim().slice(0, 200), score: Number((item as { score?: number }).score) || 0 });
  }
  return rows;
}

/** The body bytes a client that accepts only `encoding` receives for `path`. */
function bodyBytes(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding }, agent: false }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
      })
      .on('error', reject);
  });
}

async function auditOnce(port: number, url: string): Promise<Lhr> {
  // disableStorageReset keeps the signed-in buyer's cookie and cart; the HTTP cache is emptied before each run instead.
  // Agora's readers ask for Chinese; Lighthouse's own default (en-US) would measure the English pages and their extra texts chunk.
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    disableStorageReset: true,
    extraHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' },
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  return result.lhr as unknown as Lhr;
}

/** The encodings Chromium saw, from the response headers of a fresh load (Lighthouse's report does not keep them). */
async function encodingsOf(browser: puppeteer.Browser, url: string): Promise<Record<string, number>> {
  const page = await browser.newPage();
  const seen: Record<string, number> = {};
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    const encoding = response.headers()['content-encoding'] ?? 'identity';
    seen[encoding] = (seen[encoding] ?? 0) + 1;
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.clearBrowserCache');
  await page.goto(url, { waitUntil: 'networkidle0' });
  await page.close();
  return seen;
}

export async function runWebBench(settings: WebSettings, log: (line: string) => void): Promise<WebReport> {
  if (settings.build) {
    log('npm run build:web');
    await runNpm('build:web');
    log('npm run build:server');
    const built = await buildServerDist();
    if (!built.ok) log(`build:server reported errors (tsc still emitted):\n${built.output.slice(0, 1000)}`);
  }
  if (!fs.existsSync(path.join(ROOT, 'dist/web/index.html'))) throw new Error('dist/web is not built (npm run build:web)');
  const problems: string[] = [];
  const server = await startServer(log);
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  try {
    const demo = await demoPaths(server.url);
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
    const routes = [
      { route: 'home', path: '/', signedIn: false },
      { route: 'note', path: demo.notePath, signedIn: false },
      { route: 'product', path: demo.productPath, signedIn: false },
      { route: 'checkout', path: '/checkout', signedIn: true },
    ];
    const reports: WebRouteReport[] = [];
    let version = '';
    for (const route of routes) {
      // Each run starts from an empty cache, signed in (cookie + cart) or not.
      const page = await browser.newPage();
      await page.goto(`${server.url}${API}/health`);
      const cdp = await page.createCDPSession();
      await cdp.send('Network.clearBrowserCache');
      await cdp.send('Network.clearBrowserCookies');
      await page.evaluate('localStorage.clear()');
      if (route.signedIn) {
        await page.setCookie({ name: 'agora_session', value: demo.session, url: server.url, path: '/', httpOnly: true, sameSite: 'Lax' });
        await page.evaluate(`localStorage.setItem('agora.cart', ${JSON.stringify(JSON.stringify([demo.cartLine]))})`);
      }
      await page.close();
      const encodings = await encodingsOf(browser, `${server.url}${route.path}`);
      const runs: Lhr[] = [];
      for (let i = 0; i < settings.runs; i += 1) {
        const clear = await browser.newPage();
        await (await clear.createCDPSession()).send('Network.clearBrowserCache');
        await clear.close();
        log(`Lighthouse ${route.route} ${route.path}${settings.runs > 1 ? ` (run ${i + 1}/${settings.runs})` : ''}`);
        runs.push(await auditOnce(chrome.port, `${server.url}${route.path}`));
      }
      runs.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
      const lhr = runs[Math.floor(runs.length / 2)]!;
      version = lhr.lighthouseVersion;
      for (const warning of lhr.runWarnings) problems.push(`${route.route}: ${warning}`);
      const items = lhr.audits['network-requests']?.details?.items ?? [];
      if (lhr.runtimeError) problems.push(`${route.route}: Lighthouse ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
      for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']) {
        const message = lhr.audits[id]?.errorMessage;
        if (message) problems.push(`${route.route}: ${id}: ${message}`);
      }
      if (process.env.BENCH_WEB_LHR_DIR) fs.writeFileSync(path.join(process.env.BENCH_WEB_LHR_DIR, `${route.route}.json`), JSON.stringify(lhr));
      const scripts = items.filter((i) => i.resourceType === 'Script').map((i) => String(i.url));
      const jsBody = { gzip: 0, br: 0 };
      for (const url of scripts) {
        jsBody.gzip += await bodyBytes(url, 'gzip');
        jsBody.br += await bodyBytes(url, 'br');
      }
      const score = (id: string) => (lhr.categories[id]?.score == null ? null : Math.round(lhr.categories[id]!.score! * 100));
      const a11yIds = new Set(lhr.categories.accessibility?.auditRefs.map((r) => r.id));
      reports.push({
        ...route,
        js: bytesOf(items, 'Script'),
        css: bytesOf(items, 'Stylesheet'),
        jsBody,
        encodings,
        scores: { performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices') },
        fcpMs: lhr.audits['first-contentful-paint']?.numericValue,
        lcpMs: lhr.audits['largest-contentful-paint']?.numericValue,
        tbtMs: lhr.audits['total-blocking-time']?.numericValue,
        cls: lhr.audits['cumulative-layout-shift']?.numericValue,
        files: items
          .filter((i) => i.resourceType === 'Script' || i.resourceType === 'Stylesheet')
          .map((i) => ({ path: new URL(String(i.url)).pathname, transferred: Number(i.transferSize) || 0, resource: Number(i.resourceSize) || 0 }))
          .sort((a, b) => b.transferred - a.transferred),
        lcpElement: nodeSnippets(lhr.audits['largest-contentful-paint-element']?.details?.items)[0]?.node,
        layoutShifts: nodeSnippets(lhr.audits['layout-shifts']?.details?.items),
        accessibilityFailures: Object.entries(lhr.audits).filter(([id, a]) => a11yIds.has(id) && a.score === 0).map(([id]) => id),
        runs: runs.length,
      });
    }
    await browser.disconnect();
    for (const r of reports) {
      if (r.scores.performance !== null && r.scores.performance < AIMS.performanceMin) problems.push(`${r.route}: performance ${r.scores.performance} < ${AIMS.performanceMin}`);
      if (r.scores.accessibility !== null && r.scores.accessibility < AIMS.accessibilityMin) problems.push(`${r.route}: accessibility ${r.scores.accessibility} < ${AIMS.accessibilityMin} (${r.accessibilityFailures.join(', ')})`);
      if (r.lcpMs !== undefined && r.lcpMs >= AIMS.lcpMaxMs) problems.push(`${r.route}: LCP ${fmt.int(r.lcpMs)} ms ≥ ${AIMS.lcpMaxMs} ms`);
      if (r.cls !== undefined && r.cls >= AIMS.clsMax) problems.push(`${r.route}: CLS ${r.cls.toFixed(3)} ≥ ${AIMS.clsMax}`);
    }
    const home = reports.find((r) => r.route === 'home');
    if (home && home.jsBody.gzip > AIMS.homeJsGzipMaxBytes) problems.push(`home: ${fmt.int(home.jsBody.gzip / 1024)} KB of JavaScript gzipped > 120 KB (br: ${fmt.int(home.jsBody.br / 1024)} KB)`);
    if (home && home.css.transferred >= AIMS.cssMaxBytes) problems.push(`home: ${fmt.int(home.css.transferred / 1024)} KB of CSS transferred ≥ 20 KB`);
    return { chromium: await chromeVersion(), lighthouse: version, preset: 'mobile, simulated throttling (Lighthouse defaults)', routes: reports, aims: AIMS, problems };
  } finally {
    await chrome.kill();
    await server.stop();
  }
}

async function chromeVersion(): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => resolve(out.trim()));
    child.on('error', () => resolve('unknown'));
  });
}

const kb = (n: number) => (n / 1024).toFixed(1);

export function webTable(report: WebReport): string {
  const rows: Cell[][] = report.routes.map((r) => [
    r.route,
    `${kb(r.js.transferred)} (${kb(r.js.resource)})`,
    r.js.requests,
    `${kb(r.jsBody.gzip)} / ${kb(r.jsBody.br)}`,
    `${kb(r.css.transferred)} (${kb(r.css.resource)})`,
    Object.entries(r.encodings).map(([k, v]) => `${k}×${v}`).join(' '),
    r.scores.performance ?? '—',
    r.scores.accessibility ?? '—',
    r.scores.bestPractices ?? '—',
    r.fcpMs === undefined ? '—' : fmt.int(r.fcpMs),
    r.lcpMs === undefined ? '—' : fmt.int(r.lcpMs),
    r.tbtMs === undefined ? '—' : fmt.int(r.tbtMs),
    r.cls === undefined ? '—' : r.cls.toFixed(3),
  ]);
  return [
    `Web pages — Lighthouse ${report.lighthouse}, ${report.preset}, ${report.chromium}; KB transferred (decoded)`,
    table(['route', 'JS KB', 'JS files', 'JS gz / br body KB', 'CSS KB', 'encodings', 'perf', 'a11y', 'best pr.', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS'], rows, new Set([1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12])),
    `(JS KB and CSS KB: what Chromium received, headers included; the body columns: the same scripts fetched by a gzip-only and a br client)`,
    `(aims: home JS ≤ 120 KB gzipped, CSS < 20 KB; performance and accessibility ≥ 95, LCP < 2,000 ms, CLS < 0.05 on each route)`,
  ].join('\n');
}
