/**
 * `npm run ledger:check`: verify the books of the configured database (PGlite in
 * DATA_DIR, or DATABASE_URL). Exits 1 and lists every problem when any invariant
 * fails; the test suite runs the same check after every money test. The provider's
 * money is checked against the payments rows too (payments/reconcile.ts).
 */
import { runCommand } from './cli.js';
import { createLedgerService } from './modules/ledger/index.js';
import { providerMoneyProblems } from './modules/payments/index.js';

runCommand(async (config, database) => {
  const ledger = createLedgerService();
  const problems = [...(await ledger.check(database.db)), ...(await providerMoneyProblems(database.db, ledger))];
  const where = database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  if (problems.length === 0) {
    console.log(`ledger:check ${where}: every invariant holds`);
    return 0;
  }
  console.error(`ledger:check ${where}: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`);
  return 1;
});
