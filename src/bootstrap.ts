/**
 * Everything `npm start` does before it listens: keys, database, migrations, the
 * demo seed on first start, the admin from configuration, background jobs. Kept
 * apart from main.ts so a test can start Agora exactly as production does.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { createContext, type AppContext } from './context.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_ADMIN, seedDemo, type DemoLogins } from './demo/seed.js';
import { startJobs } from './jobs/index.js';
import { registerTimers } from './jobs/timers.js';
import { loadKeyRing } from './modules/privacy/index.js';
import { buildServer, type ServerOptions } from './server.js';

export interface Agora {
  app: FastifyInstance;
  ctx: AppContext;
  /** The demo logins when this start seeded them. */
  demo: DemoLogins | undefined;
  close(): Promise<void>;
}

export async function bootstrap(config: Config, options: ServerOptions & { startJobs?: boolean } = {}): Promise<Agora> {
  const warnings: string[] = [];
  const keys = loadKeyRing(config, (message) => warnings.push(message));
  const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  await migrateToLatest(database.db);

  const ctx = createContext({ config, database, keys });
  const app = await buildServer(ctx, options);
  for (const message of warnings) app.log.warn(message);

  const adminLogin = config.adminPhone && config.adminPassword ? { phone: config.adminPhone, password: config.adminPassword } : undefined;
  const isEmpty = await ctx.accounts.isEmpty();
  // Demo data only into an empty database, never in production.
  const seed = config.nodeEnv !== 'production' && isEmpty && (config.demo ?? database.kind === 'pglite');
  let demo: DemoLogins | undefined;
  if (seed) demo = await seedDemo(ctx, adminLogin ?? DEMO_ADMIN);
  else if (adminLogin) await ctx.accounts.ensureAdmin(adminLogin.phone, adminLogin.password);

  if (options.startJobs !== false) {
    ctx.jobs = await startJobs(database, { onError: (error) => app.log.error({ err: error }, 'job error') });
    await registerTimers(ctx);
  }

  return {
    app,
    ctx,
    demo,
    async close() {
      await app.close();
      await ctx.jobs?.stop();
      await ctx.limits.close();
      await database.close();
    },
  };
}
