/**
 * A real Agora on a real database, listening on a real port, for integration
 * tests. No module is mocked; time is a ManualClock the test can move.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/database.js';
import { createContext, type AppContext } from '../../src/context.js';
import { ManualClock } from '../../src/lib/clock.js';
import { generateKeyMaterial, parseKeyRing, type KeyRing } from '../../src/modules/privacy/index.js';
import { buildServer, type ServerOptions } from '../../src/server.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { createClient, type Client } from './http.js';

/**
 * Tests register and log in thousands of users: scrypt at N = 1,024 instead of 16,384
 * (the same code; the cost travels in each hash). config.test.ts keeps production's.
 */
export const TEST_PASSWORD_HASH_COST = 10;

export interface TestApp {
  kind: DatabaseKind;
  url: string;
  ctx: AppContext;
  app: FastifyInstance;
  clock: ManualClock;
  testDb: TestDatabase;
  http: Client;
  /** Log lines written so far, when started with `captureLogs`. */
  logs(): string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  captureLogs?: boolean;
  poolSize?: number;
  /** Share a database another TestApp created (a second process on one database). */
  testDb?: TestDatabase;
  /** Namespace for rate-limit counters (shared Redis). */
  rateLimitPrefix?: string;
  /** Personal-data keys; processes sharing a database must share keys. */
  keys?: KeyRing;
  /** How long a repeat of an Idempotency-Key waits, and the lease's beat (src/modules/idempotency/service.ts). */
  idempotency?: ServerOptions['idempotency'];
  /** Sees every route the server adds (test/request-limits.test.ts). */
  onRoute?: ServerOptions['onRoute'];
}

export function testKeys(): KeyRing {
  const material = generateKeyMaterial();
  return parseKeyRing(material.dataKeys, material.lookupKey);
}

export async function startTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = options.testDb ?? (await createTestDatabase(kind, { poolSize: options.poolSize ?? 10 }));
  // Uploads go to DATA_DIR/uploads; the database is in memory or on the server.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-test-'));
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir, PASSWORD_HASH_COST: String(TEST_PASSWORD_HASH_COST), ...options.env });
  const keys = options.keys ?? testKeys();
  const clock = new ManualClock(new Date());
  const ctx = createContext({ config, database: testDb.database, keys, clock, ...(options.rateLimitPrefix ? { rateLimitPrefix: options.rateLimitPrefix } : {}) });
  let captured = '';
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured += chunk.toString('utf8');
      done();
    },
  });
  const app = await buildServer(ctx, {
    ...(options.captureLogs ? { logStream, logLevel: 'trace' } : { logLevel: 'silent' }),
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = ctx.selfUrl.current;
  return {
    kind,
    url,
    ctx,
    app,
    clock,
    testDb,
    http: createClient(url),
    logs: () => captured,
    async close() {
      await app.close();
      await ctx.jobs?.stop();
      await ctx.limits.close();
      if (!options.testDb) await testDb.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Two server processes on one PostgreSQL database, as a fleet runs them: B has its own pool
 * on A's database (live events cross through LISTEN/NOTIFY) and A's clock. `close` stops B,
 * its pool, then A.
 */
export async function startTwoProcesses(options: { poolSize?: number } = {}): Promise<{ a: TestApp; b: TestApp; close: () => Promise<void> }> {
  const keys = testKeys();
  const pool = options.poolSize === undefined ? {} : { poolSize: options.poolSize };
  const a = await startTestApp('postgres', { keys, ...pool });
  const second = await openDatabase({ url: a.testDb.url, ...pool });
  const closeB = () => second.close();
  try {
    const b = await startTestApp('postgres', { keys, testDb: { database: second, url: a.testDb.url, drop: closeB } });
    b.clock.set(a.clock.now());
    return {
      a,
      b,
      close: async () => {
        await b.close();
        await closeB();
        await a.close();
      },
    };
  } catch (error) {
    await closeB();
    await a.close();
    throw error;
  }
}
