/**
 * Agora as the benchmarks see it: the real context and server (src/), around a
 * fresh migrated database, with one registered user to log in as. Built the way
 * test/support/app.ts builds it, but standing on src/ alone. Background jobs are
 * not started (as in the tests), so pg-boss polling adds no noise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../src/config.js';
import { createContext } from '../src/context.js';
import { openDatabase } from '../src/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { generateKeyMaterial, parseKeyRing } from '../src/modules/privacy/index.js';
import { buildServer } from '../src/server.js';

export const BENCH_USER = { phone: '13800138000', password: 'bench-password-2026', displayName: 'Bench 用户' } as const;

export interface RunningAgora {
  url: string;
  /** Which database, in words. */
  detail: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * PGlite in a temp DATA_DIR when `databaseUrl` is unset (in memory with `memory`, as
 * the tests run it); else that PostgreSQL database (already created, empty).
 */
export async function startAgora(options: {
  databaseUrl?: string | undefined;
  memory?: boolean;
  /** Personal-data keys, when the database already holds data sealed with them (the checkout benchmark). */
  keys?: { dataKeys: string; lookupKey: string } | undefined;
  /** False on a database generated beforehand (the feed benchmark), which has its own users and is kept across runs. */
  registerBenchUser?: boolean;
  /** Settings on top of the test defaults, as environment variables (`CHECKOUT_BATCHING`). */
  env?: Record<string, string> | undefined;
  /** PostgreSQL connections of this process (default 10). */
  poolSize?: number | undefined;
}): Promise<RunningAgora> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-bench-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir, ...options.env });
    const database = options.databaseUrl
      ? await openDatabase({ url: options.databaseUrl, poolSize: options.poolSize ?? 10 })
      : await openDatabase(options.memory ? {} : { dataDir: path.join(dataDir, 'pglite') });
    await migrateToLatest(database.db);
    const material = options.keys ?? generateKeyMaterial();
    const ctx = createContext({ config, database, keys: parseKeyRing(material.dataKeys, material.lookupKey) });
    if (options.registerBenchUser !== false) await ctx.accounts.register({ ...BENCH_USER });
    const app = await buildServer(ctx, { logLevel: 'silent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url: ctx.selfUrl.current,
      detail: database.kind === 'postgres' ? 'PostgreSQL' : options.memory ? 'PGlite in memory' : 'PGlite in a temp DATA_DIR',
      app,
      async close() {
        await app.close();
        await ctx.jobs?.stop();
        await ctx.limits.close();
        await database.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
