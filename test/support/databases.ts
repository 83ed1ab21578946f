/**
 * The databases every integration test runs on (CONVENTIONS.md §11): PGlite in
 * memory always, and PostgreSQL at TEST_DATABASE_URL (default the local server)
 * in a fresh database per test file. Without a reachable server the PostgreSQL
 * cases are skipped with a message; under CI=true that is a failure instead.
 *
 * Each starts as a copy of the run's migrated template (./global-setup.ts); without
 * one (a runner that skipped the global setup) it is migrated from scratch.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const IN_CI = process.env.CI === 'true';

export type DatabaseKind = 'pglite' | 'postgres';

let reachable: Promise<boolean> | undefined;
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (IN_CI) throw new Error(`CI=true but PostgreSQL at ${TEST_DATABASE_URL} is not reachable`, { cause: error });
      console.warn(`\n  PostgreSQL at ${TEST_DATABASE_URL} is not reachable: the PostgreSQL suite is SKIPPED (set TEST_DATABASE_URL).\n`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return reachable;
}

/** Which kinds to run: both, or PGlite alone when the server is absent (never under CI). */
export const DATABASE_KINDS: DatabaseKind[] = (await postgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  database: Database;
  /** Connection string of the per-file PostgreSQL database (undefined on PGlite). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** The template's tarball, read once per test file's process (inject is undefined outside vitest's runner). */
let pgliteTemplate: Blob | undefined;
function loadPGliteTemplate(): Blob | undefined {
  const file = inject('pgliteTemplate') as string | undefined;
  if (file && !pgliteTemplate) pgliteTemplate = new Blob([fs.readFileSync(file)]);
  return pgliteTemplate;
}

/** A new, migrated, empty database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = loadPGliteTemplate();
    const database = await openDatabase({ loadDataDir: template });
    if (!template) await migrateToLatest(database.db);
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `agora_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const template = inject('postgresTemplate') as string | undefined;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: options.poolSize ?? 10 });
  if (!template) await migrateToLatest(database.db);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      // pg's Pool.end() resolves before its sockets have closed: dropping with force at once
      // kills those backends mid-goodbye, and the closing clients throw 57P01 as an uncaught error.
      for (let tries = 0; tries < 100; tries++) {
        const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
