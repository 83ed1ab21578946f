/**
 * `npm run ledger:check`: verify the books of the configured database (PGlite in
 * DATA_DIR, or DATABASE_URL). Exits 1 and lists every problem when any invariant
 * fails; the test suite runs the same check after every money test.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { createLedgerService } from './modules/ledger/index.js';

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: path.join(config.dataDir, 'pglite') });
  try {
    const problems = await createLedgerService().check(database.db);
    const where = database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
    if (problems.length === 0) {
      console.log(`ledger:check ${where}: every invariant holds`);
      return 0;
    }
    console.error(`ledger:check ${where}: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
