/**
 * Cold start: spawn the real server the way `npm start` runs it (node
 * dist/server/main.js, embedded PGlite in DATA_DIR) and time spawn → first 200 of
 * GET /api/v1/health, polling every 20 ms. The baseline is a trivial `node -e`
 * HTTP server timed the same way.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_ENTRY = path.join(ROOT, 'dist/server/main.js');
const POLL_MS = 20;
const START_LIMIT_MS = 90_000;
const STOP_LIMIT_MS = 15_000;
const HEALTH_PATH = '/api/v1/health';

export interface StartSample {
  label: string;
  ok: boolean;
  /** spawn → first 200 from the health path. */
  firstOkMs: number | undefined;
  /** SIGTERM → process exit. */
  shutdownMs: number | undefined;
  exit: string;
  polls: number;
  /** Facts read from the server's output (e.g. whether the demo seed ran). */
  notes: string[];
  error?: string;
  outputTail?: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One GET without keep-alive: the status, or undefined when nothing answers yet. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: HEALTH_PATH, agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Builds dist/server with `npm run build:server`; a failed typecheck still emits, so ok=false is reported, not fatal. */
export function buildServerDist(): Promise<{ ok: boolean; ms: number; output: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) => resolve({ ok: false, ms: performance.now() - t0, output: output + String(error) }));
    child.on('exit', (code) => resolve({ ok: code === 0, ms: performance.now() - t0, output }));
  });
}

export async function timeFirstOk(options: {
  label: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  notes?: (output: string) => string[];
}): Promise<StartSample> {
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
  };
  const t0 = performance.now();
  const child = spawn(process.execPath, options.args, { cwd: ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  child.once('error', (error) => (exitInfo = `spawn error: ${error.message}`));

  let firstOkMs: number | undefined;
  let polls = 0;
  let error: string | undefined;
  while (firstOkMs === undefined) {
    const tick = performance.now();
    if (exitInfo) {
      error = `exited before answering 200 (${exitInfo})`;
      break;
    }
    if (tick - t0 > START_LIMIT_MS) {
      error = `no 200 within ${START_LIMIT_MS / 1000}s`;
      break;
    }
    polls += 1;
    const status = await probe(options.port);
    if (status === 200) {
      firstOkMs = performance.now() - t0;
      break;
    }
    const wait = POLL_MS - (performance.now() - tick);
    if (wait > 0) await sleep(wait);
  }

  let shutdownMs: number | undefined;
  if (!exitInfo) {
    const t1 = performance.now();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
    await exited;
    clearTimeout(timer);
    shutdownMs = performance.now() - t1;
  }
  const exitedCleanly = exitInfo === 'code 0' || exitInfo === 'signal SIGTERM';
  if (!error && !exitedCleanly) error = `did not exit cleanly on SIGTERM (${exitInfo ?? 'unknown'})`;
  return {
    label: options.label,
    ok: firstOkMs !== undefined,
    firstOkMs,
    shutdownMs,
    exit: exitInfo ?? 'unknown',
    polls,
    notes: options.notes?.(output) ?? [],
    ...(error ? { error, outputTail: output.slice(-3000) } : {}),
  };
}

/** The environment `npm start` would see, minus anything that would point the server elsewhere. */
export function serverEnv(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const foreign = /^(NODE_ENV|DATABASE_URL|DATABASE_REPLICA_URL|REDIS_URL|AGORA_|DATA_DIR|PORT|HOST|LOG_LEVEL|TRUST_PROXY|SMS_|PAYMENT_)/;
  for (const [key, value] of Object.entries(process.env)) if (!foreign.test(key)) env[key] = value;
  return { ...env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
}

const TRIVIAL_SERVER = "require('node:http').createServer((q, s) => { s.writeHead(200); s.end('ok'); }).listen(Number(process.env.PORT), '127.0.0.1')";

export interface ColdStartReport {
  baseline: StartSample[];
  /** Median of the baseline samples that answered. */
  baselineMs: number | undefined;
  firstStart: StartSample;
  restart: StartSample;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function coldStart(): Promise<ColdStartReport> {
  const baseline: StartSample[] = [];
  for (let i = 0; i < 3; i += 1) {
    const port = await freePort();
    baseline.push(await timeFirstOk({ label: `node -e trivial http #${i + 1}`, args: ['-e', TRIVIAL_SERVER], env: { ...process.env, PORT: String(port) }, port }));
  }
  const baselineMs = median(baseline.flatMap((s) => (s.firstOkMs === undefined ? [] : [s.firstOkMs])));

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-cold-'));
  const seedNotes = (output: string) => [
    output.includes('Demo logins (phone / password):') ? 'demo seed ran' : 'no demo seed',
    output.includes('generated personal-data keys') ? 'keys generated' : 'keys reused',
  ];
  try {
    const port1 = await freePort();
    const firstStart = await timeFirstOk({ label: 'first start (empty DATA_DIR)', args: [SERVER_ENTRY], env: serverEnv(dataDir, port1), port: port1, notes: seedNotes });
    const port2 = await freePort();
    const restart = await timeFirstOk({ label: 'restart (existing DATA_DIR)', args: [SERVER_ENTRY], env: serverEnv(dataDir, port2), port: port2, notes: seedNotes });
    return { baseline, baselineMs, firstStart, restart };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
