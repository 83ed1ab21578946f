import { sql, type Kysely } from 'kysely';

/**
 * Claims tied to the process that holds them (src/modules/idempotency/lease.ts).
 *
 * A claim of an Idempotency-Key used to be held for 60 s (`locked_until`) whatever became
 * of its process, so after a SIGKILL every retry got 409 for up to a minute. Now each
 * server process keeps a row here, renewed every second (`heartbeat_at`, the database's
 * own clock, so processes on different hosts agree), and each claim names its `owner`:
 * a claim whose owner's row is stale or gone belongs to a dead process and is taken over
 * at once. Plain rows and single statements: this works through a transaction-pooling
 * pgbouncer, where session-level advisory locks would not.
 *
 * `owner` is null for claims made before this migration: those keep their `locked_until`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idempotency_owners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('idempotency_keys').addColumn('owner', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Agora migrations only go forward');
}
