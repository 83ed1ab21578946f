/**
 * Once per `vitest run`, before any file: the migrated, empty database every test
 * database starts from (see createTestDatabase in ./databases.ts).
 *
 * - PGlite: a fresh in-memory PGlite costs ~1.5–3.5 s of CPU (initdb in WASM) and its
 *   migrations ~0.4 s more; loading a dumped data directory costs ~0.5–0.9 s.
 * - PostgreSQL: `CREATE DATABASE … TEMPLATE` copies a migrated database in ~0.2 s where
 *   running the migrations takes ~1 s of the server's time.
 * The templates are this run's own (other worktrees share the server with other
 * migrations) and go at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/database.js';
import { snapshotPGlite } from '../../src/db/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { TEST_DATABASE_URL } from './databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File holding the migrated PGlite data directory (a tarball for `loadDataDir`). */
    pgliteTemplate: string;
    /** Name of the migrated PostgreSQL template database; '' when the server is absent. */
    postgresTemplate: string;
  }
}

async function preparePGlite(): Promise<{ file: string; remove: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agora-template-'));
  const file = path.join(dir, 'pglite.tar');
  const tarball = await snapshotPGlite(migrateToLatest);
  fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const TEMPLATE_PREFIX = 'agora_template_';
/** No run lasts this long: a template older than this is an interrupted run's (vitest skips teardown on Ctrl-C). */
const ABANDONED_AFTER_MS = 12 * 60 * 60_000;

async function dropAbandonedTemplates(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [TEMPLATE_PREFIX]);
  for (const { datname } of rows) {
    const createdAt = parseInt(datname.slice(TEMPLATE_PREFIX.length).split('_')[0] ?? '', 36);
    if (Date.now() - createdAt > ABANDONED_AFTER_MS) await admin.query(`drop database if exists ${datname} with (force)`);
  }
}

/** The template, or '' without a server (databases.ts then skips or, under CI, fails as before). */
async function preparePostgres(): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `${TEMPLATE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await withAdmin(async (admin) => {
      await dropAbandonedTemplates(admin);
      await admin.query(`create database ${name}`);
    });
  } catch {
    return { name: '', remove: async () => undefined };
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 1 });
  try {
    await migrateToLatest(database.db);
  } finally {
    // No session may stay on a template while CREATE DATABASE copies it.
    await database.close();
  }
  return { name, remove: () => withAdmin(async (admin) => void (await admin.query(`drop database if exists ${name} with (force)`))) };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [pglite, postgres] = await Promise.all([preparePGlite(), preparePostgres()]);
  // Ctrl-C ends vitest without the teardown below; the 44 MB file goes anyway.
  process.once('exit', pglite.remove);
  project.provide('pgliteTemplate', pglite.file);
  project.provide('postgresTemplate', postgres.name);
  return async () => {
    pglite.remove();
    await postgres.remove();
  };
}
