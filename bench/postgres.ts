/** Throwaway PostgreSQL databases for one run, on the server the tests use, and a client to that server. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const BENCH_POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh empty database, or the reason there is none (server unreachable). */
export async function createBenchDatabase(): Promise<BenchDatabase | { unreachable: string }> {
  const name = `agora_bench_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  try {
    await withClient((client) => client.query(`create database ${name}`));
  } catch (error) {
    return { unreachable: `PostgreSQL at ${BENCH_POSTGRES_URL}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withClient((client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

export async function postgresVersion(): Promise<string | undefined> {
  try {
    return await withClient(async (client) => (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v);
  } catch {
    return undefined;
  }
}
