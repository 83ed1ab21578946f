/**
 * `npm start`: read the configuration, open and migrate the database, seed demo
 * data on first start, start background jobs, and serve http://HOST:PORT.
 */
import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig } from './config.js';
import { createContext } from './context.js';
import { openDatabase } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_ADMIN, seedDemo, type DemoLogins } from './db/seed.js';
import { registerTimers } from './jobs/timers.js';
import { startJobs } from './jobs/index.js';
import { loadKeyRing } from './modules/privacy/index.js';
import { buildServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const warnings: string[] = [];
  const keys = loadKeyRing(config, (message) => warnings.push(message));
  const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  await migrateToLatest(database.db);

  const ctx = createContext({ config, database, keys });
  const app = await buildServer(ctx);
  for (const message of warnings) app.log.warn(message);

  const adminLogin = config.adminPhone && config.adminPassword ? { phone: config.adminPhone, password: config.adminPassword } : undefined;
  const isEmpty = await ctx.accounts.isEmpty();
  const seed = config.nodeEnv !== 'production' && (config.demo ?? (database.kind === 'pglite' && isEmpty)) && isEmpty;
  let demo: DemoLogins | undefined;
  if (seed) demo = await seedDemo(ctx, adminLogin ?? DEMO_ADMIN);
  else if (adminLogin) await ctx.accounts.ensureAdmin(adminLogin.phone, adminLogin.password);

  ctx.jobs = await startJobs(database, { onError: (error) => app.log.error({ err: error }, 'job error') });
  await registerTimers(ctx);

  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    await app.close();
    await ctx.jobs?.stop();
    await ctx.limits.close();
    await database.close();
  });

  await app.listen({ port: config.port, host: config.host });
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;
  const lines = [
    '',
    `  Agora is running at ${url}  (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    `  API docs: ${url}/docs`,
  ];
  if (demo) {
    lines.push('', '  Demo logins (phone / password):', `    admin   ${demo.admin.phone} / ${demo.admin.password}`);
    for (const user of demo.users) {
      lines.push(`    user    ${user.phone} / ${user.password}   ${user.displayName}${user.identityVerified ? '  (实名已认证)' : ''}`);
    }
  } else if (isEmpty === false && database.kind === 'pglite') {
    lines.push('', `  Demo logins: admin ${DEMO_ADMIN.phone} / ${DEMO_ADMIN.password}; users 13900000001…10 / agora-demo-2026`);
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
