import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface IdempotencyKeysTable {
  /** Who sent it: `user:<id>`, or `anonymous` (keys are random UUIDs) for unauthenticated calls. */
  scope: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  /** `running` until the first response is stored, then `done`. */
  state: 'running' | 'done';
  status_code: number | null;
  /** The first response's body, sealed (it may hold personal data). */
  response_body: string | null;
  content_type: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** A `running` key of no `owner` older than this is treated as abandoned (the process died). */
  locked_until: Timestamp;
  /** The server process that claimed it (`idempotency_owners.id`); null for claims before migration 0027. */
  owner: string | null;
}

/** One row per live server process (lease.ts). */
export interface IdempotencyOwnersTable {
  id: string;
  /** Renewed every second by the database's clock; stale or gone → the process is dead. */
  heartbeat_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IdempotencyTables {
  idempotency_keys: IdempotencyKeysTable;
  idempotency_owners: IdempotencyOwnersTable;
}
