/**
 * `npm start`: read the configuration, start Agora (bootstrap.ts), listen, and
 * print the URL and the demo logins.
 */
import closeWithGrace from 'close-with-grace';
import { bootstrap } from './bootstrap.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DEMO_ADMIN, DEMO_PASSWORD, type DemoLogins } from './demo/seed.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function banner(config: Config, kind: string, demo: DemoLogins | undefined): string {
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const url = `http://${host}:${config.port}`;
  const lines = ['', `  Agora is running at ${url}  (${kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`];
  if (config.apiDocs) lines.push(`  API docs: ${url}/docs`);
  if (demo) {
    lines.push('', '  Demo logins (phone / password):', `    admin   ${demo.admin.phone} / ${demo.admin.password}`);
    for (const user of demo.users) {
      lines.push(`    user    ${user.phone} / ${user.password}   ${user.displayName}${user.identityVerified ? '  (实名已认证)' : ''}${user.shop ? `  店铺: ${user.shop}` : ''}`);
    }
    lines.push(`  Verified users pay with PIN ${demo.pin} and have ¥500.00 of sandbox money.`);
  } else if (config.nodeEnv !== 'production') {
    lines.push('', `  Demo logins, if this database was seeded: admin ${DEMO_ADMIN.phone} / ${DEMO_ADMIN.password}; users 13900000001 … 13900000010 / ${DEMO_PASSWORD}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const config = readConfig();
  const agora = await bootstrap(config);
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) agora.app.log.error({ err }, 'shutting down after an error');
    await agora.close();
  });
  await agora.app.listen({ port: config.port, host: config.host });
  console.log(banner(config, agora.ctx.database.kind, agora.demo));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
