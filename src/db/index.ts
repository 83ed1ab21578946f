/**
 * The database: PGlite in `DATA_DIR` by default, a PostgreSQL pool when `DATABASE_URL`
 * is set. One SQL dialect (PostgreSQL's) and one set of migrations serve both.
 *
 * Generic over the schema `S`: the app's schema is composed from the modules' tables
 * in src/database.ts, above both db/ and the modules, which names `DB`, `Executor`,
 * `Database` and `openDatabase` for the rest of the app (db/ imports no module).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import pgListen from 'pg-listen';
import { Mutex, PGliteDialect } from './pglite-dialect.js';

/** Anything that runs queries on schema `S`: the database itself or an open transaction. */
export type ExecutorOf<S> = Kysely<S> | Transaction<S>;

/** What pg-boss needs from a connection (its `db` option). */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface DatabaseOf<S> {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<S>;
  /** pg-boss's own connection: an adapter on PGlite, a connection string on PostgreSQL. */
  readonly boss: { db: BossDb } | { connectionString: string };
  /**
   * LISTEN on `channel`: `onPayload` gets each NOTIFY's payload, from any process on
   * this database, once the notifying transaction commits. On PostgreSQL a connection
   * of its own that reconnects by itself; on PGlite the one connection.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<Listener>;
  close(): Promise<void>;
}

export interface Listener {
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL server URL; unset → PGlite. */
  url?: string | undefined;
  /** PGlite data directory; unset → in memory (tests). */
  dataDir?: string | undefined;
  /** PGlite: start from this data directory (a `snapshotPGlite` tarball) instead of an empty one. */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
}

// int8 (bigint) columns hold money in fen and counts; fen fit in a double up to 90 trillion yuan.
const INT8_OID = 20;
const parseInt8 = (value: string) => Number(value);

export async function openDatabase<S>(options: DatabaseOptions): Promise<DatabaseOf<S>> {
  if (options.url) return openPostgres<S>(options.url, options.poolSize ?? 10);
  return openPGlite<S>(options.dataDir, options.loadDataDir);
}

async function openPostgres<S>(url: string, poolSize: number): Promise<DatabaseOf<S>> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (a restart, a failover, an administrator) emits
  // 'error' on the pool; unhandled, that would end the process. The pool replaces it.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost while idle: ${error.message}`, { code: 'AGORA_PG_IDLE' });
  });
  const db = new Kysely<S>({ dialect: new PostgresDialect({ pool }) });
  await db.executeQuery(CompiledQuery.raw('select 1'));
  return {
    kind: 'postgres',
    db,
    boss: { connectionString: url },
    listen: (channel, onPayload) => listenOnPostgres(url, channel, onPayload),
    close: () => db.destroy(),
  };
}

/** LISTEN on its own connection to `url` (which pg-listen re-opens when it drops). */
export async function listenOnPostgres(url: string, channel: string, onPayload: (payload: string) => void): Promise<Listener> {
  // Payloads stay text (the caller parses them); a lost connection is retried for ever, backing off to 10 s.
  // pg-listen is CommonJS: its function is the default export's `default`.
  const subscriber = pgListen.default(
    { connectionString: url },
    { parse: (text) => text, serialize: (text) => String(text), retryInterval: (attempt) => Math.min(500 * 2 ** attempt, 10_000), retryTimeout: Number.POSITIVE_INFINITY },
  );
  subscriber.notifications.on(channel, (payload: string) => onPayload(payload));
  subscriber.events.on('error', (error) => {
    process.emitWarning(`PostgreSQL LISTEN connection failed: ${error.message}`, { code: 'AGORA_PG_LISTEN' });
  });
  await subscriber.connect();
  await subscriber.listenTo(channel);
  return { close: () => subscriber.close() };
}

async function newPGlite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<PGlite> {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // One options object: PGlite ignores the second argument when the first is not a
  // string, which an in-memory database's undefined directory is not. pg_trgm serves
  // search's typo tolerance (migration 0007), as the server's contrib package does.
  const pglite = new PGlite({ dataDir, parsers: { [INT8_OID]: parseInt8 }, extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
  await pglite.waitReady;
  return pglite;
}

/**
 * An in-memory PGlite after `prepare` (the tests' migrations), as a tarball `loadDataDir`
 * starts from: loading skips initdb and the migrations, most of a test database's cost.
 */
export async function snapshotPGlite<S>(prepare: (db: Kysely<S>) => Promise<void>): Promise<Blob> {
  const pglite = await newPGlite(undefined, undefined);
  const mutex = new Mutex();
  const db = new Kysely<S>({ dialect: new PGliteDialect(pglite, mutex) });
  try {
    await prepare(db);
    await db.destroy();
    return await mutex.run(() => pglite.dumpDataDir('none'));
  } finally {
    await pglite.close();
  }
}

async function openPGlite<S>(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<DatabaseOf<S>> {
  const pglite = await newPGlite(dataDir, loadDataDir);
  const mutex = new Mutex();
  const db = new Kysely<S>({ dialect: new PGliteDialect(pglite, mutex) });
  const bossDb: BossDb = {
    // pg-boss sends its schema as one multi-statement script without parameters;
    // PGlite's extended protocol takes one statement, so those go through exec and
    // the rows of every statement are returned together.
    executeSql: (text, values) =>
      mutex.run(async () => {
        if (values && values.length > 0) {
          const result = await pglite.query(text, values);
          return { rows: result.rows };
        }
        const results = await pglite.exec(text);
        return { rows: results.flatMap((r) => r.rows) };
      }),
  };
  return {
    kind: 'pglite',
    db,
    boss: { db: bossDb },
    // Through the mutex, so LISTEN never lands inside someone's open transaction.
    async listen(channel, onPayload) {
      const unlisten = await mutex.run(() => pglite.listen(channel, onPayload));
      return { close: () => mutex.run(() => unlisten()) };
    },
    close: async () => {
      await db.destroy();
      await mutex.run(() => pglite.close());
    },
  };
}

/** pg-boss adapter over a Kysely executor, so a job can be enqueued inside a transaction. */
export function bossDbFor<S>(executor: ExecutorOf<S>): BossDb {
  return {
    executeSql: async (text, values) => {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
