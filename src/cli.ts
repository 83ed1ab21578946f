/**
 * What the `npm run` commands beside the server share (ledger:check, keys:rotate):
 * the configuration read once (exit 2 listing what is wrong), the database opened
 * and closed, and the process ending with the command's exit code.
 */
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './database.js';

export function runCommand(command: (config: Config, database: Database) => Promise<number>): void {
  const main = async (): Promise<number> => {
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
      return await command(config, database);
    } finally {
      await database.close();
    }
  };
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
