/**
 * `npm run keys:rotate`: re-encrypt every sealed value under the current data key
 * (the first in AGORA_DATA_KEYS, or in DATA_DIR/keys.json). Run it after adding a
 * new key first in the list and restarting the servers; it works online, one short
 * transaction per batch (README "Personal-data keys"). Exits 0 when nothing is left
 * under an older key (the old key may then be removed), 1 when something is, 2 on
 * bad configuration. `--batch=N` sets the batch size (default 500). With PGlite (no
 * DATABASE_URL) stop the server first: one process owns DATA_DIR.
 */
import { runCommand } from './cli.js';
import { migrateToLatest } from './db/migrate.js';
import { loadKeyRing } from './modules/privacy/index.js';
import { rotateKeys } from './workflows/rotate-keys.js';

runCommand(async (config, database) => {
  const keys = loadKeyRing(config, (message) => console.warn(message));
  await migrateToLatest(database.db);
  const batchSize = Number(process.argv.find((a) => a.startsWith('--batch='))?.slice('--batch='.length) ?? 500);
  const { keyId, reports } = await rotateKeys({ db: database.db, keys, batchSize, onProgress: (column, done) => console.log(`  ${column}: ${done} re-encrypted`) });
  for (const r of reports) console.log(`${r.column}: ${r.rotated} re-encrypted under ${keyId}, ${r.changedMeanwhile} rewritten meanwhile, ${r.remaining} left under older keys`);
  const left = reports.reduce((n, r) => n + r.remaining, 0);
  if (left === 0) {
    console.log(`keys:rotate: every sealed value is under ${keyId}; older keys may now be removed from the configuration`);
    return 0;
  }
  console.error(`keys:rotate: ${left} value(s) still under older keys; run it again (is a server still sealing with an older key first?)`);
  return 1;
});
